/** RFC 6901: `~` and `/` inside a key are escaped, so any key can be one segment of a pointer. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
