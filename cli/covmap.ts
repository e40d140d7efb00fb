#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAttackCommand } from './commands/attack-command.js';
import { registerScanCommand } from './commands/scan-command.js';
import { registerGapsCommand } from './commands/gaps-command.js';
import { registerCheckCommand } from './commands/check-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { COVMAP_VERSION } from './covmap-version.js';
import { writeErrorReason } from './io/write-error-reason.js';
import { limitInlining } from './limit-inlining.js';

// First, before any code gets hot (see limit-inlining.ts).
limitInlining();

// Thin entry: commander parses, each command module registers its flags and lazily imports its
// implementation, so `covmap attack info` never pays for the YAML parser or the data model.
// `covmap scan --format json | head` closes the pipe early: that is the reader's choice, not an
// error, so stop quietly instead of printing an EPIPE stack trace.
// Any other failure to write (a full disk, `> /dev/full`) is one line and exit 2, like an output
// file that cannot be written, not a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`covmap: cannot write to standard output: ${writeErrorReason(error)}\n`);
    process.exit(2);
  });
}

const program = new Command();
program
  .name('covmap')
  .description('Map detection rules to MITRE ATT&CK and show where you are blind.')
  .version(COVMAP_VERSION)
  // One line of error plus a hint, not the whole help: errors must stay readable in CI logs.
  .showHelpAfterError('(run with --help for usage)')
  // Program options (-V/--version) only before the subcommand, so `attack update --version 18.1`
  // reaches the subcommand instead of printing covmap's version.
  .enablePositionalOptions()
  .exitOverride();

// An empty argument is an unset shell variable, not a choice: `scan ''` would scan the working
// directory, `--layer ''` write no layer, `--attack ''` take the default release. Refuse them all.
program.hook('preAction', (_program, action) => {
  for (const [key, value] of Object.entries(action.opts())) {
    if (value === '' || (Array.isArray(value) && value.some((v) => v === ''))) {
      const option = action.options.find((o) => o.attributeName() === key);
      action.error(`error: ${option?.long ?? key} is empty`, { exitCode: 2, code: 'covmap.emptyArgument' });
    }
  }
  if (action.args.some((arg) => arg.trim() === '')) action.error('error: an argument is empty', { exitCode: 2, code: 'covmap.emptyArgument' });
});

registerAttackCommand(program);
registerScanCommand(program);
registerGapsCommand(program);
registerCheckCommand(program);
registerReportCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other parse problem is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    throw error;
  }
}
