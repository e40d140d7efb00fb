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

describe('hostile ATT&CK input never crashes a command or drives the terminal', () => {
  /** ESC, BEL and the C1 CSI: none may reach stdout or stderr raw. */
  const RAW_CONTROL = /[\u0007\u001b\u009b]/;

  it('a bundle with objects of the wrong shape imports, leaving those objects out and saying so', async () => {
    const bundle = fixtureBundle();
    const techniques = bundle.objects.filter((o) => o.type === 'attack-pattern' && o.revoked !== true);
    const victim = techniques[0]!;
    victim.kill_chain_phases = 5;
    victim.x_mitre_platforms = 'Windows';
    const relationship = bundle.objects.find((o) => o.type === 'relationship')!;
    relationship.source_ref = 7;
    const f = inputFile('enterprise-attack-99.1.json', JSON.stringify(bundle));
    const cache = tempDir();
    const r = await runCovmap(['attack', 'import', f], { COVMAP_CACHE_DIR: cache });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note ATTACK_OBJECTS_REJECTED 1 attack-pattern /);
    // The stored catalog loads again in every command.
    const info = await runCovmap(['attack', 'info', '--attack', '99.1', '--json'], { COVMAP_CACHE_DIR: cache });
    expect(info.code).toBe(0);
    const json = JSON.parse(info.stdout) as { counts: { techniques: number }; validation: { leftOut: number } };
    expect(json.validation.leftOut).toBe(2);
    const ids = (JSON.parse(readFileSync(join(cache, 'attack', 'enterprise-attack-99.1.json'), 'utf8')) as { techniques: { id: string }[] }).techniques.map((t) => t.id);
    const victimId = (victim.external_references as { external_id: string }[])[0]!.external_id;
    expect(ids).not.toContain(victimId);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('a bundle with an ATT&CK collection but no tactics or techniques is not ATT&CK data', async () => {
    const bundle = fixtureBundle();
    bundle.objects = bundle.objects.filter((o) => o.type === 'x-mitre-collection');
    const f = inputFile('collection-only.json', JSON.stringify(bundle));
    await expectRejected(['attack', 'import', f], f, 'ATTACK_BUNDLE_NOT_ATTACK');
  });

  it('a damaged catalog file given to another command is one line and exit 2, not an internal error', async () => {
    const catalog = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json'), 'utf8')) as { tactics: unknown[] };
    catalog.tactics.unshift(null);
    const f = inputFile('ics-attack-18.1.json', JSON.stringify(catalog));
    await expectRejected(['scan', resolve(PROJECT_ROOT, 'rules'), '--attack', f], f, 'ATTACK_CATALOG_INVALID');
  });

  it('terminal escapes in a file are shown escaped in the error line', async () => {
    const f = inputFile('escapes.json', 'x\u001b[2J\u001b]0;pwned\u0007');
    const r = await runCovmap(['attack', 'import', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ATTACK_BUNDLE_NOT_JSON');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('terminal escapes in technique names are shown escaped by attack diff and attack info', async () => {
    const catalog = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json'), 'utf8')) as {
      techniques: { name: string }[];
      modified: string;
    };
    catalog.techniques[0]!.name = 'Renamed \u001b[31mred\u001b[0m \u009b2J';
    catalog.modified = '\u001b[2J2025-01-01';
    const f = inputFile('ics-attack-18.1.json', JSON.stringify(catalog));
    const diff = await runCovmap(['attack', 'diff', '18.1', f, '--domain', 'ics']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('Renamed \\x1b[31mred');
    expect(diff.stdout).not.toMatch(RAW_CONTROL);
    const info = await runCovmap(['attack', 'info', '--attack', f]);
    expect(info.code).toBe(0);
    expect(info.stdout).not.toMatch(RAW_CONTROL);
  });

  it('a release written the wrong way (18, 18.1.0) is named as such, with what is available', async () => {
    for (const version of ['18', '18.1.0']) {
      const r = await runCovmap(['attack', 'info', '--attack', version]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^covmap: --attack ${version.replace('.', '\\.')}: error ATTACK_VERSION_FORMAT .*18\\.1`));
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('attack diff names the argument, not a flag the user did not give', async () => {
    const r = await runCovmap(['attack', 'diff', '16.1', '18.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^covmap: 16\.1: error ATTACK_VERSION_UNKNOWN /);
  });
});
