import { decodeUtf8 } from '../sigma/decode-utf8.js';
import { lineStarts, positionAt, type SourcePosition } from './source-position.js';

export type DecodedTextFile =
  | { readonly ok: true; readonly text: string }
  | ({ readonly ok: false; readonly offset: number; readonly encoding?: string } & SourcePosition);

/**
 * Strict UTF-8 for scope and configuration files, as for rules: a lenient read would turn a
 * Latin-1 provider name or a UTF-16 export into replacement characters without a word. When the
 * bytes are not UTF-8, the line and column of the first bad byte say where to look.
 */
export function decodeTextFile(bytes: Uint8Array): DecodedTextFile {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded;
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, decoded.offset));
  return { ...decoded, ...positionAt(lineStarts(before), before.length) };
}
