import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/check/load-config.js';
import { CliError } from '../../cli/cli-error.js';

// outer/.covmap.yml (outside the repository), outer/repo/.git, outer/repo/.covmap.yml,
// outer/repo/rules/windows (no config of its own), outer/other/.git (a repository without config)
const outer = mkdtempSync(join(tmpdir(), 'covmap-load-config-'));
afterAll(() => rmSync(outer, { recursive: true, force: true }));
writeFileSync(join(outer, '.covmap.yml'), 'fail_on: never\n');
mkdirSync(join(outer, 'repo/.git'), { recursive: true });
mkdirSync(join(outer, 'repo/rules/windows'), { recursive: true });
writeFileSync(join(outer, 'repo/.covmap.yml'), 'fail_on: warning\n');
mkdirSync(join(outer, 'other/.git'), { recursive: true });
mkdirSync(join(outer, 'other/rules'), { recursive: true });

describe('loadConfig', () => {
  it('finds .covmap.yml in the nearest parent and resolves paths from its directory', async () => {
    const loaded = await loadConfig(undefined, join(outer, 'repo/rules/windows'));
    expect(loaded.config?.failOn).toBe('warning');
    expect(loaded.config?.file).toBe('../../.covmap.yml');
    expect(loaded.dir).toBe(join(outer, 'repo'));
  });

  it('stops at the repository root: a config outside the repository is never used', async () => {
    const loaded = await loadConfig(undefined, join(outer, 'other/rules'));
    expect(loaded.config).toBeUndefined();
    expect(loaded.path).toBeUndefined();
    expect(loaded.dir).toBe(join(outer, 'other/rules'));
  });

  it('--config names the file; missing or a directory is a usage error', async () => {
    const loaded = await loadConfig('../.covmap.yml', join(outer, 'repo'));
    expect(loaded.config?.failOn).toBe('never');
    await expect(loadConfig('nope.yml', outer)).rejects.toThrow(CliError);
    await expect(loadConfig('repo', outer)).rejects.toThrow(/is a directory/);
  });

  it('returns the findings of an invalid file instead of a config', async () => {
    writeFileSync(join(outer, 'other/bad.yml'), 'fail_on: sometimes\n');
    const loaded = await loadConfig('bad.yml', join(outer, 'other'));
    expect(loaded.config).toBeUndefined();
    expect(loaded.findings.map((f) => [f.code, f.file, f.line, f.column])).toEqual([['CONFIG_VALUE_NOT_ALLOWED', 'bad.yml', 1, 10]]);
  });
});
