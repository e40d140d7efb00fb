/**
 * Main thread -> parser worker: files laid end to end in one buffer (on shared memory). Every
 * batch is offered to every worker at once; `claim` (one Int32 on shared memory) says who parses
 * it: a worker takes it only if it can swap 0 for its threadId, so the main thread and the
 * workers share the work without asking each other (see ParsePool).
 */
export interface ParseRequest {
  readonly batch: number;
  readonly bytes: Uint8Array;
  /** offsets[i]..offsets[i+1] is file i; length = files + 1. */
  readonly offsets: readonly number[];
  /** 0 while unclaimed, then the threadId of the worker that parses it (-1: the main thread). */
  readonly claim: Int32Array;
}

/**
 * Parser worker -> main thread, only for a batch it claimed: each ParsedRuleFile as JSON text.
 * Strings cross threads as one copy, where a structured clone walks every small object; and the
 * cache stores this text as is.
 */
export interface ParseResponse {
  readonly batch: number;
  readonly results: readonly string[];
}
