import type { Finding } from '../findings/finding.js';
import { findingDefinition } from '../findings/finding-codes.js';
import { formatFindingMessage } from '../findings/format-finding.js';
import { printableText } from './printable-text.js';

/**
 * GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::message`), one
 * per finding: the runner turns them into annotations on the pull request's files.
 */

/** Message text: the runner decodes %25, %0D and %0A; anything else is taken literally. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` (next property) and `:` (the message), so those are encoded too. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export function workflowCommand(
  command: AnnotationLevel,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeCommandProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

/** GitHub shows at most this many annotations of each kind per step (50 per job); the rest only in the log. */
export const ANNOTATIONS_SHOWN_PER_KIND = 10;

const ORDER: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, note: 2 };

/**
 * One annotation per finding; notes become `notice`. Errors come first, then warnings, then
 * notes (each in the findings' order), because GitHub keeps the first annotations of a step and
 * drops the rest from the pull request view. File paths must be relative to the workspace.
 */
export function renderGithubAnnotations(findings: readonly Finding[]): string {
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i).map((x) => x.f);
  const lines = ordered.map((f) =>
    workflowCommand(
      f.severity === 'note' ? 'notice' : f.severity,
      {
        // Escaped like the message: an ESC in a file name must not reach the log raw.
        file: f.file === undefined ? undefined : printableText(f.file.replace(/\\/g, '/')),
        line: f.line,
        col: f.line !== undefined ? f.column : undefined,
        title: `${f.code}: ${findingDefinition(f.code)?.title ?? f.code}`,
      },
      formatFindingMessage(f),
    ),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
