import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/config/parse-config.js';
import { formatFinding } from '../../core/findings/format-finding.js';

const root = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(resolve(root, 'data/schema/covmap-config.schema.json'), 'utf8')) as object;

function parseFixture(name: string) {
  const file = `test/fixtures/${name}/.covmap.yml`;
  return parseConfig(readFileSync(resolve(root, file), 'utf8'), file, schema);
}

/** Code, line, column and data: what the tests assert (never prose). */
function brief(findings: ReturnType<typeof parseFixture>['findings']) {
  return findings.map((f) => ({ code: f.code, line: f.line, column: f.column, data: f.data }));
}

describe('parseConfig', () => {
  it('reads every setting of a valid file', () => {
    const { config, findings } = parseFixture('config-valid-full');
    expect(findings).toEqual([]);
    expect(config).toMatchObject({
      file: 'test/fixtures/config-valid-full/.covmap.yml',
      rules: ['rules/', 'extra/**/*.yml'],
      attack: '18.1',
      domain: 'enterprise-attack',
      platforms: ['Windows', 'Linux'],
      scan: { minStatus: 'test', minLevel: 'medium' },
      profile: ['G0016', 'Scattered Spider'],
      scopes: ['scopes/mdr.yaml'],
      inhouse: { hours: 'Mon-Fri 08:00-18:00 Europe/Amsterdam', platforms: ['Windows'] },
      baseline: '.covmap-baseline.json',
      failOn: 'warning',
      findings: { CONFIG_UNKNOWN_KEY: 'warning' },
      thresholds: {
        minCoverage: 12.5,
        minTacticCoverage: 5,
        tactics: { 'credential-access': 30, execution: 20 },
        minProfileCoverage: 50,
        minRulesPerTechnique: 2,
      },
    });
    // Where each setting was written, for findings about it later.
    expect(config!.positions['/thresholds/min_coverage']).toEqual({ line: 24, column: 3 });
    expect(config!.positions['/thresholds/tactics/execution']).toEqual({ line: 28, column: 5 });
    expect(config!.map.valuePosition('/inhouse/platforms/0')).toEqual({ line: 18, column: 15 });
    expect(config!.positions['/profile/1']).toEqual({ line: 14, column: 5 });
  });

  it('every key of the published schema is read into the config', () => {
    const keys = Object.keys((schema as { properties: Record<string, unknown> }).properties).filter((k) => k !== '$schema');
    const text = readFileSync(resolve(root, 'test/fixtures/config-valid-full/.covmap.yml'), 'utf8');
    for (const key of keys) expect(text).toMatch(new RegExp(`^${key}:`, 'm'));
  });

  it('an empty file means defaults', () => {
    const { config, findings } = parseFixture('config-empty');
    expect(findings).toEqual([]);
    expect(config).toMatchObject({ file: 'test/fixtures/config-empty/.covmap.yml' });
    expect(config!.thresholds).toBeUndefined();
  });

  it('reports every unknown key at its own line, with a suggestion when one is close', () => {
    const { config, findings } = parseFixture('config-unknown-keys');
    expect(config).toBeUndefined();
    expect(brief(findings)).toEqual([
      { code: 'CONFIG_UNKNOWN_KEY', line: 2, column: 1, data: expect.objectContaining({ key: 'atack', suggestion: 'attack' }) },
      { code: 'CONFIG_UNKNOWN_KEY', line: 5, column: 3, data: expect.objectContaining({ key: 'min_coverrage', path: 'thresholds', suggestion: 'min_coverage' }) },
      { code: 'CONFIG_UNKNOWN_KEY', line: 6, column: 3, data: expect.objectContaining({ key: 'per_tactic', path: 'thresholds' }) },
      { code: 'CONFIG_UNKNOWN_KEY', line: 10, column: 3, data: expect.objectContaining({ key: 'severity', path: 'scan' }) },
    ]);
    // The allowed keys come from the schema, so the message can list them.
    expect(findings[2]!.data!.allowed).toEqual(['min_coverage', 'min_tactic_coverage', 'tactics', 'min_profile_coverage', 'min_rules_per_technique']);
    expect(findings[2]!.data!.suggestion).toBeUndefined();
  });

  it('reports wrong types, values out of range and invalid values at the value', () => {
    const { config, findings } = parseFixture('config-wrong-types');
    expect(config).toBeUndefined();
    expect(brief(findings)).toEqual([
      { code: 'CONFIG_WRONG_TYPE', line: 1, column: 8, data: { path: 'rules', expected: ['array'], found: 'string' } },
      { code: 'CONFIG_UNKNOWN_KEY', line: 2, column: 1, data: expect.objectContaining({ key: 'subtechniques' }) },
      { code: 'CONFIG_VALUE_NOT_ALLOWED', line: 3, column: 10, data: { path: 'fail_on', value: '"warnings"', allowed: ['error', 'warning', 'never'] } },
      { code: 'CONFIG_VALUE_INVALID', line: 6, column: 5, data: { path: 'profile', constraint: 'uniqueItems', value: '"APT29"' } },
      { code: 'CONFIG_VALUE_OUT_OF_RANGE', line: 8, column: 17, data: { path: 'thresholds.min_coverage', value: '120', min: 0, max: 100 } },
      { code: 'CONFIG_VALUE_INVALID', line: 9, column: 28, data: { path: 'thresholds.min_rules_per_technique', constraint: 'integer', value: '1.5' } },
      {
        code: 'CONFIG_VALUE_INVALID',
        line: 11,
        column: 5,
        data: { path: 'thresholds.tactics', constraint: 'propertyName', value: 'Credential_Access', expected: 'a tactic shortname such as credential-access' },
      },
      { code: 'CONFIG_WRONG_TYPE', line: 12, column: 16, data: { path: 'thresholds.tactics.execution', expected: ['number'], found: 'string' } },
    ]);
  });

  it('reports invalid YAML (a duplicate key) at js-yaml\'s position', () => {
    const { findings } = parseFixture('config-invalid-yaml');
    expect(brief(findings)).toEqual([{ code: 'CONFIG_YAML_INVALID', line: 5, column: 3, data: { reason: 'duplicated mapping key' } }]);
  });

  it('rejects a document that is not a mapping', () => {
    const { findings } = parseFixture('config-not-a-mapping');
    expect(brief(findings)).toEqual([{ code: 'CONFIG_NOT_A_MAPPING', line: 1, column: 1, data: { found: 'array' } }]);
  });

  it('rejects severity overrides for codes covmap does not know', () => {
    const { findings } = parseFixture('config-unknown-finding-code');
    expect(brief(findings)).toEqual([
      { code: 'CONFIG_UNKNOWN_FINDING_CODE', line: 2, column: 3, data: { code: 'CONFIG_UNKNOWN_KYE', suggestion: 'CONFIG_UNKNOWN_KEY' } },
      { code: 'CONFIG_UNKNOWN_FINDING_CODE', line: 3, column: 3, data: { code: 'NOT_A_REAL_CODE' } },
      { code: 'CONFIG_UNKNOWN_FINDING_CODE', line: 4, column: 3, data: { code: 'config_unknown_key', suggestion: 'CONFIG_UNKNOWN_KEY' } },
    ]);
  });

  it('words every finding through the findings table', () => {
    for (const name of ['config-unknown-keys', 'config-wrong-types', 'config-invalid-yaml', 'config-not-a-mapping', 'config-unknown-finding-code']) {
      for (const f of parseFixture(name).findings) {
        // A code missing from the table would be printed bare; each must have its own wording.
        expect(formatFinding(f)).toMatch(new RegExp(`^test/fixtures/${name}/\\.covmap\\.yml:\\d+:\\d+: error ${f.code} \\S`));
      }
    }
  });
});
