/**
 * Hostile input (rule titles, provider names, file names, comments) ends up in terminal output,
 * CI logs and one-line findings. A raw control character there can recolour or clear a terminal
 * (ESC sequences), forge a line (a newline followed by `file:1:1: error ...` or a `::error::`
 * workflow command), or reorder what a reviewer reads (bidi overrides). Those characters are shown
 * as visible escapes instead: `\n`, `\t`, `\r`, `\x1b`, `\u202e`.
 */
// C0 controls, DEL, C1 controls, line/paragraph separators and the bidi embedding, override and
// isolate controls.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
