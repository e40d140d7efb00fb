import { select } from 'd3';
import type { ViewModel } from '../model/view-model.js';
import { ALL_PROVIDERS, type ColorMode, type ViewSettings } from '../model/view-settings.js';
import { multiSelect, type MultiSelect } from './multi-select.js';

export interface ToolbarHandlers {
  readonly change: (patch: Partial<ViewSettings>) => void;
  readonly expandAll: () => void;
  readonly collapseAll: () => void;
  readonly reset: () => void;
}

export interface Toolbar {
  sync(settings: ViewSettings): void;
}

const MODE_LABELS: Record<ColorMode, string> = {
  comparison: 'Comparison (in-house vs provider)',
  inhouse: 'In-house rules (gradient)',
  provider: 'Provider coverage level',
  hours: 'Hours watched (24x7 or not)',
};

/** The filter and colour controls. Every control has an id so tests and users can address it. */
export function buildToolbar(root: HTMLElement, model: ViewModel, settings: ViewSettings, on: ToolbarHandlers): Toolbar {
  const bar = select(root);
  bar.selectAll('*').remove();

  const view = bar.append('div').attr('class', 'group');
  const mode = labelled(view, 'Colour', 'mode').append('select').attr('id', 'mode');
  for (const m of Object.keys(MODE_LABELS) as ColorMode[]) mode.append('option').attr('value', m).text(MODE_LABELS[m]);
  mode.on('change', () => on.change({ mode: mode.property('value') as ColorMode }));

  const targetWrap = labelled(view, 'Provider', 'target');
  const target = targetWrap.append('select').attr('id', 'target');
  if (model.providers.length !== 1) target.append('option').attr('value', ALL_PROVIDERS).text(model.providers.length === 0 ? 'none in this report' : 'All providers (union)');
  for (const p of model.providers) target.append('option').attr('value', p.id).text(p.name);
  target.on('change', () => on.change({ target: target.property('value') as string }));

  const metricWrap = labelled(view, 'Value', 'metric');
  const metric = metricWrap.append('select').attr('id', 'metric');
  metric.append('option').attr('value', 'rules').text('Rule count');
  metric.append('option').attr('value', 'score').text('Score from the report');
  metric.on('change', () => on.change({ metric: metric.property('value') as 'rules' | 'score' }));

  const filters = bar.append('div').attr('class', 'group');
  const search = labelled(filters, 'Search', 'search')
    .append('input')
    .attr('id', 'search')
    .attr('type', 'search')
    .attr('placeholder', 'ID or name, e.g. T1059 or powershell')
    .attr('autocomplete', 'off');
  search.on('input', () => on.change({ search: search.property('value') as string }));

  const multis: [keyof ViewSettings, MultiSelect][] = [];
  const filterHost = filters.node()!;
  multis.push([
    'platforms',
    multiSelect(filterHost, 'filter-platforms', 'Platforms', model.platforms.map((p) => ({ value: p, label: p })), (s) => on.change({ platforms: s })),
  ]);
  multis.push([
    'tactics',
    multiSelect(filterHost, 'filter-tactics', 'Tactics', model.tactics.map((t) => ({ value: t.shortname, label: t.name })), (s) => on.change({ tactics: s })),
  ]);
  if (model.statuses.length > 0) {
    multis.push([
      'statuses',
      multiSelect(filterHost, 'filter-status', 'Rule status', model.statuses.map((v) => ({ value: v, label: v })), (s) => on.change({ statuses: s })),
    ]);
  }
  if (model.levels.length > 0) {
    multis.push([
      'levels',
      multiSelect(filterHost, 'filter-level', 'Rule level', model.levels.map((v) => ({ value: v, label: v })), (s) => on.change({ levels: s })),
    ]);
  }

  const source = labelled(filters, 'Source', 'filter-source').append('select').attr('id', 'filter-source');
  source.append('option').attr('value', '').text('Any coverage');
  for (const s of model.sources) {
    source.append('option').attr('value', `+${s.id}`).text(`Covered by ${s.name}`);
    source.append('option').attr('value', `-${s.id}`).text(`Not covered by ${s.name}`);
  }
  source.on('change', () => {
    const v = source.property('value') as string;
    on.change({ source: v === '' ? null : { id: v.slice(1), covered: v.startsWith('+') } });
  });

  // Threat profile: the report's own --profile, or any group, campaign or software by name.
  const profileWrap = labelled(filters, 'Threat profile', 'filter-profile');
  const profile = profileWrap
    .append('input')
    .attr('id', 'filter-profile')
    .attr('list', 'profile-options')
    .attr('placeholder', 'group, campaign or software')
    .attr('autocomplete', 'off');
  const list = profileWrap.append('datalist').attr('id', 'profile-options');
  const byLabel = new Map<string, string>();
  const options: { value: string; text?: string }[] = [];
  if (model.report.profile) {
    const names = model.report.profile.resolved.map((r) => r.name).join(', ') || model.report.profile.query.join(', ');
    const label = `Report profile: ${names}`;
    byLabel.set(label.toLowerCase(), 'report');
    options.push({ value: label });
  }
  for (const [id, actor] of model.actors) {
    if (!model.actorTechniques.has(id)) continue;
    const label = `${id} ${actor.name}`;
    byLabel.set(label.toLowerCase(), id);
    byLabel.set(id.toLowerCase(), id);
    byLabel.set(actor.name.toLowerCase(), id);
    for (const a of actor.aliases) if (!byLabel.has(a.toLowerCase())) byLabel.set(a.toLowerCase(), id);
    options.push({ value: label, text: actor.aliases.length > 0 ? `${actor.type}; also ${actor.aliases.join(', ')}` : actor.type });
  }
  if (model.actors.size === 0) {
    // Without names (no matrix section) profiles can still be chosen by ID.
    for (const id of [...model.actorTechniques.keys()].sort()) {
      byLabel.set(id.toLowerCase(), id);
      options.push({ value: id });
    }
  }
  // About a thousand suggestions: filled on first use, not on the first render's clock.
  let filled = false;
  profile.on('focus', () => {
    if (filled) return;
    filled = true;
    for (const o of options) {
      const option = list.append('option').attr('value', o.value);
      if (o.text) option.text(o.text);
    }
  });
  const profileState = profileWrap.append('span').attr('class', 'hint').attr('id', 'profile-hint');
  profile.on('change', () => {
    const text = (profile.property('value') as string).trim();
    if (text === '') {
      profileState.text('');
      on.change({ profile: null });
      return;
    }
    const id = byLabel.get(text.toLowerCase());
    if (!id) {
      profileState.text('no such group, campaign or software in this report');
      return;
    }
    profileState.text('');
    on.change({ profile: id });
  });

  const actions = bar.append('div').attr('class', 'group');
  actions.append('button').attr('type', 'button').attr('id', 'expand-all').text('Expand all').on('click', on.expandAll);
  actions.append('button').attr('type', 'button').attr('id', 'collapse-all').text('Collapse all').on('click', on.collapseAll);
  actions.append('button').attr('type', 'button').attr('id', 'reset-filters').text('Reset filters').on('click', on.reset);

  const toolbar: Toolbar = {
    sync(s) {
      mode.property('value', s.mode);
      target.property('value', s.target);
      targetWrap.attr('hidden', model.providers.length === 0 ? '' : null);
      metric.property('value', s.metric);
      metricWrap.attr('hidden', s.mode === 'inhouse' ? null : '');
      if (search.property('value') !== s.search) search.property('value', s.search);
      for (const [key, m] of multis) m.sync(s[key] as ReadonlySet<string>);
      source.property('value', s.source ? `${s.source.covered ? '+' : '-'}${s.source.id}` : '');
      if (s.profile === null) {
        profile.property('value', '');
        profileState.text('');
      }
    },
  };
  toolbar.sync(settings);
  return toolbar;
}

function labelled(parent: ReturnType<typeof select<HTMLDivElement, unknown>>, text: string, forId: string) {
  const wrap = parent.append('span').attr('class', 'field');
  wrap.append('label').attr('for', forId).text(text);
  return wrap;
}
