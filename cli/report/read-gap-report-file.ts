import { readFile } from 'node:fs/promises';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { parseJsonWithPositions } from '../../core/scope/parse-json-with-positions.js';
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
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? (error as Error).message);
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
  const parsed = parseJsonWithPositions(text);
  const syntax = parsed.problems[0];
  // The parser's message quotes the text (line breaks included); the position is what helps.
  if (syntax) throw new CliError(`${path} is not JSON (syntax error at line ${syntax.line}, column ${syntax.column})`);
  const data = parsed.value;
  const schema = typeof data === 'object' && data !== null ? (data as { schema?: unknown }).schema : undefined;
  if (schema !== 'covmap/gaps@1') {
    throw new CliError(`${path} is not a covmap gaps report (schema ${typeof schema === 'string' ? `"${schema}"` : 'missing'}); write one with \`covmap gaps --format json\``);
  }
  const r = data as Partial<GapReport>;
  if (!r.attack || !Array.isArray(r.techniques) || !Array.isArray(r.sources)) {
    throw new CliError(`${path} is a covmap gaps report without attack, techniques or sources`);
  }
  // What the report and view commands read before the page does: a hand-edited or truncated
  // report gets a one-line error naming the first bad entry, not an internal error.
  const problem = shapeProblem(r);
  if (problem) throw new CliError(`${path} is not a usable covmap gaps report: ${problem}`);
  return { ...(data as GapReport), rules: Array.isArray(r.rules) ? r.rules : [], diagnostics: Array.isArray(r.diagnostics) ? r.diagnostics : [] };
}

function shapeProblem(r: Partial<GapReport>): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const attack = r.attack as unknown;
  if (!isObject(attack) || typeof attack.domain !== 'string' || typeof attack.version !== 'string') return '"attack" must be {"domain": "...", "version": "..."}';
  const lists: [string, unknown, string][] = [
    ['techniques', r.techniques, 'id'],
    ['sources', r.sources, 'id'],
    ['rules', r.rules ?? [], 'key'],
    ['diagnostics', r.diagnostics ?? [], 'code'],
  ];
  for (const [name, list, key] of lists) {
    if (!Array.isArray(list)) return `"${name}" must be a list`;
    const i = list.findIndex((item) => !isObject(item) || typeof item[key] !== 'string');
    if (i >= 0) return `${name}[${i}] must be an object with a string "${key}"`;
  }
  // The parts read here (embedding rule references, counting diagnostics); the page checks the rest.
  for (const [i, t] of (r.techniques as unknown as Record<string, unknown>[]).entries()) {
    if (!isObject(t.sources)) return `techniques[${i}].sources must be an object of sources`;
    for (const [id, c] of Object.entries(t.sources)) {
      if (!isObject(c) || (c.rules !== undefined && !(Array.isArray(c.rules) && c.rules.every((k) => typeof k === 'string')))) {
        return `techniques[${i}].sources.${id} must be an object whose "rules" (when present) is a list of rule keys`;
      }
    }
  }
  const d = (r.diagnostics ?? []).findIndex((f) => !['error', 'warning', 'note'].includes(f.severity) || (f.data !== undefined && !isObject(f.data)));
  if (d >= 0) return `diagnostics[${d}] needs a severity (error, warning or note) and, when present, a "data" object`;
  return undefined;
}
