import { chmodSync, chownSync, lstatSync, mkdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WriteFileOptions {
  /**
   * The path is covmap's own (a cache file): whatever is there, a link included, is replaced, so
   * that a link planted in a cache directory cannot make covmap write elsewhere.
   */
  readonly own?: boolean;
}

/**
 * Writes a file so that readers never see a partial one: write a temp file beside it, then rename.
 * A failed write removes the temp file and leaves the old content untouched.
 *
 * An output path the user gives is written as they would expect of `>`, not replaced blindly:
 * - a symbolic link is written through (its target gets the new content; the link stays);
 * - a file that is replaced keeps its permissions (a private 0600 layer stays private) and, where
 *   the system allows it, its owner;
 * - a device, a pipe, anything reached through `/dev` or `/proc` (`--layer /dev/stdout`, whose
 *   target may be the very file the report is being written to) and a file with other hard links
 *   are written in place: replacing them would swap the device node for a file, cut the other
 *   links, or lose the rest of standard output;
 * - a directory, a path ending in a slash and a loop of links are refused.
 *
 * Synchronous on purpose: a command has nothing else to do while it writes its outputs, and the
 * promise API writes in 512 KiB chunks with a trip through the event loop for each (measured: the
 * 3 MB scan cache of SigmaHQ took 25-29 ms that way, 8-13 ms like this).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteFileOptions = {}): void {
  if (options.own) {
    replaceFile(resolve(path), content, undefined);
    return;
  }
  if (path.endsWith('/') || path.endsWith(sep)) throw fsError('EISDIR', `is a directory, open '${path}'`);
  // stat follows every link the way open does, /proc's links to pipes and terminals included.
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) throw fsError('EISDIR', `is a directory, open '${path}'`);
  const { target, throughSystem, descriptor } = followLinks(path);
  if (existing && descriptor !== undefined) {
    // One of this process's own descriptors (`/dev/stdout`): write at its current offset, after
    // what was already written there; opening the path again would start at the beginning.
    writeAll(descriptor, typeof content === 'string' ? Buffer.from(content) : content);
    return;
  }
  if (existing && (!existing.isFile() || existing.nlink > 1 || throughSystem)) {
    writeFileSync(path, content);
    return;
  }
  replaceFile(existing ? realpathSync.native(path) : target, content, existing);
}

function replaceFile(target: string, content: string | Uint8Array, existing: Stats | undefined): void {
  makeDirectory(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content);
    if (existing) {
      chmodSync(tmp, existing.mode & 0o7777);
      try {
        chownSync(tmp, existing.uid, existing.gid);
      } catch {
        // Only root may give a file away; the content matters more than its owner.
      }
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Where a chain of symbolic links ends (a path that may not exist yet), and whether it passes
 * through `/dev` or `/proc`; ELOOP for a loop.
 */
function followLinks(path: string): { readonly target: string; readonly throughSystem: boolean; readonly descriptor?: number } {
  let at = resolve(path);
  let throughSystem = false;
  for (let hops = 0; hops < 40; hops++) {
    const descriptor = ownDescriptor(at);
    if (descriptor !== undefined) return { target: at, throughSystem: true, descriptor };
    throughSystem ||= sep === '/' && (at.startsWith('/dev/') || at.startsWith('/proc/'));
    let link: string;
    try {
      if (!lstatSync(at).isSymbolicLink()) return { target: at, throughSystem };
      link = readlinkSync(at);
    } catch {
      return { target: at, throughSystem }; // nothing there yet, or unreadable: the write says why
    }
    at = resolve(dirname(at), link);
  }
  throw fsError('ELOOP', `too many symbolic links, open '${path}'`);
}

/** The descriptor number a path names in this process: /dev/stdout, /dev/fd/3, /proc/self/fd/1. */
function ownDescriptor(path: string): number | undefined {
  if (sep !== '/') return undefined;
  if (path === '/dev/stdout') return 1;
  if (path === '/dev/stderr') return 2;
  const match = /^(?:\/dev\/fd|\/proc\/self\/fd|\/proc\/thread-self\/fd)\/(\d+)$/.exec(path) ?? new RegExp(`^/proc/${process.pid}/fd/(\\d+)$`).exec(path);
  return match ? Number(match[1]) : undefined;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      // A non-blocking pipe that is full for the moment: try again.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * `mkdir -p`, one level at a time: Node 20's `mkdirSync(..., { recursive: true })` never returns
 * under /proc (measured: `/proc/nope/x` spins at 100% CPU), and an output path there must fail
 * with a reason instead of hanging.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !statOrUndefined(at)?.isDirectory(); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (error) {
      // Another process may have made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(at)?.isDirectory()) throw error;
    }
  }
}
