/**
 * An error the user caused (bad flag, unreadable or invalid input, unusable ATT&CK data): printed
 * as one line, exit code 2, never a stack trace.
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
