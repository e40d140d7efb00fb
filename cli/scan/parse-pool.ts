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
/** The claim value of a batch the caller (the main thread) took back. Worker threadIds are >= 1. */
const CALLER = -1;

/** One file's parse result, decoded; with the JSON text a worker sent it as (the cache reuses it). */
export interface PoolResult {
  readonly parsed: ParsedRuleFile;
  readonly json?: string;
}

/** Files already read, laid end to end: file i is bytes[offsets[i]..offsets[i+1]]. */
export interface FileBatch {
  readonly bytes: Uint8Array;
  readonly offsets: readonly number[];
}

/** A batch the caller took back to parse on its own thread; it must call `resolve`. */
export interface TakenBatch {
  readonly files: FileBatch;
  readonly resolve: (results: PoolResult[]) => void;
}

interface Offer {
  readonly id: number;
  /** Its bytes are on a SharedArrayBuffer: offered to every worker without a copy each. */
  readonly files: FileBatch;
  /** 0 until claimed, then the claimer's threadId (CALLER for the main thread). */
  readonly claim: Int32Array;
  readonly resolve: (results: PoolResult[]) => void;
  /** Retried after crashing a worker: only workers may parse it, never the caller's thread. */
  readonly retry: boolean;
}

interface Slot {
  readonly worker: Worker;
  readonly threadId: number;
}

/**
 * A small pool of parser threads that the caller's own thread can join. Each batch is offered to
 * every worker at once, and whoever claims it first (an atomic swap on shared memory) parses it:
 * workers take the oldest batches, the caller (`takeBack`) the newest, so all threads stay busy
 * to the end without a round trip to the main thread between batches.
 *
 * A worker that dies (out of memory on a pathological file, say) is replaced, the batch it had
 * claimed is retried one file at a time, and a file that kills a worker on its own becomes an
 * errored file (SCAN_PARSER_CRASHED), so one bad file never aborts the scan.
 */
export class ParsePool {
  readonly #size: number;
  readonly #script: string;
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, Offer>();
  /** Offers the caller may still take back, oldest first. */
  readonly #takeable: Offer[] = [];
  #nextId = 0;
  #closed = false;
  #busy = false;

  /** `script` replaces the parser worker (tests use one that crashes on purpose). */
  constructor(size: number, options: { readonly script?: string } = {}) {
    this.#size = Math.max(1, size);
    this.#script = options.script ?? workerPath();
  }

  /** Starts the workers now (they take a few tens of milliseconds to boot). */
  warmUp(): void {
    while (this.#slots.length < this.#size) this.#slots.push(this.#spawn());
  }

  /** Offers a batch to the workers; the promise settles with one result per file, in order. */
  parse(files: FileBatch): Promise<PoolResult[]> {
    if (this.#closed) throw new Error('ParsePool is closed');
    const shared = { bytes: sharedCopy(files), offsets: files.offsets };
    return new Promise((resolve) => this.#offer(shared, resolve, false));
  }

  /**
   * Claims the newest batch no worker has claimed yet, for the caller to parse on its own thread
   * (and then `resolve`); undefined when there is none left.
   */
  takeBack(): TakenBatch | undefined {
    for (let offer = this.#takeable.pop(); offer; offer = this.#takeable.pop()) {
      if (Atomics.compareExchange(offer.claim, 0, 0, CALLER) !== 0) continue; // a worker has it
      const taken = offer;
      return { files: taken.files, resolve: (results) => this.#settle(taken, results) };
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
    this.#slots.length = 0;
  }

  #offer(files: FileBatch, resolve: (results: PoolResult[]) => void, retry: boolean): void {
    const offer: Offer = { id: this.#nextId++, files, claim: new Int32Array(new SharedArrayBuffer(4)), resolve, retry };
    this.#pending.set(offer.id, offer);
    if (!retry) this.#takeable.push(offer);
    this.warmUp();
    for (const slot of this.#slots) this.#post(slot, offer);
    this.#updateRef();
  }

  #post(slot: Slot, offer: Offer): void {
    const request: ParseRequest = { batch: offer.id, bytes: offer.files.bytes, offsets: offer.files.offsets, claim: offer.claim };
    slot.worker.postMessage(request);
  }

  #settle(offer: Offer, results: PoolResult[]): void {
    if (this.#pending.get(offer.id) !== offer) return;
    this.#pending.delete(offer.id);
    offer.resolve(results);
    this.#updateRef();
  }

  /** Workers keep the process alive while a batch is pending, and only then. */
  #updateRef(): void {
    const busy = this.#pending.size > 0;
    if (busy === this.#busy) return;
    this.#busy = busy;
    for (const slot of this.#slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  #spawn(): Slot {
    const worker = new Worker(this.#script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    const slot: Slot = { worker, threadId: worker.threadId };
    if (!this.#busy) worker.unref();
    worker.on('message', (response: ParseResponse) => {
      const offer = this.#pending.get(response.batch);
      if (!offer) return;
      this.#settle(offer, response.results.map((json) => ({ parsed: JSON.parse(json) as ParsedRuleFile, json })));
    });
    worker.on('error', (error) => this.#fail(slot, error.message.split('\n')[0]!));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(slot, `worker exited with code ${code}`);
    });
    return slot;
  }

  #fail(slot: Slot, reason: string): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return; // already replaced
    this.#slots.splice(index, 1);
    void slot.worker.terminate();
    if (this.#closed) return;
    const lost = [...this.#pending.values()].filter((offer) => Atomics.load(offer.claim, 0) === slot.threadId);
    if (this.#pending.size > lost.length) {
      // The replacement gets what the dead worker had queued and nobody has claimed yet.
      const before = this.#slots.length;
      this.warmUp();
      for (const fresh of this.#slots.slice(before)) {
        for (const offer of this.#pending.values()) if (Atomics.load(offer.claim, 0) === 0) this.#post(fresh, offer);
      }
    }
    for (const offer of lost) this.#recover(offer, reason);
    this.#updateRef();
  }

  #recover(offer: Offer, reason: string): void {
    this.#pending.delete(offer.id);
    const files = single(offer.files);
    if (offer.retry || files.length === 1) {
      if (files.length === 1 && !offer.retry) {
        // A single file is retried once in a fresh worker before it is given up on.
        this.#offer(offer.files, offer.resolve, true);
        return;
      }
      offer.resolve(files.map(() => crashed(reason)));
      return;
    }
    // Retry each file alone so that only the culprit is marked as crashed.
    const results: PoolResult[] = new Array(files.length);
    let left = files.length;
    files.forEach((file, i) => {
      this.#offer(file, ([result]) => {
        results[i] = result!;
        if (--left === 0) offer.resolve(results);
      }, true);
    });
  }
}

/** A batch as one-file batches, in order. */
function single(files: FileBatch): FileBatch[] {
  const out: FileBatch[] = [];
  for (let i = 0; i < files.offsets.length - 1; i++) {
    const file = files.bytes.subarray(files.offsets[i], files.offsets[i + 1]);
    out.push({ bytes: sharedCopy({ bytes: file, offsets: [0, file.length] }), offsets: [0, file.length] });
  }
  return out;
}

/** The batch's bytes on shared memory (an exact-size copy unless they already are). */
function sharedCopy(files: FileBatch): Uint8Array {
  const end = files.offsets[files.offsets.length - 1]!;
  if (files.bytes.buffer instanceof SharedArrayBuffer && files.bytes.byteOffset === 0 && files.bytes.length === end) return files.bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(end));
  shared.set(files.bytes.subarray(0, end));
  return shared;
}

function crashed(reason: string): PoolResult {
  const parsed = failedRuleFile('errored', makeFinding('SCAN_PARSER_CRASHED', { line: 1, column: 1 }, { reason }));
  return { parsed, json: JSON.stringify(parsed) };
}

/**
 * The compiled worker script. Running from TypeScript sources (vitest) or from the bundled command
 * (dist/bin/), there is no parse-worker.js next to this module, so tsc's one in dist/ is used
 * (`npm test` builds first). Without it the workers could not start, and the calling thread would
 * quietly parse everything alone: that is a broken build, said as such.
 */
function workerPath(): string {
  const here = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = join(PACKAGE_ROOT, 'dist', 'cli', 'scan', 'parse-worker.js');
  if (!existsSync(built)) throw new Error(`the parser worker script is missing (${built}): run npm run build`);
  return built;
}
