import type { ViewState } from '../model/compute-view.js';
import type { TacticColumn, TechniqueNode, ViewModel } from '../model/view-model.js';
import type { ViewSettings } from '../model/view-settings.js';

// TEMPORARY until core/render/render-navigator-layer.ts lands; replaced before hand-off.
export function buildViewLayer(
  _model: ViewModel,
  _settings: ViewSettings,
  _state: ViewState,
  _columns: readonly { tactic: TacticColumn; cells: readonly { node: TechniqueNode; sub: boolean; context: boolean }[] }[],
): string {
  throw new Error('the Navigator layer export is not available yet');
}
