import { create, type Selection } from 'd3';
import type { TacticColumn, TechniqueNode } from '../model/view-model.js';
import type { Appearance, Legend } from '../render/palette.js';

export interface SvgInput {
  readonly title: string;
  readonly subtitle: string;
  readonly legend: Legend;
  readonly columns: readonly { tactic: TacticColumn; cells: readonly { node: TechniqueNode; sub: boolean; context: boolean }[] }[];
  readonly look: (node: TechniqueNode) => Appearance;
  /** Per column, the techniques and sub-techniques the filters leave (as the page's column heads say). */
  readonly counts: ReadonlyMap<string, number>;
}

export interface SvgOutput {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

const MARGIN = 16;
const COL_W = 200;
const COL_GAP = 6;
const HEAD_H = 34;
const CELL_H = 20;
const SUB_H = 18;
const SUB_INDENT = 12;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Average glyph width at 10px in the sans fonts above; used to cut names that would overflow. */
const CHAR_W = 6.1;
const SUB_CHAR_W = 5.6;

/**
 * The current view (visible columns and cells, current colours and legend) as a standalone SVG:
 * plain shapes and <text>, no scripts or external references, so it opens anywhere and can be
 * drawn onto a canvas for the PNG export without tainting it.
 */
export function buildViewSvg(input: SvgInput): SvgOutput {
  const columns = input.columns;
  const width = Math.max(640, MARGIN * 2 + columns.length * COL_W + Math.max(0, columns.length - 1) * COL_GAP);
  const svg = create('svg').attr('xmlns', 'http://www.w3.org/2000/svg').attr('font-family', FONT);
  const defs = svg.append('defs');
  pattern(defs, 'hatch', 45);
  pattern(defs, 'cross', 45, true);

  svg.append('rect').attr('class', 'background').attr('width', '100%').attr('height', '100%').attr('fill', '#FFFFFF');
  svg.append('text').attr('x', MARGIN).attr('y', 26).attr('font-size', 16).attr('font-weight', 700).text(input.title);
  svg.append('text').attr('x', MARGIN).attr('y', 44).attr('font-size', 11).attr('fill', '#444').text(input.subtitle);

  // Legend: entries flow left to right and wrap at the drawing's width.
  let y = 62;
  svg.append('text').attr('x', MARGIN).attr('y', y + 11).attr('font-size', 11).attr('font-weight', 700).text(input.legend.title);
  y += 18;
  let x = MARGIN;
  const legendGroup = svg.append('g').attr('class', 'legend');
  const entries = [...input.legend.entries];
  for (const e of entries) {
    const w = 30 + e.label.length * CHAR_W + 18;
    if (x + w > width - MARGIN && x > MARGIN) {
      x = MARGIN;
      y += 20;
    }
    const g = legendGroup.append('g').attr('transform', `translate(${x},${y})`).attr('data-category', e.category);
    swatch(g, 0, 0, 26, 14, e);
    g.append('text').attr('x', 13).attr('y', 10.5).attr('font-size', 9).attr('text-anchor', 'middle').attr('font-weight', 700).attr('fill', e.ink).text(e.marker);
    g.append('text').attr('x', 32).attr('y', 11).attr('font-size', 11).text(e.label);
    x += w;
  }
  if (input.legend.gradient) {
    const gr = input.legend.gradient;
    if (x + 260 > width - MARGIN && x > MARGIN) {
      x = MARGIN;
      y += 20;
    }
    const id = 'legend-gradient';
    const lg = defs.append('linearGradient').attr('id', id);
    gr.stops.forEach((c, i) => lg.append('stop').attr('offset', `${(100 * i) / (gr.stops.length - 1)}%`).attr('stop-color', c));
    const g = legendGroup.append('g').attr('transform', `translate(${x},${y})`);
    g.append('text').attr('x', 0).attr('y', 11).attr('font-size', 11).text(gr.min);
    g.append('rect').attr('x', 14).attr('y', 0).attr('width', 140).attr('height', 14).attr('fill', `url(#${id})`);
    g.append('text').attr('x', 160).attr('y', 11).attr('font-size', 11).text(`${gr.max} (darker is more)`);
  }
  y += 30;

  let bottom = y;
  columns.forEach((col, i) => {
    const cx = MARGIN + i * (COL_W + COL_GAP);
    const g = svg.append('g').attr('class', 'column').attr('data-tactic', col.tactic.shortname).attr('transform', `translate(${cx},${y})`);
    g.append('rect').attr('width', COL_W).attr('height', HEAD_H - 4).attr('fill', '#2B2B2B');
    g.append('text').attr('x', 6).attr('y', 14).attr('font-size', 11).attr('font-weight', 700).attr('fill', '#FFFFFF').text(fit(col.tactic.name, COL_W - 12, 6.2));
    g.append('text').attr('x', 6).attr('y', 26).attr('font-size', 9).attr('fill', '#DDDDDD').text(`${input.counts.get(col.tactic.shortname) ?? 0} techniques`);
    let cy = HEAD_H;
    for (const c of col.cells) {
      const h = c.sub ? SUB_H : CELL_H;
      const ox = c.sub ? SUB_INDENT : 0;
      const w = COL_W - ox;
      const a = input.look(c.node);
      const cell = g
        .append('g')
        .attr('class', 'cell')
        .attr('data-technique-id', c.node.id)
        .attr('transform', `translate(${ox},${cy})`)
        .attr('opacity', c.context ? 0.5 : null);
      swatch(cell, 0, 0, w, h - 2, a);
      cell.append('title').text(`${c.node.id} ${c.node.name}`);
      const markerW = Math.max(18, a.marker.length * 6 + 6);
      cell.append('text').attr('x', 4).attr('y', h / 2 + 2).attr('font-size', 9).attr('font-weight', 700).attr('fill', a.ink).text(a.marker);
      const label = `${c.node.id} ${c.node.name}`;
      cell
        .append('text')
        .attr('x', 4 + markerW)
        .attr('y', h / 2 + 2)
        .attr('font-size', c.sub ? 9 : 10)
        .attr('fill', a.ink)
        .text(fit(label, w - markerW - 8, c.sub ? SUB_CHAR_W : CHAR_W));
      cy += h;
    }
    bottom = Math.max(bottom, y + cy);
  });
  const height = bottom + MARGIN;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  return { svg: new XMLSerializer().serializeToString(svg.node()!), width, height };
}

function swatch(g: Selection<SVGGElement, undefined, null, undefined>, x: number, y: number, w: number, h: number, a: Appearance): void {
  g.append('rect').attr('x', x).attr('y', y).attr('width', w).attr('height', h).attr('fill', a.fill).attr('stroke', '#999').attr('stroke-width', 0.5);
  if (a.pattern !== 'none') g.append('rect').attr('x', x).attr('y', y).attr('width', w).attr('height', h).attr('fill', `url(#${a.pattern})`);
}

function pattern(defs: Selection<SVGDefsElement, undefined, null, undefined>, id: string, angle: number, cross = false): void {
  const p = defs
    .append('pattern')
    .attr('id', id)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', `rotate(${angle})`);
  p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#D55E00').attr('stroke-opacity', 0.45).attr('stroke-width', 2);
  if (cross) p.append('line').attr('x1', 0).attr('y1', 3).attr('x2', 6).attr('y2', 3).attr('stroke', '#333').attr('stroke-opacity', 0.45).attr('stroke-width', 1.5);
}

/** Cut text to the width available, with an ellipsis, using an average glyph width. */
function fit(text: string, width: number, charW: number): string {
  const max = Math.floor(width / charW);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
