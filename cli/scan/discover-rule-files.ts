import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { compareStrings } from '../../core/compare-strings.js';
import type { Finding } from '../../core/findings/finding.js';
import { makeFinding } from '../../core/findings/make-finding.js';
import { fileErrorReason } from './file-error-reason.js';

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
/**
 * Where findings about a path itself (not about its content) point: the start of it, as for
 * FILE_TOO_LARGE, so that every diagnostic has a file, line and column (SARIF results and GitHub
 * annotations need them, and sorting stays total).
 */
const AT_START = { line: 1, column: 1 } as const;
const ALREADY_WALKED = -1;
const GLOB_CHARS = /[*?[\]{}]/;
/** Version-control and dependency folders never hold rules of the repository being scanned. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * Finds rule files under the given paths: files as given (any extension), directories
 * recursively (`.yml` and `.yaml`, case-insensitive), and glob patterns. Symbolic links are
 * followed, each real directory is walked once, and a link back into an ancestor is reported as a
 * loop. A link named like a rule (or named explicitly) that cannot be followed, broken or looping,
 * is a found file that cannot be read: counted, and errored. Every problem is a finding with a
 * file, line and column; nothing here throws for bad input.
 */
export function discoverRuleFiles(paths: readonly string[], cwd: string): Discovery {
  const files = new Map<string, RuleFileEntry>();
  const unreadable = new Map<string, UnreadableFile>();
  const diagnostics: Finding[] = [];
  const walked = new Set<string>();
  const display = (path: string) => displayPath(path, cwd);

  const addFile = (path: string, shown: string, identity: string) => {
    if (!files.has(identity)) files.set(identity, { path, display: shown });
  };
  // Keyed like files, by where the entry really is (a link cannot be resolved, its directory can),
  // so that one reached through a linked directory, or by two arguments, is counted once.
  const addUnreadable = (shown: string, reason: string, identity: string) => {
    if (!unreadable.has(identity)) unreadable.set(identity, { display: shown, finding: makeFinding('FILE_UNREADABLE', { file: shown, ...AT_START }, { reason }) });
  };

  // Returns how many rule files the directory (recursively) contributed. Paths are joined as
  // strings (the walk visits thousands of files; path.join and path.relative per file add up).
  // `known` is the directory's real path when the caller knows it: a subdirectory that is not a
  // link is its parent's real path plus its name, which saves a realpath (a readlink for every
  // component of the path) per directory.
  const walk = (dir: string, shownDir: string, ancestors: ReadonlySet<string>, known?: string): number => {
    let real: string;
    if (known !== undefined) {
      real = known;
    } else {
      try {
        real = realpathSync.native(dir);
      } catch (error) {
        diagnostics.push(makeFinding('DIR_UNREADABLE', { file: shownDir, ...AT_START }, { path: shownDir, reason: fileErrorReason(error) }));
        return 0;
      }
    }
    if (ancestors.has(real)) {
      diagnostics.push(makeFinding('SYMLINK_LOOP', { file: shownDir, ...AT_START }, { path: shownDir, target: display(real) }));
      return 0;
    }
    if (walked.has(real)) return ALREADY_WALKED; // overlapping arguments, or a link to it: counted once
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push(makeFinding('DIR_UNREADABLE', { file: shownDir, ...AT_START }, { path: shownDir, reason: fileErrorReason(error) }));
      return 0;
    }
    const inner = new Set(ancestors).add(real);
    const dirPrefix = dir.endsWith(sep) ? dir : dir + sep;
    const realPrefix = real.endsWith(sep) ? real : real + sep;
    const shownPrefix = shownDir === '.' ? '' : `${shownDir}/`;
    let found = 0;
    for (const entry of entries) {
      const name = entry.name;
      const path = dirPrefix + name;
      const shown = shownPrefix + name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) found += Math.max(0, walk(path, shown, inner, realPrefix + name));
      } else if (entry.isFile()) {
        if (RULE_FILE.test(name)) {
          addFile(path, shown, realPrefix + name);
          found++;
        }
      } else if (entry.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(path);
        } catch (error) {
          // A link named like a rule that leads nowhere (broken, or a loop of links) is a rule
          // file that cannot be read: counted and errored, so CI notices. Other names may have
          // been links to directories: a loop among those is only reported.
          if (RULE_FILE.test(name)) {
            addUnreadable(shown, linkReason(error), realPrefix + name);
            found++;
          } else if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
            diagnostics.push(makeFinding('SYMLINK_LOOP', { file: shown, ...AT_START }, { path: shown }));
          }
          continue;
        }
        if (target.isDirectory()) found += Math.max(0, walk(path, shown, inner));
        else if (RULE_FILE.test(name)) {
          if (target.isFile()) addFile(path, shown, safeRealpath(path));
          else addUnreadable(shown, 'not a regular file', safeRealpath(path));
          found++;
        }
      } else if (RULE_FILE.test(name)) {
        // A FIFO, socket or device named like a rule: counted and reported, never opened.
        addUnreadable(shown, 'not a regular file', realPrefix + name);
        found++;
      }
    }
    return found;
  };

  // A pattern can match thousands of files in a few hundred directories: each directory is
  // resolved once (a realpath per file cost more than the whole directory walk).
  const realPrefixes = new Map<string, string>();
  /** A directory's real path with a trailing separator, resolved once per directory. */
  const realPrefixOf = (dir: string) => {
    let prefix = realPrefixes.get(dir);
    if (prefix === undefined) {
      const real = safeRealpath(dir);
      realPrefixes.set(dir, (prefix = real.endsWith(sep) ? real : real + sep));
    }
    return prefix;
  };
  // Joined as strings: both parts are already normal (path.join per file adds up).
  const identityOf = (path: string) => realPrefixOf(dirname(path)) + basename(path);

  const visit = (path: string, given: string) => {
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') diagnostics.push(makeFinding('PATH_NOT_FOUND', { file: display(path), ...AT_START }, { path: given }));
      // ELOOP: a loop of links on the way there.
      else addUnreadable(display(path), code === 'ELOOP' ? linkReason(error) : fileErrorReason(error), identityOf(path));
      return;
    }
    const link = stats.isSymbolicLink();
    if (link) {
      try {
        stats = statSync(path);
      } catch (error) {
        // A named link that leads nowhere is a file the user asked for and that cannot be read,
        // reported as it is when a directory walk meets it (not as a path that does not exist).
        addUnreadable(display(path), linkReason(error), identityOf(path));
        return;
      }
    }
    // Only files are keyed by it: a directory's walk resolves the directory itself.
    const identity = () => (link ? safeRealpath(path) : identityOf(path));
    const shown = display(path);
    if (stats.isDirectory()) {
      if (walk(path, shown, new Set()) === 0) diagnostics.push(makeFinding('DIR_EMPTY', { file: shown, ...AT_START }, { path: given }));
    } else if (stats.isFile()) {
      // A file named explicitly is read whatever its extension: the user asked for it.
      addFile(path, shown, identity());
    } else {
      // A FIFO or device would block or never end: report it instead of opening it.
      addUnreadable(shown, 'not a regular file', identity());
    }
  };

  for (const given of paths) {
    const path = resolve(cwd, given);
    let exists = true;
    try {
      lstatSync(path); // a broken link exists: it is reported as one, not expanded as a pattern
    } catch (error) {
      exists = (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
    if (!exists && GLOB_CHARS.test(given)) {
      // Loaded only for patterns: it costs milliseconds of start-up otherwise. Required, not
      // imported: tinyglobby and its dependencies ship CommonJS builds too, which node loads in
      // 8 ms against 14 through its ES module loader (that also scans picomatch's CommonJS source
      // for its exports).
      const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
      const walker = keepDeadLinks();
      const matches = globSync(given.split(sep).join('/'), { cwd, absolute: true, onlyFiles: false, dot: false, followSymbolicLinks: true, fs: walker.fs });
      if (matches.length === 0) diagnostics.push(makeFinding('GLOB_NO_MATCH', { file: given.split(sep).join('/'), ...AT_START }, { pattern: given }));
      // Sorted, the files of one directory come together: its real path and displayed name are
      // worked out once for all of them.
      let dir = '';
      let realPrefix = '';
      let shownPrefix = '';
      for (const match of matches.sort()) {
        // Matches are absolute; on POSIX they are normal too unless the pattern climbed (`..`).
        const path = sep === '/' && isNormalAbsolute(match) ? match : resolve(match);
        // The walker lists regular files, directories (with a trailing slash) and links, and asks
        // `fs` about links only: if it met none, a match without the slash is a regular file and
        // needs no lstat (one per file was most of a pattern's cost).
        if (walker.sawLink() || match.endsWith('/')) {
          visit(path, match);
          continue;
        }
        const name = basename(path);
        const parent = dirname(path);
        if (parent !== dir) {
          dir = parent;
          realPrefix = realPrefixOf(parent);
          const shown = display(parent);
          shownPrefix = shown === '.' ? '' : `${shown}/`;
        }
        addFile(path, shownPrefix + name, realPrefix + name);
      }
      continue;
    }
    visit(path, given);
  }

  const byDisplay = (a: { display: string }, b: { display: string }) => compareStrings(a.display, b.display);
  return {
    files: [...files.values()].sort(byDisplay),
    unreadable: [...unreadable.values()].sort(byDisplay),
    diagnostics,
  };
}

/**
 * File-system functions for the glob walker that keep links it cannot follow (broken, or a loop
 * of links): it would drop them silently, and a pattern must find what a directory walk finds.
 * Such a link is handed over as itself, a non-directory, so the pattern decides whether it
 * matches; `visit` then reports it like any link that leads nowhere. The walker (fdir) calls
 * them for symbolic links only, so `sawLink` tells whether it met any.
 */
function keepDeadLinks(): { readonly fs: { realpathSync: typeof realpathSync; statSync: typeof statSync }; sawLink(): boolean } {
  let sawLink = false;
  const fs = {
    realpathSync: ((path: string) => {
      sawLink = true;
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    }) as unknown as typeof realpathSync,
    statSync: ((path: string) => {
      sawLink = true;
      try {
        return statSync(path);
      } catch {
        return lstatSync(path);
      }
    }) as unknown as typeof statSync,
  };
  return { fs, sawLink: () => sawLink };
}

/** How reports name a file: relative to the working directory when inside it, with forward slashes. */
export function displayPath(path: string, cwd: string): string {
  // Most paths are below the working directory: slicing is much cheaper than path.relative.
  const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
  const plain = !path.includes(`${sep}..`) && !path.includes(sep + sep) && !path.includes(`${sep}.${sep}`) && !path.endsWith(`${sep}.`) && !path.endsWith(sep);
  if (plain && path.startsWith(prefix) && path.length > prefix.length && isAbsolute(cwd)) {
    const rel = path.slice(prefix.length);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

/** An absolute POSIX path with no empty, `.` or `..` segment and no trailing slash. */
function isNormalAbsolute(path: string): boolean {
  return (
    path.startsWith('/') && !path.includes('//') && !path.includes('/./') && !path.includes('/../') && !path.endsWith('/.') && !path.endsWith('/..') && (path.length === 1 || !path.endsWith('/'))
  );
}

function safeRealpath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** Why a link could not be followed. */
function linkReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'broken symbolic link';
  return fileErrorReason(error);
}
