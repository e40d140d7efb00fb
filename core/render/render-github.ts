import type { Finding } from '../findings/finding.js';
import { findingDefinition } from '../findings/finding-codes.js';
import { formatFindingMessage } from '../findings/format-finding.js';

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

/** One annotation per finding; notes become `notice`. File paths must be relative to the workspace. */
export function renderGithubAnnotations(findings: readonly Finding[]): string {
  const lines = findings.map((f) =>
    workflowCommand(
      f.severity === 'note' ? 'notice' : f.severity,
      {
        file: f.file?.replace(/\\/g, '/'),
        line: f.line,
        col: f.line !== undefined ? f.column : undefined,
        title: `${f.code}: ${findingDefinition(f.code)?.title ?? f.code}`,
      },
      formatFindingMessage(f),
    ),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
