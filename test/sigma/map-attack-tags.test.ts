import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { Catalog } from '../../core/attack/catalog.js';
import type { TagRecord } from '../../core/scan/scan-report.js';
import { classifyAttackTag, mapAttackTags } from '../../core/sigma/map-attack-tags.js';
import { formatFindingMessage } from '../../core/findings/format-finding.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';

let catalog: Catalog;
let index: CatalogIndex;
beforeAll(async () => {
  catalog = await loadCatalog({ attack: '18.1' });
  index = new CatalogIndex(catalog);
});

const tags = (...values: string[]): TagRecord[] => values.map((value, i) => ({ value, line: 10 + i, column: 7 }));
const map = (...values: string[]) => mapAttackTags(tags(...values), index, 'rules/r.yml');

describe('classifyAttackTag', () => {
  it('recognises techniques, tactics and object IDs case-insensitively', () => {
    expect(classifyAttackTag('attack.t1059')).toEqual({ kind: 'technique', id: 'T1059' });
    expect(classifyAttackTag('ATTACK.T1059.001')).toEqual({ kind: 'technique', id: 'T1059.001' });
    expect(classifyAttackTag('attack.defense-evasion')).toEqual({ kind: 'tactic', shortname: 'defense-evasion', underscore: false });
    expect(classifyAttackTag('attack.defense_evasion')).toEqual({ kind: 'tactic', shortname: 'defense-evasion', underscore: true });
    expect(classifyAttackTag('attack.g0016')).toEqual({ kind: 'group', id: 'G0016' });
    expect(classifyAttackTag('attack.s0002')).toEqual({ kind: 'software', id: 'S0002' });
    expect(classifyAttackTag('attack.c0024')).toEqual({ kind: 'campaign', id: 'C0024' });
    expect(classifyAttackTag('attack.m1042')).toEqual({ kind: 'mitigation', id: 'M1042' });
    expect(classifyAttackTag('attack.ds0009')).toEqual({ kind: 'data-source', id: 'DS0009' });
    expect(classifyAttackTag('attack.a0001')).toEqual({ kind: 'asset', id: 'A0001' });
  });

  it('leaves other namespaces alone and flags malformed attack tags', () => {
    expect(classifyAttackTag('cve.2021-44228')).toBeUndefined();
    expect(classifyAttackTag('detection.threat-hunting')).toBeUndefined();
    for (const bad of ['attack.', 'attack.t12', 'attack.t1059.1', 'attack.t1059.0001', 'attack.ta002', 'attack.execution.x']) {
      expect(classifyAttackTag(bad)).toEqual({ kind: 'malformed' });
    }
  });
});

describe('mapAttackTags (ATT&CK 18.1)', () => {
  it('maps techniques and tactics without findings when everything is current', () => {
    const mapped = map('attack.execution', 'attack.t1059.001', 'attack.T1059', 'attack.persistence', 'attack.t1053.005');
    expect(mapped.techniques).toEqual(['T1053.005', 'T1059', 'T1059.001']);
    expect(mapped.tactics).toEqual(['execution', 'persistence']); // matrix order
    expect(mapped.findings).toEqual([]);
  });

  it('moves a revoked technique to its replacement and warns', () => {
    const mapped = map('attack.t1050');
    expect(mapped.techniques).toEqual(['T1543.003']);
    expect(mapped.findings).toEqual([
      {
        code: 'ATTACK_TAG_REVOKED',
        severity: 'warning',
        file: 'rules/r.yml',
        line: 10,
        column: 7,
        data: { tag: 'attack.t1050', technique: 'T1050', version: '18.1', replacement: 'T1543.003', replacementName: 'Windows Service' },
      },
    ]);
  });

  it('keeps a deprecated technique and warns', () => {
    const mapped = map('attack.t1064');
    expect(mapped.techniques).toEqual(['T1064']);
    expect(mapped.findings.map((f) => f.code)).toEqual(['ATTACK_TAG_DEPRECATED']);
  });

  it('says an ID past the end of the release looks newer, and suggests an update', () => {
    const mapped = map('attack.t1685', 'attack.t1059.099', 'attack.stealth', 'attack.g9999');
    expect(mapped.techniques).toEqual([]);
    expect(mapped.findings.map((f) => [f.code, f.data?.id, f.data?.knownIn])).toEqual([
      ['ATTACK_TAG_NEWER_THAN_DATA', 'T1685', undefined],
      ['ATTACK_TAG_NEWER_THAN_DATA', 'T1059.099', undefined],
      ['ATTACK_TAG_NEWER_THAN_DATA', 'stealth', '19.0'],
      ['ATTACK_TAG_NEWER_THAN_DATA', 'G9999', undefined],
    ]);
    expect(mapped.findings.every((f) => f.severity === 'error')).toBe(true);
  });

  it('reports unknown IDs (gaps in the numbering) and unknown tactics as errors', () => {
    const mapped = map('attack.t1000', 'attack.t1059.000', 'attack.lateral-move', 'attack.g0000');
    expect(mapped.findings.map((f) => [f.code, f.severity])).toEqual([
      ['ATTACK_TAG_UNKNOWN', 'error'],
      ['ATTACK_TAG_UNKNOWN', 'error'],
      ['ATTACK_TACTIC_UNKNOWN', 'error'],
      ['ATTACK_TAG_UNKNOWN', 'error'],
    ]);
  });

  it('accepts the v1 underscore form of a tactic with a warning', () => {
    const mapped = map('attack.credential_access', 'attack.t1003.001');
    expect(mapped.tactics).toEqual(['credential-access']);
    expect(mapped.findings.map((f) => [f.code, f.data?.tactic])).toEqual([['ATTACK_TACTIC_UNDERSCORE', 'credential-access']]);
  });

  it('flags a tactic tag none of the techniques belongs to', () => {
    const mapped = map('attack.execution', 'attack.t1112');
    expect(mapped.findings).toMatchObject([{ code: 'ATTACK_TACTIC_MISMATCH', line: 10, data: { tactic: 'execution', techniques: ['T1112'] } }]);
  });

  it('validates group, software, campaign and mitigation IDs', () => {
    expect(map('attack.g0016', 'attack.s0002', 'attack.c0001', 'attack.m1013').findings).toEqual([]);
    // G0097 is a gap in the group numbering of 18.1: no object, active or retired, has it.
    expect(map('attack.g0097').findings.map((f) => [f.code, f.data?.kind])).toEqual([['ATTACK_TAG_UNKNOWN', 'group']]);
  });

  it('warns about revoked and deprecated groups, software and data sources, naming the replacement', () => {
    const mapped = map('attack.g0118', 'attack.s9000', 'attack.g0014', 'attack.s0609', 'attack.ds0009');
    expect(mapped.techniques).toEqual([]);
    expect(mapped.findings.map((f) => [f.code, f.severity, f.data])).toEqual([
      ['ATTACK_TAG_REVOKED', 'warning', { tag: 'attack.g0118', kind: 'group', id: 'G0118', name: 'UNC2452', version: '18.1', replacement: 'G0016', replacementName: 'APT29' }],
      // Past the highest active software ID, but revoked, not newer.
      ['ATTACK_TAG_REVOKED', 'warning', { tag: 'attack.s9000', kind: 'software', id: 'S9000', name: 'Ngrok', version: '18.1', replacement: 'S0508', replacementName: 'ngrok' }],
      ['ATTACK_TAG_DEPRECATED', 'warning', { tag: 'attack.g0014', kind: 'group', id: 'G0014', name: 'Night Dragon', version: '18.1' }],
      ['ATTACK_TAG_DEPRECATED', 'warning', { tag: 'attack.s0609', kind: 'software', id: 'S0609', name: 'TRITON', version: '18.1' }],
      // ATT&CK 18 deprecated every data source.
      ['ATTACK_TAG_DEPRECATED', 'warning', { tag: 'attack.ds0009', kind: 'data-source', id: 'DS0009', name: 'Process', version: '18.1' }],
    ]);
    // A retired ID of another kind is still unknown for this kind: S0609 is software, not a group.
    expect(map('attack.g0609').findings.map((f) => f.code)).not.toContain('ATTACK_TAG_DEPRECATED');
  });

  it('reads a catalog written before covmap kept retired objects: such tags are unknown, not a crash', () => {
    const older = new CatalogIndex({ ...catalog, retired: undefined });
    const mapped = mapAttackTags(tags('attack.g0118', 'attack.g0016'), older, 'x');
    expect(mapped.findings.map((f) => [f.code, f.data?.id, f.data?.olderCatalog])).toEqual([['ATTACK_TAG_UNKNOWN', 'G0118', true]]);
    expect(formatFindingMessage(mapped.findings[0]!)).toContain('made by an older covmap');
  });

  it('says a tactic ID that a later release added looks newer', () => {
    expect(map('attack.ta0112', 'attack.ta0099').findings.map((f) => [f.code, f.data?.knownIn])).toEqual([
      ['ATTACK_TAG_NEWER_THAN_DATA', '19.0'],
      ['ATTACK_TACTIC_UNKNOWN', undefined],
    ]);
  });

  it('flags malformed attack tags and ignores other namespaces', () => {
    const mapped = map('attack.t12', 'cve.2021-44228', 'attack.mitre.org');
    expect(mapped.findings.map((f) => [f.code, f.data?.tag])).toEqual([
      ['ATTACK_TAG_MALFORMED', 'attack.t12'],
      ['ATTACK_TAG_MALFORMED', 'attack.mitre.org'],
    ]);
  });

  it('counts a technique once however often it is tagged (also via a revoked alias)', () => {
    expect(map('attack.t1543.003', 'attack.t1050', 'attack.T1543.003').techniques).toEqual(['T1543.003']);
  });

  it('accepts asset tags it cannot check in enterprise, and checks them in ICS', async () => {
    expect(map('attack.a0001').findings).toEqual([]);
    const ics = new CatalogIndex(await loadCatalog({ attack: '18.1', domain: 'ics-attack' }));
    expect(mapAttackTags(tags('attack.a0001', 'attack.a0999'), ics, 'x').findings.map((f) => f.code)).toEqual(['ATTACK_TAG_NEWER_THAN_DATA']);
  });
});
