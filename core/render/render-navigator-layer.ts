import type { AttackDomain } from '../attack/catalog.js';
import { compareStrings } from '../compare-strings.js';

/**
 * A generic, pure ATT&CK Navigator layer writer (layer format 4.5, mitre-attack/attack-navigator
 * layers/spec/v4.5/layerformat.md). Callers describe entries; this fixes the key order, sorts the
 * entries and checks the few rules Navigator enforces, so every layer covmap writes is
 * byte-identical for the same input and loads in Navigator.
 */
export const NAVIGATOR_LAYER_FORMAT = '4.5';
/** The Navigator release the 4.5 format's specification names in its examples (it requires >= 4.9.0). */
export const NAVIGATOR_APP_VERSION = '5.2.0';

export type NavigatorMetadata = { readonly name: string; readonly value: string } | { readonly divider: true };
export type NavigatorLink = { readonly label: string; readonly url: string } | { readonly divider: true };

export interface NavigatorTechnique {
  readonly techniqueID: string;
  /** Tactic shortname; absent means "under every tactic of the technique". */
  readonly tactic?: string;
  readonly score?: number;
  readonly color?: string;
  readonly comment?: string;
  readonly enabled?: boolean;
  readonly metadata?: readonly NavigatorMetadata[];
  readonly links?: readonly NavigatorLink[];
  readonly showSubtechniques?: boolean;
}

export interface NavigatorGradient {
  readonly colors: readonly string[];
  readonly minValue: number;
  readonly maxValue: number;
}

export interface NavigatorLegendItem {
  readonly label: string;
  readonly color: string;
}

export interface NavigatorLayout {
  readonly layout?: 'side' | 'flat' | 'mini';
  readonly showID?: boolean;
  readonly showName?: boolean;
  readonly showAggregateScores?: boolean;
  readonly countUnscored?: boolean;
  readonly aggregateFunction?: 'average' | 'min' | 'max' | 'sum';
  readonly expandedSubtechniques?: 'none' | 'all' | 'annotated';
}

export interface NavigatorLayerInput {
  readonly name: string;
  readonly description?: string;
  readonly domain: AttackDomain;
  /** ATT&CK release of the data the layer was made from, e.g. "18.1". */
  readonly attackVersion: string;
  readonly techniques: readonly NavigatorTechnique[];
  readonly gradient?: NavigatorGradient;
  readonly legendItems?: readonly NavigatorLegendItem[];
  /** Tactic shortnames in matrix order, to sort entries of one technique; else alphabetical. */
  readonly tacticOrder?: readonly string[];
  readonly filters?: { readonly platforms: readonly string[] };
  /** 0 name asc, 1 name desc, 2 score asc, 3 score desc. */
  readonly sorting?: 0 | 1 | 2 | 3;
  readonly layout?: NavigatorLayout;
  readonly hideDisabled?: boolean;
  readonly showTacticRowBackground?: boolean;
  readonly tacticRowBackground?: string;
  readonly selectTechniquesAcrossTactics?: boolean;
  readonly selectSubtechniquesWithParent?: boolean;
  readonly selectVisibleTechniques?: boolean;
  readonly metadata?: readonly NavigatorMetadata[];
  readonly links?: readonly NavigatorLink[];
  readonly customDataURL?: string;
}

/** The layer object, keys in the order the specification lists them. */
export interface NavigatorLayer {
  readonly name: string;
  readonly versions: { readonly attack: string; readonly navigator: string; readonly layer: string };
  readonly domain: AttackDomain;
  readonly description: string;
  readonly [key: string]: unknown;
}

const HEX_COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export function buildNavigatorLayer(input: NavigatorLayerInput): NavigatorLayer {
  for (const t of input.techniques) {
    if (!TECHNIQUE_ID.test(t.techniqueID)) throw new Error(`Navigator layer: "${t.techniqueID}" is not a technique ID`);
    if (t.score !== undefined && !Number.isFinite(t.score)) throw new Error(`Navigator layer: score of ${t.techniqueID} is not a finite number`);
  }
  const order = new Map((input.tacticOrder ?? []).map((t, i) => [t, i]));
  const tacticKey = (t: string | undefined) => (t === undefined ? -1 : order.get(t) ?? order.size);
  const techniques = [...input.techniques]
    .sort((a, b) => compareStrings(a.techniqueID, b.techniqueID) || tacticKey(a.tactic) - tacticKey(b.tactic) || compareStrings(a.tactic ?? '', b.tactic ?? ''))
    .map(techniqueEntry);

  const layer: Record<string, unknown> = {
    name: input.name,
    versions: { attack: input.attackVersion, navigator: NAVIGATOR_APP_VERSION, layer: NAVIGATOR_LAYER_FORMAT },
    domain: input.domain,
    description: input.description ?? '',
  };
  if (input.customDataURL !== undefined) layer.customDataURL = input.customDataURL;
  if (input.filters) layer.filters = { platforms: [...input.filters.platforms] };
  if (input.sorting !== undefined) layer.sorting = input.sorting;
  if (input.layout) layer.layout = layoutEntry(input.layout);
  if (input.hideDisabled !== undefined) layer.hideDisabled = input.hideDisabled;
  layer.techniques = techniques;
  if (input.gradient) layer.gradient = gradientEntry(input.gradient);
  if (input.legendItems) {
    for (const item of input.legendItems) checkColor(item.color, `legend item "${item.label}"`);
    layer.legendItems = input.legendItems.map((i) => ({ label: i.label, color: i.color }));
  }
  if (input.showTacticRowBackground !== undefined) layer.showTacticRowBackground = input.showTacticRowBackground;
  if (input.tacticRowBackground !== undefined) layer.tacticRowBackground = input.tacticRowBackground;
  if (input.selectTechniquesAcrossTactics !== undefined) layer.selectTechniquesAcrossTactics = input.selectTechniquesAcrossTactics;
  if (input.selectSubtechniquesWithParent !== undefined) layer.selectSubtechniquesWithParent = input.selectSubtechniquesWithParent;
  if (input.selectVisibleTechniques !== undefined) layer.selectVisibleTechniques = input.selectVisibleTechniques;
  if (input.metadata) layer.metadata = input.metadata.map(metadataEntry);
  if (input.links) layer.links = input.links.map(linkEntry);
  return layer as unknown as NavigatorLayer;
}

/** The layer as JSON text (2-space indent, trailing newline). */
export function renderNavigatorLayer(input: NavigatorLayerInput): string {
  return `${JSON.stringify(buildNavigatorLayer(input), null, 2)}\n`;
}

function techniqueEntry(t: NavigatorTechnique): Record<string, unknown> {
  const out: Record<string, unknown> = { techniqueID: t.techniqueID };
  if (t.tactic !== undefined) out.tactic = t.tactic;
  if (t.score !== undefined) out.score = t.score;
  if (t.color !== undefined) {
    if (t.color !== '') checkColor(t.color, `technique ${t.techniqueID}`);
    out.color = t.color;
  }
  if (t.comment !== undefined) out.comment = t.comment;
  if (t.enabled !== undefined) out.enabled = t.enabled;
  if (t.metadata) out.metadata = t.metadata.map(metadataEntry);
  if (t.links) out.links = t.links.map(linkEntry);
  if (t.showSubtechniques !== undefined) out.showSubtechniques = t.showSubtechniques;
  return out;
}

function gradientEntry(g: NavigatorGradient): NavigatorGradient {
  if (g.colors.length < 2) throw new Error('Navigator layer: a gradient needs at least two colors');
  g.colors.forEach((c) => checkColor(c, 'gradient'));
  // Navigator requires maxValue > minValue; an all-zero layer still gets a valid gradient.
  const maxValue = g.maxValue > g.minValue ? g.maxValue : g.minValue + 1;
  return { colors: [...g.colors], minValue: g.minValue, maxValue };
}

function layoutEntry(l: NavigatorLayout): NavigatorLayout {
  const out: { -readonly [K in keyof NavigatorLayout]: NavigatorLayout[K] } = {};
  if (l.layout !== undefined) out.layout = l.layout;
  if (l.showID !== undefined) out.showID = l.showID;
  if (l.showName !== undefined) out.showName = l.showName;
  if (l.showAggregateScores !== undefined) out.showAggregateScores = l.showAggregateScores;
  if (l.countUnscored !== undefined) out.countUnscored = l.countUnscored;
  if (l.aggregateFunction !== undefined) out.aggregateFunction = l.aggregateFunction;
  if (l.expandedSubtechniques !== undefined) out.expandedSubtechniques = l.expandedSubtechniques;
  return out;
}

function metadataEntry(m: NavigatorMetadata): NavigatorMetadata {
  return 'divider' in m ? { divider: true } : { name: m.name, value: m.value };
}

function linkEntry(l: NavigatorLink): NavigatorLink {
  if ('divider' in l) return { divider: true };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(l.url)) throw new Error(`Navigator layer: link "${l.label}" needs a URL with a protocol`);
  return { label: l.label, url: l.url };
}

function checkColor(color: string, where: string): void {
  if (!HEX_COLOR.test(color)) throw new Error(`Navigator layer: ${where} color "${color}" is not a hex color`);
}

