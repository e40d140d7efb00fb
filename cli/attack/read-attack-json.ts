import { readFile, stat } from 'node:fs/promises';
import { parseAttackJson } from '../../core/attack/parse-attack-json.js';
import { attackCliError, toAttackCliError } from './attack-cli-error.js';

/**
 * Reading an ATT&CK JSON file (bundle or catalog) in two steps, bytes then value, so a caller can
 * hash the bytes (bundle-catalog-cache.ts) before deciding to parse them. Every failure is a
 * one-line CliError naming `path`.
 */
export async function readAttackFile(path: string): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // A device or a pipe (`--attack /dev/zero`, a FIFO nobody writes to) would read forever.
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (error) {
    throw attackCliError('ATTACK_FILE_UNREADABLE', path, { reason: describeFsError(error) });
  }
  if (size > MAX_ATTACK_FILE_BYTES) {
    throw attackCliError('ATTACK_FILE_UNREADABLE', path, { reason: `${Math.round(size / 2 ** 20)} MiB, over the limit of ${MAX_ATTACK_FILE_BYTES / 2 ** 20} MiB` });
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw attackCliError('ATTACK_FILE_UNREADABLE', path, { reason: describeFsError(error) });
  }
}

/**
 * ATT&CK's enterprise bundle is about 40 MB; ten times that is still a bundle, past it a mistake
 * (and near Node's limit on the length of one string).
 */
const MAX_ATTACK_FILE_BYTES = 400 * 2 ** 20;

/** The bytes decoded as UTF-8 (as `readFile(path, 'utf8')` would) and parsed. */
export function parseAttackBytes(bytes: Buffer, path: string): unknown {
  try {
    return parseAttackJson(bytes.toString('utf8'));
  } catch (error) {
    throw toAttackCliError(error, path);
  }
}

/** "no such file" rather than "ENOENT: no such file or directory, open '/x'" (the path is already in the line). */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return e instanceof Error ? e.message : String(error);
  }
}
