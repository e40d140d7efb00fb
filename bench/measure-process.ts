import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessMeasurement {
  readonly label: string;
  readonly runs: number;
  /** Median wall time of the whole process, milliseconds. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Largest peak RSS over the runs, MiB (GNU time's %M), or undefined without /usr/bin/time. */
  readonly peakRssMiB: number | undefined;
  readonly exitCode: number | null;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a whole command `runs` times and reports median wall time and peak RSS. Whole-process
 * numbers are what users feel (start-up, imports, I/O), so the issues' targets are stated in them.
 */
export function measureProcess(
  label: string,
  command: string,
  args: readonly string[],
  options: { runs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ProcessMeasurement {
  const runs = options.runs ?? 5;
  const times: number[] = [];
  let peak: number | undefined;
  let exitCode: number | null = null;
  const useTime = existsSync(GNU_TIME);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = useTime
      ? spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    exitCode = result.status;
    if (useTime) {
      const lines = (result.stderr ?? '').trim().split('\n');
      const kib = Number(lines[lines.length - 1]);
      if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, kib / 1024);
    }
  }
  times.sort((a, b) => a - b);
  return {
    label,
    runs,
    medianMs: round(times[Math.floor(times.length / 2)]!),
    minMs: round(times[0]!),
    maxMs: round(times[times.length - 1]!),
    peakRssMiB: peak === undefined ? undefined : round(peak),
    exitCode,
  };
}

export function formatMeasurement(m: ProcessMeasurement, target?: string): string {
  const rss = m.peakRssMiB === undefined ? 'n/a' : `${m.peakRssMiB} MiB`;
  return `${m.label}: median ${m.medianMs} ms (min ${m.minMs}, max ${m.maxMs}, ${m.runs} runs), peak RSS ${rss}, exit ${m.exitCode}${target ? `  [target ${target}]` : ''}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Runs `measure` n times (each one run) and reports the median, as measureProcess does. */
export function measureRepeated(n: number, measure: () => ProcessMeasurement): ProcessMeasurement {
  return medianOf(Array.from({ length: n }, measure));
}

/** Single runs taken separately (interleaved with others, say), reported as one measurement. */
export function medianOf(runs: readonly ProcessMeasurement[]): ProcessMeasurement {
  const n = runs.length;
  const times = runs.map((r) => r.medianMs).sort((a, b) => a - b);
  const peaks = runs.map((r) => r.peakRssMiB).filter((p): p is number => p !== undefined);
  return {
    label: runs[0]!.label,
    runs: n,
    medianMs: times[Math.floor(n / 2)]!,
    minMs: times[0]!,
    maxMs: times[n - 1]!,
    peakRssMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
    exitCode: runs[runs.length - 1]!.exitCode,
  };
}
