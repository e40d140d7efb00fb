// ATT&CK knowledge base: how fast the embedded catalog loads (every command pays it) and how long
// the whole `covmap attack info` process takes. Targets from issue 2: <= 30 ms and <= 300 ms.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { CatalogIndex } from '../core/attack/catalog-index.js';
import { loadCatalog, readCatalogFile } from '../cli/attack/load-catalog.js';
import { PACKAGE_ROOT } from '../cli/io/project-paths.js';
import { formatMeasurement, measureProcess } from './measure-process.js';

export async function bench(): Promise<void> {
  // An empty cache so the embedded catalog is what loads, as on a fresh install.
  const cacheRoot = mkdtempSync(join(tmpdir(), 'covmap-bench-cache-'));
  const env = { ...process.env, COVMAP_CACHE_DIR: cacheRoot };
  try {
    await loadCatalog({ cacheRoot }); // warm-up: first read pulls the file into the page cache
    const load = await sample(50, async () => {
      await loadCatalog({ cacheRoot });
    });
    console.log(`embedded enterprise-attack 18.1 catalog load (read + JSON.parse + check): median ${load.median} ms (min ${load.min}, max ${load.max}, 50 runs)  [target <= 30 ms]`);

    const catalog = await loadCatalog({ cacheRoot });
    const indexed = await sample(50, async () => {
      const index = new CatalogIndex(catalog);
      index.technique('T1059.001');
      index.current('T1002');
      index.findActors('APT28');
      index.usersOf('T1059.001');
    });
    console.log(`CatalogIndex build + first look-ups (all lazy maps): median ${indexed.median} ms (min ${indexed.min}, max ${indexed.max}, 50 runs)`);

    const cli = join(PACKAGE_ROOT, 'dist/bin/covmap.js');
    console.log(formatMeasurement(measureProcess('covmap attack info (whole process)', process.execPath, [cli, 'attack', 'info'], { runs: 10, env }), '<= 300 ms'));
    console.log(formatMeasurement(measureProcess('covmap attack info --json (whole process)', process.execPath, [cli, 'attack', 'info', '--json'], { runs: 10, env })));
    console.log(formatMeasurement(measureProcess('node -e 0 (start-up floor)', process.execPath, ['-e', '0'], { runs: 10, env })));

    const bundle = resolve(PACKAGE_ROOT, '../shared/attack/enterprise-attack-18.1.json');
    if (existsSync(bundle)) {
      const build = await sample(1, async () => {
        await readCatalogFile(bundle);
      });
      console.log(`building a catalog from enterprise-attack-18.1.json (24,772 objects, relaxed validation through the data model): ${build.median} ms (1 run)`);
      // `--attack <bundle.json>`: the first run builds and fills the bundle cache, later runs load it.
      const bundleArgs = [cli, 'attack', 'info', '--attack', bundle];
      console.log(formatMeasurement(measureProcess('covmap attack info --attack enterprise bundle, first run (build + cache write)', process.execPath, bundleArgs, { runs: 1, env })));
      console.log(formatMeasurement(measureProcess('covmap attack info --attack enterprise bundle, cached', process.execPath, bundleArgs, { runs: 5, env })));
    } else {
      console.log('building from a STIX bundle: skipped (../shared not found)');
    }
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}

async function sample(runs: number, fn: () => Promise<void>): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return { median: r(times[Math.floor(times.length / 2)]!), min: r(times[0]!), max: r(times[times.length - 1]!) };
}
