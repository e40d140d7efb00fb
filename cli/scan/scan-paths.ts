import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Catalog } from '../../core/attack/catalog.js';
import type { CatalogIndex } from '../../core/attack/catalog-index.js';
import { makeFinding } from '../../core/findings/make-finding.js';
import { buildScanReport, type ScannedFile } from '../../core/scan/build-scan-report.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import { failedRuleFile, tooLargeRuleFile } from '../../core/sigma/failed-rule-file.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { MAX_RULE_FILE_BYTES } from '../../core/sigma/parser-version.js';
import { cacheDir } from '../io/project-paths.js';
import { discoverRuleFiles } from './discover-rule-files.js';
import { ParsePool } from './parse-pool.js';
import { readRuleFile } from './read-rule-file.js';
import { ScanCache } from './scan-cache.js';

export interface ScanPathsOptions {
  /** The ATT&CK catalog; a promise lets the caller load it while files are read and parsed. */
  readonly catalog: Catalog | Promise<Catalog>;
  readonly options: ScanOptions;
  /** Base of relative paths and of displayed file names (default: process.cwd()). */
  readonly cwd?: string;
  /** Reuse parse results of unchanged files (default true); a directory overrides cacheDir(). */
  readonly cache?: boolean | { readonly dir: string };
  /** Parser threads (default: up to 2, the machine's cores). 0 parses on the calling thread. */
  readonly jobs?: number;
  readonly index?: CatalogIndex;
}

/** Files per message to a parser thread: big enough to amortise messaging, small enough to balance. */
const BATCH_FILES = 48;
/** Below this many files to parse, starting threads costs more than it saves. */
const INLINE_LIMIT = 96;

/**
 * Discovery + read + parse (worker threads, content-hash cache) + ATT&CK mapping: the whole of
 * `covmap scan` short of rendering. Other commands reuse it for in-house and provider rule sets.
 */
export async function scanPaths(paths: readonly string[], opts: ScanPathsOptions): Promise<ScanReport> {
  const cwd = opts.cwd ?? process.cwd();
  const discovery = discoverRuleFiles(paths, cwd);
  const cache =
    opts.cache === false ? undefined : ScanCache.open(typeof opts.cache === 'object' ? opts.cache.dir : cacheDir(), paths.map((p) => resolve(cwd, p)));
  const jobs = opts.jobs ?? Math.min(2, availableParallelism());

  const results: (ParsedRuleFile | Promise<ParsedRuleFile>)[] = new Array(discovery.files.length);
  let pool: ParsePool | undefined;
  const pending: { index: number; bytes: Uint8Array; hash: string | undefined }[] = [];
  const dispatch = () => {
    while (pending.length > BATCH_FILES) send(pending.splice(0, BATCH_FILES));
    if (pending.length > 0) send(pending.splice(0));
  };
  const send = (batch: typeof pending) => {
    pool ??= new ParsePool(jobs);
    const done = pool.parse(batch.map((p) => p.bytes));
    batch.forEach((p, i) => {
      results[p.index] = done.then((parsed) => {
        const result = parsed[i]!;
        if (cache && p.hash) cache.set(p.hash, result);
        return result;
      });
    });
  };

  let misses = 0;
  const inline: typeof pending = [];
  discovery.files.forEach((entry, index) => {
    const read = readRuleFile(entry.path, MAX_RULE_FILE_BYTES);
    if (!read.ok) {
      results[index] =
        'tooLarge' in read
          ? tooLargeRuleFile(read.tooLarge)
          : failedRuleFile('errored', makeFinding('FILE_UNREADABLE', {}, { reason: errnoReason(read.error) }));
      return;
    }
    const hash = cache ? ScanCache.hash(read.bytes) : undefined;
    const hit = hash ? cache!.get(hash) : undefined;
    if (hit) {
      results[index] = hit;
      return;
    }
    misses++;
    const item = { index, bytes: read.bytes, hash };
    // Threads only pay off past a few dozen files; until then keep the files for this thread.
    if (jobs === 0 || (misses <= INLINE_LIMIT && !pool)) {
      inline.push(item);
      if (jobs > 0 && misses === INLINE_LIMIT) {
        pending.push(...inline.splice(0));
        dispatch();
      }
      return;
    }
    pending.push(item);
    if (pending.length >= BATCH_FILES) dispatch();
  });
  dispatch();

  if (inline.length > 0) {
    const { parseRuleFile } = await import('../../core/sigma/parse-rule-file.js');
    for (const item of inline) {
      const parsed = parseRuleFile(item.bytes);
      if (cache && item.hash) cache.set(item.hash, parsed);
      results[item.index] = parsed;
    }
  }

  const catalog = await opts.catalog;
  let parsed: ParsedRuleFile[];
  try {
    parsed = await Promise.all(results);
  } finally {
    await pool?.close();
  }
  const files: ScannedFile[] = discovery.files.map((entry, i) => ({ file: entry.display, parsed: parsed[i]! }));
  for (const u of discovery.unreadable) files.push({ file: u.display, parsed: failedRuleFile('errored', { ...u.finding, file: undefined }) });

  const report = buildScanReport({
    files,
    catalog,
    options: opts.options,
    diagnostics: discovery.diagnostics,
    ...(opts.index ? { index: opts.index } : {}),
  });
  await cache?.save();
  return report;
}

function errnoReason(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'ENOENT') return 'file vanished during the scan';
  if (error.code === 'EISDIR') return 'is a directory';
  return error.code ?? error.message;
}
