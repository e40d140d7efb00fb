// `npm run bench gaps`: whole-process wall time and peak RSS of `covmap gaps` with the SigmaHQ
// corpus as in-house rules and two providers (the example MDR scope and CTID's Azure mappings),
// with a warm and a cold rule cache, in text and JSON; and the main job on the project's rules.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMeasurement, measureProcess, measureRepeated } from './measure-process.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/bin/covmap.js');
const SHARED = resolve(process.env.COVMAP_SHARED_DIR ?? join(ROOT, '../shared'));
const CORPUS = join(SHARED, 'corpora/sigmahq-2026-04-01');
const RULE_FOLDERS = ['rules', 'rules-compliance', 'rules-dfir', 'rules-emerging-threats', 'rules-placeholder', 'rules-threat-hunting'];
const TARGET = '<= 1000 ms';

export async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'covmap-gaps-bench-'));
  const cache = join(work, 'cache');
  const env = { ...process.env, COVMAP_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1767225600' };
  try {
    console.log('(whole-process numbers on a 2-core machine shared with other work: expect noise)');
    const azure = join(SHARED, 'scopes/ctid/azure-04.26.2025_attack-16.1-enterprise.json');
    if (existsSync(CORPUS) && existsSync(azure)) {
      const args = [CLI, 'gaps', ...RULE_FOLDERS.map((f) => join(CORPUS, f)), '--scope', join(ROOT, 'data/scopes/example-mdr.yaml'), '--scope', azure];
      // Cold: the parse cache emptied before every run (a first scan of these rules: parse
      // everything, keep nothing but an empty cache file; see ScanCache).
      const cold = measureRepeated(7, () => {
        rmSync(cache, { recursive: true, force: true });
        return measureProcess('gaps, SigmaHQ 3,721 rule files vs example-mdr.yaml + CTID Azure, text, cold cache', process.execPath, args, { runs: 1, cwd: ROOT, env });
      });
      console.log(formatMeasurement(cold, TARGET));
      const label = 'gaps, SigmaHQ 3,721 rule files vs example-mdr.yaml + CTID Azure';
      // After a first scan, the second fills the cache.
      measureProcess('fill the rule cache', process.execPath, args, { runs: 1, cwd: ROOT, env });
      console.log(formatMeasurement(measureProcess(`${label}, text, warm cache`, process.execPath, args, { runs: 5, cwd: ROOT, env }), TARGET));
      console.log(formatMeasurement(measureProcess(`${label}, JSON (7 MB), warm cache`, process.execPath, [...args, '--format', 'json'], { runs: 5, cwd: ROOT, env })));
      console.log(formatMeasurement(measureProcess(`${label}, text, --no-cache`, process.execPath, [...args, '--no-cache'], { runs: 3, cwd: ROOT, env })));
      const profile = [...args, '--profile', 'APT29', '--soc-hours', 'Mon-Fri 08:00-18:00 Europe/Amsterdam', '--layers', join(work, 'layers')];
      console.log(formatMeasurement(measureProcess(`${label}, + profile, SOC hours, layers, warm cache`, process.execPath, profile, { runs: 5, cwd: ROOT, env })));
    } else {
      console.log(`corpus: skipped, ${CORPUS} or the CTID files not found`);
    }
    const main = [
      CLI,
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
      '--output',
      join(work, 'out/gaps.md'),
      '--output',
      join(work, 'out/gaps.json'),
      '--layers',
      join(work, 'out/layers'),
    ];
    // The first scan of rules/ leaves an empty cache file, the second fills it.
    measureProcess('fill the rule cache', process.execPath, main, { runs: 2, cwd: ROOT, env });
    console.log(formatMeasurement(measureProcess('main job: gaps rules/ vs example-mdr.yaml, profile, SOC hours, md + json + layers', process.execPath, main, { runs: 5, cwd: ROOT, env })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
