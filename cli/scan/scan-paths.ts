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
import { discoverRuleFiles, type RuleFileEntry } from './discover-rule-files.js';
import { FileBatchBuilder } from './file-batch-builder.js';
import { ParsePool, type PoolResult } from './parse-pool.js';
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
  /**
   * Threads that parse (default: the machine's cores, at most 2): the calling thread and
   * `jobs - 1` worker threads. 0 or 1 parses on the calling thread only.
   */
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
  const discovery = await discoverRuleFiles(paths, cwd);
  const cache =
    opts.cache === false ? undefined : ScanCache.open(typeof opts.cache === 'object' ? opts.cache.dir : cacheDir(), paths.map((p) => resolve(cwd, p)));
  const threads = opts.jobs ?? Math.min(2, availableParallelism());

  let pool: ParsePool | undefined;
  let parsed: ParsedRuleFile[];
  try {
    parsed = await parseFiles(discovery.files, cache, threads, (p) => (pool = p));
  } finally {
    // Also on failure: busy workers would otherwise keep the process alive.
    await (pool as ParsePool | undefined)?.close();
  }
  const catalog = await opts.catalog;
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

/** A file the cache did not have: its place in the results and its content hash. */
interface Miss {
  readonly index: number;
  readonly hash: string | undefined;
}

/**
 * Reads every file and parses what the cache does not have: on this thread for a few files; for
 * more, in batches of BATCH_FILES shared by `threads - 1` parser threads and this thread, which
 * joins in once it has read everything. `onPool` learns of a pool as soon as it starts, so the
 * caller can close it whatever happens.
 */
async function parseFiles(
  files: readonly RuleFileEntry[],
  cache: ScanCache | undefined,
  threads: number,
  onPool: (pool: ParsePool) => void,
): Promise<ParsedRuleFile[]> {
  const results: (ParsedRuleFile | Promise<ParsedRuleFile>)[] = new Array(files.length);
  const workers = threads - 1;
  let pool: ParsePool | undefined;
  const startPool = () => {
    pool = new ParsePool(workers);
    onPool(pool);
    return pool;
  };
  // Nothing cached and many files: everything will be parsed, so the threads boot while this one
  // reads the files.
  if (workers > 0 && (!cache || cache.size === 0) && files.length > INLINE_LIMIT) startPool().warmUp();
  // The parser (js-yaml) loads only once a file needs parsing: a warm cache never needs it.
  let parser: Promise<typeof import('../../core/sigma/parse-rule-file.js')> | undefined;
  const builder = new FileBatchBuilder<Miss>();
  const send = () => {
    if (builder.count === 0) return;
    const { batch, items } = builder.take();
    const done = (pool ?? startPool()).parse(batch);
    items.forEach((item, i) => {
      results[item.index] = done.then((parsed) => {
        const result = parsed[i]!;
        if (cache && item.hash) cache.set(item.hash, result.parsed, result.json);
        return result.parsed;
      });
    });
  };

  // Threads only pay off past a few dozen files to parse; until then files are kept (copied: the
  // reader reuses its buffer) to be parsed on this thread.
  const inline: (Miss & { readonly bytes: Uint8Array })[] = [];
  files.forEach((entry, index) => {
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
    parser ??= import('../../core/sigma/parse-rule-file.js');
    if (workers <= 0 || (!pool && inline.length < INLINE_LIMIT)) {
      inline.push({ index, hash, bytes: read.bytes.slice() });
      return;
    }
    if (!pool || inline.length > 0) {
      for (const item of inline.splice(0)) {
        builder.add(item.bytes, item);
        if (builder.count >= BATCH_FILES) send();
      }
    }
    builder.add(read.bytes, { index, hash });
    if (builder.count >= BATCH_FILES) send();
  });
  send();

  if (parser) {
    const { parseRuleFile } = await parser;
    for (const item of inline) {
      const parsed = parseRuleFile(item.bytes);
      if (cache && item.hash) cache.set(item.hash, parsed);
      results[item.index] = parsed;
    }
    // This thread joins the workers: it parses the newest batches none of them has claimed yet.
    for (let taken = pool?.takeBack(); taken; taken = pool?.takeBack()) {
      const { bytes, offsets } = taken.files;
      const parsed: PoolResult[] = [];
      for (let i = 0; i < offsets.length - 1; i++) parsed.push({ parsed: parseRuleFile(bytes.subarray(offsets[i], offsets[i + 1])) });
      taken.resolve(parsed);
      // Lets the workers' answers in between batches, so that decoding them does not pile up
      // at the end while the other threads have finished.
      await new Promise(setImmediate);
    }
  }

  return Promise.all(results);
}

function errnoReason(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'ENOENT') return 'file vanished during the scan';
  if (error.code === 'EISDIR') return 'is a directory';
  return error.code ?? error.message;
}
