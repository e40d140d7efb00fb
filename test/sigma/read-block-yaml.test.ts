import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readBlockYaml } from '../../core/sigma/read-block-yaml.js';
import { SIGMA_YAML_SCHEMA } from '../../core/sigma/sigma-yaml-schema.js';
import { locateSequenceItems, locateTopLevelKey, splitDocumentSpans, splitLines } from '../../core/sigma/yaml-text-layout.js';
import { sameYamlValue } from '../helpers/same-yaml-value.js';
import { describeShared, sharedPath } from '../helpers/shared-dir.js';
import { mutate, mutation } from '../helpers/yaml-mutation.js';

// The fast reader must give exactly what js-yaml gives (values, types, key order) for every text
// it reads, and leave to js-yaml every text it does not fully understand.

type Outcome = { readonly ok: true; readonly values: unknown[] } | { readonly ok: false };

function jsYaml(text: string): Outcome {
  try {
    return { ok: true, values: loadAll(text, undefined, { schema: SIGMA_YAML_SCHEMA }) };
  } catch {
    return { ok: false };
  }
}

/** The reader's values agree with js-yaml's, or it gave up; returns whether it read the text. */
function agrees(text: string): boolean {
  const read = readBlockYaml(text);
  if (!read) return false;
  const reference = jsYaml(text);
  expect(reference.ok, `js-yaml rejects what the fast reader read: ${JSON.stringify(text)}`).toBe(true);
  if (reference.ok) {
    expect(sameYamlValue(read.values, reference.values), `${JSON.stringify(text)}\nfast: ${JSON.stringify(read.values)}\njs-yaml: ${JSON.stringify(reference.values)}`).toBe(true);
  }
  return true;
}

/**
 * Where the reader says top-level keys and list items are is where the text layout (used for
 * what js-yaml reads) finds them, and it spans the document as the layout does.
 */
function expectLayoutAgrees(text: string): void {
  const read = readBlockYaml(text);
  if (!read) return;
  const lines = splitLines(text);
  const [span, ...more] = splitDocumentSpans(lines);
  expect(more).toEqual([]);
  expect(span).toEqual({ firstLine: 0, endLine: read.lineCount, start: read.start, indent: 0, hasContent: true });
  const root = read.values[0];
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return;
  for (const [key, value] of Object.entries(root)) {
    const where = `${key} in ${JSON.stringify(text)}`;
    // The layout misses some keys the reader finds (empty ones, ones with a colon); none is a
    // rule field, and those it finds must be where the reader says.
    const position = read.keyPosition(key);
    expect(position, where).toBeDefined();
    const located = locateTopLevelKey(lines, span!, key);
    if (located) expect(position, where).toEqual(located);
    // The reader notes a top-level list's items when each starts on its own `- ` line; the
    // layout reads simple items the same way.
    const items = read.sequenceItems(key);
    if (items) expect(Array.isArray(value), where).toBe(true);
    if (located && items && items.values.every((v) => typeof v === 'string' && /^[\w.:/-]+$/.test(v))) {
      expect(items.positions, where).toEqual(locateSequenceItems(lines, span!, key, items.values as string[])!.items);
    }
  }
}

// Texts the reader must read itself, each with what js-yaml makes of it.
const READ = [
  'title: Plain\nid: 5f8f0a2c-1d3e-4b5a-9c6d-7e8f9a0b1c2d\n',
  'no-newline-at-end: value',
  '# leading comment\n\ntitle: x   \n  # indented comment\nlevel: high # trailing comment\n',
  'url: https://example.com/a#b\npath: C:\\Windows\\System32\\\nhash: a#b\ncolon: a:b\n',
  'values: [not, flow]x\n'.replace('[not, flow]x', 'text with [brackets] and {braces}, commas'),
  'nbsp: trailing\u00a0\nunicode: Привет 日本\nemoji: 😀 🛡️\n',
  'multi: line\n  plain\nfolded: first line\n    second line  \n\n  after a blank line\n\n\n  after two\nnext: 1\n',
  'condition:\n    selection and\n    not filter\nnext-line: \n  plain # comment\n',
  'list:\n  - item that\n    continues\n  - next\n  -\n    below the dash\n',
  'indicators: :\\ProgramData\nquestion: ?x\nitems:\n  - :\\x\n  - ?y\n',
  'date: 2024-01-31\nslash: 2024/01/31\nint: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nfloat: 1.5e-3\ninf: -.inf\nnan: .NaN\nzero: -0\nunder: 1_000\n',
  'yes: yes\nt: true\nf: False\nn: ~\nnull-word: NULL\nempty:\nlast: end\n',
  "single: 'it''s ''quoted'' # not a comment'\nempty-single: ''\n",
  'double: "tab\\there \\"q\\" back\\\\slash \\/ \\x41 \\u00e9 \\U0001F600 \\N \\_ \\e \\0 \\ "\nempty-double: ""\n',
  "'quoted key': 1\n\"double key\": 2\n'': empty key\nkey with spaces  : spaced\n",
  'a:\n  b:\n    c: deep\n  d: [x]y\n'.replace('[x]y', 'x'),
  'list:\n  - a\n  - b # comment\n  -   spaced\n  - \'q\'\n  -\n  - "d"\n',
  'compact:\n- a\n- b\nnext: 1\n',
  'items:\n  - name: one\n    value: 1\n  -   name: two\n      nested:\n        - x\n  - key: |\n      block in item\n    after: 2\n',
  'nulls:\n  -\n  - # comment only\n  - ~\n',
  'flags:\n  - -enc\n  - --help\n  - -1\n  - -.5\n',
  'root-seq-item-mapping:\n  - a: 1\n  - b:\n    - compact in item\n',
  'literal: |\n  line one\n    more indented\n\n  after blank\nnext: 1\n',
  'strip: |-\n  text\n\n\nkeep: |+\n  text\n\n\nclip: |\n  text\n\n\nend: 1\n',
  'comment-header: | # why\n  text\nblank-lines-in: |\n  a\n\n\n  b\n',
  'spaces-line: |\n  a\n     \n  b\n',
  'short-blank: |\n    a\n  \n    b\n',
  'leading-blanks: |\n\n   \n    a\n',
  Array.from({ length: 64 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' leaf\n',
  'hash-in-literal: |\n  # not a comment\n  x: not a key\n',
  '# a comment\twith a tab\nkey: v\n    # indented\tone\nlit: |\n  # text\twith a tab\n',
  'eof-literal: |\n  text',
  'eof-literal-keep: |+\n  text\n\n',
  '- root\n- sequence\n',
  '-5: not a key'.replace('-5', 'minus-key'),
  '...x: dots key\n',
  'key: value:with:colons\n',
  'proto: __proto__\nconstructor: x\ntoString: y\nhasOwnProperty: z\n',
  '<<: not a merge key in the core schema\n',
  'detection:\n    selection:\n        Image|endswith:\n            - \'\\whoami.exe\'\n        CommandLine|contains|all: "x"\n    condition: selection\n',
];

// Texts the reader must leave to js-yaml: outside its subset, or not valid YAML at all.
const GIVE_UP = [
  '',
  '# only a comment\n',
  '\n\n',
  'tab:\tvalue\n',
  'tab-before-comment: v #\tc\n',
  '\t# a tab before the hash\nkey: v\n',
  'key: v\n\t\n',
  'crlf: value\r\n',
  '\ufeffbom: value\n',
  'nul: a\u0000b\n',
  'lone-high: a\ud800b\n',
  'lone-low: a\udc00b\n',
  'reversed-pair: \udc00\ud800\n',
  'del: a\u007fb\n',
  'c1: a\u0085b\n',
  'ls: a\u2028b\n',
  '---\ntitle: marker\n',
  'title: a\n---\ntitle: b\n',
  'title: a\n...\n',
  '... \n',
  '%YAML 1.2\n---\na: 1\n',
  'anchor: &a x\nalias: *a\n',
  'tagged: !!str 1\n',
  '!!map\na: 1\n',
  'flow: [a, b]\n',
  'flow: {a: 1}\n',
  'folded: >\n  a\n  b\n',
  'explicit: |2\n   a\n',
  'quoted: "multi\n  line"\n',
  'comment-inside: a\n  # js-yaml reads past this\n  b\n',
  'dash-continuation: a\n  - b\n',
  'hash-continuation: a\n  b # c\n',
  'colon-continuation: a\n  b: c\n',
  'indicator-next-line:\n  @x\n',
  "quoted: 'multi\n  line'\n",
  'dup: 1\ndup: 2\n',
  'a: b: c\n',
  'a: b:\n',
  'true: boolean key\n',
  '1: numeric key\n',
  'null: null key\n',
  '~: null key\n',
  '__proto__: x\n',
  '? complex\n: key\n',
  'a: 1\n b: 2\n',
  'a: 1\n- b\n',
  '  indented: root\n',
  'seq:\n  - a\n  b: c\n',
  'seq:\n  - a\n   - b\n',
  'nested:\n  - - a\n',
  'item-literal:\n  - |\n    x\n',
  // 65 mappings one inside the other: past the reader's depth limit.
  Array.from({ length: 65 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' leaf\n',
  // js-yaml reads `- b` as the inner list's second item.
  'outer:\n  - inner:\n      -\n  - b\n',
  'n:\n    -\n  - b\n',
  'empty-literal: |\nnext: 1\n',
  'blank-first-literal: |\n   \n  a\n',
  'junk-after-quote: "a" b\n',
  "junk-after-single: 'a'b\n",
  'bad-escape: "\\q"\n',
  'short-hex: "\\x4"\n',
  'escaped-eol: "a\\\n b"\n',
  'plain-start: @x\n',
  'plain-start: `x\n',
  'plain-start: %x\n',
  'plain-start: ,x\n',
  'plain-start: ? x\n',
  'plain-start: - x\n',
  'plain-start: : x\n',
  'plain-start: ]x\n',
  'scalar root\n',
  'key:value\n',
  '"unclosed: x\n',
  '"key"x: 1\n',
  '"key":x\n',
  'a #b: c\n',
  '- a\nb: c\n',
];

describe('readBlockYaml', () => {
  it('reads block-style YAML exactly as js-yaml does', () => {
    for (const text of READ) expect(agrees(text), `should be read: ${JSON.stringify(text)}`).toBe(true);
  });

  it('finds top-level keys and list items where the text layout finds them', () => {
    for (const text of READ) expectLayoutAgrees(text);
  });

  it('leaves everything outside its subset (and all invalid YAML) to js-yaml', () => {
    for (const text of GIVE_UP) expect(readBlockYaml(text), `should give up: ${JSON.stringify(text)}`).toBeUndefined();
  });

  it('notes where top-level keys and the items of top-level lists are written', () => {
    const text = [
      '# comment', //              1
      'title: T', //               2
      'tags:', //                  3
      '    - attack.execution', // 4
      '', //                       5
      '    -   attack.t1059', //   6
      'references:', //            7
      '- https://a', //            8
      'detection:', //             9
      '  sel:', //                 10
      '    - nested', //           11
      "'status': test", //         12
    ].join('\n');
    const read = readBlockYaml(text)!;
    expect(read.start).toEqual({ line: 2, column: 1 });
    expect(read.lineCount).toBe(12);
    expect(read.keyPosition('title')).toEqual({ line: 2, column: 1 });
    expect(read.keyPosition('status')).toEqual({ line: 12, column: 1 });
    expect(read.keyPosition('sel')).toBeUndefined();
    expect(read.keyPosition('missing')).toBeUndefined();
    expect(read.sequenceItems('tags')).toEqual({
      values: ['attack.execution', 'attack.t1059'],
      positions: [
        { line: 4, column: 7 },
        { line: 6, column: 9 },
      ],
    });
    expect(read.sequenceItems('references')).toEqual({ values: ['https://a'], positions: [{ line: 8, column: 3 }] });
    // An item written below its dash: no positions, the layout searches for the values instead.
    expect(readBlockYaml('tags:\n  - a\n  -\n    b\n')!.sequenceItems('tags')).toBeUndefined();
    expect(read.sequenceItems('detection')).toBeUndefined();
    expect(read.sequenceItems('sel')).toBeUndefined();
    expect(readBlockYaml('a: 1\n\n\n')!.lineCount).toBe(4);
  });

  it('reads hostile lines near the 1 MiB file limit as js-yaml does (many tabs, escapes, quotes, keys)', () => {
    const big = 400_000;
    const texts = [
      `# ${'\t'.repeat(big)}\nkey: v\n`,
      `key: "${'\\\\'.repeat(big / 2)}"\n`,
      `key: '${"''".repeat(big / 2)}'\n`,
      `key: ${'a b '.repeat(big / 4)}\n`,
      `key: first\n${'  more\n'.repeat(big / 8)}`,
      `key: |\n${'  line\n'.repeat(big / 8)}`,
      `list:\n${'  - item\n'.repeat(big / 10)}`,
      `${'k: '.repeat(big / 3)}v\n`,
    ];
    for (const text of texts) {
      const read = readBlockYaml(text);
      if (read) expect(agrees(text)).toBe(true);
    }
    expect(readBlockYaml(texts[0]!)).toBeDefined();
    expect(readBlockYaml(texts[1]!)!.values).toEqual([{ key: '\\'.repeat(big / 2) }]);
  });

  it('agrees with js-yaml on mutated rules (or leaves them to it)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.constantFrom(...READ), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const text = mutate(seed, mutations);
        if (agrees(text)) read++;
        expectLayoutAgrees(text);
      }),
      { numRuns: 5000 },
    );
    // Mutations mostly keep the text readable: a reader that gave up on everything would fail here.
    expect(read).toBeGreaterThan(1500);
  });
});

describeShared('readBlockYaml on SigmaHQ', () => {
  it('reads nearly every rule of the corpus, each exactly as js-yaml does', () => {
    const root = sharedPath('corpora/sigmahq-2026-04-01');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f));
    let read = 0;
    for (const file of files) {
      const bytes = readFileSync(join(root, file));
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        continue; // not UTF-8: never reaches a YAML reader
      }
      if (agrees(text)) read++;
      expectLayoutAgrees(text);
    }
    expect(files.length).toBeGreaterThan(3700);
    expect(read / files.length).toBeGreaterThan(0.99);
  });
});
