import { readFile } from 'node:fs/promises';
import { parseAttackJson } from '../../core/attack/parse-attack-json.js';
import { attackCliError, toAttackCliError } from './attack-cli-error.js';

/** Reads and parses an ATT&CK JSON file (bundle or catalog); every failure is a CliError naming `path`. */
export async function readAttackJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw attackCliError('ATTACK_FILE_UNREADABLE', path, { reason: describeFsError(error) });
  }
  try {
    return parseAttackJson(text);
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
