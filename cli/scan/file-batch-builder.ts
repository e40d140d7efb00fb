import type { FileBatch } from './parse-pool.js';

/**
 * Lays files end to end in one growing buffer, so that a batch (for a parser thread, or for this
 * thread to parse after reading ahead) is a single allocation and a single copy (thousands of
 * small per-file buffers cost more in GC than reading).
 * A batch taken out is an exact-size copy on shared memory: every parser thread can read it
 * without another copy.
 */
export class FileBatchBuilder<T> {
  #bytes = new Uint8Array(64 * 1024);
  #offsets = [0];
  #items: T[] = [];

  get count(): number {
    return this.#items.length;
  }

  add(bytes: Uint8Array, item: T): void {
    const end = this.#offsets[this.#offsets.length - 1]!;
    if (end + bytes.length > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, end + bytes.length));
      grown.set(this.#bytes.subarray(0, end));
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, end);
    this.#offsets.push(end + bytes.length);
    this.#items.push(item);
  }

  /** The batch so far and the items added with it; the builder starts afresh. */
  take(): { readonly batch: FileBatch; readonly items: readonly T[] } {
    const end = this.#offsets[this.#offsets.length - 1]!;
    const bytes = new Uint8Array(new SharedArrayBuffer(end));
    bytes.set(this.#bytes.subarray(0, end));
    const taken = { batch: { bytes, offsets: this.#offsets }, items: this.#items };
    this.#offsets = [0];
    this.#items = [];
    return taken;
  }
}
