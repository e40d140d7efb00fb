import { select } from 'd3';
import type { Legend } from './palette.js';

/** The legend of the current colour mode: swatch (colour and pattern), marker and words. */
export function renderLegend(root: HTMLElement, legend: Legend): void {
  const host = select(root);
  host.selectAll('*').remove();
  host.append('span').attr('class', 'legend-title').text(legend.title);
  const list = host.append('ul').attr('class', 'legend-entries');
  for (const e of legend.entries) {
    const item = list.append('li').attr('class', 'legend-entry').attr('data-category', e.category);
    item
      .append('span')
      .attr('class', `swatch${e.pattern === 'hatch' ? ' pat-hatch' : e.pattern === 'cross' ? ' pat-cross' : ''}`)
      .style('background-color', e.fill)
      .style('color', e.ink)
      .text(e.marker);
    item.append('span').attr('class', 'legend-label').text(e.label);
  }
  if (legend.gradient) {
    const g = legend.gradient;
    const item = list.append('li').attr('class', 'legend-entry legend-gradient');
    item.append('span').attr('class', 'legend-label').text(g.min);
    item
      .append('span')
      .attr('class', 'gradient-bar')
      .attr('role', 'img')
      .attr('aria-label', `from ${g.min} to ${g.max}, darker is more`)
      .style('background-image', `linear-gradient(to right, ${g.stops.join(', ')})`);
    item.append('span').attr('class', 'legend-label').text(`${g.max} (darker is more)`);
  }
  if (legend.note) host.append('span').attr('class', 'legend-note').text(legend.note);
}
