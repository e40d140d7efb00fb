import type { ViewModel } from './view-model.js';

export type ColorMode = 'comparison' | 'inhouse' | 'provider' | 'hours';
export const COLOR_MODES: readonly ColorMode[] = ['comparison', 'inhouse', 'provider', 'hours'];

/** `*`: all providers together (their union), as the report's own `state` does. */
export const ALL_PROVIDERS = '*';

/** Everything the user can change; the matrix is a pure function of (model, settings). */
export interface ViewSettings {
  readonly mode: ColorMode;
  /** Provider the comparison, level and hours modes look at, or ALL_PROVIDERS. */
  readonly target: string;
  /** In-house gradient: rule count (after the rule filters) or the report's score. */
  readonly metric: 'rules' | 'score';
  readonly platforms: ReadonlySet<string>;
  readonly tactics: ReadonlySet<string>;
  /** Keep techniques a source covers (or does not). */
  readonly source: { readonly id: string; readonly covered: boolean } | null;
  /** 'report' (the report's --profile) or a group, campaign or software ID. */
  readonly profile: string | null;
  readonly statuses: ReadonlySet<string>;
  readonly levels: ReadonlySet<string>;
  readonly search: string;
  /** Parent technique IDs whose sub-techniques are shown. */
  readonly expanded: ReadonlySet<string>;
}

export function defaultSettings(model: ViewModel): ViewSettings {
  return {
    mode: 'comparison',
    target: model.providers.length === 1 ? model.providers[0]!.id : ALL_PROVIDERS,
    metric: 'rules',
    platforms: new Set(model.platforms),
    tactics: new Set(model.tactics.map((t) => t.shortname)),
    source: null,
    profile: null,
    statuses: new Set(model.statuses),
    levels: new Set(model.levels),
    search: '',
    expanded: new Set(),
  };
}

/** Every parent with sub-techniques, for "expand all". */
export function allParents(model: ViewModel): Set<string> {
  return new Set(model.techniques.filter((t) => t.children.length > 0).map((t) => t.id));
}
