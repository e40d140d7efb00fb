import type { Log, Notification, PropertyBag, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../findings/finding.js';
import { findingDefinition } from '../findings/finding-codes.js';
import { formatFindingMessage } from '../findings/format-finding.js';

export interface SarifOptions {
  readonly toolVersion: string;
  readonly informationUri?: string;
  /** Run-level facts (coverage figures, ...) under `runs[0].properties`. */
  readonly properties?: PropertyBag;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for code scanning: one result per finding, at the file, line and column of the
 * offending tag (findings about no file become tool notifications); one reporting descriptor per finding code that occurs, with the code as its
 * stable ID and the findings table's title and help text, so GitHub shows them inline with an
 * explanation. Paths stay relative (to the working directory, the repository root in CI), as
 * code scanning expects. Deterministic: rules sorted by code, results in finding order.
 */
export function renderSarif(findings: readonly Finding[], options: SarifOptions): string {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const rules: ReportingDescriptor[] = codes.map((code) => {
    const def = findingDefinition(code);
    const severity = def?.severity ?? findings.find((f) => f.code === code)!.severity;
    const title = def?.title ?? code;
    const help = def?.help ?? title;
    return {
      id: code,
      name: pascalCase(code),
      shortDescription: { text: title },
      fullDescription: { text: help },
      help: { text: help, markdown: `**${title}** (\`${code}\`)\n\n${help}` },
      defaultConfiguration: { level: level(severity) },
      properties: { tags: ['covmap', area(code)] },
    };
  });
  const results: Result[] = [];
  const notifications: Notification[] = [];
  for (const f of findings) {
    if (!f.file) {
      // Code scanning needs a location for every result; a finding about no file (a path that
      // does not exist, a run-level problem) is a notification of the tool's run instead.
      notifications.push({
        level: level(f.severity),
        message: { text: formatFindingMessage(f) },
        descriptor: { id: f.code, index: ruleIndex.get(f.code)! },
      });
      continue;
    }
    results.push({
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: level(f.severity),
      message: { text: formatFindingMessage(f) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(f.file) },
            ...(f.line !== undefined ? { region: { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) } } : {}),
          },
        },
      ],
      partialFingerprints: { 'covmapFinding/v1': fingerprint(f) },
    });
  }
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'covmap',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        ...(options.properties ? { properties: options.properties } : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity;
}

/** ATTACK_TAG_REVOKED -> AttackTagRevoked (SARIF rule names are identifier-like). */
function pascalCase(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The area a code belongs to, as a SARIF tag (ATTACK, SIGMA, CHECK, CONFIG, ...). */
function area(code: string): string {
  return code.split('_')[0]!.toLowerCase();
}

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, #, %). */
function encodeUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * A fingerprint that survives lines moving: code, file and the finding's facts, hashed (FNV-1a,
 * 64-bit as two 32-bit halves; core stays free of Node's crypto). Code scanning uses it to keep
 * one alert per problem across commits.
 */
function fingerprint(f: Finding): string {
  const text = `${f.code}\u0000${f.file ?? ''}\u0000${JSON.stringify(f.data ?? {})}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193 + 0x2f) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
