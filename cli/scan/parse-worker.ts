// A parser thread: receives rule files as one concatenated byte buffer with offsets, and parses
// the batch only if it wins the batch's claim (the main thread and other workers compete for the
// same batches). Answers with one ParsedRuleFile per file, as JSON text. It imports only the pure
// parser (js-yaml and core/sigma), so it starts fast.
import { parentPort, threadId } from 'node:worker_threads';
import { parseBatch } from './parse-batch.js';
import type { ParseRequest, ParseResponse } from './parse-messages.js';

if (!parentPort) throw new Error('parse-worker must run as a worker thread');
const port = parentPort;

port.on('message', (request: ParseRequest) => {
  // Someone else (the main thread, another worker) took it: nothing to do, nothing to say.
  if (Atomics.compareExchange(request.claim, 0, 0, threadId) !== 0) return;
  const response: ParseResponse = { batch: request.batch, results: parseBatch(request).map((parsed) => JSON.stringify(parsed)) };
  port.postMessage(response);
});
