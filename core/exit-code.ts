/**
 * The exit status of every command comes from this one pure function, so CI users can rely on it:
 * 0 ok, 1 findings or gaps that fail the run, 2 usage or configuration error.
 */
export type ExitCode = 0 | 1 | 2;

export interface RunOutcome {
  /** The command could not run as asked: bad flags, unreadable config, unusable ATT&CK data. */
  readonly usageError: boolean;
  /** Number of findings (or failed thresholds, regressions) that the fail policy counts. */
  readonly failing: number;
}

export function exitCodeFor(outcome: RunOutcome): ExitCode {
  if (outcome.usageError) return 2;
  return outcome.failing > 0 ? 1 : 0;
}
