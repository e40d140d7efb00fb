import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/attack/catalog.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';
import { scanPaths } from '../../cli/scan/scan-paths.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const FIXTURES = resolve(PROJECT_ROOT, 'test/fixtures');
const OPTIONS: ScanOptions = { score: 'count', subtechniques: true, tactics: 'all' };

let catalog: Catalog;
let tmp: string;
beforeAll(async () => {
  catalog = await loadCatalog({ attack: '18.1' });
  tmp = mkdtempSync(join(tmpdir(), 'covmap-scan-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scan = (paths: string[], cwd: string, extra: { jobs?: number; cache?: boolean | { dir: string }; options?: Partial<ScanOptions> } = {}) =>
  scanPaths(paths, { catalog, options: { ...OPTIONS, ...extra.options }, cwd, cache: extra.cache ?? false, jobs: extra.jobs ?? 0 });

const diag = (report: ScanReport, file: string) => report.diagnostics.filter((d) => d.file === file).map((d) => [d.code, d.line, d.column]);

describe('scanPaths on a small repository', () => {
  it('accounts for every rule file, reads .yaml, skips non-rules, ignores non-YAML', async () => {
    const report = await scan(['.'], join(FIXTURES, 'scan-mixed-repository'));
    expect(report.files).toEqual({ found: 7, parsed: 6, skipped: 1, errored: 0 });
    expect(report.fileResults.map((f) => [f.file, f.status, f.rules])).toEqual([
      ['config/pipeline.yml', 'skipped', 0],
      ['rules/correlation/many_whoami.yml', 'parsed', 1],
      ['rules/filters/filter_whoami_admin_hosts.yml', 'parsed', 1],
      ['rules/legacy/win_service_install_v1_collection.yml', 'parsed', 2],
      ['rules/linux/proc_creation_lnx_curl_download.yaml', 'parsed', 1],
      ['rules/windows/proc_creation_win_whoami.yml', 'parsed', 1],
      ['rules/windows/registry_set_win_service_revoked_tag.yml', 'parsed', 1],
    ]);
    expect(report.rules.map((r) => [r.key, r.kind, r.coverageFrom, r.techniques])).toEqual([
      ['rules/correlation/many_whoami.yml', 'correlation', 'referenced-rules', ['T1033']],
      ['rules/filters/filter_whoami_admin_hosts.yml', 'filter', 'none', []],
      ['rules/legacy/win_service_install_v1_collection.yml#2', 'detection', 'tags', ['T1543.003']],
      ['rules/legacy/win_service_install_v1_collection.yml#3', 'detection', 'tags', ['T1543.003']],
      ['rules/linux/proc_creation_lnx_curl_download.yaml', 'detection', 'tags', ['T1105']],
      ['rules/windows/proc_creation_win_whoami.yml', 'detection', 'tags', ['T1033']],
      ['rules/windows/registry_set_win_service_revoked_tag.yml', 'detection', 'tags', ['T1543.003']],
    ]);
    expect(report.techniques.find((t) => t.id === 'T1543.003')!.score).toBe(3);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['SIGMA_NOT_A_RULE', 'config/pipeline.yml', 1, 1],
      ['SIGMA_V1_COLLECTION', 'rules/legacy/win_service_install_v1_collection.yml', 1, 1],
      // Once, although both rules of the collection carry the tag.
      ['ATTACK_TACTIC_UNDERSCORE', 'rules/legacy/win_service_install_v1_collection.yml', 7, 7],
      ['ATTACK_TAG_REVOKED', 'rules/windows/registry_set_win_service_revoked_tag.yml', 14, 7],
    ]);
  });

  it('names files relative to the working directory, or absolute outside it', async () => {
    const repo = join(FIXTURES, 'scan-mixed-repository');
    const inside = await scan(['rules/windows'], repo);
    expect(inside.fileResults.map((f) => f.file)).toEqual(['rules/windows/proc_creation_win_whoami.yml', 'rules/windows/registry_set_win_service_revoked_tag.yml']);
    const outside = await scan([join(repo, 'rules/windows')], tmp);
    expect(outside.fileResults[0]!.file).toBe(`${repo}/rules/windows/proc_creation_win_whoami.yml`);
  });

  it('counts a file reached twice (overlapping arguments) once', async () => {
    const report = await scan(['rules', 'rules/windows', 'rules/windows/proc_creation_win_whoami.yml'], join(FIXTURES, 'scan-mixed-repository'));
    expect(report.files.found).toBe(6);
  });

  it('counts a file matched through a linked directory and by its real path once, and follows a linked file', async () => {
    const repo = mkdtempSync(join(tmp, 'linked-'));
    mkdirSync(join(repo, 'real'));
    writeFileSync(join(repo, 'real/a.yml'), 'title: A\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\n');
    symlinkSync(join(repo, 'real'), join(repo, 'alias'));
    symlinkSync(join(repo, 'real/a.yml'), join(repo, 'link.yml'));
    const report = await scan(['real/*.yml', 'alias/*.yml', 'link.yml', './real/a.yml'], repo);
    expect(report.files.found).toBe(1);
    expect(report.fileResults.map((f) => f.file)).toEqual(['real/a.yml']);
    // Named alone, the linked file is read (and named) as given.
    expect((await scan(['link.yml'], repo)).fileResults.map((f) => [f.file, f.status])).toEqual([['link.yml', 'parsed']]);
  });

  it('takes from a pattern what naming its matches would: files at the top, matched directories whole, paths above', async () => {
    const repo = mkdtempSync(join(tmp, 'pattern-'));
    const rule = 'title: A\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\n';
    mkdirSync(join(repo, 'rules/sub'), { recursive: true });
    mkdirSync(join(repo, 'work'));
    for (const file of ['top.yml', 'rules/b.yml', 'rules/sub/c.yaml', 'rules/notes.txt']) writeFileSync(join(repo, file), rule);
    const files = async (paths: string[], cwd = repo) => (await scan(paths, cwd)).fileResults.map((f) => f.file);
    // `*` matches top.yml (a file: read whatever its name) and rules/ (a directory: walked for rules).
    expect(await files(['*'])).toEqual(await files(['top.yml', 'rules']));
    expect(await files(['*'])).toEqual(['rules/b.yml', 'rules/sub/c.yaml', 'top.yml']);
    expect(await files(['rules/**/*.y*ml'])).toEqual(['rules/b.yml', 'rules/sub/c.yaml']);
    // From a directory beside the rules, a pattern that climbs out finds them (shown in full: they
    // are outside the working directory), as naming the directory does.
    expect(await files(['../rules/**/*.yml'], join(repo, 'work'))).toEqual([join(repo, 'rules/b.yml').split(sep).join('/')]);
    expect(await files(['../rules/**/*.yml'], join(repo, 'work'))).toEqual(await files(['../rules/b.yml'], join(repo, 'work')));
  });

  it('expands glob patterns and reports one that matches nothing', async () => {
    const report = await scan(['rules/**/*.yaml', 'nothing/**/*.yml'], join(FIXTURES, 'scan-mixed-repository'));
    expect(report.fileResults.map((f) => f.file)).toEqual(['rules/linux/proc_creation_lnx_curl_download.yaml']);
    expect(report.diagnostics.map((d) => [d.code, d.data?.pattern])).toEqual([['GLOB_NO_MATCH', 'nothing/**/*.yml']]);
  });
});

describe('scanPaths on bad input', () => {
  it('reports each bad file with a code and position and never stops', async () => {
    const report = await scan(['.'], join(FIXTURES, 'scan-bad-inputs'));
    expect(report.files).toEqual({ found: 10, parsed: 2, skipped: 3, errored: 5 });
    expect(Object.fromEntries(report.fileResults.map((f) => [f.file, `${f.status}:${f.code ?? ''}`]))).toEqual({
      'alias-bomb.yml': 'errored:YAML_ALIAS_BOMB',
      'deep-nesting.yml': 'errored:YAML_TOO_DEEP',
      'duplicate-key.yml': 'errored:YAML_DUPLICATE_KEY',
      'empty.yml': 'skipped:FILE_EMPTY',
      'latin1.yml': 'errored:FILE_NOT_UTF8',
      'list.yml': 'skipped:YAML_NOT_A_MAPPING',
      'newer-than-data.yml': 'parsed:',
      'scalar.yml': 'skipped:YAML_NOT_A_MAPPING',
      'syntax-error.yml': 'errored:YAML_SYNTAX',
      'wrong-field-types.yml': 'parsed:',
    });
    expect(diag(report, 'duplicate-key.yml')).toEqual([['YAML_DUPLICATE_KEY', 4, 5]]);
    expect(diag(report, 'syntax-error.yml')).toEqual([['YAML_SYNTAX', 6, 5]]);
    expect(diag(report, 'alias-bomb.yml')).toEqual([['YAML_ALIAS_BOMB', 2, 8]]);
    expect(diag(report, 'latin1.yml')).toEqual([['FILE_NOT_UTF8', 1, 9]]); // the first bad byte
    expect(diag(report, 'wrong-field-types.yml')).toEqual([
      ['RULE_NO_ATTACK_TAG', 1, 1],
      ['SIGMA_FIELD_TYPE', 2, 1],
      ['SIGMA_FIELD_TYPE', 8, 1],
    ]);
    expect(report.diagnostics.filter((d) => d.file === 'newer-than-data.yml').map((d) => [d.code, d.line, d.data?.id])).toEqual([
      ['ATTACK_TAG_NEWER_THAN_DATA', 8, 'stealth'],
      ['ATTACK_TAG_NEWER_THAN_DATA', 9, 'T1685'],
    ]);
  });

  it('reports missing paths, empty directories, link loops, broken links and huge files', async () => {
    const root = join(tmp, 'fs-cases');
    mkdirSync(join(root, 'rules/sub'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'rules/sub/ok.yml'), 'title: ok\nlogsource: {product: x}\ndetection: {s: {a: 1}, condition: s}\ntags: [attack.t1059]\n');
    symlinkSync('..', join(root, 'rules/sub/back-to-rules')); // a directory loop
    symlinkSync('self.yml', join(root, 'rules/self.yml')); // a link to itself
    symlinkSync('does-not-exist.yml', join(root, 'rules/gone.yml')); // a broken link
    writeFileSync(join(root, 'rules/huge.yml'), `title: big\n#${'x'.repeat(1024 * 1024)}\n`);
    const report = await scan(['rules', 'empty', 'missing-dir'], root);
    // A link named like a rule that leads nowhere (broken or looping) is a found file that
    // cannot be read; a loop back into an ancestor directory is only reported.
    expect(report.files).toEqual({ found: 4, parsed: 1, skipped: 0, errored: 3 });
    expect(report.fileResults.map((f) => [f.file, f.status, f.code])).toEqual([
      ['rules/gone.yml', 'errored', 'FILE_UNREADABLE'],
      ['rules/huge.yml', 'errored', 'FILE_TOO_LARGE'],
      ['rules/self.yml', 'errored', 'FILE_UNREADABLE'],
      ['rules/sub/ok.yml', 'parsed', undefined],
    ]);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['DIR_EMPTY', 'empty', 1, 1],
      ['PATH_NOT_FOUND', 'missing-dir', 1, 1],
      ['FILE_UNREADABLE', 'rules/gone.yml', 1, 1],
      ['FILE_TOO_LARGE', 'rules/huge.yml', 1, 1],
      ['FILE_UNREADABLE', 'rules/self.yml', 1, 1],
      ['SYMLINK_LOOP', 'rules/sub/back-to-rules', 1, 1],
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const root = join(tmp, 'unreadable');
    mkdirSync(root);
    writeFileSync(join(root, 'secret.yml'), 'title: x\n');
    chmodSync(join(root, 'secret.yml'), 0o000);
    const report = await scan(['.'], root);
    expect(report.fileResults).toEqual([{ file: 'secret.yml', status: 'errored', rules: 0, code: 'FILE_UNREADABLE' }]);
  });

  it.skipIf(process.platform === 'win32')('reports a FIFO named like a rule instead of blocking on it', async () => {
    const root = join(tmp, 'fifo');
    mkdirSync(root);
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync('mkfifo', [join(root, 'pipe.yml')]).status).toBe(0);
    const walked = await scan(['.'], root);
    const named = await scan(['pipe.yml'], root);
    for (const report of [walked, named]) {
      expect(report.fileResults).toEqual([{ file: 'pipe.yml', status: 'errored', rules: 0, code: 'FILE_UNREADABLE' }]);
      expect(report.diagnostics[0]!.data).toEqual({ reason: 'not a regular file' });
    }
  });

  it('reads an explicitly named file whatever its extension', async () => {
    const root = join(tmp, 'explicit');
    mkdirSync(root);
    writeFileSync(join(root, 'rule.txt'), 'title: ok\nlogsource: {product: x}\ndetection: {s: {a: 1}, condition: s}\n');
    const report = await scan(['rule.txt'], root);
    expect(report.files).toEqual({ found: 1, parsed: 1, skipped: 0, errored: 0 });
  });
});

describe('scanPaths: parser threads and cache', () => {
  const many = () => {
    const root = join(tmp, 'many');
    mkdirSync(root, { recursive: true });
    for (let i = 0; i < 260; i++) {
      const tags = i % 7 === 0 ? '[attack.t9999]' : `[attack.t1059.00${1 + (i % 9)}, attack.execution]`;
      const body = i % 50 === 3 ? 'title: [broken\n' : `title: Rule ${i}\nlevel: ${['low', 'medium', 'high'][i % 3]}\nlogsource: {product: windows}\ndetection: {s: {a: ${i}}, condition: s}\ntags: ${tags}\n`;
      writeFileSync(join(root, `rule_${String(i).padStart(3, '0')}.yml`), body);
    }
    return root;
  };

  it('gives the same report with two worker threads as on one thread', async () => {
    const root = many();
    const threaded = await scan(['.'], root, { jobs: 2, options: { score: 'level' } });
    const inline = await scan(['.'], root, { jobs: 0, options: { score: 'level' } });
    expect(threaded.files.found).toBe(260);
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inline));
  });

  it('gives the same report on one thread, and with one or two parser threads beside it', async () => {
    const root = many();
    const [one, two, three] = [await scan(['.'], root, { jobs: 1 }), await scan(['.'], root, { jobs: 2 }), await scan(['.'], root, { jobs: 3 })];
    expect(one.files.found).toBe(260);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
  });

  it('gives the same reports for scans running at once in one process (the file reader reuses one buffer)', async () => {
    const root = many();
    const mixed = join(FIXTURES, 'scan-mixed-repository');
    const alone = [await scan(['.'], root, { jobs: 1 }), await scan(['.'], mixed, { jobs: 1 }), await scan(['.'], root, { jobs: 2 })];
    const together = await Promise.all([scan(['.'], root, { jobs: 1 }), scan(['.'], mixed, { jobs: 1 }), scan(['.'], root, { jobs: 2 })]);
    expect(together.map((r) => JSON.stringify(r))).toEqual(alone.map((r) => JSON.stringify(r)));
  });

  it('keeps parse results from the second scan of a set of roots on, and serves them from the third', async () => {
    const root = many();
    const dir = join(tmp, 'cache');
    const entriesOf = (file: string) => (JSON.parse(readFileSync(join(dir, 'scan', file), 'utf8')) as { entries: Record<string, ParsedRuleFile> }).entries;
    const first = await scan(['.'], root, { jobs: 2, cache: { dir } });
    const [cacheFile] = readdirSync(join(dir, 'scan'));
    expect(cacheFile).toMatch(/^[0-9a-f]{16}\.json$/);
    // The first scan leaves a cache file without entries: a scan that is never repeated keeps nothing.
    expect(entriesOf(cacheFile!)).toEqual({});
    const second = await scan(['.'], root, { jobs: 2, cache: { dir } });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // 260 files, six of them the same broken text: 255 distinct contents.
    expect(Object.keys(entriesOf(cacheFile!))).toHaveLength(255);

    // The third scan takes results from the cache: an entry edited there shows in the report.
    const file = JSON.parse(readFileSync(join(dir, 'scan', cacheFile!), 'utf8')) as { entries: Record<string, ParsedRuleFile> };
    const [hash, entry] = Object.entries(file.entries).find(([, e]) => e.rules[0]?.title === 'Rule 1')!;
    file.entries[hash] = { ...entry, rules: [{ ...entry.rules[0]!, title: 'Served from the cache' }] };
    writeFileSync(join(dir, 'scan', cacheFile!), JSON.stringify(file));
    const third = await scan(['.'], root, { jobs: 2, cache: { dir } });
    expect(third.rules.find((r) => r.file === 'rule_001.yml')!.title).toBe('Served from the cache');
    expect(third.rules.filter((r) => r.title.startsWith('Rule '))).toHaveLength(first.rules.length - 1);
  });

  it('ignores a corrupt cache, or entries that are not parse results', async () => {
    const root = many();
    const dir = join(tmp, 'cache-bad');
    const fresh = await scan(['.'], root, { jobs: 2 });
    await scan(['.'], root, { jobs: 2, cache: { dir } });
    await scan(['.'], root, { jobs: 2, cache: { dir } });
    const [cacheFile] = readdirSync(join(dir, 'scan'));
    const path = join(dir, 'scan', cacheFile!);
    const good = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(good.entries)).toHaveLength(255);

    // A plausible but wrong entry for every file is rejected entry by entry.
    for (const key of Object.keys(good.entries)) good.entries[key] = { status: 'parsed', documents: 1, rules: [{ nonsense: true }], diagnostics: [] };
    writeFileSync(path, JSON.stringify(good));
    const afterBadEntries = await scan(['.'], root, { jobs: 2, cache: { dir } });
    expect(JSON.stringify(afterBadEntries)).toBe(JSON.stringify(fresh));

    // Entries damaged in the fields mapping reads (a hand edit, a disk error) are rejected too,
    // rather than crash every later scan.
    const entries = Object.values(JSON.parse(readFileSync(path, 'utf8')).entries as Record<string, { rules: Record<string, unknown>[] }>);
    const valid = entries.find((e) => e.rules.length > 0)!;
    const onRule = (apply: (rule: Record<string, unknown>) => void) => (entry: { rules: Record<string, unknown>[] }) => apply(entry.rules[0]!);
    const withDiagnostic = (d: unknown) => (entry: { diagnostics?: unknown[] }) => (entry.diagnostics = [d]);
    const damage: ((entry: { rules: Record<string, unknown>[]; diagnostics?: unknown[] }) => void)[] = [
      onRule((r) => (r.tags = [null])),
      onRule((r) => (r.tags = [{ value: 5, line: 'x', column: 1 }])),
      onRule((r) => (r.status = 3)),
      onRule((r) => (r.kind = 'rule')),
      onRule((r) => (r.references = [null])),
      onRule((r) => (r.logsource = { product: 7 })),
      onRule((r) => (r.related = [null])),
      withDiagnostic({ code: '__proto__', severity: 'error', line: 1, column: 1 }),
      withDiagnostic({ code: 'NOT_A_CODE', severity: 'error', line: 1, column: 1 }),
      withDiagnostic({ code: 'SIGMA_DATE_FORMAT', severity: 'note', line: 1, column: 1 }),
      withDiagnostic({ code: 'SIGMA_DATE_FORMAT', severity: 'warning', line: -1, column: 1 }),
    ];
    for (const [i, apply] of damage.entries()) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, unknown> };
      for (const key of Object.keys(file.entries)) {
        const entry = structuredClone(valid);
        apply(entry);
        file.entries[key] = entry;
      }
      writeFileSync(path, JSON.stringify(file));
      expect(JSON.stringify(await scan(['.'], root, { jobs: 1, cache: { dir } })), `damage ${i}`).toBe(JSON.stringify(fresh));
    }

    // A corrupt file counts as no cache at all: the scan parses, and starts the cache afresh.
    writeFileSync(path, '{"format":"covmap-scan-cache@1", "entries": {"trunc');
    const afterCorrupt = await scan(['.'], root, { jobs: 2, cache: { dir } });
    expect(JSON.stringify(afterCorrupt)).toBe(JSON.stringify(fresh));
    expect((JSON.parse(readFileSync(path, 'utf8')) as { entries: unknown }).entries).toEqual({});
  });

  it('on one thread, puts cached results and fresh parses in file order when some files changed', async () => {
    const root = join(tmp, 'many-changed');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    const rule = (i: number, tag: string) => `title: Rule ${i}\nlogsource: {product: windows}\ndetection: {s: {a: ${i}}, condition: s}\ntags: [${tag}]\n`;
    for (let i = 0; i < 600; i++) writeFileSync(join(root, `rule_${String(i).padStart(3, '0')}.yml`), rule(i, 'attack.t1059.001'));
    const dir = join(tmp, 'cache-changed');
    // Two scans: the first keeps nothing, the second fills the cache.
    await scan(['.'], root, { jobs: 1, cache: { dir } });
    await scan(['.'], root, { jobs: 1, cache: { dir } });
    // Every seventh file changes: misses among hits, on both sides of each group of files read ahead.
    for (let i = 0; i < 600; i += 7) writeFileSync(join(root, `rule_${String(i).padStart(3, '0')}.yml`), rule(i, 'attack.t1003.001'));
    const warm = await scan(['.'], root, { jobs: 1, cache: { dir } });
    const fresh = await scan(['.'], root, { jobs: 1, cache: false });
    expect(warm.files.found).toBe(600);
    expect(warm.rules.filter((r) => r.techniques.includes('T1003.001'))).toHaveLength(86);
    expect(JSON.stringify(warm)).toBe(JSON.stringify(fresh));
  });

  it('deletes caches of other root sets unused for 30 days when it writes one', async () => {
    const dir = join(tmp, 'cache-prune');
    mkdirSync(join(dir, 'scan'), { recursive: true });
    const old = join(dir, 'scan', '0123456789abcdef.json');
    const recent = join(dir, 'scan', 'fedcba9876543210.json');
    const unrelated = join(dir, 'scan', 'notes.txt');
    for (const f of [old, recent, unrelated]) writeFileSync(f, '{}');
    const { utimesSync } = await import('node:fs');
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(old, longAgo, longAgo);
    utimesSync(unrelated, longAgo, longAgo);
    await scan(['.'], join(FIXTURES, 'scan-mixed-repository'), { cache: { dir } });
    expect(readdirSync(join(dir, 'scan')).sort()).toEqual(
      expect.arrayContaining(['fedcba9876543210.json', 'notes.txt']),
    );
    expect(readdirSync(join(dir, 'scan'))).not.toContain('0123456789abcdef.json');
    expect(readdirSync(join(dir, 'scan'))).toHaveLength(3); // recent, unrelated, and the new one
  });
});
