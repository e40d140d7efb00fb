import { describe, expect, it } from 'vitest';
import type { Catalog, Technique } from '../../core/attack/catalog.js';
import { diffCatalogs } from '../../core/attack/diff-catalogs.js';
import { renderCatalogDiffText } from '../../core/attack/render-catalog-diff.js';

const technique = (id: string, name: string, tactics: string[], extra: Partial<Technique> = {}): Technique => ({
  id, name, tactics, platforms: ['Windows'], url: `https://attack.mitre.org/techniques/${id}`, deprecated: false, revoked: false, ...extra,
});

const catalog = (version: string, techniques: Technique[], tactics = [{ id: 'TA0002', shortname: 'execution', name: 'Execution' }]): Catalog => ({
  format: 1, domain: 'enterprise-attack', version, modified: '', specVersion: '', tactics, techniques, groups: [], campaigns: [], software: [],
  mitigations: [], dataSources: [], dataComponents: [], detectionStrategies: [], analytics: [], assets: [],
  validation: { objects: 0, accepted: 0, rejected: [] },
});

describe('diffCatalogs', () => {
  const from = catalog('1.0', [
    technique('T1000', 'Stays', ['execution']),
    technique('T1001', 'Gets Revoked', ['execution']),
    technique('T1002', 'Gets Deprecated', ['execution']),
    technique('T1003', 'Old Name', ['execution']),
    technique('T1004', 'Moves', ['execution', 'persistence']),
    technique('T1005', 'Comes Back', ['execution'], { deprecated: true }),
    technique('T1006', 'Disappears', ['execution']),
    technique('T1007', 'Already Revoked', ['execution'], { revoked: true, replacedBy: 'T1000' }),
  ]);
  const to = catalog(
    '2.0',
    [
      technique('T1000', 'Stays', ['execution']),
      technique('T1000.001', 'New Sub', ['execution'], { parent: 'T1000', platforms: ['Linux'] }),
      technique('T1001', 'Gets Revoked', ['execution'], { revoked: true, replacedBy: 'T1000.001' }),
      technique('T1002', 'Gets Deprecated', ['execution'], { deprecated: true }),
      technique('T1003', 'New Name', ['execution']),
      technique('T1004', 'Moves', ['execution', 'stealth'], { platforms: ['Windows', 'Linux'] }),
      technique('T1005', 'Comes Back', ['execution']),
      technique('T1007', 'Already Revoked', ['execution'], { revoked: true, replacedBy: 'T1000' }),
      technique('T1008', 'Born Revoked', ['execution'], { revoked: true }),
    ],
    [{ id: 'TA0002', shortname: 'execution', name: 'Execution' }, { id: 'TA0112', shortname: 'stealth', name: 'Stealth' }],
  );
  const diff = diffCatalogs(from, to);

  it('classifies every kind of change', () => {
    expect(diff.added).toEqual([{ id: 'T1000.001', name: 'New Sub', tactics: ['execution'] }]);
    expect(diff.revoked).toEqual([
      { id: 'T1001', name: 'Gets Revoked', replacedBy: { id: 'T1000.001', name: 'New Sub' } },
      { id: 'T1008', name: 'Born Revoked' },
    ]);
    expect(diff.deprecated).toEqual([{ id: 'T1002', name: 'Gets Deprecated' }]);
    expect(diff.renamed).toEqual([{ id: 'T1003', from: 'Old Name', to: 'New Name' }]);
    expect(diff.movedTactics).toEqual([
      { id: 'T1004', name: 'Moves', from: ['execution', 'persistence'], to: ['execution', 'stealth'], added: ['stealth'], removed: ['persistence'] },
    ]);
    expect(diff.platformsChanged).toEqual([{ id: 'T1004', name: 'Moves', added: ['Linux'], removed: [] }]);
    expect(diff.restored).toEqual([{ id: 'T1005', name: 'Comes Back' }]);
    expect(diff.removed).toEqual([{ id: 'T1006', name: 'Disappears' }]);
    expect(diff.tactics.added.map((t) => t.id)).toEqual(['TA0112']);
  });

  it('is empty for identical releases', () => {
    const same = diffCatalogs(from, from);
    expect([same.added, same.revoked, same.deprecated, same.renamed, same.movedTactics, same.restored, same.removed].every((l) => l.length === 0)).toBe(true);
  });

  it('renders a text report naming replacements', () => {
    const text = renderCatalogDiffText(diff);
    expect(text).toContain('T1001 Gets Revoked -> T1000.001 New Sub');
    expect(text).toContain('T1008 Born Revoked -> (no replacement)');
    expect(text).toContain('T1004 Moves: +stealth -persistence');
    expect(text.split('\n')[0]).toBe('ATT&CK enterprise-attack 1.0 -> 2.0');
  });
});
