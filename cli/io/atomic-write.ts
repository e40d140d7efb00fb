import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that readers never see a partial one: write a temp file beside it, then rename.
 * A failed write removes the temp file and leaves the old content untouched.
 *
 * Synchronous on purpose: a command has nothing else to do while it writes its outputs, and the
 * promise API writes in 512 KiB chunks with a trip through the event loop for each (measured: the
 * 3 MB scan cache of SigmaHQ took 25-29 ms that way, 8-13 ms like this).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
