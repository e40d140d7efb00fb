/**
 * Makes serialized JSON safe to place inside a <script> element: `<`, `>` and `&` become \u
 * escapes (so no `</script>` or `<!--` can end or change the element), and so do U+2028 and
 * U+2029 (line terminators in older JavaScript). The result is still valid JSON with the same
 * value, because these characters can only occur inside JSON strings, where \u escapes mean them.
 */
export function escapeScriptJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
