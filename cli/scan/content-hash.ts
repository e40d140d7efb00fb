import { createHash } from 'node:crypto';

/**
 * The key of a file's parse result in the scan cache: the SHA-1 of its bytes (base64url). The
 * parser's output depends on nothing else, so equal bytes share one entry.
 */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64url');
}
