import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../core/attack/build-catalog.js';
import type { Catalog } from '../../core/attack/catalog.js';
import { catalogCounts } from '../../core/attack/catalog-counts.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { AttackDataError } from '../../core/attack/attack-data-error.js';
import { describeShared, PROJECT_ROOT, sharedPath } from '../helpers/shared-dir.js';

const BUILD_TIMEOUT = 120_000;
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

type Raw = { type: string; id: string; [k: string]: unknown };

/** ATT&CK ID of a raw STIX object, read straight from the bundle (independent of covmap's build). */
function rawAttackId(o: Raw): string | undefined {
  const refs = (o.external_references as { source_name: string; external_id?: string }[] | undefined) ?? [];
  return refs.find((r) => r.source_name.startsWith('mitre') && r.external_id)?.external_id;
}

describeShared('building catalogs from ../shared ATT&CK bundles', () => {
  const built = new Map<string, { bundle: { objects: Raw[] }; catalog: Catalog }>();
  const build = (name: string) => {
    if (!built.has(name)) {
      const bundle = readJson(sharedPath('attack', `${name}.json`)) as { objects: Raw[] };
      built.set(name, { bundle, catalog: buildCatalog(bundle) });
    }
    return built.get(name)!;
  };

  for (const name of ['enterprise-attack-18.1', 'mobile-attack-18.1', 'ics-attack-18.1']) {
    it(`regenerates data/attack/${name}.json byte for byte`, () => {
      const { catalog } = build(name);
      const committed = readFileSync(resolve(PROJECT_ROOT, 'data/attack', `${name}.json`), 'utf8');
      expect(serializeCatalog(catalog) === committed).toBe(true);
      // Counts add up: every object is accepted or counted as rejected under a type and reason.
      const rejected = catalog.validation.rejected.reduce((n, r) => n + r.count, 0);
      expect(catalog.validation.accepted + rejected).toBe(catalog.validation.objects);
      expect(catalog.validation.objects).toBe(build(name).bundle.objects.length);
    }, BUILD_TIMEOUT);
  }

  it('enterprise 18.1 has the published counts and v18 detection data', () => {
    const { catalog, bundle } = build('enterprise-attack-18.1');
    expect(catalog.domain).toBe('enterprise-attack');
    expect(catalog.version).toBe('18.1');
    expect(catalogCounts(catalog)).toMatchObject({ tactics: 14, techniques: 216, subtechniques: 475, revoked: 132, deprecated: 12, groups: 172 });
    expect(catalog.tactics.map((t) => t.shortname).slice(0, 3)).toEqual(['reconnaissance', 'resource-development', 'initial-access']);
    // Relaxed validation: the ~1,900 objects strict validation rejects are counted, by reason.
    const byType = Object.fromEntries(
      [...new Set(catalog.validation.rejected.map((r) => r.type))].map((t) => [t, catalog.validation.rejected.filter((r) => r.type === t).reduce((n, r) => n + r.count, 0)]),
    );
    expect(byType).toMatchObject({ 'attack-pattern': 835, 'course-of-action': 224, relationship: 792 });
    expect(catalog.validation.rejected.some((r) => r.type === 'attack-pattern' && r.reason.startsWith('x_mitre_detection:'))).toBe(true);
    // Detection strategies link to techniques (detects) and analytics, analytics to data components.
    const rawStrategies = bundle.objects.filter((o) => o.type === 'x-mitre-detection-strategy' && !o.revoked && !o.x_mitre_deprecated);
    expect(catalog.detectionStrategies).toHaveLength(rawStrategies.length);
    expect(catalog.detectionStrategies.every((d) => d.techniques.length > 0 && d.analytics.length > 0)).toBe(true);
    expect(catalog.analytics.filter((a) => a.dataComponents.length > 0).length).toBeGreaterThan(1500);
    expect(catalog.dataComponents.find((d) => d.logSources.includes('WinEventLog:Security'))).toBeDefined();
  }, BUILD_TIMEOUT);

  it('enterprise 18.1 group techniques match the raw relationships (APT28, incl. via software)', () => {
    const { catalog, bundle } = build('enterprise-attack-18.1');
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    const apt28 = bundle.objects.find((o) => o.type === 'intrusion-set' && rawAttackId(o) === 'G0007')!;
    const uses = (src: string) =>
      bundle.objects.filter((o) => o.type === 'relationship' && o.relationship_type === 'uses' && o.source_ref === src && !o.revoked && !o.x_mitre_deprecated).map((o) => byId.get(o.target_ref as string)!);
    const live = (o: Raw) => !o.revoked && !o.x_mitre_deprecated;
    const direct = new Set(uses(apt28.id).filter((o) => o.type === 'attack-pattern' && live(o)).map((o) => rawAttackId(o)!));
    const software = uses(apt28.id).filter((o) => (o.type === 'malware' || o.type === 'tool') && live(o));
    const via = new Set(software.flatMap((s) => uses(s.id).filter((o) => o.type === 'attack-pattern' && live(o)).map((o) => rawAttackId(o)!)));
    const group = catalog.groups.find((g) => g.id === 'G0007')!;
    expect(group.name).toBe('APT28');
    expect(group.aliases).toContain('Fancy Bear');
    expect(group.techniques).toEqual([...direct].sort());
    expect(group.software).toEqual(software.map((s) => rawAttackId(s)!).sort());
    expect(group.techniquesViaSoftware).toEqual([...via].filter((t) => !direct.has(t)).sort());
  }, BUILD_TIMEOUT);

  it('replacement chains end at a current technique', () => {
    const { catalog } = build('enterprise-attack-18.1');
    const byId = new Map(catalog.techniques.map((t) => [t.id, t]));
    const revoked = catalog.techniques.filter((t) => t.revoked);
    expect(revoked).toHaveLength(132);
    for (const t of revoked) {
      expect(t.replacedBy, t.id).toBeDefined();
      expect(byId.get(t.replacedBy!)?.revoked, `${t.id} -> ${t.replacedBy}`).toBe(false);
    }
  }, BUILD_TIMEOUT);

  it('keeps revoked and deprecated groups, software and data sources, with the current replacement', () => {
    const { catalog } = build('enterprise-attack-18.1');
    const retired = new Map((catalog.retired ?? []).map((o) => [o.id, o]));
    expect(retired.get('G0118')).toEqual({ id: 'G0118', name: 'UNC2452', kind: 'group', state: 'revoked', replacedBy: 'G0016' });
    expect(retired.get('S9000')).toEqual({ id: 'S9000', name: 'Ngrok', kind: 'software', state: 'revoked', replacedBy: 'S0508' });
    expect(retired.get('S0609')).toEqual({ id: 'S0609', name: 'TRITON', kind: 'software', state: 'deprecated' });
    // Counted from the raw bundle: 6 revoked and 9 deprecated groups, 2 revoked and 1 deprecated
    // malware, all 38 data sources deprecated; legacy course-of-action objects (T IDs) left out.
    const count = (kind: string, state: string) => [...retired.values()].filter((o) => o.kind === kind && o.state === state).length;
    expect([count('group', 'revoked'), count('group', 'deprecated'), count('software', 'revoked'), count('software', 'deprecated')]).toEqual([6, 9, 2, 1]);
    expect(count('data-source', 'deprecated')).toBe(38);
    expect([...retired.values()].filter((o) => o.kind === 'mitigation')).toEqual([]);
    // Every replacement is a current object, and no retired ID is also active.
    for (const o of retired.values()) {
      if (o.replacedBy) expect([...catalog.groups, ...catalog.software].some((a) => a.id === o.replacedBy), o.id).toBe(true);
      if (o.kind !== 'data-source') expect([...catalog.groups, ...catalog.software, ...catalog.campaigns].some((a) => a.id === o.id), o.id).toBe(false);
    }
  }, BUILD_TIMEOUT);

  it('mobile and ICS: domain, version, tactics of the live matrix only', () => {
    const mobile = build('mobile-attack-18.1').catalog;
    expect([mobile.domain, mobile.version]).toEqual(['mobile-attack', '18.1']);
    // The deprecated "Network-Based Effects" matrix's tactics are not ATT&CK's current columns.
    expect(mobile.tactics.map((t) => t.shortname)).not.toContain('network-effects');
    expect(mobile.tactics).toHaveLength(12);
    const ics = build('ics-attack-18.1').catalog;
    expect([ics.domain, ics.version]).toEqual(['ics-attack', '18.1']);
    expect(ics.tactics).toHaveLength(12);
    expect(ics.assets.length).toBeGreaterThan(0);
    expect(catalogCounts(ics)).toMatchObject({ techniques: 83, subtechniques: 0, deprecated: 12 });
  }, BUILD_TIMEOUT);

  it('enterprise 17.1 (pre-v18) builds: no detection strategies, data components without IDs left out', () => {
    const { catalog } = build('enterprise-attack-17.1');
    expect([catalog.domain, catalog.version]).toEqual(['enterprise-attack', '17.1']);
    expect(catalogCounts(catalog)).toMatchObject({ tactics: 14, techniques: 211, subtechniques: 468, revoked: 132, deprecated: 12, groups: 166 });
    expect(catalog.detectionStrategies).toEqual([]);
    expect(catalog.dataComponents).toEqual([]);
    built.delete('enterprise-attack-17.1');
  }, BUILD_TIMEOUT);

  it('refuses a bundle of another domain than asked for', () => {
    const { bundle } = build('ics-attack-18.1');
    try {
      buildCatalog(bundle, { domain: 'enterprise-attack' });
      expect.unreachable();
    } catch (error) {
      expect((error as AttackDataError).finding).toMatchObject({ code: 'ATTACK_DOMAIN_MISMATCH', data: { actual: 'ics-attack', expected: 'enterprise-attack' } });
    }
  }, BUILD_TIMEOUT);
});

describe('building the revoked-chain fixture', () => {
  const fixture = resolve(PROJECT_ROOT, 'test/fixtures/attack-revoked-chain-bundle/enterprise-attack-99.1.json');

  it('follows revoked-by chains, maps uses of revoked techniques and ignores deprecated relationships', () => {
    const catalog = buildCatalog(readJson(fixture));
    const t = Object.fromEntries(catalog.techniques.map((x) => [x.id, x]));
    expect(t.T9001).toMatchObject({ revoked: true, replacedBy: 'T9003' });
    expect(t.T9002).toMatchObject({ revoked: true, replacedBy: 'T9003' });
    expect(t.T9005).toMatchObject({ revoked: true });
    expect(t.T9005!.replacedBy).toBeUndefined();
    expect(t['T9003.001']).toMatchObject({ parent: 'T9003', url: 'https://attack.mitre.org/techniques/T9003/001' });
    expect(catalog.groups).toEqual([
      { id: 'G9001', name: 'Test Group', aliases: ['Example Bear'], techniques: ['T9003'], software: ['S9001'], techniquesViaSoftware: ['T9003.001'] },
    ]);
    expect(catalog.detectionStrategies).toEqual([{ id: 'DET9001', name: 'Detect Current Technique', techniques: ['T9003'], analytics: ['AN9001'] }]);
    expect(catalog.analytics).toEqual([{ id: 'AN9001', name: 'Analytic 9001', platforms: ['Windows'], dataComponents: ['DC9001'] }]);
    expect(catalog.dataComponents[0]!.logSources).toEqual(['WinEventLog:Security', 'auditd:SYSCALL']);
  });

  it('is deterministic whatever the order of the bundle objects', () => {
    const bundle = readJson(fixture) as { objects: unknown[] };
    const reversed = { ...bundle, objects: [...bundle.objects].reverse() };
    expect(serializeCatalog(buildCatalog(reversed))).toBe(serializeCatalog(buildCatalog(bundle)));
  });
});
