import { CORE_SCHEMA, FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';

type ScalarType = Type & { readonly tag: string; resolve(data: string | null): boolean; construct(data: string | null): unknown };

const CORE_TAG = 'tag:yaml.org,2002:';
// The core schema's implicit types, as js-yaml 4 builds it: null, bool, int, float.
const implicit = (CORE_SCHEMA as unknown as { readonly implicit?: readonly ScalarType[] }).implicit ?? [];
const expected = implicit.map((t) => t.tag).join(',') === ['null', 'bool', 'int', 'float'].map((t) => CORE_TAG + t).join(',');
const words = implicit.filter((t) => t.tag === `${CORE_TAG}null` || t.tag === `${CORE_TAG}bool`);
const numbers = implicit.filter((t) => t.tag === `${CORE_TAG}int` || t.tag === `${CORE_TAG}float`);
const none: readonly ScalarType[] = [];
/**
 * Never part of a core-schema int or float: a slash, a colon, a space, or a sign anywhere but
 * first or after an exponent's `e`. Rules out dates (2024-01-31, 2024/01/31) and UUIDs, the
 * digit-led scalars of a Sigma rule, with one regular expression instead of two parsers.
 */
const NOT_A_NUMBER = /[/: ]|[^eE][-+]/;

/** The implicit types that could match a plain scalar, in the core schema's order. */
function candidates(data: string | null): readonly ScalarType[] {
  // Another js-yaml: ask every type, as it would.
  if (data === null || !expected) return implicit;
  switch (data.charCodeAt(0)) {
    case 0x7e: // ~
    case 0x6e: // n
    case 0x4e: // N
    case 0x74: // t
    case 0x54: // T
    case 0x66: // f
    case 0x46: // F
      return words;
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37:
    case 0x38:
    case 0x39:
      return NOT_A_NUMBER.test(data) ? none : numbers;
    default:
      return none;
  }
}

/**
 * js-yaml's core schema, resolved faster. The core schema reads a plain scalar by asking each of
 * its implicit types in turn (null, bool, int, float: four calls and a regular expression per
 * scalar), although the first character alone rules most of them out: only `~`, `n`, `t`, `f`
 * (any case) can start a null or a boolean, and only a digit, a sign or a dot a number. Sigma
 * rules are mostly plain scalars that start with a letter, so this costs a noticeable part of a
 * scan. The schema below asks only the types the first character allows, in the core schema's
 * order, and uses the core schema's own type objects to decide and construct, so every value,
 * every explicit tag (`!!int`) and every error is what CORE_SCHEMA gives.
 */
export const SIGMA_YAML_SCHEMA: Schema = expected ? buildSchema() : CORE_SCHEMA;

/**
 * The value SIGMA_YAML_SCHEMA (and so CORE_SCHEMA) gives an untagged plain scalar: null, a
 * boolean, a number, or the text itself. For readers that find scalars without js-yaml.
 */
export function resolvePlainScalar(data: string): unknown {
  for (const type of candidates(data)) {
    if (type.resolve(data)) return type.construct(data);
  }
  return data;
}

function buildSchema(): Schema {
  // js-yaml calls construct right after a successful resolve, on the same value.
  let matched: ScalarType | undefined;
  const plain = new Type(`${CORE_TAG}null`, {
    kind: 'scalar',
    resolve: (data: string | null) => {
      for (const type of candidates(data)) {
        if (type.resolve(data)) {
          matched = type;
          return true;
        }
      }
      return false;
    },
    construct: (data: string | null) => matched!.construct(data),
  });
  // Explicit tags keep resolving through the core types: in js-yaml's type map, an explicit type
  // replaces an implicit one with the same tag, so `plain` is only ever used implicitly.
  return FAILSAFE_SCHEMA.extend({ implicit: [plain], explicit: [...implicit] });
}
