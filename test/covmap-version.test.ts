import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COVMAP_VERSION } from '../cli/covmap-version.js';
import { exitCodeFor } from '../core/exit-code.js';

describe('package metadata', () => {
  it('the CLI version matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(COVMAP_VERSION).toBe(pkg.version);
  });
});

describe('exitCodeFor', () => {
  it('usage errors win over findings', () => {
    expect(exitCodeFor({ usageError: true, failing: 3 })).toBe(2);
  });
  it('failing findings give 1', () => {
    expect(exitCodeFor({ usageError: false, failing: 1 })).toBe(1);
  });
  it('nothing failing gives 0', () => {
    expect(exitCodeFor({ usageError: false, failing: 0 })).toBe(0);
  });
});
