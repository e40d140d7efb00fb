import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../core/findings/make-finding.js';
import { findingDefinition } from '../../core/findings/finding-codes.js';
import { renderSarif } from '../../core/render/render-sarif.js';
import { describeShared } from '../helpers/shared-dir.js';
import { sarifValidator } from './helpers/sarif-validator.js';

const findings = [
  makeFinding('ATTACK_TAG_REVOKED', { file: 'rules/windows/a b#1.yml', line: 12, column: 7 }, { tag: 'attack.t1086', technique: 'T1086', version: '18.1', replacement: 'T1059.001', replacementName: 'PowerShell' }),
  makeFinding('ATTACK_TAG_REVOKED', { file: 'rules/windows/c.yml', line: 3, column: 7 }, { tag: 'attack.t1086', technique: 'T1086', version: '18.1', replacement: 'T1059.001', replacementName: 'PowerShell' }),
  makeFinding('YAML_SYNTAX', { file: 'rules/broken.yml', line: 4 }, { reason: 'unexpected end of the stream' }),
  makeFinding('FILE_EMPTY', { file: 'rules/empty.yml' }),
  makeFinding('PATH_NOT_FOUND', {}, { path: 'no/such/dir' }),
];

describeShared('SARIF output', () => {
  const validate = sarifValidator();
  const sarif = JSON.parse(renderSarif(findings, { toolVersion: '0.1.0', properties: { coverage: { covered: 1, total: 2 } } })) as {
    runs: {
      tool: { driver: { rules: { id: string; help: { text: string } }[] } };
      results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: object } }[] }[];
      invocations: { toolExecutionNotifications?: { descriptor: { id: string } }[] }[];
    }[];
  };

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator does reject broken SARIF (so the test above can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
  });

  it('has one result per located finding, at the file, line and column', () => {
    const run = sarif.runs[0]!;
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region])).toEqual([
      ['ATTACK_TAG_REVOKED', 'warning', 'rules/windows/a%20b%231.yml', { startLine: 12, startColumn: 7 }],
      ['ATTACK_TAG_REVOKED', 'warning', 'rules/windows/c.yml', { startLine: 3, startColumn: 7 }],
      ['YAML_SYNTAX', 'error', 'rules/broken.yml', { startLine: 4 }],
      ['FILE_EMPTY', 'note', 'rules/empty.yml', undefined],
    ]);
    // A finding about no file is a tool notification, not dropped.
    expect(run.invocations[0]!.toolExecutionNotifications!.map((n) => n.descriptor.id)).toEqual(['PATH_NOT_FOUND']);
  });

  it('uses the finding codes as stable rule IDs, with the help text of the findings table', () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['ATTACK_TAG_REVOKED', 'FILE_EMPTY', 'PATH_NOT_FOUND', 'YAML_SYNTAX']);
    for (const r of rules) expect(r.help.text).toBe(findingDefinition(r.id)!.help);
    for (const r of sarif.runs[0]!.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('is deterministic', () => {
    expect(renderSarif(findings, { toolVersion: '0.1.0' })).toBe(renderSarif(findings, { toolVersion: '0.1.0' }));
  });
});

describe('SARIF without findings', () => {
  it('is still a complete log', () => {
    const log = JSON.parse(renderSarif([], { toolVersion: '0.1.0' })) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toEqual([]);
  });
});
