import { select } from 'd3';
import type { ViewState } from '../model/compute-view.js';

/** One line over the matrix: coverage of what the filters leave, without and with the provider. */
export function renderSummary(root: HTMLElement, state: ViewState, providerName: string | undefined): void {
  const t = state.totals;
  const host = select(root);
  host.selectAll('*').remove();
  const pct = (n: number) => (t.total === 0 ? 0 : Math.round((100 * n) / t.total));
  const stat = (id: string, label: string, value: string) => {
    const s = host.append('span').attr('class', 'stat').attr('data-stat', id);
    s.append('span').attr('class', 'stat-label').text(label);
    s.append('strong').text(value);
  };
  stat('universe', 'Techniques shown', String(t.total));
  stat('inhouse', 'In-house coverage', `${pct(t.inhouse)}% (${t.inhouse})`);
  if (providerName !== undefined) {
    stat('combined', `With ${providerName}`, `${pct(t.combined)}% (${t.combined})`);
    stat('both', 'Both', String(t.both));
    stat('inhouse-only', 'In-house only', String(t['inhouse-only']));
    stat('provider-only', 'Provider only', String(t['provider-only']));
  }
  stat('neither', 'Gaps (neither)', String(t.neither));
  if (state.rulesFiltered) host.append('span').attr('class', 'stat-note').text('recomputed from the rules that pass the status and level filters');
}
