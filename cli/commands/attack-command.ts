import type { Command } from 'commander';
import type { AttackDomain } from '../../core/attack/catalog.js';
import { runAction } from '../run-action.js';
import { parseDomainOption } from '../attack/parse-domain-option.js';

// Flags only; every implementation is imported when its subcommand runs, so `covmap attack info`
// never loads the data model (only `import`, `update`, `build` and `diff` of bundles do).
export function registerAttackCommand(program: Command): void {
  const attack = program
    .command('attack')
    .description('The MITRE ATT&CK knowledge base: embedded catalogs, imports, updates and release diffs.');

  attack
    .command('info')
    .description('Show the ATT&CK catalog in use (default: embedded enterprise-attack 18.1) and the ones available.')
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack', parseDomainOption)
    .option('--attack <version|file>', 'ATT&CK release (cached or embedded) or a STIX bundle / catalog file')
    .option('--json', 'machine-readable output')
    .action(async (options: { domain?: AttackDomain; attack?: string; json?: boolean }) =>
      runAction(async () => (await import('../attack/run-attack-info.js')).runAttackInfo(options)),
    );

  attack
    .command('import')
    .description('Validate an ATT&CK STIX 2.1 bundle, build its catalog and store it in the per-user cache.')
    .argument('<bundle>', 'STIX 2.1 bundle, e.g. enterprise-attack-17.1.json from MITRE attack-stix-data')
    .option('--domain <domain>', 'fail unless the bundle holds this domain', parseDomainOption)
    .option('--json', 'machine-readable output')
    .action(async (bundle: string, options: { domain?: AttackDomain; json?: boolean }) =>
      runAction(async () => (await import('../attack/run-attack-import.js')).runAttackImport(bundle, options)),
    );

  attack
    .command('update')
    .description("Download an ATT&CK release from MITRE's attack-stix-data repository and import it.")
    .option('--domain <domain>', 'enterprise-attack, mobile-attack or ics-attack', parseDomainOption, 'enterprise-attack')
    .option('--version <version>', 'ATT&CK release, e.g. 18.1 (default: the latest MITRE publishes)')
    .option('--base-url <url>', 'where releases are served (default $COVMAP_ATTACK_BASE_URL or MITRE attack-stix-data on GitHub)')
    .option('--no-progress', 'no progress bar even on a terminal')
    .option('--json', 'machine-readable output')
    .action(async (options: { domain: AttackDomain; version?: string; baseUrl?: string; progress: boolean; json?: boolean }) =>
      runAction(async () => (await import('../attack/run-attack-update.js')).runAttackUpdate(options)),
    );

  attack
    .command('diff')
    .description('What changed between two ATT&CK releases: techniques added, revoked, deprecated, renamed, moved between tactics.')
    .argument('<from>', 'older release (version or bundle/catalog file)')
    .argument('<to>', 'newer release (version or bundle/catalog file)')
    .option('--domain <domain>', 'domain for version arguments (default enterprise-attack)', parseDomainOption)
    .option('--json', 'machine-readable output')
    .action(async (from: string, to: string, options: { domain?: AttackDomain; json?: boolean }) =>
      runAction(async () => (await import('../attack/run-attack-diff.js')).runAttackDiff(from, to, options)),
    );

  attack
    .command('build')
    .description('Build catalog files from STIX bundles into a directory (how data/attack/ is generated: npm run catalogs).')
    .argument('<bundles...>', 'STIX 2.1 bundles')
    .option('--output <dir>', 'directory for <domain>-<version>.json', '.')
    .action(async (bundles: string[], options: { output: string }) =>
      runAction(async () => (await import('../attack/run-attack-build.js')).runAttackBuild(bundles, options)),
    );
}
