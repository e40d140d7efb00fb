import fc from 'fast-check';
import { CORE_SCHEMA, loadAll, type Schema } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SIGMA_YAML_SCHEMA } from '../../core/sigma/sigma-yaml-schema.js';
import { sameYamlValue } from '../helpers/same-yaml-value.js';

// SIGMA_YAML_SCHEMA only makes js-yaml's core schema cheaper to resolve: for any document it must
// give exactly what CORE_SCHEMA gives (values, types, NaN and -0 included) or fail the same way.

type Outcome = { readonly ok: true; readonly values: unknown[] } | { readonly ok: false; readonly message: string };

function load(text: string, schema: Schema): Outcome {
  try {
    return { ok: true, values: loadAll(text, undefined, { schema }) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function expectSame(text: string): void {
  const core = load(text, CORE_SCHEMA);
  const sigma = load(text, SIGMA_YAML_SCHEMA);
  expect(sigma.ok, text).toBe(core.ok);
  if (core.ok && sigma.ok) expect(sameYamlValue(sigma.values, core.values), `${JSON.stringify(text)}: ${String(sigma.values)} vs ${String(core.values)}`).toBe(true);
  if (!core.ok && !sigma.ok) expect(sigma.message).toBe(core.message);
}

// Scalars each implicit type accepts or nearly accepts, in every case and form js-yaml knows.
const TRICKY = [
  '~', 'null', 'Null', 'NULL', 'nULL', 'nil', '', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off',
  '0', '-0', '+0', '00', '007', '0o17', '0o8', '0x1F', '0xg', '0b101', '0b2', '1_000', '_1', '1_', '-12', '+12', '12e3', '1.5', '-1.5e-3',
  '.5', '.', '..', '-.inf', '+.INF', '.Inf', '.inf', '.NaN', '.nan', 'nan', 'inf', '1.', '1.2.3', '2024-01-31', '2024/01/31', '1:20',
  '0.0', '-0.0', '1e', 'e3', '+', '-', '12abc', 'attack.t1059', 'T1059', 'tag', 'f', 'n', 't', '~x', 'null x',
  '1e+3', '1E-3', '1e3-', '1-e3', '0xe-1', '0x1e+1', '+-1', '-+1', '1.5e+-3', '2024-01-31T10:00', '1 2', '0b1 ', '5f8f0a2c-1d3e-4b5a-9c6d-7e8f9a0b1c2d',
  '1234567e-89ab-cdef-0123-456789abcdef', '12/31', '.5e-3', '-.5e+3',
];
const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[-+.0-9_a-fA-FxXoObBeEnNtTlLuUsS~/: ]{1,8}$/));
const TAGS = ['', '!!int ', '!!float ', '!!bool ', '!!null ', '!!str ', '!!map ', '!!seq ', '!!timestamp ', '!custom ', '!<tag:yaml.org,2002:null> '];

describe('SIGMA_YAML_SCHEMA', () => {
  it('reads every tricky plain scalar as the core schema does, as a value, a key and a list item', () => {
    for (const s of TRICKY) {
      expectSame(`value: ${s}\n`);
      expectSame(`${s}: value\n`);
      expectSame(`- ${s}\n`);
      expectSame(`[${s}]\n`);
      expectSame(`${s}\n`);
    }
  });

  it('agrees with the core schema on random scalars, explicit tags and documents', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...TAGS), scalar), { minLength: 1, maxLength: 6 }), (items) => {
        expectSame(items.map(([tag, s], i) => `k${i}: ${tag}${s}\n`).join(''));
        expectSame(`[${items.map(([tag, s]) => `${tag}${s}`).join(', ')}]\n`);
        expectSame(items.map(([tag, s]) => `--- ${tag}${s}\n`).join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the core schema on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => expectSame(text)),
      { numRuns: 500 },
    );
  });
});
