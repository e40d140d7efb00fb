import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParsePool } from '../../cli/scan/parse-pool.js';
import { FileBatchBuilder } from '../../cli/scan/file-batch-builder.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

const CRASHING = resolve(PROJECT_ROOT, 'test/fixtures/scan-crashing-parser-worker/crashing-parse-worker.mjs');
const rule = (n: number) => `title: Rule ${n}\nlogsource: {product: windows}\ndetection: {s: {a: ${n}}, condition: s}\ntags: [attack.t1059]\n`;

function batchOf(texts: string[]) {
  const builder = new FileBatchBuilder<number>();
  texts.forEach((t, i) => builder.add(new TextEncoder().encode(t), i));
  return builder.take().batch;
}

describe('ParsePool', () => {
  it('parses batches in worker threads, results in order, as JSON text and objects', async () => {
    const pool = new ParsePool(2);
    try {
      const results = await Promise.all([pool.parse(batchOf([rule(1), rule(2)])), pool.parse(batchOf([rule(3), '- not a rule\n']))]);
      expect(results.flat().map((r) => [r.parsed.status, r.parsed.rules[0]?.title])).toEqual([
        ['parsed', 'Rule 1'],
        ['parsed', 'Rule 2'],
        ['parsed', 'Rule 3'],
        ['skipped', undefined],
      ]);
      for (const r of results.flat()) expect(JSON.parse(r.json)).toEqual(r.parsed);
    } finally {
      await pool.close();
    }
  });

  it('survives a worker dying mid-batch: only the culprit file is errored', async () => {
    const pool = new ParsePool(2, { script: CRASHING });
    try {
      const texts = [rule(1), rule(2), `${rule(3)}# CRASH-WORKER\n`, rule(4)];
      const [first, second] = await Promise.all([pool.parse(batchOf(texts)), pool.parse(batchOf([rule(5)]))]);
      expect(first!.map((r) => [r.parsed.status, r.parsed.code])).toEqual([
        ['parsed', undefined],
        ['parsed', undefined],
        ['errored', 'SCAN_PARSER_CRASHED'],
        ['parsed', undefined],
      ]);
      expect(first![2]!.parsed.diagnostics[0]!.data).toEqual({ reason: 'worker exited with code 70' });
      expect(second!.map((r) => r.parsed.status)).toEqual(['parsed']);
    } finally {
      await pool.close();
    }
  });
});
