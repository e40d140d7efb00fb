import { describe, expect, it } from 'vitest';
import { analyzeGaps } from '../../core/gaps/analyze-gaps.js';
import type { GapReport, TechniqueGap } from '../../core/gaps/gap-report.js';
import { parseInhouseProfile } from '../../core/gaps/inhouse-profile.js';
import { renderGapsJson } from '../../core/gaps/render-gaps-json.js';
import { index, input, YEAR } from './mini-scenario.js';

const byId = (report: GapReport) => new Map(report.techniques.map((t) => [t.id, t]));
const codes = (t: TechniqueGap | undefined) => (t?.reasons ?? []).map((r) => r.code);

describe('analyzeGaps with one provider', () => {
  const report = analyzeGaps(input(['provider-scope.yaml'], ['Red Alpha']));
  const t = byId(report);

  it('the universe is the active techniques and sub-techniques (revoked and deprecated left out)', () => {
    expect(report.techniques.map((x) => x.id)).toEqual(['T1053', 'T1053.005', 'T1059', 'T1059.001', 'T1059.004', 'T1486', 'T1490', 'T1562', 'T1562.008']);
  });

  it('gives each technique a state from direct coverage', () => {
    expect(report.summary).toEqual({ universe: 9, both: 1, inhouse_only: 1, provider_only: 2, neither: 5 });
    expect(t.get('T1059.001')!.state).toBe('both');
    expect(t.get('T1059.004')!.state).toBe('inhouse-only');
    expect(t.get('T1486')!.state).toBe('provider-only');
    expect(t.get('T1053.005')!.state).toBe('provider-only');
    // Roadmap and excluded entries are not coverage; a parent is never covered by its children.
    for (const id of ['T1490', 'T1562', 'T1059', 'T1053', 'T1562.008']) expect(t.get(id)!.state).toBe('neither');
    expect(report.providers).toEqual({ 'mini-mdr': report.summary });
  });

  it('lists covered sub-techniques of a parent without counting them', () => {
    expect(t.get('T1059')!.via_subtechniques).toEqual(['T1059.001', 'T1059.004']);
    expect(t.get('T1053')!.via_subtechniques).toEqual(['T1053.005']);
    expect(t.get('T1059')!.sources.inhouse!.via).toEqual(['T1059.001', 'T1059.004']);
    expect(t.get('T1059')!.sources['mini-mdr']!.via).toEqual(['T1059.001']);
  });

  it('records the strength of each side', () => {
    expect(t.get('T1059.001')!.sources.inhouse).toMatchObject({ covered: true, rules: ['r1.yml', 'r2.yml'], ruleCount: 2, bestLevel: 'high' });
    expect(t.get('T1486')!.sources['mini-mdr']).toMatchObject({
      covered: true,
      status: 'in-scope',
      coverage: [
        { type: 'detect', level: 'partial' },
        { type: 'respond', level: 'partial' },
      ],
    });
    expect(t.get('T1490')!.sources['mini-mdr']).toMatchObject({ covered: false, status: 'roadmap', planned: '2026-06-30' });
  });

  it('counts only rules on collected telemetry, and says which were left out', () => {
    expect(t.get('T1562.008')!.sources.inhouse).toMatchObject({ covered: false, notCollected: ['r3.yml'] });
    expect(report.telemetry.notCollected).toEqual([{ logsource: 'product=aws service=cloudtrail', rules: ['r3.yml'], techniques: ['T1562.008'] }]);
    expect(report.diagnostics.filter((d) => d.code === 'GAPS_RULES_NOT_COLLECTED')).toHaveLength(1);
    // r4 is below the scan's minimums and counts nowhere.
    expect(t.get('T1053')!.sources.inhouse!.covered).toBe(false);
  });

  it('flags in-house rules whose logsource the provider does not ingest', () => {
    expect(report.telemetry.notIngested['mini-mdr']).toEqual([{ logsource: 'product=linux category=process_creation', rules: ['r6.yml'], techniques: ['T1059.004'] }]);
  });

  it('lists uncovered techniques on platforms no source sees', () => {
    expect(report.telemetry.outsideAllSources).toEqual(['T1562.008']);
    expect(codes(t.get('T1562.008'))).toContain('GAPS_REASON_NO_TELEMETRY');
  });

  it('computes the hours each technique is watched', () => {
    // In-house 50 h and provider 24x7: always.
    expect(t.get('T1059.001')!.hours).toEqual({ watched: 168, always: true, by: ['inhouse', 'mini-mdr'] });
    // Only the in-house SOC: Mon-Fri 08-18 UTC.
    expect(t.get('T1059.004')!.hours).toEqual({ watched: 50, always: false, by: ['inhouse'] });
    // Only the provider's hunting hours, Mon-Fri 09-17 UTC.
    expect(t.get('T1053.005')!.hours).toEqual({ watched: 40, always: false, by: ['mini-mdr'] });
    expect(report.hours.notAlways).toEqual(['T1053.005', 'T1059.004']);
    // Saturday 02:00 UTC: only the 24x7 provider's detections (T1059.001, T1486) are watched.
    expect(report.hours.watchedByHour[5 * 24 + 2]).toBe(2);
    // Monday 10:00 UTC: all four covered techniques.
    expect(report.hours.watchedByHour[10]).toBe(4);
    expect(codes(t.get('T1059.004'))).toContain('GAPS_REASON_NOT_24X7');
  });

  it('ranks gaps: profile first, then prevalence, then fully blind before partly seen', () => {
    const ranked = report.techniques.filter((x) => x.priority !== undefined).sort((a, b) => a.priority! - b.priority!);
    expect(ranked.map((x) => x.id)).toEqual(['T1490', 'T1562', 'T1562.008', 'T1053', 'T1059']);
    // T1490: Alpha uses it through its software; Beta and the tool Wiper use it too.
    expect(t.get('T1490')!.usedBy).toEqual(['G0001', 'G0002', 'S0001']);
    expect(t.get('T1490')!.priorityScore).toBe(1_000_000 + 10_000 + 3);
    expect(codes(t.get('T1490'))).toEqual(['GAPS_REASON_IN_PROFILE', 'GAPS_REASON_PREVALENCE', 'GAPS_REASON_PROVIDER_ROADMAP']);
    expect(codes(t.get('T1562'))).toEqual(['GAPS_REASON_PREVALENCE', 'GAPS_REASON_PROVIDER_EXCLUDED']);
    expect(codes(t.get('T1059'))).toEqual(['GAPS_REASON_PREVALENCE', 'GAPS_REASON_VIA_SUBTECHNIQUES']);
    // Covered techniques have no priority.
    expect(t.get('T1059.001')!.priority).toBeUndefined();
  });

  it('reports the threat profile first-class', () => {
    expect(report.profile).toMatchObject({
      query: ['Red Alpha'],
      resolved: [{ id: 'G0001', name: 'Alpha', type: 'group' }],
      techniques: ['T1059.001', 'T1486', 'T1490'],
      inUniverse: 3,
      summary: { universe: 3, both: 1, inhouse_only: 0, provider_only: 1, neither: 1 },
    });
  });

  it('states the contract value', () => {
    expect(report.contract).toEqual({
      inhouseCoverage: 0.2222,
      combinedCoverage: 0.4444,
      profileInhouseCoverage: 0.3333,
      profileCombinedCoverage: 0.6667,
      providerOnly: ['T1053.005', 'T1486'],
      coveredTwice: ['T1059.001'],
      neither: ['T1053', 'T1059', 'T1490', 'T1562', 'T1562.008'],
      uniqueByProvider: { 'mini-mdr': ['T1053.005', 'T1486'] },
    });
  });

  it('breaks the universe down per tactic in matrix order', () => {
    expect(report.tactics.map((x) => [x.shortname, x.universe, x.both, x.inhouse_only, x.provider_only, x.neither])).toEqual([
      ['execution', 5, 1, 1, 1, 2],
      ['persistence', 2, 0, 0, 1, 1],
      ['defense-evasion', 2, 0, 0, 0, 2],
      ['impact', 2, 0, 0, 1, 1],
    ]);
  });

  it('describes both sources with counts that add up', () => {
    const [inhouse, mdr] = report.sources;
    expect(inhouse).toMatchObject({ id: 'inhouse', side: 'inhouse', kind: 'sigma', hoursPerWeek: 50, always: false, platforms: ['Linux', 'Windows'], platformsDeclared: true });
    expect(inhouse!.weekMask).toBe(
      Array.from({ length: 168 }, (_, h) => (Math.floor(h / 24) < 5 && h % 24 >= 8 && h % 24 < 18 ? '1' : '0')).join(''),
    );
    expect(inhouse!.counts).toMatchObject({ entries: 6, techniques: 2, covered: 2, coveredInUniverse: 2, ignored: { notCollected: 1, belowMinimums: 1 } });
    expect(mdr).toMatchObject({ id: 'mini-mdr', side: 'provider', kind: 'covmap-scope', always: true, hoursDeclared: true, platforms: ['Windows'], usable: true });
    expect(mdr!.counts).toEqual({ entries: 4, techniques: 4, covered: 3, coveredInUniverse: 3, ignored: {} });
  });

  it('is deterministic', () => {
    const again = analyzeGaps(input(['provider-scope.yaml'], ['Red Alpha']));
    expect(renderGapsJson(again)).toBe(renderGapsJson(report));
  });
});

describe('analyzeGaps with two providers', () => {
  const report = analyzeGaps(input(['provider-scope.yaml', 'cloud-layer.json']));
  const t = byId(report);

  it('compares in-house with the union of providers, and with each provider side by side', () => {
    expect(report.summary).toEqual({ universe: 9, both: 1, inhouse_only: 1, provider_only: 3, neither: 4 });
    expect(report.providers['mini-mdr']).toEqual({ universe: 9, both: 1, inhouse_only: 1, provider_only: 2, neither: 5 });
    expect(report.providers['cloud-logging-coverage']).toEqual({ universe: 9, both: 0, inhouse_only: 2, provider_only: 1, neither: 6 });
    expect(t.get('T1562.008')!.states).toEqual({ 'mini-mdr': 'neither', 'cloud-logging-coverage': 'provider-only' });
    expect(t.get('T1562.008')!.state).toBe('provider-only');
    expect(report.contract.uniqueByProvider).toEqual({ 'mini-mdr': ['T1053.005', 'T1486'], 'cloud-logging-coverage': ['T1562.008'] });
  });

  it('keeps layer scores and names sources whose platforms are unknown', () => {
    expect(t.get('T1562.008')!.sources['cloud-logging-coverage']).toMatchObject({ covered: true, score: 2, comment: 'CloudTrail tamper alerts' });
    expect(report.telemetry.platformsUnknown).toEqual(['cloud-logging-coverage']);
    expect(report.sources[2]!.counts).toEqual({ entries: 3, techniques: 1, covered: 1, coveredInUniverse: 1, ignored: { disabled: 1, unscored: 1 } });
  });
});

describe('analyzeGaps with a platform filter and without a profile', () => {
  const base = input(['provider-scope.yaml']);
  const report = analyzeGaps({ ...base, platforms: ['IaaS'] });

  it('limits the universe and notes coverage outside it', () => {
    expect(report.techniques.map((x) => x.id)).toEqual(['T1562', 'T1562.008']);
    expect(report.filters.platforms).toEqual(['IaaS']);
    const notes = report.diagnostics.filter((d) => d.code === 'GAPS_OUTSIDE_UNIVERSE');
    expect(notes.map((d) => d.data)).toEqual([
      { source: 'In-house', count: 2, deprecated: 0, filtered: 2 },
      { source: 'mini-mdr', count: 3, deprecated: 0, filtered: 3 },
    ]);
    expect(report.profile).toBeUndefined();
    expect(report.contract.profileInhouseCoverage).toBeUndefined();
  });

  it('notes when no SOC hours were given', () => {
    const noHours = analyzeGaps({ ...base, inhouse: { ...base.inhouse, profile: parseInhouseProfile({}, { index, year: YEAR }).profile } });
    expect(noHours.diagnostics.map((d) => d.code)).toContain('GAPS_INHOUSE_HOURS_ASSUMED');
    expect(noHours.sources[0]).toMatchObject({ always: true, hoursDeclared: false, schedule: '24x7' });
  });
});
