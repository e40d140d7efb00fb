import type { AttackDomain } from '../../core/attack/catalog.js';
import { catalogCounts } from '../../core/attack/catalog-counts.js';
import type { ExitCode } from '../../core/exit-code.js';
import { cacheDir } from '../io/project-paths.js';
import { attackCacheDir, listCatalogs, resolveCatalog } from './load-catalog.js';
import { countRejected } from '../../core/attack/rejected-objects.js';
import { describeRejected } from './summarize-catalog.js';
import { printableText } from '../../core/render/printable-text.js';

export interface AttackInfoOptions {
  readonly domain?: AttackDomain | undefined;
  readonly attack?: string | undefined;
  readonly json?: boolean | undefined;
}

/** `covmap attack info`: the catalog a command would use, its counts, and what else is available. */
export async function runAttackInfo(options: AttackInfoOptions): Promise<ExitCode> {
  const root = cacheDir();
  const resolved = await resolveCatalog({ attack: options.attack, domain: options.domain, cacheRoot: root });
  const { catalog } = resolved;
  const counts = catalogCounts(catalog);
  const { failed, leftOut } = countRejected(catalog.validation.rejected);
  const available = (await listCatalogs(root)).map(({ domain, version, source }) => ({ domain, version, source }));
  if (options.json) {
    const info = {
      domain: catalog.domain,
      version: catalog.version,
      modified: catalog.modified,
      specVersion: catalog.specVersion,
      source: resolved.source,
      path: resolved.path,
      counts,
      validation: { objects: catalog.validation.objects, accepted: catalog.validation.accepted, failed, leftOut, rejected: catalog.validation.rejected },
      cacheDir: attackCacheDir(root),
      available,
    };
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `ATT&CK ${catalog.domain} ${catalog.version} (spec ${catalog.specVersion || '?'}, modified ${catalog.modified.slice(0, 10) || '?'})`,
    `  from      ${resolved.source}: ${resolved.path}`,
    `  tactics   ${counts.tactics}`,
    `  techniques ${counts.techniques} + ${counts.subtechniques} sub-techniques active; ${counts.revoked} revoked, ${counts.deprecated} deprecated`,
    `  threats   ${counts.groups} groups, ${counts.campaigns} campaigns, ${counts.software} software`,
    `  defenses  ${counts.mitigations} mitigations, ${counts.detectionStrategies} detection strategies, ${counts.analytics} analytics, ` +
      `${counts.dataComponents} data components, ${counts.dataSources} data sources${counts.assets ? `, ${counts.assets} assets` : ''}`,
    `  validation ${describeRejected(catalog)}`,
    `Available (--attack <version> --domain <domain>):`,
    ...available.map((a) => `  ${a.domain} ${a.version} (${a.source})`),
    `Cache: ${attackCacheDir(root)}`,
  ];
  // Paths and the catalog's own fields may come from a file of unknown origin.
  process.stdout.write(`${lines.map(printableText).join('\n')}\n`);
  return 0;
}
