import { readFile, stat } from 'node:fs/promises';
import type { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { Catalog } from '../../core/attack/catalog.js';
import { parseScopeBytes } from '../../core/scope/parse-scope-bytes.js';
import { scopeFromScan } from '../../core/scope/scope-from-scan.js';
import type { ScopeSource } from '../../core/scope/scope-source.js';
import { CliError } from '../cli-error.js';
import { scanPaths } from '../scan/scan-paths.js';

export interface ReadScopeOptions {
  readonly index: CatalogIndex;
  readonly catalog: Catalog;
  readonly year: number;
  readonly cache: boolean;
  readonly jobs?: number | undefined;
  /** The flag that named the input, for messages (--scope, --inhouse). */
  readonly flag: string;
}

/**
 * One --scope (or --inhouse) input: a directory is a provider's own Sigma rules, read exactly as
 * `covmap scan` reads ours; a file is parsed by content (covmap scope, Navigator, CTID, DeTT&CT).
 * A path that does not exist is a usage error; a file that exists but is wrong becomes findings.
 */
export async function readScopeInput(path: string, options: ReadScopeOptions): Promise<ScopeSource> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new CliError(`${options.flag} ${path}: ${describe(error)}`);
  }
  if (isDirectory) {
    const scan = await scanPaths([path], {
      catalog: options.catalog,
      index: options.index,
      options: { score: 'count', subtechniques: true, tactics: 'all' },
      cache: options.cache,
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    });
    return scopeFromScan(scan, path, options.year);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(`${options.flag} ${path}: ${describe(error)}`);
  }
  return parseScopeBytes(bytes, { index: options.index, file: path, year: options.year });
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error as Error).message;
}
