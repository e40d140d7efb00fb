import { lineStarts, positionAt, type Locate, type PathSegment } from './source-position.js';

/**
 * Positions for a JSON text that was parsed with JSON.parse. One pass over the text records the
 * offset of every key and value; it runs only when the first diagnostic asks for a position, so
 * clean files pay nothing. Hand-written because the general parsers with positions were measured
 * at 50-350 ms on the 1 MB CTID files (this scanner needs a few ms), and JSON's grammar is small.
 * The text is known to be valid JSON (JSON.parse accepted it), so the scanner does not validate.
 */
export function createJsonLocator(text: string): Locate {
  let index: Map<string, { key?: number; value: number }> | undefined;
  let starts: number[] | undefined;
  return (path, part = 'value') => {
    index ??= indexJson(text);
    starts ??= lineStarts(text);
    for (let n = path.length; n >= 0; n--) {
      const hit = index.get(pathKey(path.slice(0, n)));
      if (!hit) continue;
      const offset = part === 'key' && n === path.length && hit.key !== undefined ? hit.key : hit.value;
      return positionAt(starts, offset);
    }
    return { line: 1, column: 1 };
  };
}

function pathKey(path: readonly PathSegment[]): string {
  return path.map((s) => `\u0000${String(s)}`).join('');
}

function indexJson(text: string): Map<string, { key?: number; value: number }> {
  const index = new Map<string, { key?: number; value: number }>();
  let i = 0;
  const skipWs = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  // Returns the decoded string only when asked (keys); values are skipped.
  const readString = (decode: boolean): string => {
    const start = ++i;
    let escaped = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 34) break;
    }
    const raw = text.slice(start, i);
    i++;
    if (!decode) return '';
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const value = (key: string, keyOffset?: number): void => {
    skipWs();
    index.set(key, keyOffset === undefined ? { value: i } : { key: keyOffset, value: i });
    const c = text.charCodeAt(i);
    const prefix = `${key}\u0000`;
    if (c === 123) {
      i++;
      skipWs();
      if (text.charCodeAt(i) === 125) {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        const at = i;
        const name = readString(true);
        skipWs();
        i++; // ':'
        value(`${prefix}${name}`, at);
        skipWs();
        if (text.charCodeAt(i++) === 125) return; // '}' else ','
      }
    } else if (c === 91) {
      i++;
      skipWs();
      if (text.charCodeAt(i) === 93) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${prefix}${n}`);
        skipWs();
        if (text.charCodeAt(i++) === 93) return; // ']' else ','
      }
    } else if (c === 34) {
      readString(false);
    } else {
      // number, true, false, null
      while (i < text.length && !',]} \t\r\n'.includes(text[i]!)) i++;
    }
  };
  // Leading byte-order mark, as JSON.parse callers strip it too.
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  value('');
  return index;
}
