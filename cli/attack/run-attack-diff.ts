import type { AttackDomain } from '../../core/attack/catalog.js';
import { diffCatalogs } from '../../core/attack/diff-catalogs.js';
import { renderCatalogDiffText } from '../../core/attack/render-catalog-diff.js';
import type { ExitCode } from '../../core/exit-code.js';
import { attackCliError } from './attack-cli-error.js';
import { isVersionSpec, resolveCatalog } from './load-catalog.js';

export interface AttackDiffOptions {
  readonly domain?: AttackDomain | undefined;
  readonly json?: boolean | undefined;
}

/** `covmap attack diff <from> <to>`: each side a release (cache/embedded) or a bundle/catalog file. */
export async function runAttackDiff(from: string, to: string, options: AttackDiffOptions): Promise<ExitCode> {
  const a = await resolveCatalog({ attack: from, domain: options.domain, label: from });
  // A version on the right follows the left side's domain when --domain is not given
  // (`attack diff mobile-17.1.json 18.1`).
  const b = await resolveCatalog({ attack: to, domain: options.domain ?? (isVersionSpec(to.trim()) ? a.catalog.domain : undefined), label: to });
  if (a.catalog.domain !== b.catalog.domain) {
    throw attackCliError('ATTACK_DIFF_DOMAIN_MISMATCH', b.path, {
      from: `${a.catalog.domain} ${a.catalog.version}`,
      to: `${b.catalog.domain} ${b.catalog.version}`,
    });
  }
  const diff = diffCatalogs(a.catalog, b.catalog);
  process.stdout.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : renderCatalogDiffText(diff));
  return 0;
}
