import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly tooLarge: number }
  | { readonly ok: false; readonly error: NodeJS.ErrnoException };

/**
 * Reads a file unless it is larger than `limit` bytes, which it checks on the open descriptor
 * first: a stray multi-gigabyte file in a rule folder is never loaded into memory.
 */
export function readRuleFile(path: string, limit: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, error: error as NodeJS.ErrnoException };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limit) return { ok: false, tooLarge: size };
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, bytes, offset, size - offset, offset);
      if (n === 0) break; // truncated while reading: take what is there
      offset += n;
    }
    return { ok: true, bytes: offset === size ? bytes : bytes.subarray(0, offset) };
  } catch (error) {
    return { ok: false, error: error as NodeJS.ErrnoException };
  } finally {
    closeSync(fd);
  }
}
