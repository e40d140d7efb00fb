/** Main thread -> parser worker: files laid end to end in one buffer. */
export interface ParseRequest {
  readonly batch: number;
  readonly bytes: Uint8Array;
  /** offsets[i]..offsets[i+1] is file i; length = files + 1. */
  readonly offsets: readonly number[];
}

/**
 * Parser worker -> main thread: each ParsedRuleFile as JSON text. Strings cross threads as one
 * copy, where a structured clone walks every small object; and the cache stores this text as is.
 */
export interface ParseResponse {
  readonly batch: number;
  readonly results: readonly string[];
}
