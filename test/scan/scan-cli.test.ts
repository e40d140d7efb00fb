import { spawnSync } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

// The built CLI, as users run it (`npm test` builds first).
const CLI = resolve(PROJECT_ROOT, 'dist/bin/covmap.js');
const REPO = resolve(PROJECT_ROOT, 'test/fixtures/scan-mixed-repository');
const BAD = resolve(PROJECT_ROOT, 'test/fixtures/scan-bad-inputs');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'covmap-scan-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function covmap(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, COVMAP_CACHE_DIR: join(tmp, 'cache') } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('covmap scan', () => {
  it('prints a text summary and exits 0 when there are no errors', () => {
    const { code, stdout, stderr } = covmap(['scan', 'rules', 'config']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Files: 7 found, 6 parsed, 1 skipped, 0 errored');
    expect(stdout).toMatch(/Rules: 7 \(5 detection, 1 correlation, 1 filter\)/);
    expect(stdout).toMatch(/^ {2}discovery +\d+ \/ \d+/m);
    expect(stdout).toContain('rules/windows/registry_set_win_service_revoked_tag.yml:14:7: warning ATTACK_TAG_REVOKED');
  });

  it('exits 1 when a file has errors, naming file:line:column and code', () => {
    const { code, stdout } = covmap(['scan', '.'], BAD);
    expect(code).toBe(1);
    expect(stdout).toContain('duplicate-key.yml:4:5: error YAML_DUPLICATE_KEY duplicate key "product" in a mapping');
  });

  it('writes a deterministic JSON report with worded diagnostics', () => {
    const first = covmap(['scan', '.', '--format', 'json', '--no-cache'], BAD);
    const second = covmap(['scan', '.', '--format', 'json'], BAD); // leaves an empty cache
    const third = covmap(['scan', '.', '--format', 'json'], BAD); // fills it
    const fourth = covmap(['scan', '.', '--format', 'json'], BAD); // from the cache
    expect(second.stdout).toBe(first.stdout);
    expect(third.stdout).toBe(first.stdout);
    expect(fourth.stdout).toBe(first.stdout);
    const report = JSON.parse(first.stdout) as {
      files: Record<string, number>;
      diagnostics: { code: string; severity: string; file: string; line: number; column: number; message: string }[];
    };
    expect(report.files).toEqual({ found: 10, parsed: 2, skipped: 3, errored: 5 });
    const dup = report.diagnostics.find((d) => d.code === 'YAML_DUPLICATE_KEY')!;
    expect(Object.keys(dup)).toEqual(['code', 'severity', 'file', 'line', 'column', 'message', 'data']);
    expect(dup).toMatchObject({ severity: 'error', file: 'duplicate-key.yml', line: 4, column: 5 });
    expect(dup.message).toBe('duplicate key "product" in a mapping');
  });

  it('writes a Navigator layer', () => {
    const out = join(tmp, 'layer.json');
    const { code } = covmap(['scan', 'rules', '--layer', out, '--score', 'level']);
    expect(code).toBe(0);
    const layer = JSON.parse(readFileSync(out, 'utf8')) as {
      versions: Record<string, string>;
      techniques: { techniqueID: string; tactic: string; score: number }[];
      gradient: { maxValue: number };
    };
    expect(layer.versions).toEqual({ attack: '18.1', navigator: '5.2.0', layer: '4.5' });
    expect(layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score])).toEqual([
      ['T1033', 'discovery', 12], // medium rule 4 + the high correlation built on it 8
      ['T1105', 'command-and-control', 2],
      ['T1543.003', 'persistence', 24],
      ['T1543.003', 'privilege-escalation', 24],
    ]);
    expect(layer.gradient.maxValue).toBe(24);
  });

  it('refuses bad flags with exit 2', () => {
    expect(covmap(['scan', 'rules', '--score', 'sum']).code).toBe(2);
    expect(covmap(['scan', 'rules', '--min-status', 'great']).code).toBe(2);
    const jobs = covmap(['scan', 'rules', '--jobs', 'many']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toBe('covmap: --jobs must be a whole number from 0 to 64, got "many"\n');
    expect(covmap(['scan']).code).toBe(2);
    // Empty arguments, as an unset shell variable gives: not the current directory, not "no layer".
    for (const args of [['scan', ''], ['scan', 'rules', '--layer', ''], ['scan', 'rules', '--attack', ''], ['gaps', 'rules', '--top', '']]) {
      const run = covmap(args);
      expect([run.code, run.stdout, run.stderr.split('\n')[0]], args.join(' ')).toEqual([2, '', args.includes('--layer') ? 'error: --layer is empty' : expect.stringContaining('is empty')]);
    }
    for (const jobs of ['', '0x2', '1e1', '2.0']) expect(covmap(['scan', 'rules', '--jobs', jobs]).code, jobs).toBe(2);
  });

  it('says in one line, exit 2, when standard output cannot be written', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'scan', 'rules'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', full, 'pipe'], env: { ...process.env, COVMAP_CACHE_DIR: join(tmp, 'cache') } });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('covmap: cannot write to standard output: no space left on the device\n');
    } finally {
      closeSync(full);
    }
  });

  it('treats a cache file that is a pipe or a link as no cache: never blocks on it, never writes through it', () => {
    const cache = join(tmp, 'cache-odd');
    const run = () => {
      const result = spawnSync(process.execPath, [CLI, 'scan', 'rules', '--format', 'json'], { cwd: REPO, encoding: 'utf8', timeout: 20_000, env: { ...process.env, COVMAP_CACHE_DIR: cache } });
      return { code: result.status, stdout: result.stdout, signal: result.signal };
    };
    const first = run();
    run(); // fills the cache
    const [name] = readdirSync(join(cache, 'scan'));
    const path = join(cache, 'scan', name!);
    rmSync(path);
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    expect(run()).toEqual(first);
    rmSync(path);
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, path);
    expect(run()).toEqual(first);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(lstatSync(path).isFile()).toBe(true);
  });

  it('refuses ATT&CK data that is not a regular file (a device would be read forever)', () => {
    const run = covmap(['scan', 'rules', '--attack', '/dev/zero']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a regular file');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a missing path as an error finding (exit 1), not a crash', () => {
    const { code, stdout, stderr } = covmap(['scan', 'no-such-dir']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('error PATH_NOT_FOUND path not found: no-such-dir');
  });

  it('gives the same report with a parser thread as without (the bundled command finds the worker script)', () => {
    // More files than the main thread parses alone before it starts parser threads.
    const repo = join(tmp, 'many-rules');
    mkdirSync(repo, { recursive: true });
    const rule = readFileSync(join(REPO, 'rules/windows/proc_creation_win_whoami.yml'), 'utf8');
    for (let i = 0; i < 150; i++) writeFileSync(join(repo, `rule_${i}.yml`), rule.replace(/^title: .*$/m, `title: Whoami variant ${i}`));
    const alone = covmap(['scan', '.', '--format', 'json', '--no-cache', '--jobs', '1'], repo);
    const threaded = covmap(['scan', '.', '--format', 'json', '--no-cache', '--jobs', '2'], repo);
    expect(threaded.stderr).toBe('');
    expect(threaded.code).toBe(alone.code);
    expect(threaded.stdout).toBe(alone.stdout);
    expect((JSON.parse(threaded.stdout) as { files: { parsed: number } }).files.parsed).toBe(150);
  });

  it('refuses an unknown ATT&CK release with exit 2 and one line', () => {
    const { code, stderr } = covmap(['scan', 'rules', '--attack', '3.0']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
