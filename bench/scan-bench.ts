// `npm run bench scan`: whole-process wall time and peak RSS of `covmap scan --layer`, on the
// SigmaHQ corpus (first and second scan from an empty parse cache, then a warm one) and on a
// synthetic repository of up to 50,000 rules (to show the cost per rule stays flat as the
// repository grows).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMeasurement, measureProcess, medianOf, type ProcessMeasurement } from './measure-process.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/bin/covmap.js');
const SHARED = resolve(process.env.COVMAP_SHARED_DIR ?? join(ROOT, '../shared'));
const CORPUS = join(SHARED, 'corpora/sigmahq-2026-04-01');
const RULE_FOLDERS = ['rules', 'rules-compliance', 'rules-dfir', 'rules-emerging-threats', 'rules-placeholder', 'rules-threat-hunting'];

export async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'covmap-scan-bench-'));
  try {
    console.log('(whole-process numbers on a 2-core machine shared with other work: expect noise; sigma-cli reference: 12.4 s, 167 MiB for count over the 3,715 .yml rules)');
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (existsSync(CORPUS)) corpusBench(work);
    else console.log(`corpus: skipped, ${CORPUS} not found`);
    syntheticBench(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function corpusBench(work: string): void {
  const layer = join(work, 'layer.json');
  // One pattern for all folders: rules-dfir holds no .yml file, and a pattern of its own would be
  // a GLOB_NO_MATCH error (exit 1), as a mistyped pattern in CI should be.
  const yml = [`{${RULE_FOLDERS.join(',')}}/**/*.yml`];
  const cases: [string, string[]][] = [
    ['3,715 .yml rules (as sigma-cli)', yml],
    ['3,721 rules* files (.yml + .yaml)', RULE_FOLDERS],
  ];
  const setups = cases.map(([label, paths]) => {
    const cache = join(work, `cache-${label.length}`);
    return { label, args: [CLI, 'scan', ...paths, '--layer', layer], cache, env: { ...process.env, COVMAP_CACHE_DIR: cache } };
  });
  // Cold: an empty cache directory before every first scan, which parses everything and leaves
  // an empty cache file; the second scan parses everything again and fills the cache (see
  // ScanCache). Nine runs of each case, interleaved (one of each in turn): cold runs vary most on
  // a shared machine, and measured one case after the other, the case measured first (right after
  // the build) came out slower than the same runs later in the bench.
  const first = setups.map(() => [] as ProcessMeasurement[]);
  const second = setups.map(() => [] as ProcessMeasurement[]);
  for (let round = 0; round < 9; round++) {
    setups.forEach((s, i) => {
      rmSync(s.cache, { recursive: true, force: true });
      first[i]!.push(measureProcess(`scan ${s.label}, cold cache (first scan)`, process.execPath, s.args, { runs: 1, cwd: CORPUS, env: s.env }));
      second[i]!.push(measureProcess(`scan ${s.label}, cold cache (second scan, fills the cache)`, process.execPath, s.args, { runs: 1, cwd: CORPUS, env: s.env }));
    });
  }
  setups.forEach((s, i) => {
    console.log(formatMeasurement(medianOf(first[i]!), '<= 500 ms, <= 150 MiB'));
    console.log(formatMeasurement(medianOf(second[i]!), '<= 500 ms, <= 150 MiB'));
    console.log(formatMeasurement(measureProcess(`scan ${s.label}, --no-cache`, process.execPath, [...s.args, '--no-cache'], { runs: 5, cwd: CORPUS, env: s.env }), '<= 500 ms, <= 150 MiB'));
    console.log(formatMeasurement(measureProcess(`scan ${s.label}, warm cache`, process.execPath, s.args, { runs: 5, cwd: CORPUS, env: s.env }), '<= 500 ms, <= 150 MiB'));
  });
  // Cold runs of the rules* case under other conditions, each against the same cold default run
  // measured again, interleaved (a run of each in turn), so that the machine's drift over the
  // bench hits both sides alike.
  const coldArgs = [CLI, 'scan', ...RULE_FOLDERS, '--layer', layer];
  const variants: { label: string; node?: string[]; env?: NodeJS.ProcessEnv }[] = [
    // covmap lowers V8's inlining budget for itself (cli/limit-inlining.ts); this is V8's default.
    { label: "V8's default inlining budget (node --max-inlined-bytecode-size-cumulative=920)", node: ['--max-inlined-bytecode-size-cumulative=920'] },
    // V8 runs its compiler and garbage-collector helpers on a pool of 4 threads whatever the core
    // count; on 2 cores they preempt the parsing thread. Only a start-up flag sets the pool size,
    // so this is what a user can choose (NODE_OPTIONS), not what covmap does by itself.
    { label: 'NODE_OPTIONS=--v8-pool-size=1', env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --v8-pool-size=1`.trim() } },
  ];
  // Node reads every certificate of NODE_EXTRA_CA_CERTS at start-up, before any of covmap's code
  // runs; where it is set (as on this machine), every covmap process pays for it.
  if (process.env.NODE_EXTRA_CA_CERTS) variants.push({ label: 'NODE_EXTRA_CA_CERTS unset', env: { NODE_EXTRA_CA_CERTS: undefined } });
  const variantCache = join(work, 'cache-variant');
  // One cold run; `extra` sets environment variables, or removes those it gives as undefined.
  const run = (label: string, node: readonly string[], extra: NodeJS.ProcessEnv) => {
    rmSync(variantCache, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, COVMAP_CACHE_DIR: variantCache };
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return measureProcess(label, process.execPath, [...node, ...coldArgs], { runs: 1, cwd: CORPUS, env });
  };
  for (const variant of variants) {
    const pairs = Array.from({ length: 9 }, () => [
      run('scan rules*, cold cache, as is', [], {}),
      run(`scan rules*, cold cache, ${variant.label}`, variant.node ?? [], variant.env ?? {}),
    ]);
    console.log(formatMeasurement(medianOf(pairs.map((p) => p[0]!)), '<= 500 ms, <= 150 MiB'));
    console.log(formatMeasurement(medianOf(pairs.map((p) => p[1]!)), '<= 500 ms, <= 150 MiB'));
  }
  // The default parses on one thread below 4 cores; this shows what a second parsing thread does.
  for (const jobs of ['1', '2']) {
    const m = measureProcess(`scan rules*, --no-cache --jobs ${jobs} (${jobs === '1' ? 'one thread' : 'main thread + 1 parser thread'}, for comparison)`, process.execPath, [CLI, 'scan', ...RULE_FOLDERS, '--layer', layer, '--no-cache', '--jobs', jobs], { runs: 5, cwd: CORPUS });
    console.log(formatMeasurement(m));
  }
  console.log(`load average at end of corpus runs: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

/**
 * A synthetic repository in four parts (5k, 5k, 15k, 25k rules); scanning 1, 2, 3 and 4 parts
 * measures 5k, 10k, 25k and 50k rules without generating anything twice.
 */
function syntheticBench(work: string): void {
  const repo = join(work, 'synthetic');
  const parts: [string, number][] = [['a', 5_000], ['b', 5_000], ['c', 15_000], ['d', 25_000]];
  let n = 0;
  for (const [part, count] of parts) {
    for (let i = 0; i < count; i++, n++) {
      const dir = join(repo, part, String(Math.floor(i / 500)).padStart(3, '0'));
      if (i % 500 === 0) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `rule_${String(n).padStart(6, '0')}.yml`), syntheticRule(n));
    }
  }
  const layer = join(work, 'synthetic-layer.json');
  let first: number | undefined;
  let total = 0;
  let previous: { rules: number; ms: number } | undefined;
  for (let k = 1; k <= parts.length; k++) {
    total += parts[k - 1]![1];
    const m = measureProcess(`synthetic ${total.toLocaleString('en-US')} rules, --no-cache`, process.execPath, [CLI, 'scan', ...parts.slice(0, k).map(([p]) => p), '--layer', layer, '--no-cache'], { runs: 1, cwd: repo });
    const perRule = m.medianMs / total;
    first ??= perRule;
    // The cost of the rules added since the previous size: start-up excluded, it shows whether
    // a rule costs more in a bigger repository (it should not).
    const marginal = previous ? ` (the ${(total - previous.rules).toLocaleString('en-US')} rules added: ${((m.medianMs - previous.ms) / (total - previous.rules)).toFixed(3)} ms/rule)` : '';
    console.log(`${formatMeasurement(m)}; ${perRule.toFixed(3)} ms/rule (${(perRule / first).toFixed(2)}x the 5k cost per rule)${marginal}`);
    previous = { rules: total, ms: m.medianMs };
  }
  const warmEnv = { ...process.env, COVMAP_CACHE_DIR: join(work, 'synthetic-cache') };
  const args = [CLI, 'scan', ...parts.map(([p]) => p), '--layer', layer];
  // The first scan leaves an empty cache file, the second fills it.
  measureProcess('fill cache', process.execPath, args, { runs: 2, cwd: repo, env: warmEnv });
  const warm = measureProcess('synthetic 50,000 rules, warm cache', process.execPath, args, { runs: 1, cwd: repo, env: warmEnv });
  console.log(`${formatMeasurement(warm)}; ${(warm.medianMs / total).toFixed(3)} ms/rule`);
}

const TACTIC_TECHNIQUES: readonly [string, readonly string[]][] = [
  ['execution', ['t1059', 't1059.001', 't1059.003', 't1047', 't1053.005', 't1204.002']],
  ['persistence', ['t1543.003', 't1547.001', 't1136.001', 't1053.005', 't1505.003']],
  ['defense-evasion', ['t1218.011', 't1027', 't1070.001', 't1112', 't1562.001', 't1036.005']],
  ['credential-access', ['t1003.001', 't1003.002', 't1110.003', 't1558.003', 't1552.001']],
  ['discovery', ['t1033', 't1087.002', 't1082', 't1018', 't1069.002']],
  ['lateral-movement', ['t1021.001', 't1021.002', 't1570', 't1021.006']],
  ['command-and-control', ['t1105', 't1071.001', 't1090', 't1572']],
];
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const STATUSES = ['experimental', 'test', 'stable'];

/** A realistic rule (about 1 KiB, like SigmaHQ's), varied deterministically by its number. */
function syntheticRule(n: number): string {
  const [tactic, techniques] = TACTIC_TECHNIQUES[n % TACTIC_TECHNIQUES.length]!;
  const technique = techniques[(n >> 3) % techniques.length]!;
  const hex = n.toString(16).padStart(12, '0');
  return `title: Synthetic Detection ${n} Of Suspicious ${tactic.replace(/-/g, ' ')} Activity
id: 5e7c1a2b-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-0000000${hex.slice(10)}00000
status: ${STATUSES[n % STATUSES.length]}
description: |
    Detects a synthetic pattern number ${n}, generated for covmap's benchmark so that the
    repository is large but shaped like a real one (metadata, detection, false positives).
references:
    - https://example.org/research/${n}
author: covmap benchmark
date: 2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}
tags:
    - attack.${tactic}
    - attack.${technique}
logsource:
    category: process_creation
    product: windows
detection:
    selection_img:
        - Image|endswith: '\\\\tool${n % 97}.exe'
        - OriginalFileName: 'tool${n % 97}.exe'
    selection_cli:
        CommandLine|contains|all:
            - ' -flag${n % 13} '
            - '/opt:${n}'
    filter_main:
        ParentImage|startswith: 'C:\\\\Program Files\\\\'
    condition: all of selection_* and not 1 of filter_*
falsepositives:
    - Administrative scripts
level: ${LEVELS[n % LEVELS.length]}
`;
}
