import type { FileBatch } from './parse-pool.js';

/**
 * Lays files end to end in one growing buffer, so that a batch for a parser thread is a single
 * allocation and a single copy (thousands of small per-file buffers cost more in GC than reading).
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
    const taken = { batch: { bytes: this.#bytes, offsets: this.#offsets }, items: this.#items };
    this.#bytes = new Uint8Array(this.#bytes.length);
    this.#offsets = [0];
    this.#items = [];
    return taken;
  }
}
