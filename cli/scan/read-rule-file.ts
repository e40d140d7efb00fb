import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { makeFinding } from '../../core/findings/make-finding.js';
import { failedRuleFile, tooLargeRuleFile } from '../../core/sigma/failed-rule-file.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { fileErrorReason } from './file-error-reason.js';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly tooLarge: number }
  | { readonly ok: false; readonly error: NodeJS.ErrnoException };

// One buffer one byte larger than the limit, reused for every file: a single read tells whether
// a file is over the limit (without an fstat per file) and a huge file is never loaded.
let scratch: Uint8Array | undefined;

/**
 * Reads a file unless it is larger than `limit` bytes. The bytes are a view into a buffer reused
 * by the next call: copy them to keep them.
 */
export function readRuleFile(path: string, limit: number): ReadResult {
  if (!scratch || scratch.length !== limit + 1) scratch = new Uint8Array(limit + 1);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, error: error as NodeJS.ErrnoException };
  }
  try {
    let total = 0;
    for (;;) {
      const n = readSync(fd, scratch, total, scratch.length - total, null);
      if (n === 0) break;
      total += n;
      if (total === scratch.length) return { ok: false, tooLarge: Math.max(fstatSync(fd).size, total) };
    }
    return { ok: true, bytes: scratch.subarray(0, total) };
  } catch (error) {
    return { ok: false, error: error as NodeJS.ErrnoException };
  } finally {
    closeSync(fd);
  }
}

/** The result of a file that could not be read: errored, too large or unreadable (with why). */
export function unreadRuleFile(read: Exclude<ReadResult, { ok: true }>): ParsedRuleFile {
  if ('tooLarge' in read) return tooLargeRuleFile(read.tooLarge);
  // Discovery found it a moment ago: missing now means it went away meanwhile.
  const reason = read.error.code === 'ENOENT' ? 'file vanished during the scan' : fileErrorReason(read.error);
  return failedRuleFile('errored', makeFinding('FILE_UNREADABLE', {}, { reason }));
}
