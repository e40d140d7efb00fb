import { readFile } from 'node:fs/promises';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { CliError } from '../cli-error.js';

/**
 * Reads a `covmap gaps --format json` file. Only the envelope is checked here (the page checks
 * the structure it draws); a scan report or any other JSON gets a one-line usage error.
 */
export async function readGapReportFile(path: string): Promise<GapReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const schema = typeof data === 'object' && data !== null ? (data as { schema?: unknown }).schema : undefined;
  if (schema !== 'covmap/gaps@1') {
    throw new CliError(`${path} is not a covmap gaps report (schema ${typeof schema === 'string' ? `"${schema}"` : 'missing'}); write one with \`covmap gaps --format json\``);
  }
  const r = data as Partial<GapReport>;
  if (!r.attack || !Array.isArray(r.techniques) || !Array.isArray(r.sources)) {
    throw new CliError(`${path} is a covmap gaps report without attack, techniques or sources`);
  }
  return { ...(data as GapReport), rules: Array.isArray(r.rules) ? r.rules : [], diagnostics: Array.isArray(r.diagnostics) ? r.diagnostics : [] };
}
