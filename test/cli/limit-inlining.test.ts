import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INLINING_BUDGET, INLINING_FLAG, inliningFlag } from '../../cli/limit-inlining.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const COVMAP = join(PROJECT_ROOT, 'dist/bin/covmap.js');

describe('the inlining budget covmap sets for itself', () => {
  it('is set when the user chose none', () => {
    expect(inliningFlag([])).toBe(`${INLINING_FLAG}=${INLINING_BUDGET}`);
    expect(inliningFlag(['--enable-source-maps', '--max-old-space-size=4096'])).toBe(`${INLINING_FLAG}=${INLINING_BUDGET}`);
  });

  it("leaves the user's own choice on node's command line alone, in either spelling", () => {
    expect(inliningFlag(['--max-inlined-bytecode-size-cumulative=920'])).toBeUndefined();
    expect(inliningFlag(['--stack-size=2000', '--max_inlined_bytecode_size_cumulative=500'])).toBeUndefined();
    expect(inliningFlag(['--max-inlined-bytecode-size-cumulative', '500'])).toBeUndefined();
  });

  it('does not mistake a neighbouring flag for it', () => {
    expect(inliningFlag(['--max-inlined-bytecode-size=100'])).toBe(`${INLINING_FLAG}=${INLINING_BUDGET}`);
    expect(inliningFlag(['--max-inlined-bytecode-size-cumulative-x=1'])).toBe(`${INLINING_FLAG}=${INLINING_BUDGET}`);
  });

  it('covmap runs with its own budget and with the user\'s', () => {
    for (const flags of [[], ['--max-inlined-bytecode-size-cumulative=920']]) {
      const r = spawnSync(process.execPath, [...flags, COVMAP, 'scan', 'rules', '--no-cache', '--format', 'json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).files.errored).toBe(0);
    }
  });
});
