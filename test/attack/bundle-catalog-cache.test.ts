import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../core/attack/build-catalog.js';
import { CATALOG_FORMAT, type Catalog } from '../../core/attack/catalog.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { readCatalogFile, resolveCatalog } from '../../cli/attack/load-catalog.js';
import { CliError } from '../../cli/cli-error.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';
import { runCovmap } from './covmap-process.js';

const FIXTURE = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');
const fixtureBytes = readFileSync(FIXTURE);
const HASH = createHash('sha256').update(fixtureBytes).digest('hex');

const work = mkdtempSync(join(tmpdir(), 'covmap-bundle-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let scenarios = 0;
/** A cache root of its own per scenario, inside `work`. */
const freshCache = () => join(work, `cache-${++scenarios}`);
const entriesIn = (cacheRoot: string) => (existsSync(join(cacheRoot, 'attack-bundles')) ? readdirSync(join(cacheRoot, 'attack-bundles')) : []);
const entryPath = (cacheRoot: string) => join(cacheRoot, 'attack-bundles', entriesIn(cacheRoot)[0]!);

describe('--attack <bundle.json> caches the built catalog in the per-user cache', () => {
  let built: Catalog;
  beforeAll(() => {
    built = buildCatalog(JSON.parse(fixtureBytes.toString('utf8')));
  });

  it('the first run builds and stores one entry named by the bundle hash and the catalog format', async () => {
    const cache = freshCache();
    const first = await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    expect(first).toMatchObject({ source: 'file', path: FIXTURE });
    expect(serializeCatalog(first.catalog)).toBe(serializeCatalog(built));
    const entries = entriesIn(cache);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(new RegExp(`^${HASH}\\.format-${CATALOG_FORMAT}\\.`));
    expect(readFileSync(entryPath(cache), 'utf8')).toBe(serializeCatalog(built));
    // No temporary file of the atomic write is left behind.
    expect(readdirSync(join(cache, 'attack-bundles')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a later run loads the entry instead of building, and gets the same catalog', async () => {
    const cache = freshCache();
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    const second = await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    expect(second.catalog).toEqual(built);
    expect(serializeCatalog(second.catalog)).toBe(serializeCatalog(built));

    // Proof that the entry is what is read: a (valid) edited entry comes back as edited.
    const edited = { ...built, modified: '2001-02-03T04:05:06.000Z' };
    writeFileSync(entryPath(cache), serializeCatalog(edited));
    expect((await resolveCatalog({ attack: FIXTURE, cacheRoot: cache })).catalog.modified).toBe('2001-02-03T04:05:06.000Z');
  });

  it('other bytes are another entry, even when the JSON means the same', async () => {
    const cache = freshCache();
    const reformatted = join(work, 'reformatted-bundle.json');
    writeFileSync(reformatted, JSON.stringify(JSON.parse(fixtureBytes.toString('utf8')), null, 1));
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    const other = await resolveCatalog({ attack: reformatted, cacheRoot: cache });
    expect(serializeCatalog(other.catalog)).toBe(serializeCatalog(built));
    expect(entriesIn(cache)).toHaveLength(2);
  });

  it.each([
    ['truncated JSON', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['JSON that is not a catalog', () => '{"type":"bundle","objects":[]}'],
    ['a catalog of another format number', (text: string) => text.replace(`"format":${CATALOG_FORMAT}`, `"format":${CATALOG_FORMAT + 1}`)],
  ])('a corrupt entry (%s) is ignored and rebuilt, never fatal', async (_name, corrupt) => {
    const cache = freshCache();
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    const entry = entryPath(cache);
    writeFileSync(entry, corrupt(readFileSync(entry, 'utf8')));
    const again = await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    expect(serializeCatalog(again.catalog)).toBe(serializeCatalog(built));
    expect(readFileSync(entry, 'utf8')).toBe(serializeCatalog(built)); // the rebuild replaced it
  });

  it('an unreadable entry (a directory where the file should be) is ignored, never fatal', async () => {
    const cache = freshCache();
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    const entry = entryPath(cache);
    rmSync(entry);
    mkdirSync(join(entry, 'blocker'), { recursive: true });
    const again = await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    expect(serializeCatalog(again.catalog)).toBe(serializeCatalog(built));
  });

  it('an unwritable cache still works, just without caching', async () => {
    const notADirectory = join(work, 'cache-is-a-file');
    writeFileSync(notADirectory, 'not a directory\n');
    const first = await resolveCatalog({ attack: FIXTURE, cacheRoot: notADirectory });
    const second = await resolveCatalog({ attack: FIXTURE, cacheRoot: notADirectory });
    expect(serializeCatalog(first.catalog)).toBe(serializeCatalog(built));
    expect(serializeCatalog(second.catalog)).toBe(serializeCatalog(built));
    expect(readFileSync(notADirectory, 'utf8')).toBe('not a directory\n');
  });

  it('a cached catalog still answers --domain like the bundle does', async () => {
    const cache = freshCache();
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    expect(entriesIn(cache)).toHaveLength(1);
    const uncached = resolveCatalog({ attack: FIXTURE, domain: 'mobile-attack', cacheRoot: freshCache() });
    const cached = resolveCatalog({ attack: FIXTURE, domain: 'mobile-attack', cacheRoot: cache });
    await expect(uncached).rejects.toBeInstanceOf(CliError);
    const message = await uncached.catch((e: Error) => e.message);
    expect(message).toContain('ATTACK_DOMAIN_MISMATCH');
    await expect(cached).rejects.toThrow(message);
    expect((await resolveCatalog({ attack: FIXTURE, domain: 'enterprise-attack', cacheRoot: cache })).catalog.domain).toBe('enterprise-attack');
  });

  it('building on purpose (attack build, attack import) reads no cache and writes none', async () => {
    const cache = freshCache();
    await resolveCatalog({ attack: FIXTURE, cacheRoot: cache });
    writeFileSync(entryPath(cache), serializeCatalog({ ...built, modified: '2001-02-03T04:05:06.000Z' }));
    expect((await readCatalogFile(FIXTURE)).modified).toBe(built.modified);

    const importCache = freshCache();
    const imported = await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: importCache });
    expect(imported.code, imported.stderr).toBe(0);
    expect(entriesIn(importCache)).toEqual([]);
  });
});

describe('covmap --attack <bundle.json> with a temporary COVMAP_CACHE_DIR (built CLI)', () => {
  it('fills the cache on the first run and prints the same on the next', async () => {
    const cache = freshCache();
    const first = await runCovmap(['attack', 'info', '--attack', FIXTURE, '--json'], { COVMAP_CACHE_DIR: cache });
    expect(first.code, first.stderr).toBe(0);
    expect(entriesIn(cache)).toHaveLength(1);
    const second = await runCovmap(['attack', 'info', '--attack', FIXTURE, '--json'], { COVMAP_CACHE_DIR: cache });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout)).toMatchObject({ domain: 'enterprise-attack', version: '99.1', source: 'file' });
  });

  it('exits 0 with the same output when the cache cannot be written', async () => {
    const blocker = join(work, 'cli-cache-is-a-file');
    writeFileSync(blocker, '');
    const writable = await runCovmap(['attack', 'info', '--attack', FIXTURE], { COVMAP_CACHE_DIR: freshCache() });
    const r = await runCovmap(['attack', 'info', '--attack', FIXTURE], { COVMAP_CACHE_DIR: blocker });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // Only the cache directory line differs between the two.
    const strip = (s: string) => s.split('\n').filter((l) => !l.includes('cache')).join('\n');
    expect(strip(r.stdout)).toBe(strip(writable.stdout));
  });
});
