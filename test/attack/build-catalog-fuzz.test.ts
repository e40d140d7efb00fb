import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttackDataError } from '../../core/attack/attack-data-error.js';
import { buildCatalog } from '../../core/attack/build-catalog.js';
import { checkCatalog } from '../../core/attack/check-catalog.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const FIXTURE = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');
const fixtureText = readFileSync(FIXTURE, 'utf8');

/** Properties the catalog builder or the data model's classes read, plus keys that would hijack those classes. */
const KEYS = [
  'name', 'type', 'id', 'revoked', 'x_mitre_deprecated', 'external_references', 'kill_chain_phases', 'x_mitre_platforms',
  'x_mitre_is_subtechnique', 'x_mitre_shortname', 'tactic_refs', 'aliases', 'x_mitre_aliases', 'x_mitre_log_sources',
  'x_mitre_analytic_refs', 'x_mitre_log_source_references', 'relationship_type', 'source_ref', 'target_ref',
  'x_mitre_version', 'x_mitre_domains', '__proto__', 'constructor', 'getParentTechnique', 'getTechniques', 'getSoftware',
  '_subTechniques', '_techniques', 'setRevokedBy',
] as const;

type Mutation =
  | { readonly kind: 'set'; readonly object: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'delete'; readonly object: number; readonly key: string }
  | { readonly kind: 'replace'; readonly object: number; readonly value: unknown }
  | { readonly kind: 'nested'; readonly object: number; readonly key: string; readonly value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), object: fc.nat(), key: fc.constantFrom(...KEYS), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), object: fc.nat(), key: fc.constantFrom(...KEYS) }),
  fc.record({ kind: fc.constant('replace' as const), object: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  // Inside a list property: an external reference, a kill chain phase, a log source becomes junk.
  fc.record({ kind: fc.constant('nested' as const), object: fc.nat(), key: fc.constantFrom(...KEYS), value: fc.jsonValue({ maxDepth: 1 }) }),
);

/** Sets a property the way JSON.parse does: an own, enumerable property, even for `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutate(mutations: readonly Mutation[]): unknown {
  const bundle = JSON.parse(fixtureText) as { objects: unknown[] };
  for (const m of mutations) {
    const i = m.object % bundle.objects.length;
    const target = bundle.objects[i];
    if (m.kind === 'replace') {
      bundle.objects[i] = m.value;
      continue;
    }
    if (target === null || typeof target !== 'object' || Array.isArray(target)) continue;
    const o = target as Record<string, unknown>;
    if (m.kind === 'set') setOwn(o, m.key, m.value);
    else if (m.kind === 'delete') delete o[m.key];
    else {
      const list = o[m.key];
      if (Array.isArray(list) && list.length > 0) list[0] = m.value;
      else setOwn(o, m.key, [m.value]);
    }
  }
  return bundle;
}

describe('building catalogs from damaged bundles (fast-check)', () => {
  it('gives a valid catalog or an AttackDataError, never a crash', () => {
    let built = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const bundle = mutate(mutations);
        let catalog;
        try {
          catalog = buildCatalog(bundle);
        } catch (error) {
          if (!(error instanceof AttackDataError)) throw error;
          refused++;
          return;
        }
        built++;
        // What was built can be stored and loaded again by every command.
        const text = serializeCatalog(catalog);
        expect(serializeCatalog(checkCatalog(JSON.parse(text)))).toBe(text);
        // Every object is accounted for: accepted, or counted under a type and reason.
        const rejected = catalog.validation.rejected.reduce((n, r) => n + r.count, 0);
        expect(catalog.validation.accepted + rejected).toBe(catalog.validation.objects);
      }),
      { numRuns: 300, seed: 20260401 },
    );
    // Both outcomes happen, so the property checks something either way.
    expect(built).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(0);
  });

  it('drops keys that would replace the data model classes\' methods or prototype', () => {
    const bundle = JSON.parse(fixtureText) as { objects: Record<string, unknown>[] };
    const group = bundle.objects.find((o) => o.type === 'intrusion-set' && o.name === 'Test Group')!;
    setOwn(group, 'getTechniques', 1);
    setOwn(group, '__proto__', { getSoftware: 1 });
    const technique = bundle.objects.find((o) => o.type === 'attack-pattern')!;
    setOwn(technique, '_subTechniques', null);
    const reference = buildCatalog(JSON.parse(fixtureText));
    expect(serializeCatalog(buildCatalog(bundle))).toBe(serializeCatalog(reference));
  });

  it('leaves out, and counts, an object the builder cannot read', () => {
    const bundle = JSON.parse(fixtureText) as { objects: Record<string, unknown>[] };
    const victim = bundle.objects.find((o) => o.type === 'attack-pattern' && o.revoked !== true)!;
    victim.kill_chain_phases = [{ kill_chain_name: 'mitre-attack', phase_name: 7 }];
    delete victim.created; // fail the schema as well, as a raw object would
    const catalog = buildCatalog(bundle);
    const victimId = (victim.external_references as { external_id: string }[])[0]!.external_id;
    expect(catalog.techniques.map((t) => t.id)).not.toContain(victimId);
    expect(catalog.validation.rejected).toContainEqual(
      expect.objectContaining({ type: 'attack-pattern', count: 1, reason: expect.stringMatching(/kill_chain_phases\[\]\.phase_name.*\(left out\)$/) }),
    );
  });

  it('refuses a bundle with an ATT&CK collection but no tactics or techniques', () => {
    const bundle = JSON.parse(fixtureText) as { objects: Record<string, unknown>[] };
    const onlyCollection = { ...bundle, objects: bundle.objects.filter((o) => o.type === 'x-mitre-collection' || o.type === 'identity') };
    expect(() => buildCatalog(onlyCollection)).toThrow(AttackDataError);
    try {
      buildCatalog(onlyCollection);
    } catch (error) {
      expect((error as AttackDataError).finding.code).toBe('ATTACK_BUNDLE_NOT_ATTACK');
    }
  });
});
