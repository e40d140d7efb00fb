import fc from 'fast-check';
import { isAbsolute, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../cli/scan/discover-rule-files.js';

/** What displayPath computes without its shortcut: path.relative, then forward slashes. */
function viaRelative(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

const segment = fc.constantFrom('a', 'b', 'rules', '.', '..', '.hidden', '..x', 'x..', 'win dows', '');

describe('displayPath', () => {
  it('names paths below the working directory relatively and others absolutely', () => {
    expect(displayPath('/repo/rules/a.yml', '/repo')).toBe('rules/a.yml');
    expect(displayPath('/repo/rules/a.yml', '/repo/')).toBe('rules/a.yml');
    expect(displayPath('/repo', '/repo')).toBe('.');
    expect(displayPath('/other/a.yml', '/repo')).toBe('/other/a.yml');
    expect(displayPath('/repository/a.yml', '/repo')).toBe('/repository/a.yml');
  });

  it('agrees with path.relative for any path and working directory', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.array(segment, { maxLength: 5 }), fc.boolean(), (cwdParts, rest, trailing) => {
        const cwd = `/${cwdParts.join('/')}${trailing ? '/' : ''}`;
        const path = `/${[...cwdParts, ...rest].join('/')}`;
        expect(displayPath(path, cwd)).toBe(viaRelative(path, cwd));
      }),
      { numRuns: 2000 },
    );
  });
});
