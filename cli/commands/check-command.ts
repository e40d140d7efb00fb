import { Option, type Command } from 'commander';
import type { AttackDomain } from '../../core/attack/catalog.js';
import { parseDomainOption } from '../attack/parse-domain-option.js';
import { runAction } from '../run-action.js';

export interface CheckCommandOptions {
  readonly config?: string;
  /** A file, or false for --no-baseline (ignore the config's baseline). */
  readonly baseline?: string | false;
  readonly failOn?: 'error' | 'warning' | 'never';
  readonly format: 'text' | 'json' | 'sarif' | 'github' | 'md';
  readonly output?: string;
  readonly attack?: string;
  readonly domain?: AttackDomain;
  /** False with --no-cache: parse every rule file again. */
  readonly cache?: boolean;
}

export interface BaselineWriteOptions {
  readonly config?: string;
  readonly output?: string;
  readonly attack?: string;
  readonly domain?: AttackDomain;
  readonly cache?: boolean;
}

// Flags only; the implementation (YAML, ajv, the scanner) is imported when the command runs.
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('CI gate for a detection repository: broken or stale ATT&CK mappings, coverage thresholds, regressions against a baseline.')
    .argument('[paths...]', 'rule files, directories or globs (default: `rules` of .covmap.yml, else the repository root)')
    .option('--config <file>', 'configuration file (default: .covmap.yml in the current directory or the nearest parent up to the repository root)')
    .option('--baseline <file>', 'compare with this baseline (default: `baseline` of the config)')
    .option('--no-baseline', 'ignore the baseline named in the config')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the check (default: fail_on of the config, else error)').choices(['error', 'warning', 'never']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'md']).default('text'))
    .option('--output <file>', 'write the report to this file instead of standard output')
    .option('--attack <version|file>', 'ATT&CK release (cached or embedded) or a STIX bundle / catalog file (default: `attack` of the config, else 18.1)')
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack (default: `domain` of the config)', parseDomainOption)
    .option('--no-cache', 'parse every rule file again instead of reusing results for unchanged files')
    .action(async (paths: string[], options: CheckCommandOptions) =>
      runAction(async () => (await import('../check/run-check.js')).runCheck(paths, options)),
    );

  const baseline = program.command('baseline').description('Baselines of ATT&CK coverage for `covmap check --baseline`.');
  baseline
    .command('write')
    .description('Write the current coverage (technique -> rules) as a deterministic, diff-friendly baseline file.')
    .argument('[paths...]', 'rule files, directories or globs (default: `rules` of .covmap.yml, else the repository root)')
    .option('--config <file>', 'configuration file (default: .covmap.yml, searched as by `covmap check`)')
    .option('--output <file>', 'baseline file to write (default: `baseline` of the config, else .covmap-baseline.json next to it)')
    .option('--attack <version|file>', 'ATT&CK release or STIX bundle / catalog file (default: `attack` of the config, else 18.1)')
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack', parseDomainOption)
    .option('--no-cache', 'parse every rule file again instead of reusing results for unchanged files')
    .action(async (paths: string[], options: BaselineWriteOptions) =>
      runAction(async () => (await import('../check/run-baseline-write.js')).runBaselineWrite(paths, options)),
    );
}
