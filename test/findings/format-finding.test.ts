import { describe, expect, it } from 'vitest';
import { formatFinding, formatFindingMessage } from '../../core/findings/format-finding.js';
import { makeFinding } from '../../core/findings/make-finding.js';

describe('formatFinding', () => {
  it('cuts a long quoted value in the message and keeps it whole in the data', () => {
    const tag = `attack.${'x'.repeat(500_000)}`;
    const finding = makeFinding('ATTACK_TAG_MALFORMED', { file: 'r.yml', line: 3, column: 7 }, { tag });
    const line = formatFinding(finding);
    expect(line.length).toBeLessThan(400);
    expect(line).toBe(`r.yml:3:7: error ATTACK_TAG_MALFORMED attack.${'x'.repeat(193)}... (500007 characters): not a valid attack tag`);
    expect(finding.data?.tag).toBe(tag);
    // Lists are cut item by item; short values are left as they are.
    const mismatch = makeFinding('ATTACK_TACTIC_MISMATCH', {}, { tag: 'attack.execution', tactic: 'execution', techniques: ['T1112', 'T'.repeat(300)] });
    expect(formatFindingMessage(mismatch)).toBe(`attack.execution: none of the rule's techniques (T1112, ${'T'.repeat(200)}... (300 characters)) belongs to tactic execution`);
  });

  it('keeps a finding one line whatever its data holds', () => {
    const finding = makeFinding('ATTACK_TAG_MALFORMED', { file: 'a\nb.yml', line: 1, column: 1 }, { tag: 'attack.x\n::error::forged\u001b[31m' });
    expect(formatFinding(finding).split('\n')).toHaveLength(1);
  });
});
