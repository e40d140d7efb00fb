import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';
import { removeTempDirs, runCovmap, tempDir } from './covmap-process.js';

afterAll(removeTempDirs);

const FIXTURE = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');
const fixtureText = readFileSync(FIXTURE, 'utf8');
const fixtureBundle = () => JSON.parse(fixtureText) as { type: string; objects: Record<string, unknown>[] };

/** Writes one scenario's input file into a fresh directory and returns its path. */
function inputFile(name: string, content: string): string {
  const path = join(tempDir('covmap-bad-input-'), name);
  writeFileSync(path, content);
  return path;
}

/** Exit 2, exactly one line on stderr naming `file` and `code`, no stack, nothing in the cache. */
async function expectRejected(args: string[], file: string, code: string): Promise<void> {
  const cache = tempDir();
  const r = await runCovmap(args, { COVMAP_CACHE_DIR: cache });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2); // one line + the final newline
  expect(lines[0]).toContain(`${file}: error ${code} `);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(cache, 'attack')) ? readdirSync(join(cache, 'attack')) : []).toEqual([]);
}

describe('attack import refuses bad input with one line naming the file', () => {
  it('an empty file', async () => {
    const f = inputFile('empty.json', '');
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_EMPTY');
  });

  it('a truncated bundle (an interrupted download)', async () => {
    const f = inputFile('truncated.json', fixtureText.slice(0, Math.floor(fixtureText.length / 2)));
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_TRUNCATED');
  });

  it('a file that is not JSON', async () => {
    const f = inputFile('rules.yml', 'title: Suspicious PowerShell\ntags:\n  - attack.t1059.001\n');
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_NOT_JSON');
  });

  it('JSON that is not a STIX bundle', async () => {
    const f = inputFile('layer.json', JSON.stringify({ name: 'layer', versions: { layer: '4.5' }, techniques: [] }));
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_NOT_STIX');
  });

  it('a STIX bundle that is not ATT&CK', async () => {
    const bundle = { type: 'bundle', id: 'bundle--1', objects: [{ type: 'indicator', id: 'indicator--1', spec_version: '2.1', pattern: "[file:name = 'x']" }] };
    const f = inputFile('indicators.json', JSON.stringify(bundle));
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_NOT_ATTACK');
  });

  it('a bundle of another domain than --domain asks for', async () => {
    await expectRejected(['attack', 'import', FIXTURE, '--domain', 'mobile-attack'], FIXTURE, 'ATTACK_DOMAIN_MISMATCH');
  });

  it('a bundle whose release cannot be told', async () => {
    const bundle = fixtureBundle();
    const collection = bundle.objects.find((o) => o.type === 'x-mitre-collection')!;
    delete collection.x_mitre_version;
    const f = inputFile('no-version.json', JSON.stringify(bundle));
    await expectRejected(['attack', 'import', f], f, 'ATTACK_VERSION_MISSING');
  });

  it('a missing file and a directory', async () => {
    const missing = join(tempDir(), 'nope.json');
    await expectRejected(['attack', 'import', missing], missing, 'ATTACK_FILE_UNREADABLE');
    const dir = tempDir();
    await expectRejected(['attack', 'import', dir], dir, 'ATTACK_FILE_UNREADABLE');
  });

  it('a catalog of another format, and a broken catalog', async () => {
    const other = inputFile('enterprise-attack-18.1.json', JSON.stringify({ format: 2, domain: 'enterprise-attack', version: '18.1' }));
    await expectRejected(['attack', 'info', '--attack', other], other, 'ATTACK_CATALOG_FORMAT');
    const broken = inputFile('broken.json', JSON.stringify({ format: 1, domain: 'enterprise-attack', version: '18.1', tactics: [] }));
    await expectRejected(['attack', 'info', '--attack', broken], broken, 'ATTACK_CATALOG_INVALID');
  });
});

describe('versions and the cache', () => {
  it('an unknown version names the flag and what is available', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'info', '--attack', '16.1'], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^covmap: --attack 16\.1: error ATTACK_VERSION_UNKNOWN .*available: 18\.1.*covmap attack update --domain enterprise-attack --version 16\.1/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('an unwritable cache fails without a partial entry', async () => {
    // A plain file where the cache directory should be: unwritable even for root.
    const blocker = inputFile('cache', 'not a directory');
    const r = await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: blocker });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^covmap: .*cache\/attack\/enterprise-attack-99\.1\.json: error ATTACK_CACHE_UNWRITABLE /);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(readFileSync(blocker, 'utf8')).toBe('not a directory');
  });

  it('an unwritable cache directory leaves the previous catalog intact', async () => {
    const cache = tempDir();
    expect((await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: cache })).code).toBe(0);
    const stored = join(cache, 'attack', 'enterprise-attack-99.1.json');
    const before = readFileSync(stored, 'utf8');
    // The catalog's name taken by a directory: the atomic rename fails, the temp file is removed.
    const blockedCache = tempDir();
    mkdirSync(join(blockedCache, 'attack', 'enterprise-attack-99.1.json'), { recursive: true });
    const r = await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: blockedCache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ATTACK_CACHE_UNWRITABLE/);
    expect(readdirSync(join(blockedCache, 'attack'))).toEqual(['enterprise-attack-99.1.json']);
    expect(readFileSync(stored, 'utf8')).toBe(before);
  });

  it('a cached catalog with the wrong domain inside is reported, not used', async () => {
    const cache = tempDir();
    mkdirSync(join(cache, 'attack'));
    const ics = readFileSync(resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json'), 'utf8');
    const misplaced = join(cache, 'attack', 'enterprise-attack-18.1.json');
    writeFileSync(misplaced, ics);
    const r = await runCovmap(['attack', 'info'], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${misplaced}: error ATTACK_DOMAIN_MISMATCH`);
  });
});
