import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { GapAnalysisInput } from '../../core/gaps/analyze-gaps.js';
import { parseInhouseProfile } from '../../core/gaps/inhouse-profile.js';
import { resolveThreatProfile } from '../../core/gaps/threat-profile.js';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import { miniCatalog, rule, scanReport } from './mini-catalog.js';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/gaps-mini-provider-and-layer');
export const YEAR = 2026;
export const index = new CatalogIndex(miniCatalog());

function provider(name: string) {
  return parseScopeFile(readFileSync(resolve(FIXTURES, name), 'utf8'), { index, file: name, year: YEAR });
}

/**
 * In-house: two Windows rules on PowerShell, a Linux rule on Unix Shell, a CloudTrail rule (not
 * collected: the profile says Windows and Linux), a rule left out by --min-level, a filter.
 * SOC hours Mon-Fri 08:00-18:00 UTC (50 hours, no daylight saving time in UTC).
 */
export function input(providers: string[], profileQueries: string[] = []): GapAnalysisInput {
  const scan = scanReport([
    rule('r1.yml', { product: 'windows', category: 'process_creation' }, ['T1059.001'], { level: 'high' }),
    rule('r2.yml', { product: 'windows', category: 'ps_script' }, ['T1059.001'], { level: 'medium' }),
    rule('r3.yml', { product: 'aws', service: 'cloudtrail' }, ['T1562.008'], { level: 'high' }),
    rule('r4.yml', { product: 'linux', category: 'process_creation' }, ['T1053'], { included: false }),
    rule('r5.yml', undefined, [], { kind: 'filter' }),
    rule('r6.yml', { product: 'linux', category: 'process_creation' }, ['T1059.004'], { level: 'low' }),
  ]);
  const profile = parseInhouseProfile({ hours: 'Mon-Fri 08:00-18:00 UTC', platforms: ['windows', 'Linux'] }, { index, year: YEAR });
  expect(profile.diagnostics).toEqual([]);
  const threat = profileQueries.length > 0 ? resolveThreatProfile(index, profileQueries) : undefined;
  return {
    index,
    inhouse: { scan, extra: [], profile: profile.profile, inputs: ['rules'] },
    providers: providers.map(provider),
    threat: threat?.profile,
    year: YEAR,
  };
}

