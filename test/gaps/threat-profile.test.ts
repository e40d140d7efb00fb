import { describe, expect, it } from 'vitest';
import { resolveThreatProfile } from '../../core/gaps/threat-profile.js';
import { catalog, index } from '../scope/scope-test-helpers.js';

describe('resolveThreatProfile (real ATT&CK 18.1)', () => {
  it('takes IDs, names and aliases of groups, campaigns and software', () => {
    const byId = resolveThreatProfile(index, ['G0016']);
    const byAlias = resolveThreatProfile(index, ['apt29']);
    expect(byAlias.profile.actors).toEqual([{ id: 'G0016', name: 'APT29', type: 'group' }]);
    expect(byAlias.profile.techniques).toEqual(byId.profile.techniques);
    expect(resolveThreatProfile(index, ['Scattered Spider']).profile.actors).toEqual([{ id: 'G1015', name: 'Scattered Spider', type: 'group' }]);
    expect(resolveThreatProfile(index, ['C0024']).profile.actors).toEqual([{ id: 'C0024', name: 'SolarWinds Compromise', type: 'campaign' }]);
    expect(resolveThreatProfile(index, ['Mimikatz']).profile.actors[0]).toMatchObject({ id: 'S0002', type: 'software' });
  });

  it('expands to the techniques used directly and through software', () => {
    const group = catalog.groups.find((g) => g.id === 'G1015')!;
    const { profile } = resolveThreatProfile(index, ['G1015']);
    expect(profile.techniques).toEqual([...new Set([...group.techniques, ...group.techniquesViaSoftware])].sort());
    expect(profile.usersByTechnique.get(group.techniquesViaSoftware[0]!)).toEqual(['Scattered Spider']);
  });

  it('uses every match of an ambiguous name, with a note, and returns unknown names', () => {
    const r = resolveThreatProfile(index, ['Carbanak', 'No Such Crew']);
    expect(r.profile.actors.map((a) => a.id)).toEqual(['G0008', 'S0030']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GAPS_PROFILE_AMBIGUOUS']);
    expect(r.unknown).toEqual(['No Such Crew']);
  });
});
