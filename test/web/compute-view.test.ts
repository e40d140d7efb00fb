import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { buildGapMatrix } from '../../core/gaps/build-gap-matrix.js';
import { computeView } from '../../web/model/compute-view.js';
import { checkViewReport, parseViewReport, ReportFormatError } from '../../web/model/parse-view-report.js';
import { buildViewModel, NONE } from '../../web/model/view-model.js';
import { defaultSettings, type ViewSettings } from '../../web/model/view-settings.js';
import { slimGapReport } from '../../cli/report/slim-gap-report.js';
import { buildFixtureGapReport, loadCatalogForTests, loadScenario } from './fixture-gap-report.js';

const catalog = loadCatalogForTests();
const index = new CatalogIndex(catalog);
const hostile = buildFixtureGapReport(loadScenario('hostile-titles'), catalog);
const two = { ...buildFixtureGapReport(loadScenario('two-providers'), catalog), matrix: buildGapMatrix(index) };

function view(report: typeof two, patch: Partial<ViewSettings> = {}) {
  const model = buildViewModel(checkViewReport(JSON.parse(JSON.stringify(slimGapReport(report)))));
  const settings = { ...defaultSettings(model), ...patch };
  return { model, settings, state: computeView(model, settings) };
}

function matching(state: ReturnType<typeof view>['state']): string[] {
  return [...state.techniques].filter(([, v]) => v.match).map(([id]) => id).sort();
}

describe('the page model of a gap report', () => {
  it('draws every technique of the universe, in the columns of the real matrix', () => {
    const { model } = view(two);
    expect(model.techniques.map((t) => t.id)).toEqual(index.activeTechniques().map((t) => t.id));
    expect(model.tactics.map((t) => t.shortname)).toEqual(catalog.tactics.map((t) => t.shortname));
    const subs = model.techniques.filter((t) => t.parent);
    expect(subs).toHaveLength(index.activeTechniques().filter((t) => t.parent).length);
    for (const s of subs) expect(s.parent!.children).toContain(s);
  });

  it('shows the report’s own states and summary when nothing is filtered', () => {
    const { model, state } = view(two);
    for (const t of two.techniques) expect(state.techniques.get(t.id)!.state).toBe(t.state);
    const { totals } = state;
    expect([totals.total, totals.both, totals['inhouse-only'], totals['provider-only'], totals.neither]).toEqual([
      two.summary.universe,
      two.summary.both,
      two.summary.inhouse_only,
      two.summary.provider_only,
      two.summary.neither,
    ]);
    // Per tactic: the same counts as the report's own per-tactic breakdown.
    for (const tactic of two.tactics) {
      const c = state.tactics.get(tactic.shortname)!;
      expect(c.total).toBe(tactic.universe);
      expect(c.inhouse).toBe(tactic.both + tactic.inhouse_only);
      expect(c.combined).toBe(tactic.universe - tactic.neither);
    }
    expect(model.notes).toEqual([]);
  });

  it('compares against one provider at a time', () => {
    for (const provider of ['acme-mdr', 'cloudwatch-mssp']) {
      const { state } = view(two, { target: provider });
      for (const t of two.techniques) expect(state.techniques.get(t.id)!.state).toBe(t.states[provider]);
    }
  });

  it('recomputes in-house coverage from the rules that pass the status and level filters', () => {
    const { model, state } = view(hostile as typeof two, {});
    expect(model.statuses).toEqual(['stable', 'test', 'experimental']);
    const noStable = view(hostile as typeof two, { statuses: new Set(['test', 'experimental']) }).state;
    expect(noStable.rulesFiltered).toBe(true);
    // LSASS: one stable rule, and the provider detects it.
    expect(state.techniques.get('T1003.001')!.state).toBe('both');
    expect(noStable.techniques.get('T1003.001')!.state).toBe('provider-only');
    // PowerShell keeps its test rule.
    expect(noStable.techniques.get('T1059.001')!).toMatchObject({ state: 'both', inhouseRules: 1 });
    const highOnly = view(hostile as typeof two, { levels: new Set(['critical', 'high']) }).state;
    expect(highOnly.techniques.get('T1027')!.state).toBe('neither');
    expect(highOnly.techniques.get('T1059.001')!.inhouseRules).toBe(1);
    expect(model.levels).not.toContain(NONE);
  });

  it('grades provider coverage and hours', () => {
    const { state } = view(hostile as typeof two, {});
    const level = (id: string) => state.techniques.get(id)!.level;
    expect([level('T1059.001'), level('T1486'), level('T1490'), level('T1078'), level('T1133'), level('T1110'), level('T1021.002'), level('T1055')]).toEqual([
      'significant',
      'partial',
      'minimal',
      'roadmap',
      'excluded',
      'protect',
      'minimal',
      'none',
    ]);
    // The provider watches 24x7; in-house only in business hours (50 h).
    expect(state.techniques.get('T1486')).toMatchObject({ always: true, watched: 168 });
    expect(state.techniques.get('T1053.005')).toMatchObject({ always: false, watched: 50 });
    expect(state.techniques.get('T1055')).toMatchObject({ always: false, watched: 0 });
  });

  it('filters by platform, search, source and threat profile like an independent computation', () => {
    const linux = view(two, { platforms: new Set(['Linux']) }).state;
    expect(matching(linux)).toEqual(index.activeTechniques({ platforms: ['Linux'] }).map((t) => t.id));

    const search = view(two, { search: 'PowerShell' }).state;
    expect(matching(search)).toEqual(catalog.techniques.filter((t) => !t.revoked && !t.deprecated && /powershell/i.test(`${t.id} ${t.name}`)).map((t) => t.id).sort());

    const acme = view(two, { source: { id: 'acme-mdr', covered: true } }).state;
    expect(matching(acme)).toEqual(two.techniques.filter((t) => t.sources['acme-mdr']!.covered).map((t) => t.id).sort());

    const apt29 = view(two, { profile: 'G0016' }).state;
    const universe = new Set(index.activeTechniques().map((t) => t.id));
    expect(matching(apt29)).toEqual(index.profileTechniques(['G0016']).filter((id) => universe.has(id)));
    const campaign = catalog.campaigns.find((c) => c.techniques.length > 0)!;
    const viaCampaign = view(two, { profile: campaign.id }).state;
    expect(matching(viaCampaign)).toEqual(index.profileTechniques([campaign.id]).filter((id) => universe.has(id)));

    const profile = view(hostile as typeof two, { profile: 'report' }).state;
    expect(matching(profile)).toEqual(hostile.techniques.filter((t) => t.inProfile).map((t) => t.id));
    expect(matching(profile)).toHaveLength(hostile.profile!.inUniverse);

    const noTactic = view(two, { tactics: new Set(['execution']) }).state;
    expect(noTactic.totals.total).toBe(two.techniques.filter((t) => t.tactics.includes('execution')).length);
  });

  it('draws the matrix of the report’s domain (ICS, mobile)', () => {
    for (const domain of ['ics-attack', 'mobile-attack'] as const) {
      const domainCatalog = loadCatalogForTests(domain);
      const report = { ...buildFixtureGapReport({ domain, inhouse: { name: 'SOC', hours: '24x7' }, providers: [], rules: [] }, domainCatalog), matrix: buildGapMatrix(new CatalogIndex(domainCatalog)) };
      const { model, state } = view(report);
      expect(model.domain).toBe(domain);
      expect(model.tactics.map((t) => t.shortname)).toEqual(domainCatalog.tactics.map((t) => t.shortname));
      expect(model.techniques.map((t) => t.id)).toEqual(new CatalogIndex(domainCatalog).activeTechniques().map((t) => t.id));
      expect(state.totals.neither).toBe(model.techniques.length);
    }
  });

  it('rejects what is not a gap report with one clear message', () => {
    expect(() => parseViewReport('{"schema":"covmap/scan@1"}')).toThrow(ReportFormatError);
    expect(() => parseViewReport('{"schema":"covmap/scan@1"}')).toThrow(/not a covmap gaps report/);
    expect(() => parseViewReport('nope')).toThrow(/not JSON/);
    const broken = JSON.parse(JSON.stringify(two));
    broken.techniques[3].tactics = 'execution';
    expect(() => checkViewReport(broken)).toThrow('$.techniques[3].tactics must be an array');
  });

  it('still draws a report without a matrix section, saying what it lacks', () => {
    const { matrix: _m, ...bare } = two;
    const { model } = view(bare as typeof two);
    expect(model.tactics.map((t) => t.shortname)).toEqual(catalog.tactics.map((t) => t.shortname));
    expect(model.notes.join(' ')).toMatch(/no matrix section/);
  });
});
