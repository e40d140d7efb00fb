import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const COVMAP = join(PROJECT_ROOT, 'dist/bin/covmap.js');

describe('the covmap entry point', () => {
  it('a bad flag value is a usage error in two lines, not the whole help', () => {
    const r = spawnSync(process.execPath, [COVMAP, 'scan', 'rules', '--score', 'foo'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain("'--score <function>'");
  });

  it('an unknown command is a usage error', () => {
    const r = spawnSync(process.execPath, [COVMAP, 'no-such-command'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
  });

  it('a reader closing the pipe early ends the run quietly (no EPIPE stack trace)', () => {
    // Exactly what a user types: `covmap scan rules --format json | head -c 10`.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${COVMAP}" scan rules --format json --no-cache | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(r.stdout.trim()).toBe('exit=0');
  });
});
