import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GapReport } from '../../core/gaps/gap-report.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/bin/covmap.js');
const BAD = 'test/fixtures/scope-bad-inputs';
const work = mkdtempSync(join(tmpdir(), 'covmap-gaps-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the built CLI from the project root, with a private cache and a fixed reference year. */
function covmap(args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, COVMAP_CACHE_DIR: join(work, 'cache'), SOURCE_DATE_EPOCH: '1767225600', NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MAIN_JOB = [
  'gaps',
  'rules',
  '--scope',
  'data/scopes/example-mdr.yaml',
  '--soc-hours',
  'Mon-Fri 08:00-18:00 Europe/Amsterdam',
  '--inhouse-platform',
  'Windows,Linux,macOS,IaaS,Identity Provider,Office Suite,SaaS',
  '--profile',
  'Scattered Spider',
];

describe('covmap gaps (built CLI)', () => {
  it('the main job writes every format and the layers, and prints a summary with where they went', () => {
    const out = join(work, 'main');
    const r = covmap([...MAIN_JOB, '--output', `${out}/gaps.json`, '--output', `${out}/gaps.md`, '--output', `${out}/gaps.csv`, '--output', `${out}/gaps.txt`, '--layers', `${out}/layers`]);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${out}/gaps.json (json)`);
    expect(r.stdout).toContain(`${out}/layers/`);

    const report = JSON.parse(readFileSync(`${out}/gaps.json`, 'utf8')) as GapReport;
    expect(report.schema).toBe('covmap/gaps@1');
    expect(report.sources.map((s) => s.id)).toEqual(['inhouse', 'northwind-mdr']);
    expect(report.sources[0]).toMatchObject({ schedule: 'Mon-Fri 08:00-18:00 Europe/Amsterdam', hoursPerWeek: 45, hoursDeclared: true });
    expect(report.profile?.resolved).toEqual([{ id: 'G1015', name: 'Scattered Spider', type: 'group' }]);
    expect(report.hours.year).toBe(2026);
    const s = report.summary;
    expect(s.both + s.inhouse_only + s.provider_only + s.neither).toBe(s.universe);

    const csv = readFileSync(`${out}/gaps.csv`, 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(s.universe + 1);
    expect(csv[0]!.split(',')).toContain('northwind-mdr_state');
    expect(readFileSync(`${out}/gaps.md`, 'utf8')).toMatch(/^# Detection coverage gaps/);
    expect(readFileSync(`${out}/gaps.txt`, 'utf8')).toMatch(/^covmap gaps: ATT&CK enterprise-attack 18\.1/);

    expect(readdirSync(`${out}/layers`).sort()).toEqual(['comparison.json', 'source-inhouse.json', 'source-northwind-mdr.json']);
    const comparison = JSON.parse(readFileSync(`${out}/layers/comparison.json`, 'utf8')) as {
      versions: { layer: string };
      domain: string;
      techniques: { techniqueID: string; color: string }[];
      legendItems: { label: string; color: string }[];
    };
    expect(comparison.versions.layer).toBe('4.5');
    expect(comparison.domain).toBe('enterprise-attack');
    expect(comparison.techniques).toHaveLength(s.universe);
    // Okabe-Ito colours, one per state.
    expect(comparison.legendItems.map((l) => l.color)).toEqual(['#009E73', '#56B4E9', '#E69F00', '#D55E00']);
    const colours = new Map(comparison.legendItems.map((l, i) => [l.color, ['both', 'inhouse-only', 'provider-only', 'neither'][i]]));
    const states = new Map(report.techniques.map((t) => [t.id, t.state]));
    for (const t of comparison.techniques) expect(colours.get(t.color)).toBe(states.get(t.techniqueID));
  });

  it('is byte-identical run to run', () => {
    const a = covmap([...MAIN_JOB, '--format', 'json']);
    const b = covmap([...MAIN_JOB, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).schema).toBe('covmap/gaps@1');
  });

  it('reports input problems at file:line:col on standard error and exits 1, still writing the report', () => {
    const r = covmap(['gaps', 'rules', '--scope', `${BAD}/duplicate-entries.yaml`, '--scope', `${BAD}/layer-wrong-types.json`, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${BAD}/duplicate-entries\\.yaml:\\d+:\\d+: error SCOPE_CONFLICTING_ENTRIES `, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^${BAD}/layer-wrong-types\\.json:\\d+:\\d+: error SCOPE_WRONG_TYPE `, 'm'));
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.sources.map((x) => x.id)).toEqual(['inhouse', 'duplicates-mdr', 'hand-edited-layer']);
  });

  it('names the rule behind an exit status of 1, and the rules\' warnings, on standard error', () => {
    const dir = join(work, 'rules-with-a-broken-one');
    rmSync(dir, { recursive: true, force: true });
    spawnSync('cp', ['-r', join(ROOT, 'rules/windows'), dir]);
    writeFileSync(join(dir, 'broken.yml'), 'title: broken\n  detection: [\n');
    const r = covmap(['gaps', dir, '--scope', 'data/scopes/example-mdr.yaml', '--output', join(work, 'broken-gaps.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${dir}/broken\\.yml:\\d+:\\d+: error YAML_SYNTAX `, 'm'));
    // The deliberately stale tags of the sample rules are shown, as the main job promises.
    expect(r.stderr).toMatch(/^\S+posh_script_block_download_cradle\.yaml:\d+:\d+: warning ATTACK_TAG_REVOKED /m);
    const report = JSON.parse(readFileSync(join(work, 'broken-gaps.json'), 'utf8')) as GapReport;
    const shown = r.stderr.split('\n').filter((l) => / (error|warning) [A-Z_]+ /.test(l) && !/SCOPE_|GAPS_/.test(l));
    expect(shown).toHaveLength(report.diagnostics.filter((d) => !/^(SCOPE|GAPS)_/.test(d.code) && d.severity !== 'note').length);
  });

  it('a scope file that is not UTF-8 is a located error, and the report is still written', () => {
    const r = covmap(['gaps', 'rules', '--scope', `${BAD}/latin1-provider-name.yaml`, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${BAD}/latin1-provider-name\\.yaml:4:10: error SCOPE_FILE_NOT_UTF8 `, 'm'));
    expect((JSON.parse(r.stdout) as GapReport).sources[1]).toMatchObject({ usable: false });
  });

  it('never prints a control character from a hostile provider name or rule title', () => {
    const dir = join(work, 'hostile-text');
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', join(dir, 'rules')]);
    const scope = readFileSync(join(ROOT, 'data/scopes/example-mdr.yaml'), 'utf8')
      .replace('name: Northwind Managed Detection', 'name: "Evil \\e[31mRED\\e[0m | <script>x</script>\\nforged"')
      .replace('id: northwind-mdr', 'id: evil');
    writeFileSync(join(dir, 'scope.yaml'), scope);
    writeFileSync(join(dir, 'rules', 'esc.yml'), readFileSync(join(ROOT, 'rules/windows/proc_creation_encoded_powershell.yml'), 'utf8').replace(/^title: .*$/m, 'title: "Title \\e]8;;http://x\\e\\\\ \\u202e"').replace(/attack\.t1027\.010/, 'attack.t1027.999'));
    for (const format of ['text', 'md', 'csv']) {
      const r = covmap(['gaps', join(dir, 'rules'), '--scope', join(dir, 'scope.yaml'), '--format', format]);
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202e]/);
      expect((r.stdout + r.stderr).split('\n').some((l) => l.startsWith('forged'))).toBe(false);
    }
  });

  it('an unusable scope is listed and left out of the comparison', () => {
    const r = covmap(['gaps', 'rules', '--scope', `${BAD}/other-domain.yaml`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.sources[1]).toMatchObject({ id: 'mobile-mdr', usable: false });
    expect(report.providers).toEqual({});
    expect(report.summary.provider_only + report.summary.both).toBe(0);
  });

  it('reads a directory of provider Sigma rules exactly as covmap scan reads ours', () => {
    const r = covmap(['gaps', 'rules/linux', '--scope', 'rules/windows', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.sources[1]).toMatchObject({ id: 'windows', kind: 'sigma', hoursDeclared: false });
    const viaScan = JSON.parse(covmap(['scan', 'rules/windows', '--format', 'json']).stdout) as { techniques: { id: string; rules: string[] }[] };
    const direct = new Set(viaScan.techniques.filter((t) => t.rules.length > 0).map((t) => t.id));
    const covered = report.techniques.filter((t) => t.sources.windows?.covered).map((t) => t.id);
    expect(covered.length).toBeGreaterThan(0);
    for (const id of covered) expect(direct.has(id)).toBe(true);
  });

  it('takes a DeTT&CT file for the in-house side', () => {
    const r = covmap(['gaps', '--inhouse', `${BAD}/dettect-latest-scores.yaml`, '--scope', 'data/scopes/example-mdr.yaml', '--format', 'json']);
    expect(r.code).toBe(1); // the fixture has one malformed score
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.sources[0]).toMatchObject({ id: 'inhouse', kind: 'dettect' });
    expect(report.techniques.filter((t) => t.sources.inhouse!.covered).map((t) => t.id)).toEqual(['T1055', 'T1059.001', 'T1569.002']);
  });

  it('uses the inhouse section of .covmap.yml when no flag gives a profile', () => {
    const dir = join(work, 'repo');
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', join(dir, '.git')]);
    writeFileSync(
      join(dir, '.covmap.yml'),
      ['rules: [rules]', 'scopes: [scope.yaml]', 'inhouse:', '  hours: Mon-Fri 09:00-17:00 UTC', '  platforms: [Windows]', ''].join('\n'),
    );
    spawnSync('cp', ['-r', join(ROOT, 'rules'), join(dir, 'rules')]);
    spawnSync('cp', [join(ROOT, 'data/scopes/example-mdr.yaml'), join(dir, 'scope.yaml')]);
    const r = covmap(['gaps', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.sources[0]).toMatchObject({ schedule: 'Mon-Fri 09:00-17:00 UTC', hoursPerWeek: 40, platforms: ['Windows'] });
    expect(report.sources[1]!.inputs).toEqual(['scope.yaml']);
  });

  it('writes Markdown and CSV to standard output', () => {
    const md = covmap([...MAIN_JOB, '--format', 'md', '--top', '5']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| Tactic | Universe |');
    expect(md.stdout.match(/^\| [1-5] \| T\d{4}/gm)).toHaveLength(5);
    const csv = covmap([...MAIN_JOB, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^id,name,parent,tactics,/);
  });

  describe('usage errors: one line, exit 2, no stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['no scope', ['gaps', 'rules'], /--scope/],
      ['no in-house input', ['gaps', '--scope', 'data/scopes/example-mdr.yaml'], /in-house/],
      ['missing scope file', ['gaps', 'rules', '--scope', 'nope.yaml'], /--scope nope\.yaml: no such file/],
      ['unknown profile, with a suggestion', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--profile', 'Scatered Spider'], /did you mean "Scattered Spider"/],
      ['unknown platform', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--platform', 'Amiga'], /unknown platform "Amiga"/],
      ['bad SOC hours', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--soc-hours', 'Mon-Fri 08:00-18:00'], /SCOPE_INVALID_HOURS/],
      ['bad logsource flag', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--inhouse-logsource', 'windows'], /--inhouse-logsource "windows"/],
      ['bad --top', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--top', 'many'], /--top/],
      ['bad --format', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--format', 'xml'], /format/],
      // The rules are scanned while the catalog loads: its failure must not crash the scan.
      ['unknown ATT&CK release', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--attack', '99.9'], /^covmap: --attack 99\.9: error ATTACK_VERSION_UNKNOWN [^\n]*\n$/],
      ['not an ATT&CK bundle', ['gaps', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--attack', 'package.json'], /^covmap: package\.json: error ATTACK_BUNDLE_NOT_STIX [^\n]*\n$/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const r = covmap(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe('');
      });
    }
  });

  it('never leaves a partial output file behind when it cannot write', () => {
    const blocker = join(work, 'blocker');
    writeFileSync(blocker, 'a file, not a directory');
    const r = covmap([...MAIN_JOB, '--output', join(blocker, 'gaps.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`covmap: cannot write ${join(blocker, 'gaps.json')}: a parent of it is a file, not a directory\n`);
    expect(existsSync(join(blocker, 'gaps.json'))).toBe(false);
  });
});
