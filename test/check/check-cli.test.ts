import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeShared, PROJECT_ROOT } from '../helpers/shared-dir.js';
import { sarifValidator } from './helpers/sarif-validator.js';

/**
 * CLI snapshot tests: each records the command, its exit code, stdout and stderr in a file under
 * __snapshots__/, so a change in any output shows up in review. The outputs are deterministic;
 * the only thing normalised is the absolute path of the repository, should it appear.
 */
const CLI = resolve(PROJECT_ROOT, 'dist/bin/covmap.js');
const FIXTURES = resolve(PROJECT_ROOT, 'test/fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'covmap-check-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function covmap(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  // The tests decide these; a developer's or CI's own settings must not leak in.
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_STEP_SUMMARY', 'COVMAP_DEBUG']) delete base[name];
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...base, COVMAP_CACHE_DIR: join(scratch, 'cache'), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function transcript(args: readonly string[], run: Run, where: string): string {
  const normalise = (s: string) => s.split(PROJECT_ROOT).join('<repo>');
  return [`$ cd ${where} && covmap ${args.join(' ')}`, `exit: ${run.status}`, '--- stdout', normalise(run.stdout), '--- stderr', normalise(run.stderr)].join('\n');
}

/** Runs covmap in a fixture, snapshots the transcript, returns the run for further checks. */
async function snapshot(name: string, fixture: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const run = covmap(args, resolve(FIXTURES, fixture), env);
  await expect(transcript(args, run, `test/fixtures/${fixture}`)).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  return run;
}

/** A scratch copy of a fixture, for commands that write files. */
function copyFixture(fixture: string): string {
  const dir = mkdtempSync(join(scratch, `${fixture}-`));
  cpSync(resolve(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

const EVERY = 'detection-repo-every-finding';

describe('covmap check on a repository that shows every finding', () => {
  it('text: every finding at file:line:col, coverage, thresholds, baseline; exit 1', async () => {
    const run = await snapshot('every-finding-text', EVERY, ['check']);
    expect(run.status).toBe(1);
    // Every kind of problem the issue names is caught, with the code and a place.
    for (const code of [
      'YAML_SYNTAX',
      'ATTACK_TAG_UNKNOWN',
      'ATTACK_TAG_NEWER_THAN_DATA',
      'ATTACK_TACTIC_UNKNOWN',
      'ATTACK_TAG_MALFORMED',
      'ATTACK_TAG_REVOKED',
      'ATTACK_TAG_DEPRECATED',
      'ATTACK_TACTIC_UNDERSCORE',
      'RULE_NO_ATTACK_TAG',
      'ATTACK_TACTIC_MISMATCH',
      'CHECK_THRESHOLD_COVERAGE',
      'CHECK_THRESHOLD_TACTIC',
      'CHECK_THRESHOLD_PROFILE',
      'CHECK_THRESHOLD_RULES_PER_TECHNIQUE',
      'CHECK_COVERAGE_LOST',
      'CHECK_COVERAGE_REDUCED',
      'CHECK_PROFILE_GAP_NEW',
      'CHECK_COVERAGE_GAINED',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^\\S+:\\d+:\\d+: (error|warning|note) ${code} `, 'm'));
    }
    // The config switched SIGMA_NOT_A_RULE off: counted as suppressed, not silently gone.
    expect(run.stdout).toContain('Suppressed by the config: SIGMA_NOT_A_RULE x1');
  });

  it('json: the report as data', async () => {
    const run = await snapshot('every-finding-json', EVERY, ['check', '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      schema: string;
      summary: { error: number; warning: number; note: number; failing: number; passed: boolean; suppressed: Record<string, number> };
      findings: { code: string; severity: string; message: string }[];
      files: { found: number; parsed: number; skipped: number; errored: number };
      regressions: { lost: { id: string }[] };
    };
    expect(report.schema).toBe('covmap/check@1');
    const { summary, findings, files } = report;
    // Counts add up: every finding is counted under its severity; nothing is dropped.
    expect(summary.error + summary.warning + summary.note).toBe(findings.length);
    expect(files.found).toBe(files.parsed + files.skipped + files.errored);
    expect(summary.failing).toBe(findings.filter((f) => f.severity === 'error').length);
    expect(report.regressions.lost.map((t) => t.id)).toEqual(['T1071.001', 'T1218.011', 'T1547.001']);
  });

  it('md: the summary alone', async () => {
    const run = await snapshot('every-finding-md', EVERY, ['check', '--format', 'md']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^## covmap check: ❌ failed/);
  });

  it('github: workflow commands, and the Markdown summary appended to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(scratch, 'step-summary.md');
    writeFileSync(summary, '# an earlier step\n');
    const run = await snapshot('every-finding-github', EVERY, ['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    for (const l of commands) expect(l).toMatch(/^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^:]+::\S/);
    // Errors first, so the 10 GitHub shows per kind are the ones that fail the run.
    const kinds = commands.map((l) => l.slice(2, l.indexOf(' ')));
    expect(kinds).toEqual([...kinds].sort((a, b) => ['error', 'warning', 'notice'].indexOf(a) - ['error', 'warning', 'notice'].indexOf(b)));
    // Besides the commands: the note that GitHub shows only 10 per kind (there are more errors), and the verdict.
    expect(lines.filter((l) => !l.startsWith('::'))).toEqual([expect.stringMatching(/^covmap: GitHub shows 10 annotations/), expect.stringMatching(/^covmap check: .* failed/)]);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# an earlier step\n## covmap check: ❌ failed')).toBe(true);
    await expect(written).toMatchFileSnapshot('__snapshots__/every-finding-github-step-summary.md');
  });

  it('github without $GITHUB_STEP_SUMMARY writes the annotations only', () => {
    const run = covmap(['check', '--format', 'github'], resolve(FIXTURES, EVERY));
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('## covmap check');
  });

  it('--fail-on never reports everything and exits 0', async () => {
    const run = await snapshot('every-finding-fail-on-never', EVERY, ['check', '--fail-on', 'never', '--format', 'md']);
    expect(run.status).toBe(0);
  });

  it('--no-baseline skips the config\'s baseline; --fail-on warning also fails on warnings', () => {
    const errorsOnly = covmap(['check', '--no-baseline', '--format', 'json'], resolve(FIXTURES, EVERY));
    const warnings = covmap(['check', '--no-baseline', '--fail-on', 'warning', '--format', 'json'], resolve(FIXTURES, EVERY));
    const a = JSON.parse(errorsOnly.stdout) as { regressions?: unknown; summary: { error: number; warning: number; failing: number } };
    const b = JSON.parse(warnings.stdout) as { summary: { error: number; warning: number; failing: number } };
    expect(a.regressions).toBeUndefined();
    expect(a.summary.failing).toBe(a.summary.error);
    expect(b.summary.failing).toBe(b.summary.error + b.summary.warning);
    expect(b.summary.warning).toBeGreaterThan(0);
    expect([errorsOnly.status, warnings.status]).toEqual([1, 1]);
  });

  it('--output writes the report atomically and says so on stderr', () => {
    const dir = copyFixture(EVERY);
    const run = covmap(['check', '--format', 'md', '--output', 'out/summary.md'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^covmap check: \d+ errors, \d+ warnings, \d+ notes; failed \(\d+ failing at --fail-on error\) \(report written to out\/summary\.md\)\n$/);
    expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toBe(covmap(['check', '--format', 'md'], dir).stdout);
  });
});

describeShared('covmap check --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, one result per finding at the offending tag', async () => {
    const run = await snapshot('every-finding-sarif', EVERY, ['check', '--format', 'sarif']);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const json = JSON.parse(covmap(['check', '--format', 'json'], resolve(FIXTURES, EVERY)).stdout) as { findings: { code: string; file: string; line: number; column: number }[] };
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn])).toEqual(
      json.findings.map((f) => [f.code, f.file, f.line, f.column]),
    );
  });
});

describe('covmap check on a healthy repository', () => {
  it('passes: exit 0', async () => {
    const run = await snapshot('clean-text', 'detection-repo-clean', ['check']);
    expect(run.status).toBe(0);
  });

  it('finds its config and baseline from a subdirectory and still matches the baseline', () => {
    const run = covmap(['check', '--format', 'json'], resolve(FIXTURES, 'detection-repo-clean/rules/windows'));
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { config: string; regressions: { lost: unknown[]; gained: unknown[] }; findings: unknown[] };
    expect(report.config).toBe('../../.covmap.yml');
    expect(report.regressions.lost).toEqual([]);
    expect(report.regressions.gained).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  it('colors only when asked and never with NO_COLOR', () => {
    const dir = resolve(FIXTURES, 'detection-repo-clean');
    // spawnSync's stdout is a pipe, never a terminal: plain unless FORCE_COLOR.
    expect(covmap(['check'], dir).stdout).not.toContain('\u001b[');
    expect(covmap(['check'], dir, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(covmap(['check'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });
});

describe('covmap baseline write', () => {
  it('writes a deterministic, sorted baseline where the config says', async () => {
    const dir = copyFixture(EVERY);
    rmSync(join(dir, '.covmap-baseline.json'));
    const run = covmap(['baseline', 'write'], dir);
    await expect(transcript(['baseline', 'write'], run, `<copy of test/fixtures/${EVERY}>`)).toMatchFileSnapshot('__snapshots__/baseline-write.txt');
    expect(run.status).toBe(0);
    const written = readFileSync(join(dir, '.covmap-baseline.json'), 'utf8');
    await expect(written).toMatchFileSnapshot('__snapshots__/baseline-write.json');
    // Same rules, same bytes; and the check against it finds no regression.
    expect(covmap(['baseline', 'write', '--output', 'again.json'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe(written);
    const check = JSON.parse(covmap(['check', '--format', 'json'], dir).stdout) as { regressions: { lost: unknown[]; reduced: unknown[]; gained: unknown[] } };
    expect(check.regressions).toMatchObject({ lost: [], reduced: [], gained: [] });
  });
});

describe('configuration and usage errors exit 2 with one line each', () => {
  it('unknown keys, with their line numbers', async () => {
    const run = await snapshot('config-unknown-keys', EVERY, ['check', '--config', '../config-unknown-keys/.covmap.yml']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^covmap: \.\.\/config-unknown-keys\/\.covmap\.yml:2:1: error CONFIG_UNKNOWN_KEY /m);
  });

  it('wrong types, found in the working directory, annotated for GitHub too', async () => {
    const summary = join(scratch, 'config-error-summary.md');
    const run = await snapshot('config-wrong-types-github', 'config-wrong-types', ['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^::error file=\.covmap\.yml,line=1,col=8,title=CONFIG_WRONG_TYPE/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## covmap check: ❌ invalid configuration\n\n`\.covmap\.yml` has 8 problems; nothing was checked\.\n\n- `\.covmap\.yml:1:8` \*\*CONFIG_WRONG_TYPE\*\* /);
  });

  it('settings that name ATT&CK things the loaded release does not have', async () => {
    const dir = copyFixture('detection-repo-clean');
    writeFileSync(
      join(dir, '.covmap.yml'),
      'rules: [rules/, detections/]\nplatforms: [Windows, Amiga]\nprofile: [APT29, Nobody At All]\nthresholds:\n  tactics:\n    credential-acess: 10\ninhouse:\n  hours: 24x7\n  colour: blue\n',
    );
    const run = covmap(['check'], dir);
    await expect(transcript(['check'], run, '<copy of test/fixtures/detection-repo-clean with a bad .covmap.yml>')).toMatchFileSnapshot('__snapshots__/config-unknown-attack-names.txt');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/CONFIG_UNKNOWN_PLATFORM/);
    expect(run.stderr).toMatch(/CONFIG_UNKNOWN_ACTOR/);
    expect(run.stderr).toMatch(/^covmap: \.covmap\.yml:1:17: error CONFIG_PATH_NOT_FOUND rules: detections\/ does not exist/m);
    expect(run.stderr).toMatch(/CONFIG_UNKNOWN_TACTIC .*did you mean "credential-access"/);
    // The inhouse section is validated by the gaps area's schema, still at lines of .covmap.yml.
    expect(run.stderr).toMatch(/^covmap: \.covmap\.yml:9:3: error SCOPE_UNKNOWN_FIELD /m);
    // In line order.
    const lines = run.stderr.split('\n').filter((l) => /:\d+:\d+: /.test(l)).map((l) => Number(/:(\d+):\d+: /.exec(l)![1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it.each([
    [['check', '--fail-on', 'sometimes'], /argument 'sometimes' is invalid/],
    [['check', '--format', 'xml'], /argument 'xml' is invalid/],
    [['check', '--baseline', 'no-such-baseline.json'], /^covmap: baseline not found: no-such-baseline\.json/],
    [['check', '--config', 'no-such-config.yml'], /^covmap: config file not found: no-such-config\.yml/],
    [['check', '--baseline', '.covmap.yml'], /^covmap: baseline \.covmap\.yml is unusable: not valid JSON/],
    [['check', 'rules/no-such-dir'], /^covmap: path not found: rules\/no-such-dir\n$/],
  ])('covmap %j', (args, message) => {
    const run = covmap(args, resolve(FIXTURES, 'detection-repo-clean'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('a hand-edited baseline with wrong shapes is one line and exit 2, never an internal error', () => {
    const dir = copyFixture('detection-repo-clean');
    const baseline = JSON.parse(readFileSync(join(dir, '.covmap-baseline.json'), 'utf8')) as { rules: Record<string, unknown> };
    const first = Object.keys(baseline.rules)[0]!;
    for (const [edit, message] of [
      [{ ...baseline, rules: { ...baseline.rules, [first]: null } }, /"rules"\.".*" must be/],
      [{ ...baseline, techniques: { ...(baseline as unknown as { techniques: object }).techniques, foo: ['x.yml'] } }, /"foo", which is not a technique ID/],
    ] as const) {
      writeFileSync(join(dir, 'edited.json'), JSON.stringify(edit, null, 2));
      const run = covmap(['check', '--baseline', 'edited.json'], dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    writeFileSync(join(dir, 'garbage.json'), 'garbage{{{\n');
    const garbage = covmap(['check', '--baseline', 'garbage.json'], dir);
    expect(garbage.stderr).toBe('covmap: baseline garbage.json is unusable: not valid JSON (syntax error at line 1, column 1)\n');
  });

  it('a directory of provider Sigma rules under scopes is read as covmap gaps reads it', () => {
    const dir = copyFixture('detection-repo-clean');
    cpSync(join(dir, 'rules/windows'), join(dir, 'provider-rules'), { recursive: true });
    writeFileSync(join(dir, '.covmap.yml'), `${readFileSync(join(dir, '.covmap.yml'), 'utf8')}\nscopes: [scopes/mdr-endpoint.yaml, provider-rules]\n`.replace(/^scopes:.*\n(?=[\s\S]*^scopes:)/m, ''));
    const run = covmap(['check', '--format', 'json'], dir);
    expect(run.stderr).not.toMatch(/EISDIR|cannot read/);
    expect(run.status).toBe(0);
  });

  it('says in words why an output cannot be written', () => {
    const dir = copyFixture('detection-repo-clean');
    writeFileSync(join(dir, 'blocker'), 'a file');
    const run = covmap(['check', '--format', 'sarif', '--output', 'blocker/covmap.sarif'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('covmap: cannot write blocker/covmap.sarif: a parent of it is a file, not a directory\n');
    const onDir = covmap(['baseline', 'write', '--output', 'rules'], dir);
    expect(onDir.stderr).toMatch(/^covmap: cannot write rules: it is a directory; give a file name\n$/);
  });

  it('a config saved in another encoding than UTF-8 is a located error, not garbled settings', () => {
    const run = covmap(['check'], resolve(FIXTURES, 'config-not-utf8'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^covmap: \.covmap\.yml:1:38: error CONFIG_NOT_UTF8 /m);
  });

  it('an invalid config in the working directory is found and rejected', () => {
    for (const fixture of ['config-invalid-yaml', 'config-not-a-mapping', 'config-unknown-finding-code']) {
      const run = covmap(['check'], resolve(FIXTURES, fixture));
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^covmap: \.covmap\.yml:\d+:\d+: error CONFIG_/m);
      expect(existsSync(resolve(FIXTURES, fixture, '.covmap-baseline.json'))).toBe(false);
    }
  });
});
