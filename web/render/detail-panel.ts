import { select, type Selection } from 'd3';
import type { SourceCoverage, SourceInfo } from '../../core/gaps/gap-report.js';
import type { Finding } from '../../core/findings/finding.js';
import { formatFinding, formatFindingMessage } from '../../core/findings/format-finding.js';
import { levelRank } from '../../core/sigma/sigma-vocabulary.js';
import type { TechniqueView } from '../model/compute-view.js';
import { NONE, type TechniqueNode, type ViewModel } from '../model/view-model.js';
import type { ViewSettings } from '../model/view-settings.js';

export interface PanelHandlers {
  readonly open: (id: string) => void;
  readonly close: () => void;
}

type Sel = Selection<HTMLElement, unknown, null, undefined>;

const STATE_WORDS = { both: 'Both', 'inhouse-only': 'In-house only', 'provider-only': 'Provider only', neither: 'Neither (gap)' } as const;
/** How many users to list before "show all": prevalent techniques have hundreds. */
const USERS_SHOWN = 40;
const RULES_SHOWN = 50;


/**
 * The detail panel of one technique. Everything from the report goes in as text (d3 .text),
 * never as markup: rule titles, provider names and comments are untrusted.
 */
export function renderPanel(
  panel: HTMLElement,
  model: ViewModel,
  node: TechniqueNode,
  view: TechniqueView,
  settings: ViewSettings,
  on: PanelHandlers,
): void {
  const root = select(panel);
  root.selectAll('*').remove();
  panel.hidden = false;
  panel.setAttribute('data-technique', node.id);
  panel.setAttribute('aria-label', `Details of ${node.id} ${node.name}`);

  const head = root.append('header').attr('class', 'panel-head');
  head.append('h2').attr('id', 'panel-title').call((h) => {
    h.append('span').attr('class', 'tid').text(node.id);
    h.append('span').text(` ${node.name}`);
  });
  head.append('button').attr('type', 'button').attr('class', 'close').attr('aria-label', 'Close the details').text('×').on('click', on.close);
  root
    .append('a')
    .attr('class', 'attack-link')
    .attr('href', node.url)
    .attr('target', '_blank')
    .attr('rel', 'noopener noreferrer')
    .text(`${node.id} on attack.mitre.org ↗`);

  const facts = root.append('dl').attr('class', 'facts');
  const fact = (term: string, build: (dd: Sel) => void) => {
    facts.append('dt').text(term);
    build(facts.append('dd') as unknown as Sel);
  };
  fact('Tactics', (dd) => dd.text(node.tactics.map((t) => model.tactics.find((c) => c.shortname === t)?.name ?? t).join(', ') || '—'));
  fact('Platforms', (dd) => dd.text(node.platforms.join(', ') || '—'));
  if (node.parent) fact('Parent', (dd) => techniqueLink(dd, node.parent!, on));
  if (node.children.length > 0) {
    fact(`Sub-techniques (${node.children.length})`, (dd) => {
      const ul = dd.append('ul').attr('class', 'plain');
      for (const c of node.children) {
        const li = ul.append('li') as unknown as Sel;
        li.append('span').attr('class', `state-chip state-${c.state}`).text(STATE_WORDS[c.state]);
        techniqueLink(li, c, on);
      }
    });
  }
  if (node.viaSubtechniques.length > 0) fact('Covered through sub-techniques', (dd) => dd.text(node.viaSubtechniques.join(', ')));

  const coverage = section(root, 'Coverage');
  const cov = coverage.append('ul').attr('class', 'plain');
  const providerLabel = settings.target === '*' ? 'all providers' : (model.providers.find((p) => p.id === settings.target)?.name ?? settings.target);
  cov
    .append('li')
    .attr('data-testid', 'panel-state')
    .call((li) => {
      li.append('span').attr('class', `state-chip state-${view.state}`).text(STATE_WORDS[view.state]);
      li.append('span').text(` in-house vs ${model.providers.length > 0 ? providerLabel : 'no provider'}`);
    });
  // Several providers: one line each (the first line is the comparison the matrix shows).
  for (const p of model.providers.length > 1 ? model.providers : []) {
    const s = node.states[p.id];
    if (!s) continue;
    cov.append('li').call((li) => {
      li.append('span').attr('class', `state-chip state-${s}`).text(STATE_WORDS[s]);
      li.append('span').text(` in-house vs ${p.name}`);
    });
  }
  cov.append('li').text(
    view.always ? 'Watched 24x7' : `Watched ${view.watched} of 168 hours a week${node.hours.by.length > 0 ? ` by ${node.hours.by.map((id) => sourceName(model, id)).join(', ')}` : ''}`,
  );
  if (node.priority !== undefined) cov.append('li').text(`Gap priority #${node.priority}${node.inProfile ? ' (in the threat profile)' : ''}`);
  if (node.reasons.length > 0) {
    const why = coverage.append('ul').attr('class', 'reasons');
    for (const r of node.reasons) why.append('li').attr('data-code', r.code).text(formatFindingMessage(r));
  }

  // Sources: in-house first, then each provider, in report order.
  for (const s of model.sources) renderSource(root, model, s, node.sources[s.id], settings);

  const diagnostics = relatedDiagnostics(model, node);
  const diag = section(root, `Diagnostics (${diagnostics.length})`);
  if (diagnostics.length === 0) diag.append('p').attr('class', 'muted').text('None for this technique.');
  else {
    const ul = diag.append('ul').attr('class', 'diagnostics');
    for (const f of diagnostics) ul.append('li').attr('class', `sev-${f.severity}`).attr('data-code', f.code).text(formatFinding(f));
  }

  renderUsers(root, model, node);
}

function renderSource(root: Sel, model: ViewModel, source: SourceInfo, c: SourceCoverage | undefined, settings: ViewSettings): void {
  const box = section(root, `${source.side === 'inhouse' ? 'In-house' : 'Provider'}: ${source.name}`).attr('data-source', source.id);
  const line = box.append('p');
  line.append('strong').text(c?.covered ? 'Covers it' : 'Does not cover it');
  const bits: string[] = [];
  if (c?.status) bits.push(`status ${c.status}`);
  if (c?.score !== undefined) bits.push(`score ${c.score}`);
  if (c?.bestLevel) bits.push(`best rule level ${c.bestLevel}`);
  bits.push(source.always ? 'watched 24x7' : `watched ${source.hoursPerWeek} h/week`);
  line.append('span').text(` · ${bits.join(' · ')}`);
  if (c?.unbacked) box.append('p').attr('class', 'warning-note').text('Declared, but none of this source’s telemetry sees the technique’s platforms.');
  if (c?.comment) box.append('p').attr('class', 'comment').text(c.comment);
  if (c?.reason) labelled(box, 'Why', c.reason);
  if (c?.planned) labelled(box, 'Planned', c.planned);
  if (c?.via && c.via.length > 0) labelled(box, 'Through sub-techniques', c.via.join(', '));
  if (c?.evidence && c.evidence.length > 0) {
    box.append('h4').text('Evidence');
    const ul = box.append('ul').attr('class', 'evidence');
    for (const e of c.evidence) ul.append('li').text(e);
  }

  if (c?.coverage && c.coverage.length > 0) {
    const details = c.coverage.some((e) => e.capability || e.hours);
    const table = box.append('table').attr('class', 'entries');
    const head = table.append('thead').append('tr');
    for (const h of ['Type', 'Level', 'Telemetry', 'Response', ...(details ? ['Details'] : [])]) head.append('th').attr('scope', 'col').text(h);
    const body = table.append('tbody');
    for (const e of c.coverage) {
      const tr = body.append('tr');
      tr.append('td').text(e.type);
      tr.append('td').text(e.level);
      tr.append('td').text(e.telemetry?.join(', ') || '—');
      tr.append('td').text(e.actions?.join(', ') || '—');
      if (details) tr.append('td').text([e.capability ? `capability ${e.capability}` : '', e.hours ? `hours ${e.hours}` : ''].filter(Boolean).join('; ') || '—');
    }
  }
  if (c?.notCollected && c.notCollected.length > 0) {
    box.append('h4').text(`Not counted: ${c.notCollected.length} rule${c.notCollected.length === 1 ? '' : 's'} on logs we do not collect`);
    const ul = box.append('ul').attr('class', 'evidence');
    for (const key of c.notCollected) ul.append('li').text(model.rules.get(key)?.title ?? key);
  }

  const keys = c?.rules ?? [];
  if (keys.length > 0) {
    const table = box.append('table').attr('class', 'rules').attr('data-testid', `rules-${source.id}`);
    table.append('caption').text(`${keys.length} rule${keys.length === 1 ? '' : 's'}`);
    const head = table.append('thead').append('tr');
    for (const h of ['Title', 'Level', 'Status', 'File']) head.append('th').attr('scope', 'col').text(h);
    const body = table.append('tbody');
    // Most severe first; a technique like PowerShell has hundreds of rules, so the list is cut.
    const sorted = keys
      .map((key) => ({ key, rule: model.rules.get(key) }))
      .sort((a, b) => levelRank(b.rule?.level) - levelRank(a.rule?.level) || (a.rule?.title ?? a.key).localeCompare(b.rule?.title ?? b.key));
    sorted.forEach(({ key, rule }, i) => {
      const passes = !rule || (settings.statuses.has(rule.status ?? NONE) && settings.levels.has(rule.level ?? NONE));
      const tr = body
        .append('tr')
        .attr('class', passes ? null : 'filtered-out')
        .attr('hidden', i >= RULES_SHOWN ? '' : null);
      tr.append('td').attr('class', 'rule-title').text(rule?.title ?? key);
      tr.append('td').text(rule?.level ?? '—');
      tr.append('td').text(`${rule?.status ?? '—'}${passes ? '' : ' (filtered out)'}`);
      const file = rule?.file ?? rule?.key ?? key;
      tr.append('td').attr('class', 'rule-file').text(rule?.line !== undefined ? `${file}:${rule.line}` : file);
    });
    if (sorted.length > RULES_SHOWN) {
      const more = box.append('button').attr('type', 'button').attr('class', 'link').text(`Show all ${sorted.length} rules`);
      more.on('click', () => {
        body.selectAll('tr').attr('hidden', null);
        more.remove();
      });
    }
  }
}

/** Findings that name this technique in their data, or sit in a file of one of its rules. */
function relatedDiagnostics(model: ViewModel, node: TechniqueNode): Finding[] {
  const files = new Set<string>();
  for (const c of Object.values(node.sources)) {
    for (const key of c.rules ?? []) {
      const rule = model.rules.get(key);
      files.add(rule?.file ?? key);
    }
  }
  const id = node.id.toUpperCase();
  return (model.report.diagnostics ?? []).filter((f) => {
    if (f.file && files.has(f.file)) return true;
    for (const v of Object.values(f.data ?? {})) {
      if (typeof v === 'string' && v.toUpperCase() === id) return true;
      if (Array.isArray(v) && v.some((x) => typeof x === 'string' && x.toUpperCase() === id)) return true;
    }
    return false;
  });
}

function renderUsers(root: Sel, model: ViewModel, node: TechniqueNode): void {
  const groups: string[] = [];
  const software: string[] = [];
  const other: string[] = [];
  for (const id of node.usedBy) {
    const type = model.actors.get(id)?.type ?? (id.startsWith('G') ? 'group' : id.startsWith('S') ? 'software' : 'campaign');
    (type === 'group' ? groups : type === 'software' ? software : other).push(id);
  }
  const box = section(root, `Used by ${groups.length} group${groups.length === 1 ? '' : 's'} and ${software.length} software`).attr('data-testid', 'panel-users');
  if (node.usedBy.length === 0) {
    box.append('p').attr('class', 'muted').text('No group or software in ATT&CK is known to use it.');
    return;
  }
  for (const [label, ids] of [['Groups', groups], ['Software', software], ['Campaigns', other]] as const) {
    if (ids.length === 0) continue;
    box.append('h4').text(label);
    const ul = box.append('ul').attr('class', 'users');
    const names = ids.map((id) => ({ id, name: model.actors.get(id)?.name })).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
    names.forEach((n, i) => {
      ul.append('li')
        .attr('hidden', i >= USERS_SHOWN ? '' : null)
        .text(n.name ? `${n.name} (${n.id})` : n.id);
    });
    if (names.length > USERS_SHOWN) {
      const more = box.append('button').attr('type', 'button').attr('class', 'link').text(`Show all ${names.length}`);
      more.on('click', () => {
        ul.selectAll('li').attr('hidden', null);
        more.remove();
      });
    }
  }
}

function labelled(box: Sel, label: string, text: string): void {
  const p = box.append('p');
  p.append('span').attr('class', 'muted').text(`${label}: `);
  p.append('span').text(text);
}

function techniqueLink(parent: Sel, node: TechniqueNode, on: PanelHandlers): void {
  parent
    .append('button')
    .attr('type', 'button')
    .attr('class', 'link')
    .text(`${node.id} ${node.name}`)
    .on('click', () => on.open(node.id));
}

function section(root: Sel, title: string): Sel {
  const s = root.append('section').attr('class', 'panel-section');
  s.append('h3').text(title);
  return s as unknown as Sel;
}

function sourceName(model: ViewModel, id: string): string {
  return model.sources.find((s) => s.id === id)?.name ?? id;
}
