import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../core/findings/make-finding.js';
import { analyzeGaps } from '../../core/gaps/analyze-gaps.js';
import { buildGapLayers, STATE_COLORS } from '../../core/gaps/build-gap-layers.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { weakestHours } from '../../core/gaps/gap-report-view.js';
import { renderGapsCsv } from '../../core/gaps/render-gaps-csv.js';
import { renderGapsMarkdown } from '../../core/gaps/render-gaps-markdown.js';
import { renderGapsText } from '../../core/gaps/render-gaps-text.js';
import { buildNavigatorLayer } from '../../core/render/render-navigator-layer.js';
import { input } from './mini-scenario.js';

const report = analyzeGaps(input(['provider-scope.yaml', 'cloud-layer.json'], ['G0001']));

/** RFC 4180 reader, written here so the test does not trust the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('gap report renderers', () => {
  it('CSV: one row per technique, a state and coverage column per provider, reasons worded', () => {
    const rows = parseCsv(renderGapsCsv(report));
    const [header, ...body] = rows;
    expect(body).toHaveLength(report.summary.universe);
    expect(header).toEqual(expect.arrayContaining(['mini-mdr_state', 'mini-mdr_covered', 'mini-mdr_coverage', 'cloud-logging-coverage_state']));
    const col = (name: string) => header!.indexOf(name);
    const t1486 = body.find((r) => r[0] === 'T1486')!;
    expect(t1486[col('state')]).toBe('provider-only');
    expect(t1486[col('mini-mdr_coverage')]).toBe('detect partial; respond partial');
    expect(t1486[col('in_profile')]).toBe('yes');
    const t1490 = body.find((r) => r[0] === 'T1490')!;
    expect(t1490[col('priority')]).toBe('1');
    expect(t1490[col('reasons')]!.split('; ').length).toBe(report.techniques.find((t) => t.id === 'T1490')!.reasons.length);
    // Every row has as many fields as the header.
    for (const r of body) expect(r).toHaveLength(header!.length);
  });

  it('Markdown: tables with one row per tactic and per ranked gap', () => {
    const md = renderGapsMarkdown(report, { top: 3 });
    const tacticRows = md.split('\n').filter((l) => /^\| (Execution|Persistence|Defense Evasion|Impact) \|/.test(l));
    expect(tacticRows).toHaveLength(4);
    const gapRows = md.split('\n').filter((l) => /^\| \d+ \| T\d{4}/.test(l));
    // With the layer covering T1562.008, T1562 and T1053 each have one covered sub-technique: ID order.
    expect(gapRows.map((l) => l.split(' | ')[1]!.split(' ')[0])).toEqual(['T1490', 'T1053', 'T1562']);
  });

  it('Markdown escapes what would break a table', () => {
    const hostile = { ...report, techniques: report.techniques.map((t) => (t.id === 'T1490' ? { ...t, name: 'Pipe | and *stars*' } : t)) };
    const line = renderGapsMarkdown(hostile).split('\n').find((l) => l.includes('T1490 Pipe'))!;
    expect(line).toContain('Pipe \\| and \\*stars\\*');
    expect(line.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('text and Markdown show control characters from the inputs as escapes: no terminal codes, no forged lines', () => {
    const name = 'Evil \u001b[31mRED\u001b[0m | <b>x</b>\nforged: error SCOPE_EMPTY \u202e';
    const hostile: GapReport = {
      ...report,
      sources: report.sources.map((s) => (s.id === 'mini-mdr' ? { ...s, name } : s)),
      diagnostics: [...report.diagnostics, makeFinding('SCOPE_TECHNIQUE_NAME_MISMATCH', { file: 'scope\u001b[2J.yaml', line: 3, column: 5 }, { id: 'T1059', declared: name, actual: 'Command and Scripting Interpreter' })],
    };
    const unprintable = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
    const text = renderGapsText(hostile);
    const md = renderGapsMarkdown(hostile);
    for (const out of [text, md]) {
      expect(out).not.toMatch(unprintable);
      expect(out).toContain('\\x1b[31mRED');
      expect(out.split('\n').some((l) => l.startsWith('forged'))).toBe(false);
    }
    // The newline in the name is printed as \n in text; a Markdown cell turns it into a space.
    expect(text).toContain('<b>x</b>\\nforged');
    expect(md).toContain('\\<b\\>x\\</b\\> forged');
    // The table row of the source stays one row with its six cells.
    const row = md.split('\n').find((l) => l.startsWith('| mini-mdr |'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
    // Text columns stay aligned: the escaped name is measured as printed.
    const lines = text.split('\n');
    const header = lines[lines.indexOf('Sources') + 1]!;
    const mdr = lines.find((l) => l.trimStart().startsWith('mini-mdr '))!;
    expect(mdr.indexOf('covmap-scope')).toBe(header.indexOf('kind'));
  });

  it('text: the ranked gaps in priority order, summary-only without the tactic table', () => {
    const text = renderGapsText(report, { top: 2 });
    expect(text.match(/^\s+\d+\. (T\d{4}(\.\d{3})?)/gm)!.map((l) => l.trim().split(/\s+/)[1])).toEqual(['T1490', 'T1053']);
    expect(text).toContain('By tactic');
    expect(renderGapsText(report, { summaryOnly: true })).not.toContain('By tactic');
  });

  it('text and Markdown list the covered techniques nobody watches 24x7, least watched first', () => {
    const expected = report.techniques
      .filter((t) => t.state !== 'neither' && t.hours.watched < 168)
      .sort((a, b) => a.hours.watched - b.hours.watched || (a.id < b.id ? -1 : 1))
      .map((t) => [t.id, `${t.hours.watched} h/week`]);
    expect(expected.length).toBeGreaterThan(1);
    const text = renderGapsText(report);
    const listed = [...text.matchAll(/^ {4}(T\d{4}(?:\.\d{3})?) +.*: (\d+ h\/week)/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(expected);
    const md = renderGapsMarkdown(report, { top: 1 });
    const section = md.slice(md.indexOf('## Not watched 24x7'), md.indexOf('## ', md.indexOf('## Not watched 24x7') + 3));
    expect(section.match(/^\| T\d{4}/gm)).toHaveLength(1);
    expect(section).toContain(`| ${expected[0]![0]} `);
    expect(section).toContain(`and ${expected.length - 1} more`);
  });

  it('layers: one per source and a comparison whose colours encode the state', () => {
    const layers = buildGapLayers(report);
    expect(layers.map((l) => l.file)).toEqual(['source-inhouse.json', 'source-mini-mdr.json', 'source-cloud-logging-coverage.json', 'comparison.json']);
    for (const l of layers) expect(() => buildNavigatorLayer(l.layer)).not.toThrow();
    const comparison = layers.at(-1)!.layer;
    expect(comparison.techniques).toHaveLength(report.summary.universe);
    for (const t of comparison.techniques) expect(t.color).toBe(STATE_COLORS[report.techniques.find((x) => x.id === t.techniqueID)!.state]);
    expect(comparison.legendItems!.map((l) => l.color)).toEqual(Object.values(STATE_COLORS));
    // Provider layers score the best declared level: significant = 3.
    const mdr = layers[1]!.layer;
    expect(mdr.techniques.find((t) => t.techniqueID === 'T1059.001')).toMatchObject({ score: 3, comment: 'detect significant' });
    expect(layers[0]!.layer.techniques.find((t) => t.techniqueID === 'T1059.001')).toMatchObject({ score: 2 });
  });

  it('weakest hours: a run over the end of the week joins its start, longest first', () => {
    // Watched Mon-Fri 08-18 UTC only: the weekend run goes from Friday 18:00 to Monday 08:00.
    const watchedByHour = Array.from({ length: 168 }, (_, h) => (Math.floor(h / 24) < 5 && h % 24 >= 8 && h % 24 < 18 ? 3 : 1));
    const runs = weakestHours({ hours: { year: 2026, notAlways: [], watchedByHour } } as unknown as GapReport);
    expect(runs[0]).toEqual({ from: 4 * 24 + 18, to: 7, hours: 6 + 48 + 8, watched: 1 });
    expect(runs.slice(1).map((r) => r.hours)).toEqual([14, 14, 14, 14]);
  });
});
