import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

export interface CovmapResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI (`npm test` builds first) asynchronously, so a test can serve HTTP from its
 * own process while covmap downloads. Every run gets the given environment on top of a cache
 * directory of its own unless the test passes COVMAP_CACHE_DIR (a test file that runs covmap calls
 * `afterAll(removeTempDirs)`).
 */
export function runCovmap(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CovmapResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/bin/covmap.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, COVMAP_CACHE_DIR: env.COVMAP_CACHE_DIR ?? tempDir('covmap-cache-'), COVMAP_ATTACK_BASE_URL: 'http://127.0.0.1:9/', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const created: string[] = [];

/** A fresh directory under the system temp dir, removed by `removeTempDirs`. */
export function tempDir(prefix = 'covmap-attack-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made in this test file (each file runs in its own worker). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
