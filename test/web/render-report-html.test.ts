import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../cli/report/render-report-html.js';

const script = '(function(){document.title="x"})();';
const style = 'body{margin:0}';

describe('renderReportHtml', () => {
  it('allows exactly its inline script and stylesheet by hash, and nothing from the network', () => {
    const { html, csp } = renderReportHtml({ script, style, json: '{"a":1}', title: 't' });
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data: blob:');
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    expect(html).toContain(`<script>${script}</script>`);
    expect(html).toContain(`<style>${style}</style>`);
    expect(html).not.toMatch(/\b(src|href)=/);
  });

  it('embeds hostile data as inert, escaped JSON', () => {
    const json = JSON.stringify({ title: '</script><script>alert(2)</script>', t: '<img src=x onerror=alert(1)>\u2028' });
    const { html } = renderReportHtml({ script, style, json, title: '<b>title</b>', origin: '"><script>' });
    const data = html.slice(html.indexOf('<script type="application/json"'), html.indexOf('</script>', html.indexOf('<script type="application/json"')));
    expect(data).not.toContain('<img');
    expect(data).not.toContain('\u2028');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<title>&lt;b&gt;title&lt;/b&gt;</title>');
    expect(html).toContain('data-origin="&quot;&gt;&lt;script&gt;"');
    const payload = data.slice(data.indexOf('>') + 1);
    expect(JSON.parse(payload)).toEqual(JSON.parse(json));
  });

  it('is deterministic', () => {
    const a = renderReportHtml({ script, style, json: '{}', title: 't' });
    const b = renderReportHtml({ script, style, json: '{}', title: 't' });
    expect(a.html).toBe(b.html);
  });

  it('refuses a bundle that would close its own element', () => {
    expect(() => renderReportHtml({ script: 'x="</script>"', style, title: 't' })).toThrow(/rebuild/);
    expect(() => renderReportHtml({ script, style: 'a{}</style>', title: 't' })).toThrow(/rebuild/);
  });
});
