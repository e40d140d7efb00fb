import { readFile } from 'node:fs/promises';
import { parseAttackJson } from '../../core/attack/parse-attack-json.js';
import { attackCliError, toAttackCliError } from './attack-cli-error.js';

/**
 * Reading an ATT&CK JSON file (bundle or catalog) in two steps, bytes then value, so a caller can
 * hash the bytes (bundle-catalog-cache.ts) before deciding to parse them. Every failure is a
 * one-line CliError naming `path`.
 */
export async function readAttackFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw attackCliError('ATTACK_FILE_UNREADABLE', path, { reason: describeFsError(error) });
  }
}

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
