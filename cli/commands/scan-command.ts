import { Option, type Command } from 'commander';
import { parseDomainOption } from '../attack/parse-domain-option.js';
import { runAction } from '../run-action.js';
import { SIGMA_LEVELS, SIGMA_STATUSES } from '../../core/sigma/sigma-vocabulary.js';
import type { ScanCommandOptions } from '../scan/scan-command-options.js';

// Flags only: the scanner, js-yaml and the catalog load when the command runs.
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('Map Sigma rules to MITRE ATT&CK: coverage per technique, with a diagnostic for every file that is skipped or broken.')
    .argument('<paths...>', 'rule files, directories (searched recursively for .yml and .yaml) or glob patterns')
    .option('--layer <file>', 'also write an ATT&CK Navigator layer (format 4.5) to this file')
    .addOption(new Option('--score <function>', 'layer score: number of rules, highest level, or sum of level weights').choices(['count', 'max', 'level']).default('count'))
    .addOption(new Option('--min-status <status>', 'count only rules at least this mature').choices(SIGMA_STATUSES))
    .addOption(new Option('--min-level <level>', 'count only rules at least this severe').choices(SIGMA_LEVELS))
    .option('--no-subtechniques', 'count sub-techniques under their parent technique')
    .addOption(new Option('--tactics <mode>', "count a technique under every tactic ATT&CK gives it, or only under the rule's own tactic tags").choices(['all', 'tagged']).default('all'))
    .addOption(new Option('--format <format>', 'report on standard output').choices(['text', 'json']).default('text'))
    .option('--attack <version|file>', 'ATT&CK release (cached or embedded) or a STIX bundle / catalog file (default: embedded enterprise-attack 18.1)')
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack (default enterprise-attack); a file given to --attack must hold this domain', parseDomainOption)
    .option('--no-cache', 'parse every file again instead of reusing results for unchanged files')
    .option('--jobs <n>', 'threads that parse rules, the main thread included (default: 1 below 4 cores, else 2; 0 or 1: main thread only)')
    .action(async (paths: string[], options: ScanCommandOptions) =>
      runAction(async () => (await import('../scan/run-scan.js')).runScan(paths, options)),
    );
}
