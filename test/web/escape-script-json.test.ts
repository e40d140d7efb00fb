import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeScriptJson } from '../../cli/report/escape-script-json.js';

describe('escapeScriptJson', () => {
  it('escapes what could end a script element or a JavaScript line', () => {
    const json = JSON.stringify({ title: '</script><script>alert(2)</script> <!-- a\u2028b\u2029c & d' });
    const out = escapeScriptJson(json);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain('\\u003c/script\\u003e');
    expect(out).toContain('\\u2028');
    expect(JSON.parse(out)).toEqual(JSON.parse(json));
  });

  it('keeps any JSON value intact while removing every dangerous character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = JSON.stringify({ value, text });
        const out = escapeScriptJson(json);
        expect(out).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(out)).toEqual(JSON.parse(json));
      }),
    );
  });
});
