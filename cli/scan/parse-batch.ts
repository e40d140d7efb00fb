import { parseRuleFile } from '../../core/sigma/parse-rule-file.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import type { FileBatch } from './parse-pool.js';

/**
 * Parses a batch of files laid end to end on the calling thread, whichever thread that is (a
 * parser worker, or the main thread that took the batch back from the pool).
 */
export function parseBatch(files: FileBatch): ParsedRuleFile[] {
  const { bytes, offsets } = files;
  const out: ParsedRuleFile[] = [];
  for (let i = 0; i < offsets.length - 1; i++) out.push(parseRuleFile(bytes.subarray(offsets[i], offsets[i + 1])));
  return out;
}
