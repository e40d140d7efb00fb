import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as findings and reports show it: relative to the working directory (the repository root
 * in CI, which is what SARIF and GitHub annotations need), with forward slashes; a path outside
 * the working directory stays absolute.
 */
export function displayPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  if (rel === '') return '.';
  if (rel.startsWith('..') && isAbsolute(path)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}
