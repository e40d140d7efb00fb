import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../cli/scan/parse-batch.js';
import { ParsePool, type PoolResult } from '../../cli/scan/parse-pool.js';
import { FileBatchBuilder } from '../../cli/scan/file-batch-builder.js';
import type { ParseResponse } from '../../cli/scan/parse-messages.js';
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

  it('lets the calling thread take back batches no worker has claimed, newest first', async () => {
    const pool = new ParsePool(1);
    try {
      const done = Promise.all([1, 2, 3, 4].map((n) => pool.parse(batchOf([rule(n)]))));
      // The worker is still starting: every batch is unclaimed, and the caller takes the newest.
      const taken = pool.takeBack()!;
      expect(parseBatch(taken.files)[0]!.rules[0]!.title).toBe('Rule 4');
      taken.resolve(parseBatch(taken.files).map((parsed): PoolResult => ({ parsed })));
      // Whatever the worker has not claimed meanwhile, the caller parses too; the rest comes back from the worker.
      for (let t = pool.takeBack(); t; t = pool.takeBack()) t.resolve(parseBatch(t.files).map((parsed) => ({ parsed })));
      expect(pool.takeBack()).toBeUndefined();
      const results = await done;
      expect(results.flat().map((r) => r.parsed.rules[0]?.title)).toEqual(['Rule 1', 'Rule 2', 'Rule 3', 'Rule 4']);
    } finally {
      await pool.close();
    }
  });

  it('a parser thread skips a batch another thread has claimed, and claims a free one as its own', async () => {
    const worker = new Worker(resolve(PROJECT_ROOT, 'dist/cli/scan/parse-worker.js'));
    try {
      const { bytes, offsets } = batchOf([rule(1)]);
      const claimed = new Int32Array(new SharedArrayBuffer(4));
      claimed[0] = -1; // the main thread's claim
      const free = new Int32Array(new SharedArrayBuffer(4));
      const answered = new Promise<ParseResponse>((done) => worker.once('message', done));
      worker.postMessage({ batch: 1, bytes, offsets, claim: claimed });
      worker.postMessage({ batch: 2, bytes, offsets, claim: free });
      // Messages are handled in order: had the worker parsed batch 1, its answer would come first.
      expect((await answered).batch).toBe(2);
      expect(claimed[0]).toBe(-1);
      expect(free[0]).toBe(worker.threadId);
    } finally {
      await worker.terminate();
    }
  });
});
