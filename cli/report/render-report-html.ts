import { createHash } from 'node:crypto';
import { escapeScriptJson } from './escape-script-json.js';

export interface ReportHtmlInput {
  /** The built view (dist/web/covmap-view.js and .css). */
  readonly script: string;
  readonly style: string;
  /** The report as JSON text; absent for an empty page that waits for a file. */
  readonly json?: string;
  readonly title: string;
  /** Shown by the page as where the data came from (e.g. the report's file name). */
  readonly origin?: string;
}

export interface ReportHtml {
  readonly html: string;
  /** The Content-Security-Policy the page carries (also sent as a header by `covmap view`). */
  readonly csp: string;
}

/**
 * One self-contained HTML file: styles, script and data inline, nothing fetched, so it works from
 * file:// and as a CI artifact. The CSP allows exactly the one inline script and stylesheet by
 * their SHA-256 hashes; the data sits in a JSON block, which browsers never execute.
 */
export function renderReportHtml(input: ReportHtmlInput): ReportHtml {
  // The bundle and stylesheet are ours, but a string that could close their element would break
  // the page (and the hash would no longer match what the browser sees), so refuse loudly.
  for (const [what, text, closer] of [
    ['script', input.script, /<\/script|<!--/i],
    ['stylesheet', input.style, /<\/style/i],
  ] as const) {
    if (closer.test(text)) throw new Error(`the built ${what} contains markup that would end its element; rebuild the web view`);
  }
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(input.script)}'`,
    `style-src '${sha256(input.style)}'`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data =
    input.json === undefined
      ? ''
      : `<script type="application/json" id="covmap-data"${input.origin ? ` data-origin="${escapeAttribute(input.origin)}"` : ''}>${escapeScriptJson(input.json)}</script>\n`;
  const html =
    '<!doctype html>\n' +
    '<html lang="en">\n' +
    '<head>\n' +
    '<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">\n` +
    '<meta name="referrer" content="no-referrer">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="generator" content="covmap">\n' +
    `<title>${escapeText(input.title)}</title>\n` +
    `<style>${input.style}</style>\n` +
    '</head>\n' +
    '<body>\n' +
    '<div id="app"></div>\n' +
    data +
    `<script>${input.script}</script>\n` +
    '</body>\n' +
    '</html>\n';
  return { html, csp };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
