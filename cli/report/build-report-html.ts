import type { GapReport } from '../../core/gaps/gap-report.js';
import { loadViewAssets } from './load-view-assets.js';
import { renderReportHtml, type ReportHtml } from './render-report-html.js';
import { slimGapReport } from './slim-gap-report.js';

/** The HTML report of a gap report (or the empty page when there is none): shared by report and view. */
export async function buildReportHtml(report: GapReport | undefined, origin?: string): Promise<ReportHtml> {
  const assets = await loadViewAssets();
  if (!report) return renderReportHtml({ ...assets, title: 'covmap' });
  return renderReportHtml({
    ...assets,
    json: JSON.stringify(slimGapReport(report)),
    title: `covmap · ${report.attack.domain} ${report.attack.version} coverage`,
    ...(origin !== undefined ? { origin } : {}),
  });
}
