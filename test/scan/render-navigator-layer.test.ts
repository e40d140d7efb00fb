import { describe, expect, it } from 'vitest';
import { buildNavigatorLayer, renderNavigatorLayer, type NavigatorLayerInput } from '../../core/render/render-navigator-layer.js';

const INPUT: NavigatorLayerInput = {
  name: 'test layer',
  description: 'what it shows',
  domain: 'enterprise-attack',
  attackVersion: '18.1',
  techniques: [
    { techniqueID: 'T1059.001', tactic: 'execution', score: 3, comment: 'c', metadata: [{ name: 'rule', value: 'b' }, { divider: true }] },
    { techniqueID: 'T1078', tactic: 'privilege-escalation', score: 1 },
    { techniqueID: 'T1078', tactic: 'defense-evasion', score: 1, color: '#ff0000' },
    { techniqueID: 'T1059', score: 2, showSubtechniques: true, links: [{ label: 'doc', url: 'https://example.org/x' }] },
    { techniqueID: 'T1078', tactic: 'persistence', score: 1, enabled: false },
  ],
  gradient: { colors: ['#ffffff', '#ff6666'], minValue: 0, maxValue: 3 },
  legendItems: [{ label: 'many', color: '#ff6666' }],
  tacticOrder: ['initial-access', 'execution', 'persistence', 'privilege-escalation', 'defense-evasion'],
  layout: { layout: 'side', showID: true, expandedSubtechniques: 'annotated' },
  sorting: 3,
};

describe('renderNavigatorLayer', () => {
  it('writes a 4.5 layer with versions, domain and the fields in specification order', () => {
    const layer = buildNavigatorLayer(INPUT);
    expect(Object.keys(layer)).toEqual(['name', 'versions', 'domain', 'description', 'sorting', 'layout', 'techniques', 'gradient', 'legendItems']);
    expect(layer.versions).toEqual({ attack: '18.1', navigator: '5.2.0', layer: '4.5' });
  });

  it('sorts entries by technique ID, then tactic in matrix order, untacticked first', () => {
    const layer = buildNavigatorLayer(INPUT) as unknown as { techniques: { techniqueID: string; tactic?: string }[] };
    expect(layer.techniques.map((t) => `${t.techniqueID}/${t.tactic ?? '*'}`)).toEqual([
      'T1059/*',
      'T1059.001/execution',
      'T1078/persistence',
      'T1078/privilege-escalation',
      'T1078/defense-evasion',
    ]);
  });

  it('keeps only the fields given, in a fixed order', () => {
    const layer = buildNavigatorLayer(INPUT) as unknown as { techniques: Record<string, unknown>[] };
    expect(layer.techniques[1]).toEqual({ techniqueID: 'T1059.001', tactic: 'execution', score: 3, comment: 'c', metadata: [{ name: 'rule', value: 'b' }, { divider: true }] });
    expect(Object.keys(layer.techniques[0]!)).toEqual(['techniqueID', 'score', 'links', 'showSubtechniques']);
  });

  it('is byte-identical for the same input in any order', () => {
    const a = renderNavigatorLayer(INPUT);
    const b = renderNavigatorLayer({ ...INPUT, techniques: [...INPUT.techniques].reverse() });
    expect(b).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('makes an all-zero gradient valid (maxValue must exceed minValue)', () => {
    const layer = buildNavigatorLayer({ ...INPUT, gradient: { colors: ['#ffffff', '#ff0000'], minValue: 0, maxValue: 0 } });
    expect(layer.gradient).toEqual({ colors: ['#ffffff', '#ff0000'], minValue: 0, maxValue: 1 });
  });

  it('refuses what Navigator would reject', () => {
    expect(() => buildNavigatorLayer({ ...INPUT, techniques: [{ techniqueID: 'TA0002' }] })).toThrow(/technique ID/);
    expect(() => buildNavigatorLayer({ ...INPUT, gradient: { colors: ['#fff'], minValue: 0, maxValue: 1 } })).toThrow(/two colors/);
    expect(() => buildNavigatorLayer({ ...INPUT, legendItems: [{ label: 'x', color: 'red' }] })).toThrow(/hex color/);
    expect(() => buildNavigatorLayer({ ...INPUT, techniques: [{ techniqueID: 'T1059', links: [{ label: 'x', url: 'example.org' }] }] })).toThrow(/protocol/);
    expect(() => buildNavigatorLayer({ ...INPUT, techniques: [{ techniqueID: 'T1059', score: Number.NaN }] })).toThrow(/finite/);
  });
});
