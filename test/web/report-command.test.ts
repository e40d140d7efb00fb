import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeFixtureReport } from './web-test-report.js';

describe('covmap report --html', () => {
  let dir: string;
  let json: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covmap-report-'));
    // A real `covmap gaps` report, which has no matrix section of its own.
    ({ json } = await writeFixtureReport('web-hostile-inputs', dir));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one self-contained file, byte-identical on every run', async () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'nested/b.html');
    const first = runCli(['report', '--from-json', json, '--html', a]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^covmap report: wrote .*a\.html \(\d+ KiB, 505 techniques, 2 sources\)\n$/);
    expect(runCli(['report', '--from-json', json, '--html', b]).status).toBe(0);
    const html = await readFile(a, 'utf8');
    // The origin shown in the page is the input's name, the same for both outputs.
    expect(await readFile(b, 'utf8')).toBe(html);
    // Nothing to fetch: no src or href attributes, no external URLs outside the data.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]*\s(src|href)=/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data: blob:/);
    // The hostile titles are only present escaped.
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // The matrix section was added from the embedded catalog (group names for the panel).
    const data = JSON.parse(html.slice(html.indexOf('>', html.indexOf('id="covmap-data"')) + 1, html.indexOf('</script>')));
    expect(data.matrix.actors.G0016.name).toBe('APT29');
    expect(data.matrix.tactics).toHaveLength(14);
    // Rules keep only what the page shows.
    expect(Object.keys(data.rules[0]).sort()).toEqual(['key', 'level', 'line', 'status', 'title']);
    expect(data.techniques.find((t: { id: string }) => t.id === 'T1059.001').sources.inhouse.ruleRefs).toHaveLength(2);
  });

  it('fails with one line and exit 2 on bad input', async () => {
    const scan = join(dir, 'scan.json');
    await writeFile(scan, JSON.stringify({ schema: 'covmap/scan@1' }));
    // Hand-edited or truncated reports: the first bad entry is named, never an internal error.
    const envelope = { schema: 'covmap/gaps@1', attack: { domain: 'enterprise-attack', version: '18.1' }, sources: [{ id: 'inhouse' }] };
    const broken = async (name: string, body: unknown) => {
      const path = join(dir, name);
      await writeFile(path, typeof body === 'string' ? body : JSON.stringify(body));
      return path;
    };
    const nullTechnique = await broken('null-technique.json', { ...envelope, techniques: [null] });
    const noSources = await broken('no-sources.json', { ...envelope, techniques: [{ id: 'T1059' }] });
    const nullRule = await broken('null-rule.json', { ...envelope, techniques: [], rules: [null] });
    const badDiagnostic = await broken('bad-diagnostic.json', { ...envelope, techniques: [], diagnostics: [{ code: 'X', severity: 'fatal' }] });
    const truncated = await broken('truncated.json', '{"schema": "covmap/gaps@1",\n  "techniques": [');
    const cases: [string[], RegExp][] = [
      [['report', '--from-json', json], /required option '--html <file>'/],
      [['report', '--from-json', join(dir, 'missing.json'), '--html', join(dir, 'x.html')], /^covmap: cannot read .*missing\.json: no such file\n$/],
      [['report', '--from-json', nullTechnique, '--html', join(dir, 'x.html')], /^covmap: .*null-technique\.json is not a usable covmap gaps report: techniques\[0\] must be an object with a string "id"\n$/],
      [['report', '--from-json', noSources, '--html', join(dir, 'x.html')], /^covmap: .*no-sources\.json is not a usable covmap gaps report: techniques\[0\]\.sources must be /],
      [['report', '--from-json', nullRule, '--html', join(dir, 'x.html')], /^covmap: .*null-rule\.json is not a usable covmap gaps report: rules\[0\] /],
      [['report', '--from-json', badDiagnostic, '--html', join(dir, 'x.html')], /^covmap: .*bad-diagnostic\.json is not a usable covmap gaps report: diagnostics\[0\] needs a severity/],
      [['report', '--from-json', truncated, '--html', join(dir, 'x.html')], /^covmap: .*truncated\.json is not JSON \(syntax error at line 2, column 18\)\n$/],
      [['view', truncated], /^covmap: .*truncated\.json is not JSON \(syntax error at line 2, column 18\)\n$/],
      [['report', '--from-json', scan, '--html', join(dir, 'x.html')], /^covmap: .*scan\.json is not a covmap gaps report \(schema "covmap\/scan@1"\)/],
      [['report', 'rules/', '--from-json', json, '--html', join(dir, 'x.html')], /^covmap: give either rule paths .* or --from-json/],
      // Computing takes the gaps command's inputs, and its usage errors.
      [['report', 'rules', '--html', join(dir, 'x.html')], /^covmap: give at least one provider scope with --scope FILE/],
      [['report', 'rules', '--scope', 'data/scopes/example-mdr.yaml', '--platform', 'Amiga', '--html', join(dir, 'x.html')], /^covmap: unknown platform "Amiga"/],
      [['report', '--from-json', json, '--html', join(json, 'x.html')], /^covmap: cannot write .*x\.html: a parent of it is a file, not a directory\n$/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toMatch(/internal error/);
    }
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
