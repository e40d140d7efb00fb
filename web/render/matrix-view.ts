import { select, type Selection } from 'd3';
import type { TacticColumn, TechniqueNode, ViewModel } from '../model/view-model.js';
import type { ViewSettings } from '../model/view-settings.js';
import type { TechniqueView, ViewState } from '../model/compute-view.js';
import type { Appearance } from './palette.js';

/** One drawn cell. A technique in several tactics is drawn once per column; the first is primary. */
interface CellRecord {
  readonly node: TechniqueNode;
  readonly column: string;
  readonly primary: boolean;
  readonly item: HTMLLIElement;
  readonly cell: HTMLDivElement;
  readonly marker: HTMLSpanElement;
  readonly toggle: HTMLButtonElement | undefined;
  /** What was last written, so an update only touches what changed (filters must stay fast). */
  last: Record<string, string | boolean | undefined>;
}

interface ColumnRecord {
  readonly tactic: TacticColumn;
  readonly section: HTMLElement;
  readonly count: HTMLElement;
  readonly inBar: HTMLElement;
  readonly combinedBar: HTMLElement;
  readonly coverText: HTMLElement;
  readonly bar: HTMLElement;
}

export interface MatrixHandlers {
  /** `keyboard`: opened with Enter or Space, so the panel should take the focus. */
  readonly open: (id: string, keyboard: boolean) => void;
  readonly toggle: (parentId: string) => void;
}

/**
 * The ATT&CK matrix as HTML (focusable cells, real text) built once per report with d3 data joins;
 * later changes only rewrite the attributes and styles that differ.
 */
export class MatrixView {
  readonly #cells: CellRecord[] = [];
  readonly #columns: ColumnRecord[] = [];
  readonly #byElement = new Map<Element, CellRecord>();
  readonly #grid: HTMLElement;
  #selected: string | undefined;

  constructor(host: HTMLElement, model: ViewModel, handlers: MatrixHandlers) {
    const seen = new Set<string>();
    const self = this;
    // A fresh grid per report: listeners live and die with it. It is built detached and attached
    // once, so the browser styles and lays it out in one go.
    select(host).selectAll('*').remove();
    const root = document.createElement('div');
    root.className = 'matrix-grid';
    this.#grid = root;
    const rootSel = select(root).attr('data-domain', model.domain);

    const sections = rootSel
      .selectAll<HTMLElement, TacticColumn>('section.column')
      .data(model.tactics, (d) => d.shortname)
      .join('section')
      .attr('class', 'column')
      .attr('data-tactic', (d) => d.shortname)
      .attr('aria-label', (d) => `${d.name} (${d.id || 'no ID'})`);

    sections.each(function (tactic) {
      const section = select(this);
      const head = section.append('header').attr('class', 'column-head');
      head.append('h2').attr('class', 'tactic-name').attr('title', tactic.id).text(tactic.name);
      const count = head.append('div').attr('class', 'tactic-count');
      const bar = head.append('div').attr('class', 'cov-bar').attr('role', 'img');
      const combinedBar = bar.append('span').attr('class', 'cov-combined');
      const inBar = bar.append('span').attr('class', 'cov-inhouse');
      const coverText = head.append('div').attr('class', 'cov-text');
      self.#columns.push({
        tactic,
        section: this,
        count: count.node()!,
        bar: bar.node()!,
        inBar: inBar.node()!,
        combinedBar: combinedBar.node()!,
        coverText: coverText.node()!,
      });

      const items = section
        .append('ul')
        .attr('class', 'techniques')
        .selectAll<HTMLLIElement, TechniqueNode>('li')
        .data(model.columns.get(tactic.shortname) ?? [])
        .join('li')
        .attr('class', 'tech');
      items.each(function (node) {
        const item = select(this);
        self.#addCell(item, node, tactic.shortname, seen, false);
        if (node.children.length === 0) return;
        item
          .append('ul')
          .attr('class', 'subs')
          .selectAll<HTMLLIElement, TechniqueNode>('li')
          .data(node.children)
          .join('li')
          .attr('class', 'sub')
          .each(function (child) {
            self.#addCell(select(this), child, tactic.shortname, seen, true);
          });
      });
    });

    host.append(root);
    root.addEventListener('click', (event) => {
      const target = event.target as Element;
      const toggle = target.closest('button.toggle');
      if (toggle) {
        const record = this.#byElement.get(toggle.parentElement!.querySelector('.cell')!);
        if (record) handlers.toggle(record.node.id);
        return;
      }
      const cell = target.closest('.cell');
      const record = cell && this.#byElement.get(cell);
      if (record) handlers.open(record.node.id, false);
    });
    root.addEventListener('keydown', (event) => this.#onKey(event, handlers));
  }

  #addCell(item: Selection<HTMLLIElement, unknown, null, undefined>, node: TechniqueNode, column: string, seen: Set<string>, sub: boolean): void {
    const primary = !seen.has(node.id);
    seen.add(node.id);
    const cell = item
      .append('div')
      .attr('class', sub ? 'cell sub' : 'cell')
      .attr(primary ? 'data-technique-id' : 'data-technique-ref', node.id)
      .attr('tabindex', '0')
      .attr('role', 'button');
    // Screen readers read the cell's label, which says the same in words.
    const marker = cell.append('span').attr('class', 'marker').attr('aria-hidden', 'true');
    cell.append('span').attr('class', 'tid').text(node.id);
    cell.append('span').attr('class', 'tname').text(node.name);
    let toggle: HTMLButtonElement | undefined;
    if (!sub && node.children.length > 0) {
      toggle = item
        .append('button')
        .attr('type', 'button')
        .attr('class', 'toggle')
        .attr('aria-expanded', 'false')
        .attr('aria-label', `Show the ${node.children.length} sub-techniques of ${node.id}`)
        .text(`+${node.children.length}`)
        .node()!;
    }
    const record: CellRecord = {
      node,
      column,
      primary,
      item: item.node()!,
      cell: cell.node()!,
      marker: marker.node()!,
      toggle,
      last: {},
    };
    this.#cells.push(record);
    this.#byElement.set(record.cell, record);
  }

  update(settings: ViewSettings, state: ViewState, look: (v: TechniqueView) => Appearance, hasProviders: boolean): void {
    const search = settings.search.trim() !== '';
    this.#grid.dataset.mode = settings.mode;
    for (const col of this.#columns) {
      const c = state.tactics.get(col.tactic.shortname) ?? { total: 0, inhouse: 0, combined: 0 };
      // A column with nothing to show (tactic filtered out, or no technique left by the filters,
      // e.g. Reconnaissance under a Windows platform filter) gives its width to the others.
      const visible = settings.tactics.has(col.tactic.shortname) && c.total > 0;
      col.section.hidden = !visible;
      if (!visible) continue;
      const inPct = pct(c.inhouse, c.total);
      const combinedPct = pct(c.combined, c.total);
      col.count.textContent = `${c.total} technique${c.total === 1 ? '' : 's'}`;
      col.inBar.style.width = `${inPct}%`;
      col.combinedBar.style.width = hasProviders ? `${combinedPct}%` : '0%';
      col.coverText.textContent = hasProviders ? `in-house ${inPct}% · with provider ${combinedPct}%` : `in-house ${inPct}%`;
      col.bar.setAttribute(
        'aria-label',
        hasProviders ? `${col.tactic.name}: in-house ${inPct}%, with provider ${combinedPct}% of ${c.total}` : `${col.tactic.name}: in-house ${inPct}% of ${c.total}`,
      );
    }

    const isCovered = coveredIn(settings);
    for (const r of this.#cells) {
      const v = state.techniques.get(r.node.id)!;
      const parent = r.node.parent;
      let visible: boolean;
      let dim = false;
      if (!parent) {
        const childMatch = r.node.children.some((c) => state.techniques.get(c.id)!.match);
        visible = v.match || childMatch;
        dim = !v.match;
        if (r.toggle) {
          const expanded = settings.expanded.has(r.node.id);
          // A parent's own state counts direct coverage only, so a collapsed parent can look like a
          // gap while some of its sub-techniques are covered: the toggle says how many are.
          const coveredSubs = coveredChildren(r.node, state, isCovered);
          const n = r.node.children.length;
          set(r, 'toggle', `${expanded}/${coveredSubs}/${settings.mode}`, () => {
            const toggle = r.toggle!;
            toggle.setAttribute('aria-expanded', String(expanded));
            toggle.textContent = `${expanded ? '−' : '+'}${n}`;
            toggle.setAttribute('data-covered-subs', String(coveredSubs));
            if (coveredSubs > 0) {
              const mark = document.createElement('span');
              mark.className = 'subs-covered';
              mark.textContent = `${coveredSubs}✓`;
              toggle.append(mark);
            }
            const covered = coveredSubs > 0 ? `; ${coveredSubs} of them covered` : '; none of them covered';
            toggle.setAttribute('aria-label', `${expanded ? 'Hide' : 'Show'} the ${n} sub-techniques of ${r.node.id}${covered}`);
            toggle.title = `${n} sub-techniques, ${coveredSubs} covered (${COVERED_BY[settings.mode]})`;
            r.cell.setAttribute('aria-expanded', String(expanded));
          });
        }
      } else {
        const parentMatch = state.techniques.get(parent.id)!.match;
        // Sub-techniques show when their parent is expanded, or on their own when they are the
        // reason the parent is drawn at all (a search or profile hit on the sub-technique).
        visible = v.match && (settings.expanded.has(parent.id) || !parentMatch || search);
      }
      set(r, 'hidden', !visible, () => {
        r.item.hidden = !visible;
      });
      // The state is a fact about the technique, kept on hidden cells too (a stable test hook).
      set(r, 'state', v.state, () => r.cell.setAttribute('data-state', v.state));
      if (!visible) continue;
      set(r, 'dim', dim, () => r.cell.classList.toggle('context', dim));
      const a = look(v);
      set(r, 'fill', a.fill, () => r.cell.style.setProperty('background-color', a.fill));
      set(r, 'ink', a.ink, () => r.cell.style.setProperty('color', a.ink));
      set(r, 'pattern', a.pattern, () => {
        r.cell.classList.toggle('pat-hatch', a.pattern === 'hatch');
        r.cell.classList.toggle('pat-cross', a.pattern === 'cross');
      });
      set(r, 'marker', a.marker, () => {
        r.marker.textContent = a.marker;
      });
      // The label states every mode's facts, so switching colour modes does not rewrite ~900 labels.
      const subs = r.node.children.length > 0 ? `, ${coveredChildren(r.node, state, isCovered)} of ${r.node.children.length} sub-techniques covered` : '';
      const label = `${r.node.id} ${r.node.name}: ${describe(v)}${subs}`;
      set(r, 'label', label, () => {
        r.cell.setAttribute('aria-label', label);
        r.cell.setAttribute('title', label);
      });
    }
  }

  select(id: string | undefined): void {
    this.#selected = id;
    for (const r of this.#cells) {
      const on = r.node.id === id;
      if (r.last.selected !== on) {
        r.last.selected = on;
        r.cell.classList.toggle('selected', on);
        if (on) r.cell.setAttribute('aria-current', 'true');
        else r.cell.removeAttribute('aria-current');
      }
    }
  }

  /** Focus the visible cell of a technique (its primary one when that is visible). */
  focus(id: string): void {
    const candidates = this.#cells.filter((r) => r.node.id === id && isShown(r.cell));
    (candidates.find((r) => r.primary) ?? candidates[0])?.cell.focus();
  }

  get selected(): string | undefined {
    return this.#selected;
  }

  /** Visible cells per visible column, in screen order: what the SVG export draws. */
  visibleColumns(): { tactic: TacticColumn; cells: { node: TechniqueNode; sub: boolean; context: boolean }[] }[] {
    return this.#columns
      .filter((c) => !c.section.hidden)
      .map((c) => ({
        tactic: c.tactic,
        cells: this.#cells
          .filter((r) => r.column === c.tactic.shortname && !r.item.hidden)
          .map((r) => ({ node: r.node, sub: r.node.parent !== undefined, context: r.last.dim === true })),
      }));
  }

  #onKey(event: KeyboardEvent, handlers: MatrixHandlers): void {
    const cell = (event.target as Element).closest?.('.cell');
    const record = cell && this.#byElement.get(cell);
    if (!record) return;
    const parentId = record.node.parent?.id ?? (record.node.children.length > 0 ? record.node.id : undefined);
    switch (event.key) {
      case 'Enter':
      case ' ':
        event.preventDefault();
        handlers.open(record.node.id, true);
        return;
      case '+':
      case '-':
        if (!parentId) return;
        event.preventDefault();
        handlers.toggle(parentId);
        if (record.node.parent) requestAnimationFrame(() => this.focus(parentId));
        return;
      case 'ArrowDown':
      case 'ArrowUp':
      case 'ArrowLeft':
      case 'ArrowRight': {
        event.preventDefault();
        const next = this.#neighbour(record, event.key);
        next?.cell.focus();
        return;
      }
      case 'Home':
      case 'End': {
        event.preventDefault();
        const list = this.#columnCells(record.column);
        (event.key === 'Home' ? list[0] : list[list.length - 1])?.cell.focus();
        return;
      }
    }
  }

  #columnCells(column: string): CellRecord[] {
    return this.#cells.filter((r) => r.column === column && !r.item.hidden && isShown(r.cell));
  }

  #neighbour(from: CellRecord, key: string): CellRecord | undefined {
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      const list = this.#columnCells(from.column);
      const i = list.indexOf(from);
      return list[key === 'ArrowDown' ? i + 1 : i - 1];
    }
    const visible = this.#columns.filter((c) => !c.section.hidden);
    const i = visible.findIndex((c) => c.tactic.shortname === from.column);
    const target = visible[key === 'ArrowRight' ? i + 1 : i - 1];
    if (!target) return undefined;
    const list = this.#columnCells(target.tactic.shortname);
    const y = from.cell.getBoundingClientRect().top;
    let best: CellRecord | undefined;
    let bestDistance = Infinity;
    for (const r of list) {
      const d = Math.abs(r.cell.getBoundingClientRect().top - y);
      if (d < bestDistance) {
        bestDistance = d;
        best = r;
      }
    }
    return best;
  }
}

/** What "covered" means for the sub-technique count of the current colour mode. */
function coveredIn(settings: ViewSettings): (v: TechniqueView) => boolean {
  switch (settings.mode) {
    case 'inhouse':
      return settings.metric === 'score' ? (v) => (v.inhouseScore ?? 0) > 0 : (v) => v.inhouseRules > 0;
    case 'provider':
      return (v) => v.provider;
    default:
      return (v) => v.state !== 'neither';
  }
}

const COVERED_BY: Readonly<Record<ViewSettings['mode'], string>> = {
  comparison: 'in-house or provider',
  inhouse: 'by in-house rules',
  provider: 'by the provider',
  hours: 'watched by someone',
};

/** Sub-techniques that pass the filters and count as covered in the current colour mode. */
function coveredChildren(node: TechniqueNode, state: ViewState, isCovered: (v: TechniqueView) => boolean): number {
  let n = 0;
  for (const c of node.children) {
    const v = state.techniques.get(c.id)!;
    if (v.match && isCovered(v)) n++;
  }
  return n;
}

function set(r: CellRecord, key: string, value: string | boolean, write: () => void): void {
  if (r.last[key] === value) return;
  r.last[key] = value;
  write();
}

function isShown(el: HTMLElement): boolean {
  return el.offsetParent !== null;
}

function pct(n: number, total: number): number {
  return total === 0 ? 0 : Math.round((100 * n) / total);
}

function describe(v: TechniqueView): string {
  const rules = `${v.inhouseRules} in-house rule${v.inhouseRules === 1 ? '' : 's'}`;
  const hours = v.always ? 'watched 24x7' : `watched ${v.watched} h/week`;
  return `${STATE_WORDS[v.state]}, ${rules}, provider ${v.level}, ${hours}`;
}

const STATE_WORDS = { both: 'both', 'inhouse-only': 'in-house only', 'provider-only': 'provider only', neither: 'neither (gap)' } as const;
