import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
 * directory of its own unless the test passes COVMAP_CACHE_DIR.
 */
export function runCovmap(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CovmapResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/cli/covmap.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, COVMAP_CACHE_DIR: tempDir('covmap-cache-'), COVMAP_ATTACK_BASE_URL: 'http://127.0.0.1:9/', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = 'covmap-attack-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
