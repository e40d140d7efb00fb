import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { Catalog } from '../../core/attack/catalog.js';
import type { Finding } from '../../core/findings/finding.js';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import type { ScopeSource } from '../../core/scope/scope-source.js';

/** The embedded ATT&CK 18.1 catalog (real data: real revocations, names and platforms). */
export const catalog = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/attack/enterprise-attack-18.1.json'), 'utf8')) as Catalog;
export const index = new CatalogIndex(catalog);
export const YEAR = 2026;

export const BAD_INPUTS = resolve(import.meta.dirname, '../fixtures/scope-bad-inputs');

export function fixtureText(name: string): string {
  return readFileSync(resolve(BAD_INPUTS, name), 'utf8');
}

export function parseFixture(name: string): ScopeSource {
  return parseScopeFile(fixtureText(name), { index, file: name, year: YEAR });
}

/**
 * Where `marker` is written in the fixture (nth occurrence, 1-based line and column), found from
 * the text itself so the expectations do not depend on the parser being tested.
 */
export function positionOf(name: string, marker: string, nth = 1): { line: number; column: number } {
  const lines = fixtureText(name).split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i]!.indexOf(marker);
    if (col >= 0 && ++seen === nth) return { line: i + 1, column: col + 1 };
  }
  throw new Error(`marker ${marker} not found ${nth} time(s) in ${name}`);
}

export function findings(source: ScopeSource, code: string): Finding[] {
  return source.diagnostics.filter((d) => d.code === code);
}

/** code@line:column of each finding, for compact, order-independent expectations. */
export function placed(list: readonly Finding[]): string[] {
  return list.map((d) => `${d.code}@${d.line ?? '-'}:${d.column ?? '-'}`).sort();
}
