import { setFlagsFromString } from 'node:v8';

/** The V8 flag set, and the budget: V8's default is 920 bytes of bytecode inlined per function. */
export const INLINING_FLAG = '--max-inlined-bytecode-size-cumulative';
export const INLINING_BUDGET = 200;

/**
 * The flag covmap sets for itself, or undefined when the user already chose an inlining budget on
 * node's command line (`node --max-inlined-bytecode-size-cumulative=920 covmap.js ...`): theirs
 * wins. NODE_OPTIONS cannot carry this flag (node refuses it there).
 */
export function inliningFlag(execArgv: readonly string[]): string | undefined {
  const chosen = execArgv.some((arg) => normalize(arg.split('=')[0]!) === INLINING_FLAG);
  return chosen ? undefined : `${INLINING_FLAG}=${INLINING_BUDGET}`;
}

/**
 * A covmap run is short and spends most of its time warming up: js-yaml and the mapping code are
 * hot for a few hundred milliseconds, while TurboFan compiles them on background threads that
 * share two cores with the parsing thread. A smaller inlining budget makes each compile job
 * cheaper and ready sooner. In interleaved runs a cold scan of SigmaHQ took 25-120 ms less
 * (4-14%, the more the busier the machine), a cold `gaps` about 50 ms less, and a warm scan and
 * `attack build` (4-5 s) no more (docs/scan.md).
 *
 * Set before any code is hot, so no compile job reads it half-way. Only this flag: it is read
 * when a function is optimized. Flags read elsewhere (garbage collection ones) crashed node when
 * changed at run time, as node's documentation warns.
 */
export function limitInlining(): void {
  const flag = inliningFlag(process.execArgv);
  if (flag) setFlagsFromString(flag);
}

/** V8 accepts `_` for `-` in flag names (`--max_inlined_...`). */
function normalize(arg: string): string {
  return arg.replace(/_/g, '-');
}
