import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../core/attack/build-catalog.js';
import type { Catalog } from '../../core/attack/catalog.js';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const FIXTURE = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');

describe('CatalogIndex on the revoked-chain fixture', () => {
  let index: CatalogIndex;
  beforeAll(() => {
    index = new CatalogIndex(buildCatalog(JSON.parse(readFileSync(FIXTURE, 'utf8'))));
  });

  it('finds techniques in any state, case-insensitively', () => {
    expect(index.technique('t9003.001')?.name).toBe('Current Sub');
    expect(index.technique(' T9001 ')?.revoked).toBe(true);
    expect(index.technique('T9004')?.deprecated).toBe(true);
    expect(index.technique('T0000')).toBeUndefined();
  });

  it('current() follows revoked-by chains to the end', () => {
    expect(index.current('T9001')?.id).toBe('T9003');
    expect(index.current('T9002')?.id).toBe('T9003');
    expect(index.current('T9003')?.id).toBe('T9003');
    expect(index.current('T9004')?.id).toBe('T9004'); // deprecated has no replacement: itself
    expect(index.current('T9005')).toBeUndefined(); // revoked, nothing replaces it
    expect(index.current('T0000')).toBeUndefined();
  });

  it('current() copes with a catalog that stores only the next hop, and with cycles', () => {
    const base = index.catalog;
    const hop = (id: string, replacedBy?: string) => ({ ...base.techniques.find((t) => t.id === id)!, ...(replacedBy ? { replacedBy } : {}) });
    const oneHop = new CatalogIndex({ ...base, techniques: [hop('T9001', 'T9002'), hop('T9002', 'T9003'), hop('T9003')] });
    expect(oneHop.current('T9001')?.id).toBe('T9003');
    const cycle = new CatalogIndex({ ...base, techniques: [hop('T9001', 'T9002'), hop('T9002', 'T9001')] });
    expect(cycle.current('T9001')).toBeUndefined();
  });

  it('looks tactics up by ID, shortname or name and keeps the matrix order', () => {
    expect(index.tactic('TA0002')?.shortname).toBe('execution');
    expect(index.tactic('Initial Access')?.id).toBe('TA0001');
    expect(index.tactic('EXECUTION')?.id).toBe('TA0002');
    // The fixture matrix lists initial-access first although its ID sorts after.
    expect(index.tacticIndex('initial-access')).toBe(0);
    expect(index.tacticIndex('execution')).toBe(1);
    expect(index.tacticIndex('TA0002')).toBe(1);
    expect(index.tacticIndex('impact')).toBe(-1);
    expect(index.technique('T9003')?.tactics).toEqual(['initial-access', 'execution']);
  });

  it('lists active techniques only, filtered by platform and sub-technique flag', () => {
    expect(index.activeTechniques().map((t) => t.id)).toEqual(['T9003', 'T9003.001']);
    expect(index.activeTechniques({ subtechniques: false }).map((t) => t.id)).toEqual(['T9003']);
    expect(index.activeTechniques({ platforms: ['linux'] }).map((t) => t.id)).toEqual(['T9003', 'T9003.001']);
    expect(index.activeTechniques({ platforms: ['macOS'] })).toEqual([]); // only the deprecated T9004 runs there
    expect(index.activeTechniques({ platforms: [] })).toHaveLength(2);
    expect(index.subtechniques('t9003').map((t) => t.id)).toEqual(['T9003.001']);
    expect(index.subtechniques('T9001')).toEqual([]);
  });

  it('finds actors by ID, name or alias and profiles their techniques including software', () => {
    expect(index.findActors('example bear')).toEqual([
      { kind: 'group', id: 'G9001', name: 'Test Group', aliases: ['Example Bear'], matchedOn: 'alias' },
    ]);
    expect(index.findActors('g9001')[0]?.matchedOn).toBe('id');
    expect(index.findActors('TRAT').map((a) => [a.kind, a.id])).toEqual([['software', 'S9001']]);
    expect(index.findActors('Operation Test').map((a) => [a.kind, a.id])).toEqual([['campaign', 'C9001']]);
    expect(index.findActors('Revoked Group')).toEqual([]); // revoked groups are not in the catalog
    expect(index.findActors('  ')).toEqual([]);
    // G9001 uses revoked T9001 (recorded as T9003) and, through TestRAT, T9003.001.
    expect(index.profileTechniques(['G9001'])).toEqual(['T9003', 'T9003.001']);
    expect(index.profileTechniques(['S9001'])).toEqual(['T9003.001']);
    expect(index.profileTechniques(['C9001', 'nope'])).toEqual(['T9003']);
  });

  it('usersOf counts groups (also through software) and software, not deprecated uses', () => {
    expect(index.usersOf('T9003.001')).toEqual(['G9001', 'S9001']);
    expect(index.usersOf('t9003')).toEqual(['G9001']);
    expect(index.usersOf('T9004')).toEqual([]);
  });

  it('names any object by ID', () => {
    expect(index.object('det9001')).toEqual({ type: 'detection-strategy', id: 'DET9001', name: 'Detect Current Technique' });
    expect(index.object('AN9001')?.type).toBe('analytic');
    expect(index.object('DC9001')?.type).toBe('data-component');
    expect(index.object('M9001')?.type).toBe('mitigation');
    expect(index.object('S9001')?.type).toBe('software');
    expect(index.object('C9001')?.type).toBe('campaign');
    expect(index.object('TA0001')?.type).toBe('tactic');
    expect(index.object('X1')).toBeUndefined();
    expect(index.detectionStrategiesFor('T9003').map((d) => d.id)).toEqual(['DET9001']);
  });
});

describe('CatalogIndex on the embedded enterprise 18.1 catalog', () => {
  let index: CatalogIndex;
  beforeAll(() => {
    const catalog = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'data/attack/enterprise-attack-18.1.json'), 'utf8')) as Catalog;
    index = new CatalogIndex(catalog);
  });

  it('has the published counts', () => {
    expect(index.catalog.tactics).toHaveLength(14);
    expect(index.activeTechniques({ subtechniques: false })).toHaveLength(216);
    expect(index.activeTechniques()).toHaveLength(691);
    expect(index.activeTechniques().every((t, i, all) => i === 0 || all[i - 1]!.id < t.id)).toBe(true);
  });

  it('maps well-known IDs', () => {
    expect(index.current('T1002')?.id).toBe('T1560'); // Data Compressed -> Archive Collected Data
    expect(index.current('T1004')?.id).toBe('T1547.004'); // Winlogon Helper DLL
    expect(index.tacticIndex('reconnaissance')).toBe(0);
    expect(index.tacticIndex('impact')).toBe(13);
    expect(index.subtechniques('T1059').map((t) => t.id)).toContain('T1059.001');
    expect(index.findActors('Fancy Bear').map((a) => a.id)).toEqual(['G0007']);
    expect(index.findActors('mimikatz').map((a) => [a.kind, a.id])).toEqual([['software', 'S0002']]);
    expect(index.object('DET0455')?.type).toBe('detection-strategy');
    expect(index.detectionStrategiesFor('T1059.001').map((d) => d.id)).toContain('DET0455');
    // Every revoked technique's replacement is itself current.
    for (const t of index.catalog.techniques.filter((x) => x.revoked && x.replacedBy)) {
      expect(index.technique(t.replacedBy!)?.revoked).toBe(false);
    }
  });

  it('profiles APT28 with techniques used through its software', () => {
    const apt28 = index.catalog.groups.find((g) => g.id === 'G0007')!;
    const profile = index.profileTechniques(['G0007']);
    expect(profile).toHaveLength(new Set([...apt28.techniques, ...apt28.techniquesViaSoftware]).size);
    expect(apt28.techniquesViaSoftware.length).toBeGreaterThan(0);
    expect(apt28.techniquesViaSoftware.some((t) => apt28.techniques.includes(t))).toBe(false);
    expect(index.usersOf('T1059.001')).toContain('G0007');
  });
});
