import { select } from 'd3';
import type { Finding, Severity } from '../../core/findings/finding.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import type { ViewModel } from '../model/view-model.js';

const ORDER: readonly Severity[] = ['error', 'warning', 'note'];
const SHOWN = 300;

/** "3 errors, 291 warnings, 10 notes": what the report says about its own inputs. */
export function diagnosticsSummary(model: ViewModel): string {
  const counts = countBySeverity(model.report.diagnostics ?? []);
  const omitted = model.report.omittedDiagnostics ?? {};
  const parts = ORDER.map((s) => [s, (counts[s] ?? 0) + (omitted[s] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Every diagnostic of the report in the side panel, errors first, as text. */
export function renderDiagnosticsPanel(panel: HTMLElement, model: ViewModel, close: () => void): void {
  const root = select(panel);
  root.selectAll('*').remove();
  panel.hidden = false;
  panel.removeAttribute('data-technique');
  panel.setAttribute('aria-label', 'Diagnostics of the report');
  const head = root.append('header').attr('class', 'panel-head');
  head.append('h2').attr('id', 'panel-title').text('Diagnostics of the report');
  head.append('button').attr('type', 'button').attr('class', 'close').attr('aria-label', 'Close the diagnostics').text('×').on('click', close);
  root.append('p').text(diagnosticsSummary(model));
  const omitted = Object.entries(model.report.omittedDiagnostics ?? {}).filter(([, n]) => (n ?? 0) > 0);
  if (omitted.length > 0) {
    root
      .append('p')
      .attr('class', 'muted')
      .attr('data-testid', 'omitted-diagnostics')
      .text(`Not embedded in this page: ${omitted.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ')} about files that cover no technique. \`covmap gaps --format json\` lists them.`);
  }
  const all = [...(model.report.diagnostics ?? [])].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const list = root.append('ul').attr('class', 'diagnostics');
  all.forEach((f, i) => {
    list
      .append('li')
      .attr('class', `sev-${f.severity}`)
      .attr('data-code', f.code)
      .attr('hidden', i >= SHOWN ? '' : null)
      .text(formatFinding(f));
  });
  if (all.length > SHOWN) {
    const more = root.append('button').attr('type', 'button').attr('class', 'link').text(`Show all ${all.length}`);
    more.on('click', () => {
      list.selectAll('li').attr('hidden', null);
      more.remove();
    });
  }
}

function countBySeverity(findings: readonly Finding[]): Partial<Record<Severity, number>> {
  const out: Partial<Record<Severity, number>> = {};
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}
