import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

// The browser tests prove hostile titles stay text; this keeps the next change from adding a
// markup sink somewhere they do not reach (a new panel section, an export).
const SINKS = /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\.html\(|srcdoc|createContextualFragment|\beval\(|new Function\(|setAttribute\(\s*['"]style['"]|\.attr\(\s*['"]style['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the web view source', () => {
  it('never turns data into markup, and sets no style attributes the CSP would block', () => {
    const files = [...sources(join(PROJECT_ROOT, 'web')), ...sources(join(PROJECT_ROOT, 'cli/report')), ...sources(join(PROJECT_ROOT, 'cli/view'))];
    expect(files.length).toBeGreaterThan(15);
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(PROJECT_ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => SINKS.test(line) && !line.trim().startsWith('//'))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });
});
