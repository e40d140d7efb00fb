import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CovmapConfig } from '../../core/config/covmap-config.js';
import type { Finding } from '../../core/findings/finding.js';
import { CliError } from '../cli-error.js';
import { DATA_DIR } from '../io/project-paths.js';
import { displayPath } from './display-path.js';

export const CONFIG_FILE_NAMES = ['.covmap.yml', '.covmap.yaml'] as const;
export const CONFIG_SCHEMA_PATH = join(DATA_DIR, 'schema', 'covmap-config.schema.json');

export interface LoadedConfig {
  /** Absent when there is no config file (defaults) or when it is invalid (see findings). */
  readonly config?: CovmapConfig;
  /** Absolute path of the config file, if one was found. */
  readonly path?: string;
  /** Directory relative paths in the config are resolved from: the config's, else the working directory. */
  readonly dir: string;
  /** Problems with the config file, each at its line; non-empty means a configuration error (exit 2). */
  readonly findings: readonly Finding[];
}

/**
 * Finds and validates the configuration: `--config FILE`, else `.covmap.yml` in the working
 * directory or the nearest parent, stopping at the repository root (the first directory with
 * `.git`) so a config outside the repository is never picked up by accident.
 */
export async function loadConfig(configOption: string | undefined, cwd: string = process.cwd()): Promise<LoadedConfig> {
  let path: string | undefined;
  if (configOption !== undefined) {
    path = resolve(cwd, configOption);
    if (!existsSync(path)) throw new CliError(`config file not found: ${configOption}`);
    if (statSync(path).isDirectory()) throw new CliError(`--config needs a file, ${configOption} is a directory`);
  } else {
    path = findConfig(cwd);
  }
  if (!path) return { dir: cwd, findings: [] };

  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read config file ${displayPath(path, cwd)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { decodeTextFile } = await import('../../core/scope/decode-text-file.js');
  const decoded = decodeTextFile(bytes);
  if (!decoded.ok) {
    const { makeFinding } = await import('../../core/findings/make-finding.js');
    const data = { offset: decoded.offset, ...(decoded.encoding ? { encoding: decoded.encoding } : {}) };
    return { path, dir: dirname(path), findings: [makeFinding('CONFIG_NOT_UTF8', { file: displayPath(path, cwd), line: decoded.line, column: decoded.column }, data)] };
  }
  const text = decoded.text;
  // ajv and the YAML parser load only when there is a config to read.
  const { parseConfig } = await import('../../core/config/parse-config.js');
  const schema = JSON.parse(await readFile(CONFIG_SCHEMA_PATH, 'utf8')) as object;
  const parsed = parseConfig(text, displayPath(path, cwd), schema);
  return { ...(parsed.config ? { config: parsed.config } : {}), path, dir: dirname(path), findings: parsed.findings };
}

function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
