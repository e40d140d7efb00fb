import { lstatSync, readFileSync } from 'node:fs';

/**
 * Reads one of covmap's own files (a cache file) as UTF-8, or undefined when there is none or it
 * is not what covmap writes there: a link, a pipe or a device (reading one could block or never
 * end), or a file over `maxBytes`. A cache that cannot be read is only a cache miss.
 */
export function readOwnFile(path: string, maxBytes: number): string | undefined {
  try {
    const info = lstatSync(path);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
