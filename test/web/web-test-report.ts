import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';
import { buildFixtureGapReport, loadScenario } from './fixture-gap-report.js';

export const CLI = resolve(PROJECT_ROOT, 'dist/cli/covmap.js');
export const ARTIFACTS = resolve(PROJECT_ROOT, 'test-artifacts/web');

export function runCli(args: readonly string[], options: { cwd?: string } = {}) {
  if (!existsSync(CLI) || !existsSync(resolve(PROJECT_ROOT, 'dist/web/covmap-view.js'))) {
    throw new Error('build first: npm run build (tsc and the vite web bundle)');
  }
  return spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT_ROOT, encoding: 'utf8' });
}

/** Writes the scenario's gap report as JSON and its HTML report through the real CLI. */
export async function writeScenarioReport(scenario: string, dir: string): Promise<{ report: GapReport; json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const report = buildFixtureGapReport(loadScenario(scenario));
  const json = join(dir, `${scenario}.json`);
  const html = join(dir, `${scenario}.html`);
  await writeFile(json, JSON.stringify(report, null, 2));
  const result = runCli(['report', '--from-json', json, '--html', html]);
  if (result.status !== 0) throw new Error(`covmap report failed (${result.status}): ${result.stderr}`);
  return { report, json, html };
}
