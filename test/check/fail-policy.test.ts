import { describe, expect, it } from 'vitest';
import { applyFailPolicy, failsAt } from '../../core/check/fail-policy.js';
import { exitCodeFor } from '../../core/exit-code.js';
import type { Finding } from '../../core/findings/finding.js';

const f = (code: string, severity: Finding['severity'], file = 'r.yml', line = 1): Finding => ({ code, severity, file, line, column: 1 });

const findings = [
  f('ATTACK_TAG_UNKNOWN', 'error', 'b.yml'),
  f('ATTACK_TAG_REVOKED', 'warning', 'a.yml', 4),
  f('ATTACK_TAG_DEPRECATED', 'warning', 'a.yml', 2),
  f('RULE_NO_ATTACK_TAG', 'note', 'c.yml'),
];

describe('failsAt', () => {
  it.each([
    ['error', 'error', true],
    ['warning', 'error', false],
    ['note', 'error', false],
    ['error', 'warning', true],
    ['warning', 'warning', true],
    ['note', 'warning', false],
    ['error', 'never', false],
  ] as const)('%s at --fail-on %s fails: %s', (severity, failOn, expected) => {
    expect(failsAt(severity, failOn)).toBe(expected);
  });
});

describe('applyFailPolicy + exitCodeFor', () => {
  it('fails on errors by default: exit 1', () => {
    const outcome = applyFailPolicy(findings, { failOn: 'error' });
    expect(outcome.failing).toBe(1);
    expect(outcome.counts).toEqual({ error: 1, warning: 2, note: 1 });
    expect(exitCodeFor({ usageError: false, failing: outcome.failing })).toBe(1);
  });

  it('warnings fail only with --fail-on warning', () => {
    const warnings = findings.filter((x) => x.severity !== 'error');
    expect(exitCodeFor({ usageError: false, failing: applyFailPolicy(warnings, { failOn: 'error' }).failing })).toBe(0);
    expect(exitCodeFor({ usageError: false, failing: applyFailPolicy(warnings, { failOn: 'warning' }).failing })).toBe(1);
  });

  it('--fail-on never reports without failing', () => {
    const outcome = applyFailPolicy(findings, { failOn: 'never' });
    expect(outcome.failing).toBe(0);
    expect(outcome.findings).toHaveLength(4);
    expect(exitCodeFor({ usageError: false, failing: outcome.failing })).toBe(0);
  });

  it('per-code overrides raise, lower and switch off findings; off ones are counted, not lost', () => {
    const outcome = applyFailPolicy(findings, {
      failOn: 'error',
      overrides: { ATTACK_TAG_DEPRECATED: 'error', ATTACK_TAG_UNKNOWN: 'warning', RULE_NO_ATTACK_TAG: 'off' },
    });
    expect(outcome.findings.map((x) => [x.code, x.severity])).toEqual([
      ['ATTACK_TAG_DEPRECATED', 'error'],
      ['ATTACK_TAG_REVOKED', 'warning'],
      ['ATTACK_TAG_UNKNOWN', 'warning'],
    ]);
    expect(outcome.suppressed).toEqual({ RULE_NO_ATTACK_TAG: 1 });
    expect(outcome.failing).toBe(1);
  });

  it('notes never fail, even at --fail-on warning', () => {
    expect(applyFailPolicy([f('CHECK_COVERAGE_GAINED', 'note')], { failOn: 'warning' }).failing).toBe(0);
  });

  it('a usage or configuration error is exit 2 whatever else failed', () => {
    expect(exitCodeFor({ usageError: true, failing: 0 })).toBe(2);
    expect(exitCodeFor({ usageError: true, failing: 5 })).toBe(2);
  });

  it('sorts findings by file, line, column, code', () => {
    const outcome = applyFailPolicy(findings, { failOn: 'error' });
    expect(outcome.findings.map((x) => `${x.file}:${x.line}`)).toEqual(['a.yml:2', 'a.yml:4', 'b.yml:1', 'c.yml:1']);
  });
});
