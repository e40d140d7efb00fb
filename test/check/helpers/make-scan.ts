import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogIndex } from '../../../core/attack/catalog-index.js';
import type { Catalog } from '../../../core/attack/catalog.js';
import type { FileRecord, RuleRecord, ScanReport, TechniqueCoverage } from '../../../core/scan/scan-report.js';

/** The embedded ATT&CK 18.1 catalog, as every command loads it by default. */
export function embeddedIndex(): CatalogIndex {
  const path = resolve(import.meta.dirname, '../../../data/attack/enterprise-attack-18.1.json');
  return new CatalogIndex(JSON.parse(readFileSync(path, 'utf8')) as Catalog);
}

export interface RuleSpec {
  readonly key: string;
  readonly id?: string;
  readonly techniques: readonly string[];
  readonly included?: boolean;
}

/**
 * A ScanReport as the scanner would produce it for these rules (each tagged only with its
 * techniques, one tag per line from line 10), for tests of what consumes scans.
 */
export function makeScan(index: CatalogIndex, specs: readonly RuleSpec[], extraFiles: readonly FileRecord[] = []): ScanReport {
  const rules: RuleRecord[] = specs.map((s) => ({
    key: s.key,
    file: s.key.replace(/#\d+$/, ''),
    line: 1,
    column: 1,
    kind: 'detection',
    title: `Rule ${s.key}`,
    ...(s.id ? { id: s.id } : {}),
    tags: s.techniques.map((t, i) => ({ value: `attack.${t.toLowerCase()}`, line: 10 + i, column: 7 })),
    techniques: [...s.techniques].sort(),
    tactics: [],
    coverageFrom: s.techniques.length > 0 ? 'tags' : 'none',
    included: s.included ?? true,
  }));
  const byTechnique = new Map<string, string[]>();
  for (const r of rules) {
    if (!r.included) continue;
    for (const t of r.techniques) byTechnique.set(t, [...(byTechnique.get(t) ?? []), r.key]);
  }
  const techniques: TechniqueCoverage[] = [...byTechnique.keys()].sort().map((id) => {
    const t = index.technique(id)!;
    const keys = byTechnique.get(id)!.sort();
    return { id, name: t.name, tactics: t.tactics, rules: keys, score: keys.length, viaSubtechniques: [] };
  });
  const fileResults: FileRecord[] = [
    ...[...new Set(rules.map((r) => r.file))].map((file) => ({ file, status: 'parsed' as const, rules: rules.filter((r) => r.file === file).length })),
    ...extraFiles,
  ].sort((a, b) => (a.file < b.file ? -1 : 1));
  const count = (status: FileRecord['status']) => fileResults.filter((f) => f.status === status).length;
  return {
    schema: 'covmap/scan@1',
    attack: { domain: 'enterprise-attack', version: index.catalog.version },
    options: { score: 'count', subtechniques: true, tactics: 'all' },
    files: { found: fileResults.length, parsed: count('parsed'), skipped: count('skipped'), errored: count('errored') },
    fileResults,
    rules,
    techniques,
    diagnostics: [],
  };
}
