import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../cli/scan/content-hash.js';

describe('contentHash', () => {
  it('is the SHA-1 of the bytes in base64url, as the scan cache has always keyed entries', () => {
    for (const text of ['', 'title: x\n', 'ü😀\u0000'.repeat(1000)]) {
      const bytes = new TextEncoder().encode(text);
      expect(contentHash(bytes)).toBe(createHash('sha1').update(bytes).digest('base64url'));
    }
    // A view into a larger buffer hashes only its own bytes (the reader's buffer is reused).
    const buffer = new TextEncoder().encode('xxtitle: yxx');
    expect(contentHash(buffer.subarray(2, 10))).toBe(contentHash(new TextEncoder().encode('title: y')));
  });
});
