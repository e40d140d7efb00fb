import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import { index, YEAR } from './scope-test-helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(resolve(ROOT, 'data/schema/covmap-scope.schema.json'), 'utf8')) as Record<string, unknown>;

describe('data/schema/covmap-scope.schema.json', () => {
  it('is a valid draft 2020-12 schema (the validator skips this check at run time)', () => {
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('forbids unknown fields on every object it defines', () => {
    const objects: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object' && o.additionalProperties !== false && path !== '/$defs/hours') objects.push(path);
      for (const [k, v] of Object.entries(o)) visit(v, `${path}/${k}`);
    };
    visit(schema, '');
    expect(objects).toEqual([]);
  });
});

describe('data/scopes/example-mdr.yaml', () => {
  const file = 'data/scopes/example-mdr.yaml';
  const source = parseScopeFile(readFileSync(resolve(ROOT, file), 'utf8'), { index, file, year: YEAR });

  it('is valid; its only warning is the deliberately old DLL side-loading ID', () => {
    expect(source.usable).toBe(true);
    expect(source.diagnostics.filter((d) => d.severity !== 'note').map((d) => [d.code, d.data?.id])).toEqual([['SCOPE_TECHNIQUE_MIGRATED', 'T1574.002']]);
    expect(source.diagnostics.filter((d) => d.severity === 'note').map((d) => d.code)).toEqual(['SCOPE_ATTACK_VERSION_OLDER']);
  });

  it('is an endpoint-focused 24x7 contract with a mix of coverage types and levels', () => {
    expect(source).toMatchObject({ kind: 'covmap-scope', name: 'Northwind Managed Detection', idHint: 'northwind-mdr', platforms: ['Linux', 'Windows', 'macOS'] });
    expect(source.hours).toMatchObject({ always: true, declared: true });
    expect(source.telemetry.every((t) => t.type === 'endpoint')).toBe(true);
    const claims = source.techniques.flatMap((t) => t.claims);
    for (const type of ['detect', 'respond', 'hunt']) expect(claims.some((c) => c.type === type)).toBe(true);
    for (const level of ['minimal', 'partial', 'significant']) expect(claims.some((c) => c.level === level)).toBe(true);
    expect(source.techniques.filter((t) => t.status === 'roadmap').map((t) => t.id)).toEqual(['T1003.006', 'T1550.002', 'T1558.003']);
    expect(source.techniques.filter((t) => t.status === 'excluded').map((t) => t.id)).toEqual(['T1204.001']);
    // Process Injection is declared with its sub-techniques.
    expect(source.techniques.filter((t) => t.id.startsWith('T1055.')).length).toBe(index.subtechniques('T1055').length);
    expect(Object.keys(source.sla ?? {})).toEqual(['critical', 'high', 'medium', 'low']);
    // Hunting runs in the hunters' office hours in London, not 24x7.
    const hunt = source.techniques.find((t) => t.id === 'T1082')!.claims[0]!;
    expect(hunt).toMatchObject({ type: 'hunt', hours: { schedule: 'Mon-Fri 09:00-17:30 Europe/London', always: false } });
  });
});
