import { makeFinding } from '../findings/make-finding.js';
import { decodeTextFile } from './decode-text-file.js';
import { unusableScopeSource } from './empty-scope-source.js';
import { parseScopeFile } from './parse-scope-file.js';
import type { ScopeParseOptions, ScopeSource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';

/** A scope file as read from disk: strict UTF-8 (SCOPE_FILE_NOT_UTF8 otherwise), then parseScopeFile. */
export function parseScopeBytes(bytes: Uint8Array, options: ScopeParseOptions): ScopeSource {
  const decoded = decodeTextFile(bytes);
  if (decoded.ok) return parseScopeFile(decoded.text, options);
  const { file, year } = options;
  const finding = makeFinding('SCOPE_FILE_NOT_UTF8', { file, line: decoded.line, column: decoded.column }, {
    offset: decoded.offset,
    ...(decoded.encoding ? { encoding: decoded.encoding } : {}),
  });
  const idHint = sourceSlug(file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''));
  const json = bytes[0] === 0x7b || bytes[0] === 0x5b;
  return unusableScopeSource({ kind: json ? 'navigator' : 'covmap-scope', file, name: file, idHint }, year, [finding]);
}
