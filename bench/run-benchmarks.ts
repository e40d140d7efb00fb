// `npm run bench`: runs every area's benchmark in turn and prints the machine's numbers.
// Each area keeps its own bench/<area>-bench.ts exporting `bench(): Promise<void>`.
import { cpus, totalmem } from 'node:os';

const areas = ['attack', 'scan', 'gaps', 'check', 'web'] as const;

console.log(`covmap benchmarks on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
const only = process.argv.slice(2);
for (const area of areas) {
  if (only.length > 0 && !only.includes(area)) continue;
  let mod: { bench: () => Promise<void> };
  try {
    mod = (await import(`./${area}-bench.js`)) as { bench: () => Promise<void> };
  } catch (error) {
    console.log(`\n## ${area}: no benchmark (${(error as Error).message.split('\n')[0]})`);
    continue;
  }
  console.log(`\n## ${area}`);
  await mod.bench();
}
