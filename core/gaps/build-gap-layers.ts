import type { NavigatorLayerInput, NavigatorTechnique } from '../render/render-navigator-layer.js';
import type { CoverageState, GapReport, SourceCoverage, SourceInfo } from './gap-report.js';
import { comparisonLabel, providersOf, STATE_LABELS } from './gap-report-view.js';

/**
 * Colours of the comparison layer, from the Okabe-Ito palette (distinct for the common colour
 * vision deficiencies; the web view uses the same hues). Every technique also names its state in
 * its comment and metadata, so colour is never the only carrier of meaning.
 */
export const STATE_COLORS: Readonly<Record<CoverageState, string>> = {
  both: '#009E73', // bluish green
  'inhouse-only': '#56B4E9', // sky blue
  'provider-only': '#E69F00', // orange
  neither: '#D55E00', // vermillion: the gaps stand out
};

const LEGEND: Readonly<Record<CoverageState, string>> = {
  both: 'Both: in-house and provider',
  'inhouse-only': 'In-house only',
  'provider-only': 'Provider only',
  neither: 'Neither: gap',
};

const LEVEL_SCORE = { minimal: 1, partial: 2, significant: 3 } as const;

export interface GapLayer {
  /** File name inside the --layers directory. */
  readonly file: string;
  readonly layer: NavigatorLayerInput;
}

/** One Navigator 4.5 layer per usable source, and the comparison layer with a legend. */
export function buildGapLayers(report: GapReport): GapLayer[] {
  const base = {
    domain: report.attack.domain,
    attackVersion: report.attack.version,
    tacticOrder: report.tactics.map((t) => t.shortname),
    ...(report.filters.platforms.length > 0 ? { filters: { platforms: report.filters.platforms } } : {}),
    layout: { layout: 'side' as const, showID: true, showName: true, expandedSubtechniques: 'annotated' as const },
  };
  const layers: GapLayer[] = [];
  for (const source of report.sources) {
    if (!source.usable) continue;
    layers.push({ file: `source-${source.id}.json`, layer: { ...base, ...sourceLayer(report, source) } });
  }
  const techniques: NavigatorTechnique[] = report.techniques.map((t) => ({
    techniqueID: t.id,
    color: STATE_COLORS[t.state],
    comment: `${STATE_LABELS[t.state]}${t.priority !== undefined ? `; gap priority ${t.priority}` : ''}; watched ${t.hours.watched}/168 h a week`,
    metadata: [
      { name: 'state', value: STATE_LABELS[t.state] },
      ...Object.entries(t.states).map(([id, s]) => ({ name: `vs ${id}`, value: STATE_LABELS[s] })),
      { name: 'covered by', value: t.hours.by.join(', ') || 'nobody' },
      ...(t.inProfile ? [{ name: 'threat profile', value: 'yes' }] : []),
    ],
  }));
  layers.push({
    file: 'comparison.json',
    layer: {
      ...base,
      name: `covmap gaps: ${comparisonLabel(report)}`,
      description: `Coverage state of every technique in the universe (${report.summary.universe}): both ${report.summary.both}, in-house only ${report.summary.inhouse_only}, provider only ${report.summary.provider_only}, neither ${report.summary.neither}.`,
      techniques,
      legendItems: (Object.keys(LEGEND) as CoverageState[]).map((s) => ({ label: LEGEND[s], color: STATE_COLORS[s] })),
    },
  });
  return layers;
}

function sourceLayer(report: GapReport, source: SourceInfo): Omit<NavigatorLayerInput, 'domain' | 'attackVersion'> {
  const techniques: NavigatorTechnique[] = [];
  let max = 1;
  for (const t of report.techniques) {
    const c = t.sources[source.id];
    if (!c?.covered) continue;
    const score = scoreOf(c);
    max = Math.max(max, score);
    techniques.push({ techniqueID: t.id, score, comment: commentOf(c) });
  }
  const levels = source.side === 'provider' && techniques.length > 0 && report.techniques.some((t) => t.sources[source.id]?.coverage?.length);
  const providers = providersOf(report).length;
  return {
    name: `covmap: ${source.name}`,
    description:
      source.side === 'inhouse'
        ? `In-house coverage: score = number of rules (or the DeTT&CT detection score). ${techniques.length} techniques covered.`
        : `${source.name} (${source.kind}${providers > 1 ? `, one of ${providers} providers` : ''}): ${levels ? 'score = best declared level (1 minimal, 2 partial, 3 significant)' : 'score as declared'}. ${techniques.length} techniques covered.`,
    techniques,
    gradient: levels ? { colors: ['#CFE8F7', '#56B4E9', '#0072B2'], minValue: 1, maxValue: 3 } : { colors: ['#CFE8F7', '#0072B2'], minValue: 0, maxValue: max },
  };
}

function scoreOf(c: SourceCoverage): number {
  const levels = (c.coverage ?? []).filter((x) => x.type !== 'protect').map((x) => LEVEL_SCORE[x.level]);
  if (levels.length > 0) return Math.max(...levels);
  if (c.ruleCount) return c.ruleCount;
  return c.score ?? 1;
}

function commentOf(c: SourceCoverage): string {
  const parts: string[] = [];
  if (c.ruleCount) parts.push(`${c.ruleCount} rule${c.ruleCount === 1 ? '' : 's'}${c.bestLevel ? `, best level ${c.bestLevel}` : ''}`);
  for (const x of c.coverage ?? []) parts.push(`${x.type} ${x.level}${x.capability ? ` (${x.capability})` : ''}`);
  if (c.score !== undefined && !c.coverage?.length && !c.ruleCount) parts.push(`score ${c.score}`);
  if (c.comment) parts.push(c.comment);
  return [...new Set(parts)].join('; ');
}
