import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { TagRecord } from '../../core/scan/scan-report.js';
import { classifyAttackTag, mapAttackTags } from '../../core/sigma/map-attack-tags.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';

// `attack.ta0002` names a tactic by its ID. Not Sigma's convention (shortnames), but unambiguous,
// so it is read as the tactic rather than rejected as a malformed tag.

let enterprise: CatalogIndex;
let ics: CatalogIndex;
beforeAll(async () => {
  enterprise = new CatalogIndex(await loadCatalog({ attack: '18.1' }));
  ics = new CatalogIndex(await loadCatalog({ attack: '18.1', domain: 'ics-attack' }));
});

const tags = (...values: string[]): TagRecord[] => values.map((value, i) => ({ value, line: 10 + i, column: 7 }));
const codes = (mapped: { findings: readonly { code: string }[] }) => mapped.findings.map((f) => f.code);

describe('tactic IDs as attack tags', () => {
  it('are classified as tactic IDs, case-insensitively', () => {
    expect(classifyAttackTag('attack.ta0002')).toEqual({ kind: 'tactic-id', id: 'TA0002' });
    expect(classifyAttackTag('ATTACK.TA0005')).toEqual({ kind: 'tactic-id', id: 'TA0005' });
    // Still malformed: not four digits.
    for (const bad of ['attack.ta002', 'attack.ta00020', 'attack.ta0002.001']) expect(classifyAttackTag(bad)).toEqual({ kind: 'malformed' });
  });

  it('count as the tactic the ID names, exactly as its shortname tag does', () => {
    const byId = mapAttackTags(tags('attack.t1059', 'attack.TA0002'), enterprise, 'r.yml');
    const byName = mapAttackTags(tags('attack.t1059', 'attack.execution'), enterprise, 'r.yml');
    expect(byId).toEqual(byName);
    expect(byId).toEqual({ techniques: ['T1059'], tactics: ['execution'], findings: [] });
  });

  it('are sorted in matrix order and counted once with their shortname', () => {
    const mapped = mapAttackTags(tags('attack.t1078', 'attack.ta0004', 'attack.initial-access', 'attack.ta0001'), enterprise, 'r.yml');
    expect(mapped.tactics).toEqual(['initial-access', 'privilege-escalation']);
    expect(mapped.findings).toEqual([]);
  });

  it('get the tactic mismatch check like shortnames', () => {
    const mapped = mapAttackTags(tags('attack.t1059', 'attack.ta0001'), enterprise, 'r.yml');
    expect(mapped.findings).toEqual([
      { code: 'ATTACK_TACTIC_MISMATCH', severity: 'warning', file: 'r.yml', line: 11, column: 7, data: { tag: 'attack.ta0001', tactic: 'initial-access', techniques: ['T1059'] } },
    ]);
  });

  it('resolve in the loaded domain: an ICS tactic ID is unknown in enterprise ATT&CK', () => {
    const inEnterprise = mapAttackTags(tags('attack.t1059', 'attack.ta0109'), enterprise, 'r.yml');
    expect(codes(inEnterprise)).toEqual(['ATTACK_TACTIC_UNKNOWN']);
    expect(inEnterprise.findings[0]!.data).toMatchObject({ tag: 'attack.ta0109', tactic: 'TA0109', domain: 'enterprise-attack' });
    const inIcs = mapAttackTags(tags('attack.t0886', 'attack.ta0109'), ics, 'r.yml');
    expect(inIcs).toEqual({ techniques: ['T0886'], tactics: ['lateral-movement'], findings: [] });
  });
});
