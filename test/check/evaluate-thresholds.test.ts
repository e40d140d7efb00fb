import { describe, expect, it } from 'vitest';
import { coverageFigure, meetsPercent, techniquesNeeded } from '../../core/check/coverage-figure.js';
import { evaluateThresholds, type ThresholdInputs } from '../../core/check/evaluate-thresholds.js';

const inputs: ThresholdInputs = {
  universe: coverageFigure(50, 200),
  tactics: [
    { id: 'TA0002', shortname: 'execution', name: 'Execution', ...coverageFigure(3, 10) },
    { id: 'TA0006', shortname: 'credential-access', name: 'Credential Access', ...coverageFigure(1, 20) },
    { id: 'TA0043', shortname: 'reconnaissance', name: 'Reconnaissance', ...coverageFigure(0, 0) },
  ],
  profile: { query: ['APT29'], actors: [{ id: 'G0016', name: 'APT29', type: 'group' }], ...coverageFigure(4, 9) },
  coveredTechniques: [
    { id: 'T1003.001', name: 'LSASS Memory', rules: 1, location: { file: 'rules/a.yml', line: 9, column: 7 } },
    { id: 'T1059.001', name: 'PowerShell', rules: 3 },
  ],
};

const locate = (pointer: string) => ({ file: '.covmap.yml', line: pointer.length, column: 3 });

describe('coverage figures', () => {
  it('rounds the percent down so that a miss never looks like a pass', () => {
    expect(coverageFigure(1996, 10000).percent).toBe(19.9);
    expect(coverageFigure(1, 3).percent).toBe(33.3);
    expect(coverageFigure(0, 0).percent).toBe(0);
  });
  it('compares exactly and says how many more techniques are needed', () => {
    expect(meetsPercent(1, 3, 33.3)).toBe(true);
    expect(meetsPercent(1, 3, 33.4)).toBe(false);
    expect(meetsPercent(20, 100, 20)).toBe(true);
    expect(techniquesNeeded(50, 200, 30)).toBe(10);
    expect(techniquesNeeded(1, 3, 50)).toBe(1);
    expect(techniquesNeeded(9, 10, 50)).toBe(0);
  });
});

describe('evaluateThresholds', () => {
  it('passes when nothing is configured', () => {
    expect(evaluateThresholds({}, inputs, locate)).toEqual({ results: [], findings: [] });
  });

  it('reports the numbers that missed, at the setting in the config', () => {
    const { results, findings } = evaluateThresholds(
      { minCoverage: 30, minTacticCoverage: 10, tactics: { execution: 40 }, minProfileCoverage: 50, minRulesPerTechnique: 2 },
      inputs,
      locate,
    );
    expect(results).toEqual([
      { kind: 'coverage', required: 30, actual: 25, passed: false },
      { kind: 'tactic', subject: 'execution', required: 40, actual: 30, passed: false },
      { kind: 'tactic', subject: 'credential-access', required: 10, actual: 5, passed: false },
      { kind: 'profile', required: 50, actual: 44.4, passed: false },
      { kind: 'rules-per-technique', subject: 'T1003.001', required: 2, actual: 1, passed: false },
      { kind: 'rules-per-technique', subject: 'T1059.001', required: 2, actual: 3, passed: true },
    ]);
    expect(findings.map((f) => [f.code, f.file, f.line, f.data])).toEqual([
      ['CHECK_THRESHOLD_COVERAGE', '.covmap.yml', '/thresholds/min_coverage'.length, { covered: 50, total: 200, percent: 25, required: 30, needed: 10 }],
      [
        'CHECK_THRESHOLD_TACTIC',
        '.covmap.yml',
        '/thresholds/tactics/execution'.length,
        { tactic: 'execution', tacticName: 'Execution', covered: 3, total: 10, percent: 30, required: 40, needed: 1 },
      ],
      [
        'CHECK_THRESHOLD_TACTIC',
        '.covmap.yml',
        '/thresholds/min_tactic_coverage'.length,
        { tactic: 'credential-access', tacticName: 'Credential Access', covered: 1, total: 20, percent: 5, required: 10, needed: 1 },
      ],
      ['CHECK_THRESHOLD_PROFILE', '.covmap.yml', '/thresholds/min_profile_coverage'.length, { actors: ['G0016 APT29'], covered: 4, total: 9, percent: 44.4, required: 50, needed: 1 }],
      ['CHECK_THRESHOLD_RULES_PER_TECHNIQUE', 'rules/a.yml', 9, { technique: 'T1003.001', name: 'LSASS Memory', rules: 1, required: 2 }],
    ]);
  });

  it('meets thresholds exactly at the boundary', () => {
    const { findings } = evaluateThresholds({ minCoverage: 25, tactics: { execution: 30 }, minRulesPerTechnique: 1 }, inputs, locate);
    expect(findings).toEqual([]);
  });
});
