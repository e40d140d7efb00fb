import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../core/attack/build-catalog.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { describeShared, PROJECT_ROOT, sharedPath } from '../helpers/shared-dir.js';
import { removeTempDirs, runCovmap, tempDir } from './covmap-process.js';

afterAll(removeTempDirs);

const FIXTURE = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');

describe('covmap attack info', () => {
  it('--json reports the embedded enterprise 18.1 counts', async () => {
    const r = await runCovmap(['attack', 'info', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({
      domain: 'enterprise-attack',
      version: '18.1',
      counts: { tactics: 14, techniques: 216, subtechniques: 475, revoked: 132, deprecated: 12, groups: 172 },
      source: 'embedded',
    });
    expect(info.path).toBe(resolve(PROJECT_ROOT, 'data/attack/enterprise-attack-18.1.json'));
    expect(info.available).toEqual([
      { domain: 'enterprise-attack', version: '18.1', source: 'embedded' },
      { domain: 'ics-attack', version: '18.1', source: 'embedded' },
      { domain: 'mobile-attack', version: '18.1', source: 'embedded' },
    ]);
  });

  it('prints a text summary', async () => {
    const r = await runCovmap(['attack', 'info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ATT&CK enterprise-attack 18.1');
    expect(r.stdout).toContain('216 + 475 sub-techniques active; 132 revoked, 12 deprecated');
  });

  it('--domain picks the embedded mobile and ICS catalogs (long or short names)', async () => {
    const ics = JSON.parse((await runCovmap(['attack', 'info', '--domain', 'ics', '--json'])).stdout);
    expect(ics).toMatchObject({ domain: 'ics-attack', version: '18.1', counts: { tactics: 12, techniques: 83, subtechniques: 0 } });
    const mobile = JSON.parse((await runCovmap(['attack', 'info', '--domain', 'mobile-attack', '--json'])).stdout);
    expect(mobile).toMatchObject({ domain: 'mobile-attack', version: '18.1', counts: { tactics: 12 } });
  });

  it('rejects an unknown --domain as a usage error', async () => {
    const r = await runCovmap(['attack', 'info', '--domain', 'pre-attack']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--domain');
  });

  it('--attack <bundle> builds from a STIX bundle on the fly', async () => {
    const r = await runCovmap(['attack', 'info', '--attack', FIXTURE, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ domain: 'enterprise-attack', version: '99.1', source: 'file', counts: { techniques: 1, subtechniques: 1, revoked: 3, deprecated: 1 } });
  });
});

describe('covmap attack import', () => {
  it('stores the catalog in the cache, where --attack <version> finds it', async () => {
    const cache = tempDir();
    const imported = await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: cache });
    expect(imported.code).toBe(0);
    const stored = join(cache, 'attack', 'enterprise-attack-99.1.json');
    expect(readFileSync(stored, 'utf8')).toBe(serializeCatalog(buildCatalog(JSON.parse(readFileSync(FIXTURE, 'utf8')))));
    expect(readdirSync(join(cache, 'attack'))).toEqual(['enterprise-attack-99.1.json']); // no temp files left
    // Schema failures are reported by type and reason, with the bundle's name.
    expect(imported.stdout).toMatch(/enterprise-attack-99\.1\.json: note ATTACK_OBJECTS_REJECTED 6 attack-pattern/);

    const info = await runCovmap(['attack', 'info', '--attack', '99.1', '--json'], { COVMAP_CACHE_DIR: cache });
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ version: '99.1', source: 'cache', path: stored });
    expect(JSON.parse(info.stdout).available).toContainEqual({ domain: 'enterprise-attack', version: '99.1', source: 'cache' });
    // `v99.1` is the same release.
    expect((await runCovmap(['attack', 'info', '--attack', 'v99.1'], { COVMAP_CACHE_DIR: cache })).code).toBe(0);
  });

  it('without $COVMAP_CACHE_DIR the cache follows XDG: $XDG_CACHE_HOME/covmap, else ~/.cache/covmap', async () => {
    const xdg = tempDir();
    const viaXdg = await runCovmap(['attack', 'import', FIXTURE], { COVMAP_CACHE_DIR: '', XDG_CACHE_HOME: xdg });
    expect(viaXdg.code).toBe(0);
    expect(readdirSync(join(xdg, 'covmap', 'attack'))).toEqual(['enterprise-attack-99.1.json']);
    const home = tempDir();
    const viaHome = await runCovmap(['attack', 'info', '--json'], { COVMAP_CACHE_DIR: '', XDG_CACHE_HOME: '', HOME: home });
    expect(JSON.parse(viaHome.stdout).cacheDir).toBe(join(home, '.cache', 'covmap', 'attack'));
  });

  it('--json describes what was imported', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'import', FIXTURE, '--domain', 'enterprise', '--json'], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ domain: 'enterprise-attack', version: '99.1', path: join(cache, 'attack', 'enterprise-attack-99.1.json') });
    expect(out.validation.objects).toBe(31);
  });
});

describe('covmap attack build', () => {
  it('writes <domain>-<version>.json, byte-identical on every run', async () => {
    const out = tempDir();
    expect((await runCovmap(['attack', 'build', FIXTURE, '--output', out])).code).toBe(0);
    const first = readFileSync(join(out, 'enterprise-attack-99.1.json'), 'utf8');
    expect((await runCovmap(['attack', 'build', FIXTURE, '--output', out])).code).toBe(0);
    expect(readFileSync(join(out, 'enterprise-attack-99.1.json'), 'utf8')).toBe(first);
    expect(first.startsWith('{"format":1,\n"domain":"enterprise-attack",\n"version":"99.1",')).toBe(true);
  });

  it('fails on an unwritable output directory without leaving files', async () => {
    // A plain file where the output's parent directory should be.
    const blocker = join(tempDir(), 'file');
    writeFileSync(blocker, 'not a directory');
    const r = await runCovmap(['attack', 'build', FIXTURE, '--output', join(blocker, 'sub')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ATTACK_OUTPUT_UNWRITABLE/);
    expect(existsSync(join(blocker, 'sub'))).toBe(false);
  });
});

describeShared('covmap attack diff 17.1 -> 18.1', () => {
  const cache = tempDir();
  beforeAll(async () => {
    const r = await runCovmap(['attack', 'import', sharedPath('attack/enterprise-attack-17.1.json')], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(0);
  }, 120_000);

  it('--json lists what changed, as the raw bundles show', async () => {
    const r = await runCovmap(['attack', 'diff', '17.1', '18.1', '--json'], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect([diff.domain, diff.from, diff.to]).toEqual(['enterprise-attack', '17.1', '18.1']);
    // Verified against the STIX bundles: 12 new (sub-)techniques, two renames, three platform changes,
    // no revocations, deprecations or tactic moves between these two releases.
    expect(diff.added.map((t: { id: string }) => t.id)).toEqual([
      'T1036.012', 'T1059.013', 'T1204.005', 'T1213.006', 'T1518.002', 'T1546.018', 'T1562.013', 'T1677', 'T1678', 'T1679', 'T1680', 'T1681',
    ]);
    expect(diff.added).toContainEqual({ id: 'T1677', name: 'Poisoned Pipeline Execution', tactics: ['execution'] });
    expect(diff.added).toContainEqual({ id: 'T1546.018', name: 'Python Startup Hooks', tactics: ['persistence', 'privilege-escalation'] });
    expect(diff.renamed).toEqual([
      { id: 'T1497.003', from: 'Time Based Evasion', to: 'Time Based Checks' },
      { id: 'T1552.003', from: 'Bash History', to: 'Shell History' },
    ]);
    expect(diff.platformsChanged).toEqual([
      { id: 'T1195', name: 'Supply Chain Compromise', added: ['SaaS'], removed: [] },
      { id: 'T1489', name: 'Service Stop', added: ['IaaS'], removed: [] },
      { id: 'T1552.003', name: 'Shell History', added: ['Windows'], removed: [] },
    ]);
    expect([diff.revoked, diff.deprecated, diff.movedTactics, diff.removed, diff.restored]).toEqual([[], [], [], [], []]);
    expect(diff.tactics).toEqual({ added: [], removed: [], renamed: [] });
  });

  it('prints text, and takes files as well as versions', async () => {
    const r = await runCovmap(['attack', 'diff', join(cache, 'attack', 'enterprise-attack-17.1.json'), '18.1'], { COVMAP_CACHE_DIR: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('12 added, 0 revoked, 0 deprecated, 2 renamed, 0 moved between tactics');
    expect(r.stdout).toContain('T1552.003 "Bash History" -> "Shell History"');
  });

  it('refuses to diff two domains', async () => {
    const r = await runCovmap(['attack', 'diff', '18.1', resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json')], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ics-attack-18\.1\.json: error ATTACK_DIFF_DOMAIN_MISMATCH/);
  });
});
