import { createHash } from 'node:crypto';
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PARSER_VERSION } from '../../core/sigma/parser-version.js';
import type { Finding } from '../../core/findings/finding.js';
import { findingDefinition } from '../../core/findings/finding-codes.js';
import type { ParsedRule, ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { COVMAP_VERSION } from '../covmap-version.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readOwnFile } from '../io/read-own-file.js';

const CACHE_FORMAT = 'covmap-scan-cache@1';

interface CacheFile {
  readonly format: string;
  readonly parser: string;
  readonly covmap: string;
  readonly entries: Readonly<Record<string, ParsedRuleFile>>;
}

/**
 * Parse results of earlier scans, keyed by the SHA-1 of each file's bytes (the parser's output
 * depends on nothing else), one cache file per set of scanned roots so that two repositories do
 * not evict each other. The file records the parser and covmap versions; any mismatch, or a file
 * that is not what we wrote, is ignored, never fatal. It is rewritten atomically, and only when
 * the run parsed something new or stopped using an entry (which keeps it from growing forever).
 * Cache files of other root sets unused for 30 days are deleted when a cache is written.
 *
 * Results are kept from the second scan of a set of roots on (`seen`): the first one leaves a
 * cache file without entries. A scan that is never repeated (a fresh CI container, a one-off look
 * at a repository) then does not hash every file and write megabytes it will never read: over
 * SigmaHQ that is 25-80 ms of a 0.5-0.6 s scan (docs/scan.md).
 */
export class ScanCache {
  readonly path: string;
  readonly #old: Readonly<Record<string, ParsedRuleFile>>;
  readonly #seen: boolean;
  /** Entries this run used or added: the parse result, and its JSON when already at hand. */
  readonly #used = new Map<string, { parsed: ParsedRuleFile; json?: string }>();
  #added = 0;

  private constructor(path: string, entries: Readonly<Record<string, ParsedRuleFile>> | undefined) {
    this.path = path;
    this.#old = entries ?? {};
    this.#seen = entries !== undefined;
  }

  /** An earlier scan of these roots left a cache file (of this parser and covmap): keep results. */
  get seen(): boolean {
    return this.#seen;
  }

  /** Entries read from disk. */
  get size(): number {
    return Object.keys(this.#old).length;
  }

  static open(dir: string, roots: readonly string[]): ScanCache {
    const key = createHash('sha1').update([...roots].sort().join('\0')).digest('hex').slice(0, 16);
    const path = join(dir, 'scan', `${key}.json`);
    return new ScanCache(path, readEntries(path));
  }

  get(hash: string): ParsedRuleFile | undefined {
    const used = this.#used.get(hash);
    if (used) return used.parsed;
    const hit = Object.prototype.hasOwnProperty.call(this.#old, hash) ? this.#old[hash] : undefined;
    if (!hit || !looksParsed(hit)) return undefined;
    this.#used.set(hash, { parsed: hit });
    return hit;
  }

  /** Records a fresh parse result; `json` is its JSON text if the caller has it (workers send it). */
  set(hash: string, parsed: ParsedRuleFile, json?: string): void {
    if (!this.#used.has(hash)) this.#added++;
    this.#used.set(hash, json === undefined ? { parsed } : { parsed, json });
  }

  /**
   * Writes the cache if it changed, or if there was no cache file yet (then with what this scan
   * kept, nothing on a first scan). A failure to write only costs speed next time.
   */
  async save(): Promise<boolean> {
    const unused = Object.keys(this.#old).length - [...this.#used.keys()].filter((h) => Object.prototype.hasOwnProperty.call(this.#old, h)).length;
    // Without a file yet, even an empty one is written: it tells the next scan to keep results.
    if (this.#seen && this.#added === 0 && unused === 0) {
      // Unchanged: only mark it as used, so that pruning (below) never takes a live cache.
      await utimes(this.path, new Date(), new Date()).catch(() => undefined);
      return false;
    }
    const head = { format: CACHE_FORMAT, parser: PARSER_VERSION, covmap: COVMAP_VERSION };
    let text: string;
    if (![...this.#used.values()].some((e) => e.json !== undefined)) {
      // Parsed on this thread: one JSON.stringify of the whole file (thousands of small calls
      // and a join cost more, and leave more garbage behind).
      const entries: Record<string, ParsedRuleFile> = {};
      for (const [hash, e] of this.#used) entries[hash] = e.parsed;
      text = JSON.stringify({ ...head, entries });
    } else {
      // Assembled from each entry's JSON (already text for everything the workers parsed).
      const entries = [...this.#used].map(([hash, e]) => `${JSON.stringify(hash)}:${e.json ?? JSON.stringify(e.parsed)}`);
      text = `${JSON.stringify(head).slice(0, -1)},"entries":{${entries.join(',')}}}`;
    }
    try {
      writeFileAtomic(this.path, text, { own: true });
    } catch {
      return false;
    }
    await pruneStale(dirname(this.path), this.path);
    return true;
  }
}

/** Caches of root sets not scanned for this long are deleted (each is one repository's parse results). */
const STALE_AFTER_MS = 30 * 24 * 3600 * 1000;

/** Best effort: another process may be writing or removing the same files. */
async function pruneStale(dir: string, keep: string): Promise<void> {
  try {
    const now = Date.now();
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if (path === keep || !/^[0-9a-f]{16}\.json$/.test(name)) continue;
      const info = await stat(path);
      if (now - info.mtimeMs > STALE_AFTER_MS) await rm(path, { force: true });
    }
  } catch {
    // A cache that cannot be tidied still works.
  }
}

/** SigmaHQ's cache is 3 MB; a repository a hundred times its size still fits. */
const MAX_CACHE_BYTES = 512 * 2 ** 20;

/** The entries of a cache file of this parser and covmap, or undefined when there is none. */
function readEntries(path: string): Readonly<Record<string, ParsedRuleFile>> | undefined {
  const text = readOwnFile(path, MAX_CACHE_BYTES);
  if (text === undefined) return undefined;
  try {
    const file = JSON.parse(text) as Partial<CacheFile>;
    if (file.format !== CACHE_FORMAT || file.parser !== PARSER_VERSION || file.covmap !== COVMAP_VERSION) return undefined;
    if (!file.entries || typeof file.entries !== 'object' || Array.isArray(file.entries)) return undefined;
    return file.entries;
  } catch {
    return undefined; // absent, unreadable or corrupt: start afresh
  }
}

/** A cheap shape check, so that a hand-edited cache entry cannot crash the scan. */
function looksParsed(value: unknown): value is ParsedRuleFile {
  const v = value as Partial<ParsedRuleFile> | null;
  if (!v || (v.status !== 'parsed' && v.status !== 'skipped' && v.status !== 'errored') || typeof v.documents !== 'number') return false;
  if (!Array.isArray(v.rules) || !Array.isArray(v.diagnostics)) return false;
  // Loops rather than every() and closures: a warm scan checks every entry (50,000 on a big repository).
  for (const rule of v.rules) if (!looksLikeRule(rule)) return false;
  for (const diagnostic of v.diagnostics) if (!looksLikeDiagnostic(diagnostic)) return false;
  return true;
}

/** A finding the parser could have made: a known code with its own severity, a position or none. */
function looksLikeDiagnostic(value: unknown): boolean {
  const d = value as Partial<Record<keyof Finding, unknown>> | null;
  if (!d || typeof d !== 'object' || typeof d.code !== 'string') return false;
  const definition = findingDefinition(d.code);
  if (!definition || d.severity !== definition.severity) return false;
  return isPlace(d.line) && isPlace(d.column) && (d.data === undefined || (d.data !== null && typeof d.data === 'object'));
}

function isPlace(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 1);
}

const OPTIONAL_STRINGS = ['id', 'name', 'status', 'level', 'description', 'author', 'date', 'modified'] as const;

/** Every field of a rule that mapping and reporting read, with the type they read it as. */
function looksLikeRule(value: unknown): value is ParsedRule {
  const r = value as Partial<Record<keyof ParsedRule, unknown>> | null;
  if (!r || typeof r !== 'object' || typeof r.title !== 'string' || typeof r.document !== 'number' || !isPosition(r)) return false;
  if (r.kind !== 'detection' && r.kind !== 'correlation' && r.kind !== 'filter') return false;
  if (!Array.isArray(r.tags)) return false;
  for (const tag of r.tags as unknown[]) if (!isPosition(tag) || typeof (tag as { value?: unknown }).value !== 'string') return false;
  for (const key of OPTIONAL_STRINGS) if (r[key] !== undefined && typeof r[key] !== 'string') return false;
  if (r.references !== undefined) {
    if (!Array.isArray(r.references)) return false;
    for (const ref of r.references as unknown[]) if (typeof ref !== 'string') return false;
  }
  if (r.logsource !== undefined) {
    if (r.logsource === null || typeof r.logsource !== 'object') return false;
    const logsource = r.logsource as Record<string, unknown>;
    for (const key in logsource) if (typeof logsource[key] !== 'string') return false;
  }
  if (r.related !== undefined) {
    if (!Array.isArray(r.related)) return false;
    for (const related of r.related as unknown[]) if (!related || typeof (related as { id?: unknown }).id !== 'string') return false;
  }
  return r.statusAt === undefined || isPosition(r.statusAt);
}

function isPosition(value: unknown): boolean {
  const p = value as { line?: unknown; column?: unknown } | null;
  return !!p && typeof p.line === 'number' && typeof p.column === 'number';
}
