/**
 * Strict UTF-8 decoding: Sigma rules are UTF-8, and a lenient decoder would silently turn a
 * Latin-1 or UTF-16 file into replacement characters (and wrong tag values).
 */
export type Decoded =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** Byte offset of the first bad byte. */
      readonly offset: number;
      /** 1-based line and column of that byte, the column in UTF-16 code units as editors count. */
      readonly line: number;
      readonly column: number;
      readonly encoding?: string;
    };

// One decoder per thread; `fatal` makes bad bytes throw, and the default strips a UTF-8 BOM.
let decoder: TextDecoder | undefined;

export function decodeUtf8(bytes: Uint8Array): Decoded {
  decoder ??= new TextDecoder('utf-8', { fatal: true });
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const encoding = guessEncoding(bytes);
    const offset = firstInvalidByte(bytes);
    return { ok: false, offset, ...positionBefore(bytes, offset), ...(encoding ? { encoding } : {}) };
  }
}

/**
 * Line and column of byte `offset`, counted over the valid text before it (decoded as the parser
 * would have: BOM stripped, lines split at LF), so the position matches what an editor shows.
 */
function positionBefore(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  let line = 1;
  let lineStart = 0;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: before.length - lineStart + 1 };
}

function guessEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  // ASCII text in UTF-16 without a BOM has a zero in every other byte.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return 'UTF-16LE';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return 'UTF-16BE';
  return undefined;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
