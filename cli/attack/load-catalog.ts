import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { AttackDomain, Catalog } from '../../core/attack/catalog.js';
import { ATTACK_DOMAINS } from '../../core/attack/catalog.js';
import { checkCatalog, looksLikeCatalog } from '../../core/attack/check-catalog.js';
import { identifyBundle } from '../../core/attack/identify-bundle.js';
import { compareStrings } from '../../core/compare-strings.js';
import { cacheDir, EMBEDDED_ATTACK_DIR } from '../io/project-paths.js';
import { attackCliError, toAttackCliError } from './attack-cli-error.js';
import { bundleCatalogCachePath, readCachedBundleCatalog, writeCachedBundleCatalog } from './bundle-catalog-cache.js';
import { parseAttackBytes, readAttackFile } from './read-attack-json.js';

/** The embedded default every command uses without --attack. */
export const DEFAULT_ATTACK_DOMAIN: AttackDomain = 'enterprise-attack';
export const DEFAULT_ATTACK_VERSION = '18.1';

export type CatalogSource = 'embedded' | 'cache' | 'file';

export interface ResolvedCatalog {
  readonly catalog: Catalog;
  readonly source: CatalogSource;
  /** The file it came from. */
  readonly path: string;
}

export interface LoadCatalogOptions {
  /** A release ("17.1", "v17.1") looked up in the per-user cache then the embedded catalogs, or a path to a STIX bundle or catalog file. */
  readonly attack?: string | undefined;
  /** Domain of a version lookup (default enterprise-attack); for a file, the domain it must hold. */
  readonly domain?: AttackDomain | undefined;
  /** Cache root (default `cacheDir()`), for tests and `attack` commands that take the environment explicitly. */
  readonly cacheRoot?: string | undefined;
  /** How the user gave `attack`, for error lines (default `--attack <value>`; `attack diff` passes the bare argument). */
  readonly label?: string | undefined;
}

/** The catalog every command that needs ATT&CK works on (`--attack <version|file>`, `--domain`). */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<Catalog> {
  return (await resolveCatalog(options)).catalog;
}

export async function resolveCatalog(options: LoadCatalogOptions = {}): Promise<ResolvedCatalog> {
  const attack = options.attack?.trim();
  const cacheRoot = options.cacheRoot ?? cacheDir();
  const domain = options.domain ?? DEFAULT_ATTACK_DOMAIN;
  if (attack === undefined || attack === '' || isVersionSpec(attack)) {
    const version = attack ? normalizeVersion(attack) : DEFAULT_ATTACK_VERSION;
    return resolveVersion(domain, version, cacheRoot, options.label ?? `--attack ${version}`);
  }
  // "18" or "18.1.0" is a release written the wrong way, not a file name (unless such a file exists).
  if (/^v?\d+(\.\d+)*$/.test(attack) && !existsSync(attack)) {
    const available = (await listCatalogs(cacheRoot)).filter((c) => c.domain === domain).map((c) => c.version);
    throw attackCliError('ATTACK_VERSION_FORMAT', options.label ?? `--attack ${attack}`, { version: attack, domain, available: [...new Set(available)] });
  }
  return { catalog: await readCatalogFile(attack, options.domain, { bundleCache: cacheRoot }), source: 'file', path: attack };
}

/** "18.1" or "v18.1"; anything else is a path (a file named 18.1 can be given as ./18.1). */
export function isVersionSpec(value: string): boolean {
  return /^v?\d+\.\d+$/.test(value);
}

export function normalizeVersion(value: string): string {
  return value.replace(/^v/, '');
}

export function catalogFileName(domain: AttackDomain, version: string): string {
  return `${domain}-${version}.json`;
}

export function attackCacheDir(cacheRoot: string = cacheDir()): string {
  return join(cacheRoot, 'attack');
}

export function cachedCatalogPath(domain: AttackDomain, version: string, cacheRoot: string = cacheDir()): string {
  return join(attackCacheDir(cacheRoot), catalogFileName(domain, version));
}

export function embeddedCatalogPath(domain: AttackDomain, version: string): string {
  return join(EMBEDDED_ATTACK_DIR, catalogFileName(domain, version));
}

async function resolveVersion(domain: AttackDomain, version: string, cacheRoot: string, label: string): Promise<ResolvedCatalog> {
  // The cache first: a user who re-imported a release wants their copy, not the shipped one.
  for (const [source, path] of [
    ['cache', cachedCatalogPath(domain, version, cacheRoot)],
    ['embedded', embeddedCatalogPath(domain, version)],
  ] as const) {
    if (!existsSync(path)) continue;
    const catalog = await readCatalogFile(path, domain);
    if (catalog.version !== version) throw attackCliError('ATTACK_VERSION_MISMATCH', path, { actual: catalog.version, expected: version });
    return { catalog, source, path };
  }
  const available = (await listCatalogs(cacheRoot)).filter((c) => c.domain === domain).map((c) => c.version);
  throw attackCliError('ATTACK_VERSION_UNKNOWN', label, { version, domain, available: [...new Set(available)] });
}

export interface ReadCatalogFileOptions {
  /**
   * Cache root for catalogs built from bundles (see bundle-catalog-cache.ts): `--attack
   * <bundle.json>` builds a bundle once, later runs load the result. Without it every call
   * builds, as `attack build` and `attack import` want (they make the stored catalogs).
   */
  readonly bundleCache?: string | undefined;
}

/**
 * A covmap catalog file (checked, no data model) or a STIX bundle (identified cheaply first, then
 * built through the data model, imported only now, or loaded from the bundle cache).
 */
export async function readCatalogFile(path: string, domain?: AttackDomain, options: ReadCatalogFileOptions = {}): Promise<Catalog> {
  const bytes = await readAttackFile(path);
  // Hashing costs a fraction of parsing the bundle, which a cache hit skips altogether.
  const cachePath = options.bundleCache === undefined ? undefined : bundleCatalogCachePath(options.bundleCache, bytes);
  const cached = cachePath === undefined ? undefined : await readCachedBundleCatalog(cachePath);
  // A cached entry is a catalog, so it takes the catalog path below (domain check included).
  const value = cached ?? parseAttackBytes(bytes, path);
  try {
    if (looksLikeCatalog(value)) {
      const catalog = checkCatalog(value);
      if (domain && catalog.domain !== domain) throw attackCliError('ATTACK_DOMAIN_MISMATCH', path, { actual: catalog.domain, expected: domain });
      return catalog;
    }
    identifyBundle(value, domain);
    const { buildCatalog } = await import('../../core/attack/build-catalog.js');
    const catalog = buildCatalog(value, domain ? { domain } : {});
    if (cachePath !== undefined) await writeCachedBundleCatalog(cachePath, catalog);
    return catalog;
  } catch (error) {
    throw toAttackCliError(error, path);
  }
}

export interface CatalogListing {
  readonly domain: AttackDomain;
  readonly version: string;
  readonly source: 'embedded' | 'cache';
  readonly path: string;
}

/** Embedded and cached catalogs, by file name (not opened), sorted by domain, version, source. */
export async function listCatalogs(cacheRoot: string = cacheDir()): Promise<CatalogListing[]> {
  const out: CatalogListing[] = [];
  for (const [source, dir] of [['embedded', EMBEDDED_ATTACK_DIR], ['cache', attackCacheDir(cacheRoot)]] as const) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue; // no cache yet
    }
    for (const name of names) {
      const match = /^([a-z]+-attack)-(\d+\.\d+)\.json$/.exec(name);
      if (!match || !(ATTACK_DOMAINS as readonly string[]).includes(match[1]!)) continue;
      out.push({ domain: match[1] as AttackDomain, version: match[2]!, source, path: join(dir, name) });
    }
  }
  return out.sort(
    (a, b) => compareStrings(a.domain, b.domain) || compareVersions(a.version, b.version) || compareStrings(a.source, b.source),
  );
}

/** "9.0" < "17.1" < "18.1". */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}
