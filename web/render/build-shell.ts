import { select } from 'd3';

export interface Shell {
  readonly subtitle: HTMLElement;
  readonly openButton: HTMLButtonElement;
  readonly fileInput: HTMLInputElement;
  readonly exportButtons: Readonly<Record<'svg' | 'png' | 'layer', HTMLButtonElement>>;
  readonly summary: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly legend: HTMLElement;
  readonly status: HTMLElement;
  readonly diagnosticsButton: HTMLButtonElement;
  readonly matrixScroll: HTMLElement;
  readonly matrix: HTMLElement;
  readonly panel: HTMLElement;
  readonly empty: HTMLElement;
  readonly dropOverlay: HTMLElement;
}

/** The page's fixed frame; everything data-dependent is filled in later, as text. */
export function buildShell(root: HTMLElement): Shell {
  const app = select(root).attr('class', 'app');
  app.selectAll('*').remove();

  const top = app.append('header').attr('class', 'topbar');
  const brand = top.append('div').attr('class', 'brand');
  brand.append('h1').text('covmap');
  const subtitle = brand.append('span').attr('class', 'subtitle').text('ATT&CK coverage');
  const actions = top.append('div').attr('class', 'actions');
  const openButton = actions.append('button').attr('type', 'button').attr('id', 'open-report').text('Open report…');
  const fileInput = actions
    .append('input')
    .attr('type', 'file')
    .attr('id', 'report-file')
    .attr('accept', 'application/json,.json')
    .attr('hidden', '')
    .attr('aria-label', 'covmap gaps JSON report');
  const exports = actions.append('span').attr('class', 'exports').attr('role', 'group').attr('aria-label', 'Export the current view');
  exports.append('span').attr('class', 'exports-label').text('Export view:');
  const svg = exports.append('button').attr('type', 'button').attr('id', 'export-svg').text('SVG');
  const png = exports.append('button').attr('type', 'button').attr('id', 'export-png').text('PNG');
  const layer = exports.append('button').attr('type', 'button').attr('id', 'export-layer').text('Navigator layer');

  const summary = app.append('section').attr('class', 'summary').attr('id', 'summary').attr('aria-label', 'Coverage summary').attr('aria-live', 'polite');
  const toolbar = app.append('section').attr('class', 'toolbar').attr('id', 'toolbar').attr('aria-label', 'View and filters');
  const legend = app.append('section').attr('class', 'legend').attr('id', 'legend').attr('aria-label', 'Legend');
  const statusLine = app.append('div').attr('class', 'status-line');
  const status = statusLine.append('span').attr('class', 'status').attr('id', 'status').attr('role', 'status');
  const diagnosticsButton = statusLine.append('button').attr('type', 'button').attr('class', 'link').attr('id', 'show-diagnostics').attr('hidden', '');

  const workspace = app.append('main').attr('class', 'workspace');
  const matrixScroll = workspace.append('div').attr('class', 'matrix-scroll');
  const matrix = matrixScroll.append('div').attr('class', 'matrix').attr('id', 'matrix').attr('aria-label', 'ATT&CK matrix');
  const empty = matrixScroll.append('div').attr('class', 'empty');
  empty.append('h2').text('No report loaded');
  empty.append('p').text('Open the JSON of `covmap gaps --format json`, or drop it anywhere on this page.');
  const panel = workspace
    .append('aside')
    .attr('class', 'panel')
    .attr('data-testid', 'technique-panel')
    .attr('tabindex', '-1')
    .attr('hidden', '');
  const dropOverlay = app.append('div').attr('class', 'drop-overlay').attr('hidden', '');
  dropOverlay.append('p').text('Drop a covmap gaps JSON report to open it');

  return {
    subtitle: subtitle.node()!,
    openButton: openButton.node()!,
    fileInput: fileInput.node()!,
    exportButtons: { svg: svg.node()!, png: png.node()!, layer: layer.node()! },
    summary: summary.node()!,
    toolbar: toolbar.node()!,
    legend: legend.node()!,
    status: status.node()!,
    diagnosticsButton: diagnosticsButton.node()!,
    matrixScroll: matrixScroll.node()!,
    matrix: matrix.node()!,
    panel: panel.node()!,
    empty: empty.node()!,
    dropOverlay: dropOverlay.node()!,
  };
}
