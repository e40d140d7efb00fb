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

interface Batch {
  readonly id: number;
  readonly files: readonly Uint8Array[];
  readonly resolve: (results: ParsedRuleFile[]) => void;
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
  readonly #slots: Slot[] = [];
  readonly #queue: Batch[] = [];
  #nextId = 0;
  #closed = false;

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Starts the workers now (they take a few tens of milliseconds to boot). */
  warmUp(): void {
    while (this.#slots.length < this.#size) this.#slots.push(this.#spawn());
  }

  parse(files: readonly Uint8Array[]): Promise<ParsedRuleFile[]> {
    if (this.#closed) throw new Error('ParsePool is closed');
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, files, resolve, retry: false });
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
      let total = 0;
      for (const f of batch.files) total += f.length;
      const buffer = new Uint8Array(total);
      const offsets = [0];
      for (const f of batch.files) {
        buffer.set(f, offsets[offsets.length - 1]!);
        offsets.push(offsets[offsets.length - 1]! + f.length);
      }
      const request: ParseRequest = { batch: batch.id, buffer: buffer.buffer, offsets };
      // A busy worker keeps the process alive until it answers; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(request, [buffer.buffer]);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(workerPath(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const slot: Slot = { worker, busy: undefined };
    // Idle workers must not keep the process alive.
    worker.unref();
    worker.on('message', (response: ParseResponse) => {
      const batch = slot.busy;
      if (!batch || batch.id !== response.batch) return;
      slot.busy = undefined;
      worker.unref();
      batch.resolve([...response.results]);
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
    if (batch.retry || batch.files.length === 1) {
      if (batch.files.length === 1 && !batch.retry) {
        // A single file is retried once in a fresh worker before it is given up on.
        this.#queue.unshift({ ...batch, retry: true });
        return;
      }
      batch.resolve(batch.files.map(() => crashed(reason)));
      return;
    }
    // Retry each file alone so that only the culprit is marked as crashed.
    const results: ParsedRuleFile[] = new Array(batch.files.length);
    let pending = batch.files.length;
    batch.files.forEach((file, i) => {
      this.#queue.unshift({
        id: this.#nextId++,
        files: [file],
        retry: true,
        resolve: ([result]) => {
          results[i] = result!;
          if (--pending === 0) batch.resolve(results);
        },
      });
    });
  }
}

function crashed(reason: string): ParsedRuleFile {
  return failedRuleFile('errored', makeFinding('SCAN_PARSER_CRASHED', { line: 1, column: 1 }, { reason }));
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
