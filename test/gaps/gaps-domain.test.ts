import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapReport } from '../../core/gaps/gap-report.js';

// `covmap gaps --domain` (and `covmap report`, which takes the input flags of gaps): in-house and
// provider rules mapped against another ATT&CK domain's embedded catalog.

const CLI = resolve(import.meta.dirname, '../../dist/bin/covmap.js');
const rule = (title: string, ...tags: string[]) => `title: ${title}\nlogsource: {product: plc}\ndetection: {s: {a: 1}, condition: s}\ntags: [${tags.join(', ')}]\n`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'covmap-gaps-domain-'));
  mkdirSync(join(work, 'rules'));
  mkdirSync(join(work, 'provider'));
  writeFileSync(join(work, 'rules/remote_services.yml'), rule('Remote services', 'attack.t0886'));
  writeFileSync(join(work, 'provider/ics_rules.yml'), rule('Provider', 'attack.t0886', 'attack.t0807'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function covmap(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, COVMAP_CACHE_DIR: join(work, 'cache'), SOURCE_DATE_EPOCH: '1767225600' }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('covmap gaps --domain', () => {
  it('compares against the embedded catalog of that domain', () => {
    const r = covmap(['gaps', 'rules', '--scope', 'provider', '--domain', 'ics-attack', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as GapReport;
    expect(report.attack).toMatchObject({ domain: 'ics-attack', version: '18.1' });
    expect(report.summary).toMatchObject({ both: 1, provider_only: 1 });
    expect(report.techniques.find((t) => t.id === 'T0807')).toBeDefined();
  });

  it('without it, the same ICS tags are unknown in enterprise ATT&CK (exit 1)', () => {
    const r = covmap(['gaps', 'rules', '--scope', 'provider', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as GapReport).attack.domain).toBe('enterprise-attack');
    expect(r.stderr).toMatch(/ATTACK_TAG_UNKNOWN/);
  });

  it('refuses an unknown domain with exit 2', () => {
    const r = covmap(['gaps', 'rules', '--scope', 'provider', '--domain', 'pre-attack']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--domain.*enterprise-attack, mobile-attack, ics-attack/);
  });

  it('covmap report takes it too', () => {
    const r = covmap(['report', 'rules', '--scope', 'provider', '--domain', 'ics', '--html', 'out/report.html']);
    expect(r.code).toBe(0);
    const html = readFileSync(join(work, 'out/report.html'), 'utf8');
    expect(html).toContain('ics-attack');
    expect(html).not.toContain('enterprise-attack');
  });
});
