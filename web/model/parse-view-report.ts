import type { ViewReport } from './view-report.js';

/**
 * Checks that untrusted JSON (a dropped or picked file, or the embedded data) has the shape the
 * page reads, so a wrong file gives one clear message instead of a half-drawn matrix. It checks
 * structure, not meaning: the gaps command is the authority on what the values are.
 */
export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

export function parseViewReport(text: string): ViewReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`not JSON: ${(error as Error).message}`);
  }
  return checkViewReport(data);
}

export function checkViewReport(data: unknown): ViewReport {
  const root = obj(data, '$');
  if (root.schema !== 'covmap/gaps@1') {
    const schema = typeof root.schema === 'string' ? `"${root.schema}"` : 'none';
    throw new ReportFormatError(`not a covmap gaps report (schema ${schema}, expected "covmap/gaps@1"); write one with \`covmap gaps --format json\``);
  }
  const attack = obj(root.attack, '$.attack');
  str(attack.domain, '$.attack.domain');
  str(attack.version, '$.attack.version');
  arr(root.sources, '$.sources').forEach((s, i) => {
    const o = obj(s, `$.sources[${i}]`);
    str(o.id, `$.sources[${i}].id`);
    str(o.name, `$.sources[${i}].name`);
    if (o.side !== 'inhouse' && o.side !== 'provider') throw new ReportFormatError(`$.sources[${i}].side must be "inhouse" or "provider"`);
  });
  arr(root.techniques, '$.techniques').forEach((t, i) => {
    const o = obj(t, `$.techniques[${i}]`);
    str(o.id, `$.techniques[${i}].id`);
    str(o.name, `$.techniques[${i}].name`);
    strs(o.tactics, `$.techniques[${i}].tactics`);
    if (o.platforms !== undefined) strs(o.platforms, `$.techniques[${i}].platforms`);
    if (o.sources !== undefined) {
      for (const [id, c] of Object.entries(obj(o.sources, `$.techniques[${i}].sources`))) {
        const where = `$.techniques[${i}].sources.${id}`;
        const cov = obj(c, where);
        if (cov.rules !== undefined) strs(cov.rules, `${where}.rules`);
        if (cov.ruleRefs !== undefined) arr(cov.ruleRefs, `${where}.ruleRefs`).forEach((n, j) => {
          if (!Number.isInteger(n)) throw new ReportFormatError(`${where}.ruleRefs[${j}] must be a whole number`);
        });
      }
    }
    if (o.states !== undefined) obj(o.states, `$.techniques[${i}].states`);
  });
  arr(root.rules ?? [], '$.rules').forEach((r, i) => {
    const o = obj(r, `$.rules[${i}]`);
    str(o.key, `$.rules[${i}].key`);
    str(o.title, `$.rules[${i}].title`);
  });
  if (root.tactics !== undefined) arr(root.tactics, '$.tactics');
  if (root.diagnostics !== undefined) arr(root.diagnostics, '$.diagnostics');
  if (root.matrix !== undefined) {
    const m = obj(root.matrix, '$.matrix');
    arr(m.tactics, '$.matrix.tactics');
    obj(m.actors, '$.matrix.actors');
  }
  return data as ViewReport;
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ReportFormatError(`${path} must be an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ReportFormatError(`${path} must be an array`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ReportFormatError(`${path} must be a string`);
  return v;
}

function strs(v: unknown, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}
