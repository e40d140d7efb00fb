import { Option, type Command } from 'commander';
import { parseDomainOption } from '../attack/parse-domain-option.js';
import { runAction } from '../run-action.js';
import { SIGMA_LEVELS, SIGMA_STATUSES } from '../../core/sigma/sigma-vocabulary.js';
import type { GapsCommandOptions } from '../gaps/gaps-command-options.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

// Flags only: the analysis, the YAML readers, ajv and the catalog load when the command runs.
export function registerGapsCommand(program: Command): void {
  program
    .command('gaps')
    .description('Compare in-house rules with what MDR providers declare: gaps by technique, tactic, platform, hour of the week and threat group.')
    .argument('[rules...]', 'in-house Sigma rule files, directories or globs (default: `rules` of .covmap.yml)')
    .option('--scope <file|dir>', 'provider scope: covmap scope YAML, ATT&CK Navigator layer (3.0-4.5), CTID Mappings Explorer file, DeTT&CT technique administration file, or a directory of the provider\'s Sigma rules (repeatable)', collect, [])
    .option('--inhouse <file>', 'more in-house coverage: a DeTT&CT technique administration file or a Navigator layer (repeatable)', collect, [])
    .option('--profile <actor>', 'threat profile: ATT&CK group, campaign or software ID, name or alias, e.g. G0016, APT29, "Scattered Spider" (repeatable)', collect, [])
    .option('--platform <name>', 'limit the universe to techniques on these ATT&CK platforms (repeatable or comma-separated)', collect, [])
    .option('--soc-hours <schedule>', 'when the in-house SOC watches: 24x7 or e.g. "Mon-Fri 08:00-18:00 Europe/Amsterdam" (default: 24x7, with a note)')
    .option('--inhouse-platform <name>', 'ATT&CK platforms we collect telemetry from; rules for other platforms do not count (repeatable or comma-separated)', collect, [])
    .option('--inhouse-logsource <spec>', 'a Sigma logsource we collect, e.g. product=windows,category=process_creation; with it, only rules on collected logsources count (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'format on standard output (and of --output files without a known extension)').choices(['text', 'json', 'md', 'csv']).default('text'))
    .option('--output <file>', 'write the report to this file, format from the extension (.json .md .csv .txt), and print a summary instead (repeatable)', collect, [])
    .option('--layers <dir>', 'write ATT&CK Navigator 4.5 layers: one per source and comparison.json with a colour-blind-safe legend')
    .option('--top <n>', 'how many ranked gaps text and Markdown list', '20')
    .addOption(new Option('--min-status <status>', 'count only in-house rules at least this mature').choices(SIGMA_STATUSES))
    .addOption(new Option('--min-level <level>', 'count only in-house rules at least this severe').choices(SIGMA_LEVELS))
    .option('--attack <version|file>', 'ATT&CK release (cached or embedded) or a STIX bundle / catalog file (default: embedded enterprise-attack 18.1)')
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack (default: `domain` of the config, else enterprise-attack)', parseDomainOption)
    .option('--config <file>', 'configuration file (default: .covmap.yml in this directory or a parent, up to the repository root)')
    .option('--no-cache', 'parse every rule file again instead of reusing results for unchanged files')
    .option('--jobs <n>', 'threads that parse rules, the main thread included (default: 1 below 4 cores, else 2; 0 or 1: main thread only)')
    .action(async (rules: string[], options: GapsCommandOptions) =>
      runAction(async () => (await import('../gaps/run-gaps.js')).runGaps(rules, options)),
    );
}
