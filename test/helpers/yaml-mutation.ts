import fc from 'fast-check';

/**
 * Random edits of YAML text for property tests: insertions of YAML's significant characters and
 * of random text, deletions, and duplicated or swapped lines.
 */
const YAML_NOISE = [':', '-', ' ', '  ', '\n', '\t', '[', ']', '{', '}', "'", '"', '#', '&a', '*a', '!', '|', '>', '---', '...', '? ', ',', '%', '@', '`', '\\', 'attack.t1059'];

export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...YAML_NOISE), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
);

export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else {
      const lines = out.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i]!);
      else {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      out = lines.join('\n');
    }
  }
  return out;
}

