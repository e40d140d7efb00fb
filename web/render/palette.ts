import { color, interpolateBlues, lab, scaleSequentialSqrt } from 'd3';
import type { CoverageState } from '../../core/gaps/gap-report.js';
import type { ProviderLevel, TechniqueView, ViewState } from '../model/compute-view.js';
import type { ColorMode, ViewSettings } from '../model/view-settings.js';

/**
 * How a cell looks in each colour mode. Colours come from the Okabe-Ito palette (designed to stay
 * distinct for the common colour-vision deficiencies), and every category also has a text marker
 * and, for "nothing here", a hatch pattern: colour is never the only carrier of meaning.
 */
export type Pattern = 'none' | 'hatch' | 'cross';

export interface Appearance {
  readonly fill: string;
  readonly ink: string;
  readonly marker: string;
  readonly pattern: Pattern;
  /** Legend category (for the SVG export and tests). */
  readonly category: string;
}

export interface LegendEntry extends Appearance {
  readonly label: string;
}

export interface Legend {
  readonly title: string;
  readonly entries: readonly LegendEntry[];
  /** In-house gradient: the scale's ends, drawn as a bar. */
  readonly gradient?: { readonly from: string; readonly to: string; readonly min: string; readonly max: string; readonly stops: readonly string[] };
  readonly note?: string;
}

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

const EMPTY = '#F7F7F7';
const INK = '#111111';

const STATE: Record<CoverageState, Omit<LegendEntry, 'category'>> = {
  both: { fill: OKABE_ITO.bluishGreen, ink: INK, marker: 'I+P', pattern: 'none', label: 'Both: in-house and provider' },
  'inhouse-only': { fill: OKABE_ITO.skyBlue, ink: INK, marker: 'I', pattern: 'none', label: 'In-house only' },
  'provider-only': { fill: OKABE_ITO.orange, ink: INK, marker: 'P', pattern: 'none', label: 'Provider only' },
  neither: { fill: EMPTY, ink: INK, marker: '—', pattern: 'hatch', label: 'Neither (gap)' },
};
export const STATE_ORDER: readonly CoverageState[] = ['both', 'inhouse-only', 'provider-only', 'neither'];

const LEVEL: Record<ProviderLevel, Omit<LegendEntry, 'category'>> = {
  significant: { fill: OKABE_ITO.blue, ink: '#FFFFFF', marker: 'S', pattern: 'none', label: 'Significant' },
  partial: { fill: OKABE_ITO.skyBlue, ink: INK, marker: 'P', pattern: 'none', label: 'Partial' },
  minimal: { fill: '#CFE8F7', ink: INK, marker: 'M', pattern: 'none', label: 'Minimal' },
  covered: { fill: OKABE_ITO.bluishGreen, ink: INK, marker: '✓', pattern: 'none', label: 'Covered, no level given' },
  protect: { fill: OKABE_ITO.reddishPurple, ink: INK, marker: 'Pr', pattern: 'none', label: 'Protect only (not detection)' },
  roadmap: { fill: OKABE_ITO.yellow, ink: INK, marker: 'R', pattern: 'none', label: 'Roadmap' },
  excluded: { fill: '#BBBBBB', ink: INK, marker: '✕', pattern: 'cross', label: 'Excluded by contract' },
  none: { fill: EMPTY, ink: INK, marker: '—', pattern: 'hatch', label: 'Not covered' },
};
const LEVEL_ORDER: readonly ProviderLevel[] = ['significant', 'partial', 'minimal', 'covered', 'protect', 'roadmap', 'excluded', 'none'];

const HOURS = {
  always: { fill: OKABE_ITO.bluishGreen, ink: INK, marker: '24/7', pattern: 'none', label: 'Watched 24x7' },
  part: { fill: OKABE_ITO.yellow, ink: INK, marker: 'h', pattern: 'none', label: 'Watched part of the week (hours shown)' },
  none: { fill: EMPTY, ink: INK, marker: '0h', pattern: 'hatch', label: 'Not watched (no coverage)' },
} as const satisfies Record<string, Omit<LegendEntry, 'category'>>;

/** A function from a technique's view to its appearance, fixed for one (settings, state). */
export function appearanceFor(settings: ViewSettings, state: ViewState): (v: TechniqueView) => Appearance {
  switch (settings.mode) {
    case 'comparison':
      return (v) => ({ ...STATE[v.state], category: v.state });
    case 'provider':
      return (v) => ({ ...LEVEL[v.level], category: v.level });
    case 'hours':
      return (v) => {
        if (v.always) return { ...HOURS.always, category: 'always' };
        if (v.watched > 0) return { ...HOURS.part, marker: `${v.watched}h`, category: 'part' };
        return { ...HOURS.none, category: 'none' };
      };
    case 'inhouse': {
      const scale = gradient(settings.metric === 'score' ? state.maxScore : state.maxRules);
      return (v) => {
        const value = settings.metric === 'score' ? (v.inhouseScore ?? 0) : v.inhouseRules;
        if (value <= 0) return { fill: EMPTY, ink: INK, marker: '0', pattern: 'hatch', category: 'zero' };
        const fill = scale(value);
        return { fill, ink: inkOn(fill), marker: formatValue(value), pattern: 'none', category: 'value' };
      };
    }
  }
}

/** Said in every mode: a parent's colour is its own coverage, its toggle counts covered sub-techniques. */
const SUBTECHNIQUES_NOTE = '+N: N sub-techniques, n✓ of them covered in this mode (a parent is coloured by its own coverage only).';

export function legendFor(mode: ColorMode, settings: ViewSettings, state: ViewState, providerName: string): Legend {
  const legend = modeLegend(mode, settings, state, providerName);
  return { ...legend, note: legend.note ? `${legend.note} ${SUBTECHNIQUES_NOTE}` : SUBTECHNIQUES_NOTE };
}

function modeLegend(mode: ColorMode, settings: ViewSettings, state: ViewState, providerName: string): Legend {
  switch (mode) {
    case 'comparison':
      return {
        title: `In-house vs ${providerName}`,
        entries: STATE_ORDER.map((s) => ({ ...STATE[s], category: s })),
      };
    case 'provider':
      return { title: `${providerName}: declared coverage`, entries: LEVEL_ORDER.map((l) => ({ ...LEVEL[l], category: l })) };
    case 'hours':
      return {
        title: `Hours watched by in-house and ${providerName}`,
        entries: (['always', 'part', 'none'] as const).map((k) => ({ ...HOURS[k], category: k, ...(k === 'part' ? { marker: '40h' } : {}) })),
      };
    case 'inhouse': {
      const max = settings.metric === 'score' ? state.maxScore : state.maxRules;
      const scale = gradient(max);
      const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => scale(Math.max(1e-9, f * Math.max(max, 1))));
      return {
        title: settings.metric === 'score' ? 'In-house score (from the report)' : 'In-house rules (after rule filters)',
        entries: [{ fill: EMPTY, ink: INK, marker: '0', pattern: 'hatch', category: 'zero', label: 'No rule' }],
        gradient: { from: stops[0]!, to: stops[stops.length - 1]!, min: '1', max: formatValue(Math.max(max, 1)), stops },
        note: 'The number in each cell is the value.',
      };
    }
  }
}

/** Square-root scale: a few techniques have hundreds of rules and would wash out the rest. */
function gradient(max: number): (v: number) => string {
  const scale = scaleSequentialSqrt((t: number) => interpolateBlues(0.2 + 0.8 * t)).domain([0, Math.max(max, 1)]);
  // Hex, not rgb(): the Navigator layer export accepts only hex colours.
  return (v) => color(scale(v))!.formatHex();
}

/** Black or white text, whichever reads better on the fill (CIELAB lightness). */
export function inkOn(fill: string): string {
  return lab(fill).l < 58 ? '#FFFFFF' : INK;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
