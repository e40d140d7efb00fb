import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttackDataError } from '../../core/attack/attack-data-error.js';
import { identifyBundle } from '../../core/attack/identify-bundle.js';
import { parseAttackJson } from '../../core/attack/parse-attack-json.js';
import { checkCatalog } from '../../core/attack/check-catalog.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

function failure(fn: () => unknown): AttackDataError['finding'] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AttackDataError) return error.finding;
    throw error;
  }
  throw new Error('expected an AttackDataError');
}

const collection = (version: unknown = '18.1') => ({ type: 'x-mitre-collection', id: 'x-mitre-collection--1', name: 'Enterprise ATT&CK', x_mitre_version: version });
const matrix = (domain: string) => ({ type: 'x-mitre-matrix', id: 'x-mitre-matrix--1', external_references: [{ source_name: 'mitre-attack', external_id: domain }] });

describe('parseAttackJson', () => {
  it('tells empty, truncated and malformed JSON apart, with positions', () => {
    expect(failure(() => parseAttackJson('')).code).toBe('ATTACK_BUNDLE_EMPTY');
    expect(failure(() => parseAttackJson(' \n\t')).code).toBe('ATTACK_BUNDLE_EMPTY');
    expect(failure(() => parseAttackJson('{"type": "bundle",\n "objects": [{"a"'))).toMatchObject({ code: 'ATTACK_BUNDLE_TRUNCATED', data: { line: 2 } });
    expect(failure(() => parseAttackJson('{"type": "bun')).code).toBe('ATTACK_BUNDLE_TRUNCATED');
    expect(failure(() => parseAttackJson('{"a":1,')).code).toBe('ATTACK_BUNDLE_TRUNCATED');
    expect(failure(() => parseAttackJson('{"a":1}\n}'))).toMatchObject({ code: 'ATTACK_BUNDLE_NOT_JSON', data: { line: 2, column: 1 } });
    expect(failure(() => parseAttackJson('type: bundle')).code).toBe('ATTACK_BUNDLE_NOT_JSON');
    expect(failure(() => parseAttackJson('<html>404</html>')).code).toBe('ATTACK_BUNDLE_NOT_JSON');
  });

  it('accepts a byte-order mark', () => {
    expect(parseAttackJson('\ufeff{"a":1}')).toEqual({ a: 1 });
  });
});

describe('identifyBundle', () => {
  it('reads domain and version', () => {
    const id = identifyBundle({ type: 'bundle', id: 'bundle--1', objects: [collection(), matrix('ics-attack')] });
    expect([id.domain, id.version]).toEqual(['ics-attack', '18.1']);
  });

  it('falls back to techniques\' x_mitre_domains, then to the collection name', () => {
    const byTechniques = { type: 'bundle', objects: [collection(), { type: 'attack-pattern', id: 'attack-pattern--1', x_mitre_domains: ['mobile-attack'] }] };
    expect(identifyBundle(byTechniques).domain).toBe('mobile-attack');
    expect(identifyBundle({ type: 'bundle', objects: [collection()] }).domain).toBe('enterprise-attack');
  });

  it('rejects what is not an ATT&CK bundle', () => {
    expect(failure(() => identifyBundle([1, 2])).code).toBe('ATTACK_BUNDLE_NOT_STIX');
    expect(failure(() => identifyBundle('text')).code).toBe('ATTACK_BUNDLE_NOT_STIX');
    expect(failure(() => identifyBundle({ type: 'report' })).code).toBe('ATTACK_BUNDLE_NOT_STIX');
    expect(failure(() => identifyBundle({ type: 'bundle' })).code).toBe('ATTACK_BUNDLE_NOT_STIX');
    const indicators = { type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--1' }, 'junk'] };
    expect(failure(() => identifyBundle(indicators)).code).toBe('ATTACK_BUNDLE_NOT_ATTACK');
    const unnamed = { type: 'bundle', objects: [{ ...collection(), name: 'Something' }, { type: 'attack-pattern', id: 'attack-pattern--1' }] };
    expect(failure(() => identifyBundle(unnamed)).code).toBe('ATTACK_BUNDLE_UNKNOWN_DOMAIN');
  });

  it('rejects the wrong domain and an unknown version', () => {
    const mobile = { type: 'bundle', objects: [collection(), matrix('mobile-attack')] };
    expect(failure(() => identifyBundle(mobile, 'enterprise-attack'))).toMatchObject({
      code: 'ATTACK_DOMAIN_MISMATCH',
      data: { actual: 'mobile-attack', expected: 'enterprise-attack' },
    });
    expect(failure(() => identifyBundle({ type: 'bundle', objects: [matrix('enterprise-attack')] })).code).toBe('ATTACK_VERSION_MISSING');
    for (const bad of [undefined, '', 'latest', '18', 18.1]) {
      expect(failure(() => identifyBundle({ type: 'bundle', objects: [{ ...collection(), x_mitre_version: bad }, matrix('enterprise-attack')] })).code).toBe('ATTACK_VERSION_MISSING');
    }
    expect(identifyBundle({ type: 'bundle', objects: [collection('v17.1'), matrix('enterprise-attack')] }).version).toBe('17.1');
  });
});

describe('checkCatalog', () => {
  it('refuses other formats and incomplete catalogs', () => {
    expect(failure(() => checkCatalog({ format: 2 }))).toMatchObject({ code: 'ATTACK_CATALOG_FORMAT', data: { found: '2', expected: 1 } });
    expect(failure(() => checkCatalog({ format: 1, domain: 'pre-attack' })).code).toBe('ATTACK_CATALOG_INVALID');
    expect(failure(() => checkCatalog({ format: 1, domain: 'ics-attack', version: '18.1' })).code).toBe('ATTACK_CATALOG_INVALID');
  });
});

describe('checkCatalog on damaged catalog files', () => {
  const embedded = (domain: string) => JSON.parse(readFileSync(resolve(PROJECT_ROOT, `data/attack/${domain}-18.1.json`), 'utf8')) as Record<string, unknown[]>;

  it('accepts the three embedded catalogs', () => {
    for (const domain of ['enterprise-attack', 'mobile-attack', 'ics-attack']) expect(() => checkCatalog(embedded(domain))).not.toThrow();
  });

  it('accepts a catalog written before covmap kept retired objects', () => {
    const older = embedded('ics-attack');
    delete older.retired;
    expect(() => checkCatalog(older)).not.toThrow();
  });

  it('refuses a wrong element anywhere, not only at the top level', () => {
    const damage: [string, (c: Record<string, unknown[]>) => void][] = [
      ['a null tactic', (c) => c.tactics!.unshift(null)],
      ['a tactic without a shortname', (c) => c.tactics!.push({ id: 'TA9999', name: 'X' })],
      ['a numeric tactic of a technique', (c) => ((c.techniques![0] as { tactics: unknown[] }).tactics = [5])],
      ['a technique flag that is not a boolean', (c) => ((c.techniques![0] as { revoked: unknown }).revoked = 'no')],
      ['a replacement that is not an ID', (c) => ((c.techniques![0] as { replacedBy: unknown }).replacedBy = 12)],
      ['a null group', (c) => (c.groups![0] = null)],
      ['group aliases that are not a list', (c) => ((c.groups![0] as { aliases: unknown }).aliases = 'APT')],
      ['a software technique list with null', (c) => ((c.software![0] as { techniques: unknown[] }).techniques = [null])],
      ['a retired object without a name', (c) => delete (c.retired![0] as { name?: unknown }).name],
      ['retired objects that are not a list', (c) => ((c as unknown as { retired: unknown }).retired = {})],
      ['rejected counts that are not a list', (c) => ((c as unknown as { validation: { rejected: unknown } }).validation.rejected = 5)],
      ['a top-level list', () => undefined],
    ];
    for (const [scenario, apply] of damage) {
      const value: unknown = scenario === 'a top-level list' ? [embedded('ics-attack')] : embedded('ics-attack');
      if (!Array.isArray(value)) apply(value as Record<string, unknown[]>);
      expect(failure(() => checkCatalog(value)).code, scenario).toBe('ATTACK_CATALOG_INVALID');
    }
  });
});
