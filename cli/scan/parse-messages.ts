import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';

/** Main thread -> parser worker: files laid end to end in one transferred buffer. */
export interface ParseRequest {
  readonly batch: number;
  readonly buffer: ArrayBuffer;
  /** offsets[i]..offsets[i+1] is file i; length = files + 1. */
  readonly offsets: readonly number[];
}

/** Parser worker -> main thread. */
export interface ParseResponse {
  readonly batch: number;
  readonly results: readonly ParsedRuleFile[];
}
