import { formatFindingMessage } from '../findings/format-finding.js';
import type { GapReport } from './gap-report.js';
import { providersOf } from './gap-report-view.js';

/**
 * `covmap gaps --format csv`: one row per technique of the universe (RFC 4180: comma separated,
 * CRLF line ends, fields quoted when needed), for spreadsheets. Per provider three columns: its
 * state against in-house, whether it covers the technique, and its declared coverage.
 */
export function renderGapsCsv(report: GapReport): string {
  const providers = providersOf(report);
  const header = [
    'id',
    'name',
    'parent',
    'tactics',
    'platforms',
    'state',
    'in_profile',
    'priority',
    'priority_score',
    'inhouse_covered',
    'inhouse_rules',
    'inhouse_best_level',
    ...providers.flatMap((p) => [`${p.id}_state`, `${p.id}_covered`, `${p.id}_coverage`]),
    'via_subtechniques',
    'hours_watched',
    'always',
    'watched_by',
    'used_by',
    'reasons',
  ];
  const rows = report.techniques.map((t) => {
    const inhouse = t.sources.inhouse;
    return [
      t.id,
      t.name,
      t.parent ?? '',
      t.tactics.join(' '),
      t.platforms.join('; '),
      t.state,
      t.inProfile ? 'yes' : 'no',
      t.priority === undefined ? '' : String(t.priority),
      t.priorityScore === undefined ? '' : String(t.priorityScore),
      inhouse?.covered ? 'yes' : 'no',
      String(inhouse?.ruleCount ?? 0),
      inhouse?.bestLevel ?? '',
      ...providers.flatMap((p) => {
        const s = t.sources[p.id];
        const declared = [
          ...(s?.coverage ?? []).map((c) => `${c.type} ${c.level}`),
          ...(s?.score !== undefined ? [`score ${s.score}`] : []),
          ...(s?.ruleCount ? [`${s.ruleCount} rules`] : []),
          ...(s?.status && s.status !== 'in-scope' ? [s.status] : []),
        ];
        return [t.states[p.id] ?? '', s?.covered ? 'yes' : 'no', [...new Set(declared)].join('; ')];
      }),
      t.via_subtechniques.join(' '),
      String(t.hours.watched),
      t.hours.always ? 'yes' : 'no',
      t.hours.by.join(' '),
      String(t.usedBy.length),
      t.reasons.map(formatFindingMessage).join('; '),
    ];
  });
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  // A leading = + - @ would make spreadsheets evaluate the cell; prefix a quote to keep it text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
