import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

export const CLI = resolve(PROJECT_ROOT, 'dist/bin/covmap.js');
export const ARTIFACTS = resolve(PROJECT_ROOT, 'test-artifacts/web');

/**
 * The browser tests' inputs: real Sigma rules and real provider scopes, through the real
 * `covmap gaps` and `covmap report` (paths relative to the project root, where the CLI runs).
 */
export const FIXTURES = {
  // Hostile titles, provider name and evidence; Windows and Linux only; APT29 as the profile.
  'web-hostile-inputs': [
    'test/fixtures/web-hostile-inputs/rules',
    '--scope',
    'test/fixtures/web-hostile-inputs/scope.yaml',
    '--platform',
    'Windows,Linux',
    '--profile',
    'APT29',
    '--soc-hours',
    'Mon-Fri 08:00-18:00 UTC',
  ],
  // The full enterprise matrix against a 24x7 endpoint MDR and an office-hours cloud MSSP.
  'web-two-providers': [
    'test/fixtures/web-two-providers/rules',
    '--scope',
    'test/fixtures/web-two-providers/acme-mdr.yaml',
    '--scope',
    'test/fixtures/web-two-providers/cloudwatch-mssp.yaml',
    '--soc-hours',
    'Mon-Fri 08:00-18:00 UTC',
  ],
} as const;
export type FixtureName = keyof typeof FIXTURES;

export function runCli(args: readonly string[], options: { cwd?: string } = {}) {
  if (!existsSync(CLI) || !existsSync(resolve(PROJECT_ROOT, 'dist/web/covmap-view.js'))) {
    throw new Error('build first: npm run build (tsc and the vite web bundle)');
  }
  return spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT_ROOT, encoding: 'utf8' });
}

/** The fixture's gap report as JSON (`covmap gaps`) and its HTML report (`covmap report`). */
export async function writeFixtureReport(name: FixtureName, dir: string): Promise<{ report: GapReport; json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const html = join(dir, `${name}.html`);
  const gaps = runCli(['gaps', ...FIXTURES[name], '--format', 'json', '--output', json]);
  if (gaps.status !== 0) throw new Error(`covmap gaps failed (${gaps.status}): ${gaps.stderr}`);
  const report = runCli(['report', ...FIXTURES[name], '--html', html]);
  if (report.status !== 0) throw new Error(`covmap report failed (${report.status}): ${report.stderr}`);
  return { report: JSON.parse(await readFile(json, 'utf8')) as GapReport, json, html };
}
