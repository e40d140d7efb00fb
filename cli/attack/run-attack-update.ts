import type { AttackDomain } from '../../core/attack/catalog.js';
import { parseAttackJson } from '../../core/attack/parse-attack-json.js';
import { identifyBundle } from '../../core/attack/identify-bundle.js';
import { attackReleaseUrl, DEFAULT_ATTACK_BASE_URL } from '../../core/attack/release-url.js';
import type { ExitCode } from '../../core/exit-code.js';
import { cacheDir } from '../io/project-paths.js';
import { attackCliError, toAttackCliError } from './attack-cli-error.js';
import { downloadText } from './download-text.js';
import { attackCacheDir, isVersionSpec, normalizeVersion } from './load-catalog.js';
import { printImported } from './run-attack-import.js';
import { storeCatalog } from './store-catalog.js';
import { CliError } from '../cli-error.js';

export interface AttackUpdateOptions {
  readonly domain: AttackDomain;
  readonly version?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly progress?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `covmap attack update`: download a release from MITRE's attack-stix-data layout (base URL from
 * --base-url, $COVMAP_ATTACK_BASE_URL or GitHub), then import it exactly like `attack import`.
 * The download is held in memory and checked before anything touches the cache.
 */
export async function runAttackUpdate(options: AttackUpdateOptions): Promise<ExitCode> {
  if (options.version !== undefined && !isVersionSpec(options.version)) {
    throw new CliError(`--version ${options.version}: expected an ATT&CK release such as 18.1`);
  }
  const version = options.version === undefined ? undefined : normalizeVersion(options.version);
  const base = options.baseUrl ?? process.env.COVMAP_ATTACK_BASE_URL ?? DEFAULT_ATTACK_BASE_URL;
  if (!/^https?:\/\//i.test(base)) throw new CliError(`--base-url ${base}: expected an http:// or https:// URL`);
  const url = attackReleaseUrl(base, options.domain, version);

  const text = await downloadText(url, { progress: options.progress !== false && process.stderr.isTTY === true });
  let catalog;
  try {
    const bundle = parseAttackJson(text);
    const identity = identifyBundle(bundle, options.domain);
    if (version && identity.version !== version) throw attackCliError('ATTACK_VERSION_MISMATCH', url, { actual: identity.version, expected: version });
    const { buildCatalog } = await import('../../core/attack/build-catalog.js');
    catalog = buildCatalog(bundle, { domain: options.domain });
  } catch (error) {
    throw toAttackCliError(error, url);
  }
  const path = await storeCatalog(catalog, attackCacheDir(cacheDir()));
  printImported(catalog, path, url, options.json === true);
  return 0;
}
