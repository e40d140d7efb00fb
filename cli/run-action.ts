import { CliError } from './cli-error.js';
import type { ExitCode } from '../core/exit-code.js';

/**
 * Wraps a command body: its result becomes the exit code; a CliError becomes one line on stderr
 * and exit 2; anything else is an internal error, still one line unless COVMAP_DEBUG is set.
 */
export async function runAction(body: () => Promise<ExitCode>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`covmap: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`covmap: internal error: ${message}\n`);
    if (process.env.COVMAP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  }
}
