import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as findings and reports show it: relative to the working directory (the repository root
 * in CI, which is what SARIF and GitHub annotations need), with forward slashes. Only a path with
 * no relative form (another drive on Windows) stays absolute.
 */
export function displayPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  if (rel === '') return '.';
  return rel.split(sep).join('/');
}
