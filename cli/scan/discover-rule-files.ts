import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import type { Finding } from '../../core/findings/finding.js';
import { makeFinding } from '../../core/findings/make-finding.js';

/** A file to read: where it is and how reports name it. */
export interface RuleFileEntry {
  readonly path: string;
  /** Relative to the working directory when inside it, forward slashes. */
  readonly display: string;
}

/** A file that was found but cannot be read (broken link, permissions, ...). */
export interface UnreadableFile {
  readonly display: string;
  readonly finding: Finding;
}

export interface Discovery {
  readonly files: readonly RuleFileEntry[];
  readonly unreadable: readonly UnreadableFile[];
  /** About the inputs themselves: missing paths, empty directories, link loops. */
  readonly diagnostics: readonly Finding[];
}

const RULE_FILE = /\.ya?ml$/i;
const ALREADY_WALKED = -1;
const GLOB_CHARS = /[*?[\]{}]/;
/** Version-control and dependency folders never hold rules of the repository being scanned. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * Finds rule files under the given paths: files as given (any extension), directories
 * recursively (`.yml` and `.yaml`, case-insensitive), and glob patterns. Symbolic links are
 * followed, each real directory is walked once, and a link back into an ancestor is reported as a
 * loop. Every problem is a finding; nothing here throws for bad input.
 */
export function discoverRuleFiles(paths: readonly string[], cwd: string): Discovery {
  const files = new Map<string, RuleFileEntry>();
  const unreadable = new Map<string, UnreadableFile>();
  const diagnostics: Finding[] = [];
  const walked = new Set<string>();
  const display = (path: string) => displayPath(path, cwd);

  const addFile = (path: string, identity: string) => {
    if (!files.has(identity)) files.set(identity, { path, display: display(path) });
  };
  const addUnreadable = (path: string, reason: string) => {
    const shown = display(path);
    if (!unreadable.has(shown)) unreadable.set(shown, { display: shown, finding: makeFinding('FILE_UNREADABLE', { file: shown }, { reason }) });
  };

  // Returns how many rule files the directory (recursively) contributed.
  const walk = (dir: string, ancestors: ReadonlySet<string>): number => {
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch (error) {
      diagnostics.push(makeFinding('DIR_UNREADABLE', { file: display(dir) }, { path: display(dir), reason: reason(error) }));
      return 0;
    }
    if (ancestors.has(real)) {
      diagnostics.push(makeFinding('SYMLINK_LOOP', { file: display(dir) }, { path: display(dir), target: display(real) }));
      return 0;
    }
    if (walked.has(real)) return ALREADY_WALKED; // overlapping arguments, or a link to it: counted once
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push(makeFinding('DIR_UNREADABLE', { file: display(dir) }, { path: display(dir), reason: reason(error) }));
      return 0;
    }
    const inner = new Set(ancestors).add(real);
    let found = 0;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) found += Math.max(0, walk(path, inner));
      } else if (entry.isFile()) {
        if (RULE_FILE.test(entry.name)) {
          addFile(path, join(real, entry.name));
          found++;
        }
      } else if (entry.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(path);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') diagnostics.push(makeFinding('SYMLINK_LOOP', { file: display(path) }, { path: display(path) }));
          else if (RULE_FILE.test(entry.name)) {
            addUnreadable(path, code === 'ENOENT' ? 'broken symbolic link' : reason(error));
            found++;
          }
          continue;
        }
        if (target.isDirectory()) found += Math.max(0, walk(path, inner));
        else if (target.isFile() && RULE_FILE.test(entry.name)) {
          addFile(path, safeRealpath(path));
          found++;
        }
      }
    }
    return found;
  };

  const visit = (path: string, given: string) => {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') diagnostics.push(makeFinding('SYMLINK_LOOP', { file: display(path) }, { path: given }));
      else if (code === 'ENOENT' || code === 'ENOTDIR') diagnostics.push(makeFinding('PATH_NOT_FOUND', {}, { path: given }));
      else addUnreadable(path, reason(error));
      return;
    }
    if (stats.isDirectory()) {
      if (walk(path, new Set()) === 0) diagnostics.push(makeFinding('DIR_EMPTY', { file: display(path) }, { path: given }));
    } else {
      // A file named explicitly is read whatever its extension: the user asked for it.
      addFile(path, safeRealpath(path));
    }
  };

  for (const given of paths) {
    const path = resolve(cwd, given);
    let exists = true;
    try {
      statSync(path);
    } catch (error) {
      exists = (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
    if (!exists && GLOB_CHARS.test(given)) {
      const matches = globSync(given.split(sep).join('/'), { cwd, absolute: true, onlyFiles: false, dot: false, followSymbolicLinks: true });
      if (matches.length === 0) diagnostics.push(makeFinding('GLOB_NO_MATCH', {}, { pattern: given }));
      for (const match of matches.sort()) visit(resolve(match), match);
      continue;
    }
    visit(path, given);
  }

  const byDisplay = (a: { display: string }, b: { display: string }) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0);
  return {
    files: [...files.values()].sort(byDisplay),
    unreadable: [...unreadable.values()].sort(byDisplay),
    diagnostics,
  };
}

/** How reports name a file: relative to the working directory when inside it, with forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

function safeRealpath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (error instanceof Error ? error.message : String(error));
}
