import type { CatalogDiff } from './diff-catalogs.js';
import { printableText } from '../render/printable-text.js';

/**
 * Plain-text report of `covmap attack diff`, one section per kind of change, empty ones left out.
 * Names come from whatever bundles were given, so control characters are shown escaped.
 */
export function renderCatalogDiffText(diff: CatalogDiff): string {
  const lines: string[] = [];
  lines.push(`ATT&CK ${diff.domain} ${diff.from} -> ${diff.to}`);
  const summary = [
    `${diff.added.length} added`,
    `${diff.revoked.length} revoked`,
    `${diff.deprecated.length} deprecated`,
    `${diff.renamed.length} renamed`,
    `${diff.movedTactics.length} moved between tactics`,
    `${diff.platformsChanged.length} with changed platforms`,
  ];
  if (diff.restored.length > 0) summary.push(`${diff.restored.length} restored`);
  if (diff.removed.length > 0) summary.push(`${diff.removed.length} removed`);
  lines.push(summary.join(', '));

  const section = (title: string, rows: readonly string[]) => {
    if (rows.length === 0) return;
    lines.push('', `${title} (${rows.length})`, ...rows.map((r) => `  ${r}`));
  };
  section('Tactics added', diff.tactics.added.map((t) => `${t.id} ${t.name} (${t.shortname})`));
  section('Tactics removed', diff.tactics.removed.map((t) => `${t.id} ${t.name} (${t.shortname})`));
  section('Tactics renamed', diff.tactics.renamed.map((t) => `${t.id} "${t.from}" -> "${t.to}"`));
  section('Added', diff.added.map((t) => `${t.id} ${t.name} [${t.tactics.join(', ')}]`));
  section(
    'Revoked',
    diff.revoked.map((t) => `${t.id} ${t.name} -> ${t.replacedBy ? `${t.replacedBy.id} ${t.replacedBy.name}` : '(no replacement)'}`),
  );
  section('Deprecated', diff.deprecated.map((t) => `${t.id} ${t.name}`));
  section('Renamed', diff.renamed.map((t) => `${t.id} "${t.from}" -> "${t.to}"`));
  section(
    'Moved between tactics',
    diff.movedTactics.map((t) => {
      const changes = [...t.added.map((x) => `+${x}`), ...t.removed.map((x) => `-${x}`)].join(' ');
      return `${t.id} ${t.name}: ${changes} (now ${t.to.join(', ') || 'none'})`;
    }),
  );
  section(
    'Platforms changed',
    diff.platformsChanged.map((t) => `${t.id} ${t.name}: ${[...t.added.map((x) => `+${x}`), ...t.removed.map((x) => `-${x}`)].join(' ')}`),
  );
  section('Restored', diff.restored.map((t) => `${t.id} ${t.name}`));
  section('Removed', diff.removed.map((t) => `${t.id} ${t.name}`));
  return `${lines.map(printableText).join('\n')}\n`;
}
