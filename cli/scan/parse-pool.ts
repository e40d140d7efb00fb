import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeFinding } from '../../core/findings/make-finding.js';
import { failedRuleFile } from '../../core/sigma/failed-rule-file.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { PACKAGE_ROOT } from '../io/project-paths.js';
import type { ParseRequest, ParseResponse } from './parse-messages.js';

/** A worker's heap cap: far above any rule file's needs, far below what would hurt the machine. */
const WORKER_HEAP_MB = 256;
/**
 * Young generation per worker: parsing makes many short-lived objects, and V8's default (16 MiB
 * semi-spaces) costs each thread ~10 MiB more resident memory for no measurable speed-up.
 */
const WORKER_YOUNG_MB = 8;

/** One file's parse result, as the worker sent it (JSON) and decoded. */
export interface PoolResult {
  readonly parsed: ParsedRuleFile;
  readonly json: string;
}

/** Files laid end to end: file i is bytes[offsets[i]..offsets[i+1]]. */
export interface FileBatch {
  readonly bytes: Uint8Array;
  readonly offsets: readonly number[];
}

interface Batch extends FileBatch {
  readonly id: number;
  readonly resolve: (results: PoolResult[]) => void;
  /** A batch that already crashed a worker once is retried file by file. */
  readonly retry: boolean;
}

interface Slot {
  worker: Worker;
  busy: Batch | undefined;
}

/**
 * A small pool of parser threads. Batches go to the first idle worker; a worker that dies (out of
 * memory on a pathological file, say) is replaced, its batch is retried one file at a time, and a
 * file that kills a worker on its own becomes an errored file (SCAN_PARSER_CRASHED), so one bad
 * file never aborts the scan.
 */
export class ParsePool {
  readonly #size: number;
  readonly #script: string;
  readonly #slots: Slot[] = [];
  readonly #queue: Batch[] = [];
  #nextId = 0;
  #closed = false;

  /** `script` replaces the parser worker (tests use one that crashes on purpose). */
  constructor(size: number, options: { readonly script?: string } = {}) {
    this.#size = Math.max(1, size);
    this.#script = options.script ?? workerPath();
  }

  /** Starts the workers now (they take a few tens of milliseconds to boot). */
  warmUp(): void {
    while (this.#slots.length < this.#size) this.#slots.push(this.#spawn());
  }

  parse(files: FileBatch): Promise<PoolResult[]> {
    if (this.#closed) throw new Error('ParsePool is closed');
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, bytes: files.bytes, offsets: files.offsets, resolve, retry: false });
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
    this.#slots.length = 0;
  }

  #pump(): void {
    this.warmUp();
    for (const slot of this.#slots) {
      if (slot.busy) continue;
      const batch = this.#queue.shift();
      if (!batch) return;
      slot.busy = batch;
      // Copied, not transferred: if the worker dies, the batch is still here to retry.
      const end = batch.offsets[batch.offsets.length - 1]!;
      const request: ParseRequest = { batch: batch.id, bytes: batch.bytes.subarray(0, end), offsets: batch.offsets };
      // A busy worker keeps the process alive until it answers; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(request);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(this.#script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    const slot: Slot = { worker, busy: undefined };
    // Idle workers must not keep the process alive.
    worker.unref();
    worker.on('message', (response: ParseResponse) => {
      const batch = slot.busy;
      if (!batch || batch.id !== response.batch) return;
      slot.busy = undefined;
      worker.unref();
      batch.resolve(response.results.map((json) => ({ parsed: JSON.parse(json) as ParsedRuleFile, json })));
      this.#pump();
    });
    const fail = (reason: string) => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return; // already replaced
      this.#slots.splice(index, 1);
      const batch = slot.busy;
      slot.busy = undefined;
      void worker.terminate();
      if (batch) this.#recover(batch, reason);
      if (!this.#closed) this.#pump();
    };
    worker.on('error', (error) => fail(error.message.split('\n')[0]!));
    worker.on('exit', (code) => {
      if (!this.#closed) fail(`worker exited with code ${code}`);
    });
    return slot;
  }

  #recover(batch: Batch, reason: string): void {
    const count = batch.offsets.length - 1;
    if (batch.retry || count === 1) {
      if (count === 1 && !batch.retry) {
        // A single file is retried once in a fresh worker before it is given up on.
        this.#queue.unshift({ ...batch, retry: true });
        return;
      }
      batch.resolve(Array.from({ length: count }, () => crashed(reason)));
      return;
    }
    // Retry each file alone so that only the culprit is marked as crashed.
    const results: PoolResult[] = new Array(count);
    let pending = count;
    for (let i = 0; i < count; i++) {
      const bytes = batch.bytes.slice(batch.offsets[i], batch.offsets[i + 1]);
      this.#queue.unshift({
        id: this.#nextId++,
        bytes,
        offsets: [0, bytes.length],
        retry: true,
        resolve: ([result]) => {
          results[i] = result!;
          if (--pending === 0) batch.resolve(results);
        },
      });
    }
  }
}

function crashed(reason: string): PoolResult {
  const parsed = failedRuleFile('errored', makeFinding('SCAN_PARSER_CRASHED', { line: 1, column: 1 }, { reason }));
  return { parsed, json: JSON.stringify(parsed) };
}

/**
 * The compiled worker script. Running from TypeScript sources (vitest), there is no .js next to
 * this file, so the built one in dist/ is used (`npm test` builds first).
 */
function workerPath(): string {
  const here = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return join(PACKAGE_ROOT, 'dist', 'cli', 'scan', 'parse-worker.js');
}
