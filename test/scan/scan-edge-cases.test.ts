import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/attack/catalog.js';
import { makeFinding } from '../../core/findings/make-finding.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import { decodeUtf8 } from '../../core/sigma/decode-utf8.js';
import { failedRuleFile } from '../../core/sigma/failed-rule-file.js';
import { parseRuleFile } from '../../core/sigma/parse-rule-file.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';
import { writeErrorReason } from '../../cli/io/write-error-reason.js';
import { scanPaths } from '../../cli/scan/scan-paths.js';
import { sarifValidator } from '../check/helpers/sarif-validator.js';
import { describeShared, PROJECT_ROOT } from '../helpers/shared-dir.js';

// Audit findings on the edges of `covmap scan`: links that lead nowhere, diagnostics without a
// position, non-UTF-8 positions, unwritable layer paths, patterns that match nothing, --domain.
// Links are made here, at test time (git does not keep them portably).

const CLI = resolve(PROJECT_ROOT, 'dist/bin/covmap.js');
const OPTIONS: ScanOptions = { score: 'count', subtechniques: true, tactics: 'all' };
const RULE = 'title: ok\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\ntags: [attack.t1059]\n';

let catalog: Catalog;
let tmp: string;
beforeAll(async () => {
  catalog = await loadCatalog({ attack: '18.1' });
  tmp = mkdtempSync(join(tmpdir(), 'covmap-scan-edge-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory with the given files ('->' makes a symbolic link to the text after it). */
function repo(files: Record<string, string>): string {
  const root = join(tmp, `case-${++dirs}`);
  mkdirSync(root);
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(resolve(path, '..'), { recursive: true });
    if (name.endsWith('/')) mkdirSync(path, { recursive: true });
    else if (content.startsWith('->')) symlinkSync(content.slice(2), path);
    else writeFileSync(path, content);
  }
  return root;
}

const scan = (paths: string[], cwd: string) => scanPaths(paths, { catalog, options: OPTIONS, cwd, cache: false, jobs: 0 });

function covmap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, COVMAP_CACHE_DIR: join(tmp, 'cache') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const results = (report: ScanReport) => report.fileResults.map((f) => [f.file, f.status, f.code]);
const placed = (report: ScanReport) => report.diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column]);
const countsAddUp = (report: ScanReport) => {
  const { found, parsed, skipped, errored } = report.files;
  expect(found).toBe(parsed + skipped + errored);
  expect(report.fileResults).toHaveLength(found);
};

describe('links that lead nowhere are found files that cannot be read (S1, S3)', () => {
  it('a link to itself, named explicitly, is counted and errored (exit 1)', async () => {
    const root = repo({ 'selfloop.yml': '->selfloop.yml' });
    const report = await scan(['selfloop.yml'], root);
    expect(report.files).toEqual({ found: 1, parsed: 0, skipped: 0, errored: 1 });
    expect(results(report)).toEqual([['selfloop.yml', 'errored', 'FILE_UNREADABLE']]);
    expect(placed(report)).toEqual([['FILE_UNREADABLE', 'error', 'selfloop.yml', 1, 1]]);
    expect(report.diagnostics[0]!.data).toEqual({ reason: 'symbolic link loop' });
    expect(covmap(['scan', 'selfloop.yml', '--no-cache'], root).code).toBe(1);
  });

  it('a link to itself inside a directory is counted the same way', async () => {
    const root = repo({ 'rules/ok.yml': RULE, 'rules/selfloop.yml': '->selfloop.yml', 'rules/a.yaml': '->b.yaml', 'rules/b.yaml': '->a.yaml' });
    const report = await scan(['rules'], root);
    countsAddUp(report);
    expect(results(report)).toEqual([
      ['rules/a.yaml', 'errored', 'FILE_UNREADABLE'],
      ['rules/b.yaml', 'errored', 'FILE_UNREADABLE'],
      ['rules/ok.yml', 'parsed', undefined],
      ['rules/selfloop.yml', 'errored', 'FILE_UNREADABLE'],
    ]);
  });

  it('a link loop not named like a rule (maybe a directory) stays a warning, with a position', async () => {
    const root = repo({ 'rules/ok.yml': RULE, 'rules/loop': '->loop', 'rules/sub/up': '->..' });
    const report = await scan(['rules'], root);
    expect(report.files).toEqual({ found: 1, parsed: 1, skipped: 0, errored: 0 });
    expect(placed(report).filter((d) => d[0] === 'SYMLINK_LOOP')).toEqual([
      ['SYMLINK_LOOP', 'warning', 'rules/loop', 1, 1],
      ['SYMLINK_LOOP', 'warning', 'rules/sub/up', 1, 1],
    ]);
  });

  it('a broken link gives the same result named explicitly, found in a directory or matched by a pattern', async () => {
    const root = repo({ 'dangling.yml': '->nowhere.yml', 'rules/dangling.yml': '->../nowhere.yml' });
    const named = await scan(['dangling.yml'], root);
    const walked = await scan(['rules'], root);
    const globbed = await scan(['*.yml'], root);
    for (const [report, file] of [[named, 'dangling.yml'], [walked, 'rules/dangling.yml'], [globbed, 'dangling.yml']] as const) {
      expect(report.files).toEqual({ found: 1, parsed: 0, skipped: 0, errored: 1 });
      expect(results(report)).toEqual([[file, 'errored', 'FILE_UNREADABLE']]);
      expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.data?.reason])).toEqual([['FILE_UNREADABLE', file, 1, 1, 'broken symbolic link']]);
    }
  });

  it('a dead link reached several ways (arguments, a pattern, a linked ancestor) is counted once', async () => {
    const root = repo({ 'r/ok.yml': RULE, 'r/dangling.yml': '->nowhere.yml', 'r/self.yml': '->self.yml', 'r/sub/up': '->..' });
    for (const args of [['r/**/*.yml'], ['r', 'r/*.yml', 'r/self.yml', 'r/dangling.yml']]) {
      const report = await scan(args, root);
      countsAddUp(report);
      expect(results(report)).toEqual([
        ['r/dangling.yml', 'errored', 'FILE_UNREADABLE'],
        ['r/ok.yml', 'parsed', undefined],
        ['r/self.yml', 'errored', 'FILE_UNREADABLE'],
      ]);
    }
  });

  it('a path that does not exist at all is still PATH_NOT_FOUND, not a file', async () => {
    const report = await scan(['missing.yml', 'missing-dir/x.yml'], repo({}));
    expect(report.files.found).toBe(0);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['PATH_NOT_FOUND', 'PATH_NOT_FOUND']);
  });
});

describe('every diagnostic has a file, line and column (S2)', () => {
  it('for missing paths, patterns without a match, empty directories, link loops and unreadable files', async () => {
    const root = repo({ 'rules/ok.yml': RULE, 'rules/gone.yml': '->nope.yml', 'rules/sub/up': '->..', 'empty/': '' });
    const report = await scan(['rules', 'empty', 'missing-dir', 'typo/**/*.yml'], root);
    expect(placed(report)).toEqual([
      ['DIR_EMPTY', 'warning', 'empty', 1, 1],
      ['PATH_NOT_FOUND', 'error', 'missing-dir', 1, 1],
      ['FILE_UNREADABLE', 'error', 'rules/gone.yml', 1, 1],
      ['SYMLINK_LOOP', 'warning', 'rules/sub/up', 1, 1],
      ['GLOB_NO_MATCH', 'error', 'typo/**/*.yml', 1, 1],
    ]);
    expect(report.diagnostics.find((d) => d.code === 'PATH_NOT_FOUND')!.data).toEqual({ path: 'missing-dir' });
    expect(report.diagnostics.find((d) => d.code === 'GLOB_NO_MATCH')!.data).toEqual({ pattern: 'typo/**/*.yml' });
  });

  it('a missing path outside the working directory is named absolutely, like files are', async () => {
    const root = repo({});
    const elsewhere = join(tmp, 'no-such-place');
    const report = await scan([elsewhere], root);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['PATH_NOT_FOUND', elsewhere, 1, 1]]);
  });

  it('a file-level finding without a position (a read that failed) points at the start of the file', () => {
    const failed = failedRuleFile('errored', makeFinding('FILE_UNREADABLE', {}, { reason: 'permission denied' }));
    expect(failed.diagnostics).toEqual([{ code: 'FILE_UNREADABLE', severity: 'error', line: 1, column: 1, data: { reason: 'permission denied' } }]);
    // A position it has is kept.
    const located = failedRuleFile('errored', makeFinding('YAML_SYNTAX', { line: 4, column: 2 }, { reason: 'x' }));
    expect(located.diagnostics[0]).toMatchObject({ line: 4, column: 2 });
  });

  it.skipIf(process.getuid?.() === 0)('a file it may not read is at 1:1', async () => {
    const { chmodSync } = await import('node:fs');
    const root = repo({ 'secret.yml': RULE });
    chmodSync(join(root, 'secret.yml'), 0o000);
    const report = await scan(['.'], root);
    expect(placed(report)).toEqual([['FILE_UNREADABLE', 'error', 'secret.yml', 1, 1]]);
  });
});

describeShared('covmap check renders located discovery findings as SARIF results (S2)', () => {
  it('at file 1:1, valid SARIF 2.1.0, and as GitHub annotations', () => {
    const root = repo({ 'rules/ok.yml': RULE, 'rules/loop.yml': '->loop.yml', 'empty/': '' });
    const sarif = covmap(['check', 'rules', 'empty', 'typo/**/*.yml', '--format', 'sarif', '--no-cache'], root);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }[] }[];
    };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const located = log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['DIR_EMPTY', 'empty', { startLine: 1, startColumn: 1 }],
        ['FILE_UNREADABLE', 'rules/loop.yml', { startLine: 1, startColumn: 1 }],
        ['GLOB_NO_MATCH', 'typo/**/*.yml', { startLine: 1, startColumn: 1 }],
      ]),
    );
    const github = covmap(['check', 'rules', 'empty', 'typo/**/*.yml', '--format', 'github'], root);
    expect(github.stdout).toMatch(/^::error file=rules\/loop\.yml,line=1,col=1,title=FILE_UNREADABLE/m);
    expect(github.stdout).toMatch(/^::error file=typo\/\*\*\/\*\.yml,line=1,col=1,title=GLOB_NO_MATCH/m);
  });
});

describe('FILE_NOT_UTF8 points at the first bad byte (S4)', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

  it('on a later line, with the column in characters', () => {
    // "é" is two bytes but one character; the bad byte is the Latin-1 0xe9 of "Détection".
    const file = bytes('title: x\nauthor: é\ndescription: D', [0xe9], 'tection\n');
    const parsed = parseRuleFile(file);
    expect(parsed).toMatchObject({ status: 'errored', code: 'FILE_NOT_UTF8' });
    expect(parsed.diagnostics[0]).toMatchObject({ line: 3, column: 15, data: { offset: 34 } });
  });

  it('counts CRLF line ends once and ignores a UTF-8 byte-order mark', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a: 1\r\nb: ', [0xff]))).toMatchObject({ ok: false, offset: 12, line: 2, column: 4 });
  });

  it('a UTF-16 file is reported at its start', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'title: x\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(parseRuleFile(utf16).diagnostics[0]).toMatchObject({ code: 'FILE_NOT_UTF8', line: 1, column: 1, data: { encoding: 'UTF-16LE' } });
  });

  it('through a whole scan, on one thread and from the cache', async () => {
    const root = repo({});
    writeFileSync(join(root, 'latin1.yml'), bytes('title: ok\ndescription: fran', [0xe7], 'ais\n'));
    const cache = { dir: join(tmp, 'utf8-cache') };
    // Parsed, parsed and kept, then from the cache.
    for (let run = 0; run < 3; run++) {
      const report = await scanPaths(['.'], { catalog, options: OPTIONS, cwd: root, cache, jobs: 0 });
      expect(placed(report)).toEqual([['FILE_NOT_UTF8', 'error', 'latin1.yml', 2, 18]]);
    }
  });
});

describe('covmap scan --layer on a path it cannot write (S5)', () => {
  it('a directory: exit 2, one line worded like the other commands, no errno code', () => {
    const root = repo({ 'ok.yml': RULE, 'out/': '' });
    const r = covmap(['scan', 'ok.yml', '--layer', 'out'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`covmap: cannot write layer out: ${writeErrorReason(Object.assign(new Error(), { code: 'EISDIR' }))}\n`);
    expect(r.stderr).not.toMatch(/EISDIR/);
  });

  it('below a file: exit 2 with the reason in words', () => {
    const root = repo({ 'ok.yml': RULE, 'file': 'x' });
    const r = covmap(['scan', 'ok.yml', '--layer', 'file/layer.json'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`covmap: cannot write layer file/layer.json: ${writeErrorReason(Object.assign(new Error(), { code: 'ENOTDIR' }))}\n`);
  });

  it('missing parent directories are created, as `covmap gaps --output` does', () => {
    const root = repo({ 'ok.yml': RULE });
    const r = covmap(['scan', 'ok.yml', '--layer', 'new/sub/layer.json'], root);
    expect(r.code).toBe(0);
    const layer = JSON.parse(readFileSync(join(root, 'new/sub/layer.json'), 'utf8')) as { techniques: { techniqueID: string }[] };
    expect(layer.techniques.map((t) => t.techniqueID)).toEqual(['T1059']);
  });
});

describe('an argument that finds nothing fails the scan; an empty directory does not (S8)', () => {
  it('a pattern that matches nothing is an error: exit 1', async () => {
    const root = repo({ 'rules/ok.yml': RULE });
    const report = await scan(['rules', 'typo/**/*.yml'], root);
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['GLOB_NO_MATCH', 'error']]);
    expect(covmap(['scan', 'typo/**/*.yml'], root).code).toBe(1);
    expect(covmap(['scan', 'rules', 'typo/**/*.yml'], root).code).toBe(1);
  });

  it('a missing path is an error: exit 1', () => {
    expect(covmap(['scan', 'no-such-dir'], repo({})).code).toBe(1);
  });

  it('an empty directory is a warning: exit 0', async () => {
    const root = repo({ 'rules/ok.yml': RULE, 'empty/': '' });
    const report = await scan(['rules', 'empty'], root);
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['DIR_EMPTY', 'warning']]);
    expect(covmap(['scan', 'rules', 'empty'], root).code).toBe(0);
  });
});

describe('covmap scan --domain (S9)', () => {
  const ICS_RULE = 'title: ics\nlogsource: {product: plc}\ndetection: {s: {a: 1}, condition: s}\ntags: [attack.t0886, attack.lateral-movement]\n';

  it('maps against the embedded catalog of that domain', () => {
    const root = repo({ 'ics.yml': ICS_RULE });
    const r = covmap(['scan', 'ics.yml', '--domain', 'ics-attack', '--format', 'json'], root);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.attack).toEqual({ domain: 'ics-attack', version: '18.1' });
    expect(report.rules.map((x) => [x.techniques, x.tactics])).toEqual([[['T0886'], ['lateral-movement']]]);
    expect(report.diagnostics).toEqual([]);
    // The short form, and the layer names the domain.
    const layered = covmap(['scan', 'ics.yml', '--domain', 'ics', '--layer', 'l.json'], root);
    expect(layered.code).toBe(0);
    expect((JSON.parse(readFileSync(join(root, 'l.json'), 'utf8')) as { domain: string }).domain).toBe('ics-attack');
  });

  it('without it, the same rule is checked against enterprise ATT&CK', () => {
    const root = repo({ 'ics.yml': ICS_RULE });
    const r = covmap(['scan', 'ics.yml', '--format', 'json'], root);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as ScanReport).diagnostics.map((d) => d.code)).toContain('ATTACK_TAG_UNKNOWN');
  });

  it('refuses an unknown domain with exit 2', () => {
    const root = repo({ 'ics.yml': ICS_RULE });
    const r = covmap(['scan', 'ics.yml', '--domain', 'pre-attack'], root);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/--domain.*enterprise-attack, mobile-attack, ics-attack/);
  });
});
