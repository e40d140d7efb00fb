import { computeView, type ViewState } from './model/compute-view.js';
import { parseViewReport } from './model/parse-view-report.js';
import { buildViewModel, type ViewModel } from './model/view-model.js';
import type { ViewReport } from './model/view-report.js';
import { ALL_PROVIDERS, COLOR_MODES, allParents, defaultSettings, type ColorMode, type ViewSettings } from './model/view-settings.js';
import { buildShell, type Shell } from './render/build-shell.js';
import { renderPanel } from './render/detail-panel.js';
import { diagnosticsSummary, renderDiagnosticsPanel } from './render/diagnostics-panel.js';
import { renderLegend } from './render/legend-view.js';
import { MatrixView } from './render/matrix-view.js';
import { appearanceFor, legendFor } from './render/palette.js';
import { renderSummary } from './render/summary-view.js';
import { buildToolbar, type Toolbar } from './render/toolbar.js';
import { buildViewSvg } from './export/build-view-svg.js';
import { svgToPng } from './export/svg-to-png.js';
import { downloadBlob } from './export/download-blob.js';
import { buildViewLayer } from './export/build-view-layer.js';

interface Loaded {
  readonly model: ViewModel;
  readonly matrix: MatrixView;
  readonly toolbar: Toolbar;
  settings: ViewSettings;
  state: ViewState;
}

/**
 * The page: one report at a time (embedded, picked or dropped). Settings change through `apply`,
 * which recomputes the pure view state and lets each part redraw what differs.
 */
export class CovmapApp {
  readonly #shell: Shell;
  #loaded: Loaded | undefined;

  constructor(root: HTMLElement) {
    this.#shell = buildShell(root);
    const s = this.#shell;
    s.openButton.addEventListener('click', () => s.fileInput.click());
    s.fileInput.addEventListener('change', () => {
      const file = s.fileInput.files?.[0];
      if (file) void this.#loadFile(file);
      s.fileInput.value = '';
    });
    this.#wireDrop();
    s.diagnosticsButton.addEventListener('click', () => {
      if (!this.#loaded) return;
      this.#loaded.matrix.select(undefined);
      renderDiagnosticsPanel(s.panel, this.#loaded.model, () => this.#closePanel());
      s.panel.focus();
    });
    s.exportButtons.svg.addEventListener('click', () => this.#export('svg'));
    s.exportButtons.png.addEventListener('click', () => this.#export('png'));
    s.exportButtons.layer.addEventListener('click', () => this.#export('layer'));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !s.panel.hidden) this.#closePanel();
    });
    this.#setEnabled(false);
  }

  /** Parses and draws a report; the page's performance marks measure exactly this path. */
  loadText(text: string, origin: string): void {
    let report: ViewReport;
    try {
      report = parseViewReport(text);
    } catch (error) {
      this.#message(`${origin}: ${(error as Error).message}`, true);
      return;
    }
    performance.mark('covmap:data-parsed');
    this.#load(report, origin);
    // Reading layout makes the browser do style and layout now, so the measure covers them.
    void this.#shell.matrix.offsetHeight;
    performance.measure('covmap:first-render', 'covmap:data-parsed');
    document.documentElement.dataset.covmapReady = 'true';
  }

  #load(report: ViewReport, origin: string): void {
    const s = this.#shell;
    this.#closePanel();
    const model = buildViewModel(report);
    const settings = { ...defaultSettings(model), ...settingsFromHash(model) };
    const matrix = new MatrixView(s.matrix, model, {
      open: (id, keyboard) => this.#openPanel(id, keyboard),
      toggle: (id) => this.#toggle(id),
    });
    const toolbar = buildToolbar(s.toolbar, model, settings, {
      change: (patch) => this.apply(patch),
      expandAll: () => this.apply({ expanded: allParents(model) }),
      collapseAll: () => this.apply({ expanded: new Set() }),
      reset: () => {
        const d = defaultSettings(model);
        this.apply({ ...d, mode: this.#loaded!.settings.mode, target: this.#loaded!.settings.target, metric: this.#loaded!.settings.metric, expanded: this.#loaded!.settings.expanded });
      },
    });
    this.#loaded = { model, matrix, toolbar, settings, state: computeView(model, settings) };
    s.empty.hidden = true;
    s.subtitle.textContent = subtitle(model);
    document.title = `covmap · ${model.domain} ${model.version}`;
    this.#setEnabled(true);
    this.#draw();
    this.#message([`Loaded ${origin}.`, ...model.notes].join(' '), false);
    s.diagnosticsButton.hidden = false;
    s.diagnosticsButton.textContent = `Diagnostics: ${diagnosticsSummary(model)}`;
  }

  /** Applies a settings change and measures it as `covmap:filter`. */
  apply(patch: Partial<ViewSettings>): void {
    const loaded = this.#loaded;
    if (!loaded) return;
    performance.mark('covmap:filter-start');
    loaded.settings = { ...loaded.settings, ...patch };
    loaded.state = computeView(loaded.model, loaded.settings);
    this.#draw();
    void this.#shell.matrix.offsetHeight;
    performance.measure('covmap:filter', 'covmap:filter-start');
  }

  #draw(): void {
    const { model, matrix, toolbar, settings, state } = this.#loaded!;
    matrix.update(settings, state, appearanceFor(settings, state), model.providers.length > 0);
    toolbar.sync(settings);
    const provider = providerName(model, settings.target);
    renderSummary(this.#shell.summary, state, model.providers.length > 0 ? provider : undefined);
    renderLegend(this.#shell.legend, legendFor(settings.mode, settings, state, provider));
    const open = matrix.selected;
    if (open && !this.#shell.panel.hidden) this.#renderPanel(open);
  }

  #toggle(id: string): void {
    const loaded = this.#loaded!;
    const expanded = new Set(loaded.settings.expanded);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    this.apply({ expanded });
  }

  #openPanel(id: string, focus: boolean): void {
    const loaded = this.#loaded;
    if (!loaded || !loaded.model.byId.has(id)) return;
    loaded.matrix.select(id);
    this.#renderPanel(id);
    // Keyboard-opened details take the focus; Escape brings it back to the cell.
    if (focus) this.#shell.panel.focus();
  }

  #renderPanel(id: string): void {
    const { model, settings, state } = this.#loaded!;
    renderPanel(this.#shell.panel, model, model.byId.get(id)!, state.techniques.get(id)!, settings, {
      open: (other) => {
        // Following a link to a collapsed sub-technique expands its parent so the cell is visible.
        const node = model.byId.get(other);
        if (node?.parent && !this.#loaded!.settings.expanded.has(node.parent.id)) {
          this.apply({ expanded: new Set([...this.#loaded!.settings.expanded, node.parent.id]) });
        }
        this.#openPanel(other, true);
      },
      close: () => this.#closePanel(),
    });
  }

  #closePanel(): void {
    const panel = this.#shell.panel;
    if (panel.hidden) return;
    const id = this.#loaded?.matrix.selected;
    const wasDiagnostics = !panel.hasAttribute('data-technique');
    panel.hidden = true;
    panel.replaceChildren();
    this.#loaded?.matrix.select(undefined);
    if (id) this.#loaded?.matrix.focus(id);
    else if (wasDiagnostics && this.#loaded) this.#shell.diagnosticsButton.focus();
  }

  async #export(kind: 'svg' | 'png' | 'layer'): Promise<void> {
    const loaded = this.#loaded;
    if (!loaded) return;
    const { model, matrix, settings, state } = loaded;
    const base = `covmap-${model.domain}-${model.version}-${settings.mode}`;
    try {
      if (kind === 'layer') {
        const layer = buildViewLayer(model, settings, state, matrix.visibleColumns(), describeView(model, settings, state), providerName(model, settings.target));
        downloadBlob(new Blob([layer], { type: 'application/json' }), `${base}-layer.json`);
        this.#message('Saved the Navigator layer of the current view.', false);
        return;
      }
      const look = appearanceFor(settings, state);
      const provider = providerName(model, settings.target);
      const svg = buildViewSvg({
        title: `covmap · ${model.domain} ${model.version}`,
        subtitle: describeView(model, settings, state),
        legend: legendFor(settings.mode, settings, state, provider),
        columns: matrix.visibleColumns(),
        look: (node) => look(state.techniques.get(node.id)!),
        counts: new Map([...state.tactics].map(([tactic, c]) => [tactic, c.total])),
      });
      if (kind === 'svg') {
        downloadBlob(new Blob([svg.svg], { type: 'image/svg+xml' }), `${base}.svg`);
      } else {
        downloadBlob(await svgToPng(svg.svg, svg.width, svg.height), `${base}.png`);
      }
      this.#message(`Saved the ${kind.toUpperCase()} of the current view.`, false);
    } catch (error) {
      this.#message(`Export failed: ${(error as Error).message}`, true);
    }
  }

  async #loadFile(file: File): Promise<void> {
    try {
      this.loadText(await file.text(), file.name);
    } catch (error) {
      this.#message(`${file.name}: ${(error as Error).message}`, true);
    }
  }

  #wireDrop(): void {
    const overlay = this.#shell.dropOverlay;
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    document.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) overlay.hidden = true;
    });
    document.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      const file = e.dataTransfer?.files[0];
      if (file) void this.#loadFile(file);
    });
  }

  #setEnabled(on: boolean): void {
    for (const b of Object.values(this.#shell.exportButtons)) b.disabled = !on;
  }

  #message(text: string, error: boolean): void {
    const status = this.#shell.status;
    status.textContent = text;
    status.classList.toggle('error', error);
    status.setAttribute('role', error ? 'alert' : 'status');
  }
}

function providerName(model: ViewModel, target: string): string {
  if (model.providers.length === 0) return 'no provider';
  if (target === ALL_PROVIDERS) return model.providers.length === 1 ? model.providers[0]!.name : 'all providers';
  return model.providers.find((p) => p.id === target)?.name ?? target;
}

function subtitle(model: ViewModel): string {
  const platforms = model.report.filters?.platforms?.length ? ` · platforms: ${model.report.filters.platforms.join(', ')}` : '';
  const sources = model.sources.map((s) => s.name).join(' vs ');
  return `${model.domain} ${model.version} · ${model.techniques.length} techniques${platforms}${sources ? ` · ${sources}` : ''}`;
}

function describeView(model: ViewModel, settings: ViewSettings, state: ViewState): string {
  const parts = [subtitle(model), `${state.totals.total} shown`];
  if (settings.search) parts.push(`search "${settings.search}"`);
  if (settings.profile) parts.push(`profile ${settings.profile === 'report' ? 'of the report' : (model.actors.get(settings.profile)?.name ?? settings.profile)}`);
  if (settings.platforms.size < model.platforms.length) parts.push(`platforms ${[...settings.platforms].join(', ') || 'none'}`);
  if (state.rulesFiltered) parts.push(`rules: ${[...settings.statuses].join('/')} × ${[...settings.levels].join('/')}`);
  return parts.join(' · ');
}

/** `#mode=hours&expand=all&target=acme`: a view can be linked to, and the benchmark opens expanded. */
function settingsFromHash(model: ViewModel): Partial<ViewSettings> {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const out: { -readonly [K in keyof ViewSettings]?: ViewSettings[K] } = {};
  const mode = params.get('mode');
  if (mode && (COLOR_MODES as readonly string[]).includes(mode)) out.mode = mode as ColorMode;
  const target = params.get('target');
  if (target && (target === ALL_PROVIDERS || model.providers.some((p) => p.id === target))) out.target = target;
  if (params.get('expand') === 'all') out.expanded = allParents(model);
  const search = params.get('search');
  if (search) out.search = search;
  return out;
}
