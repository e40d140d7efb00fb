import type { GapReport } from '../../core/gaps/gap-report.js';
import type { GapMatrix } from '../../core/gaps/gap-matrix.js';

/**
 * What the page reads: a `covmap gaps` JSON report. The HTML report embeds a slimmed copy whose
 * rules keep only the fields the view shows (cli/report/slim-gap-report.ts), so rule fields beyond
 * key and title are optional here; a full GapReport is a ViewReport too.
 */
export interface ViewRule {
  readonly key: string;
  readonly title: string;
  /** Absent in the slimmed form when it equals `key`. */
  readonly file?: string;
  readonly line?: number;
  readonly status?: string;
  readonly level?: string;
  readonly id?: string;
}

export type ViewReport = Omit<GapReport, 'rules' | 'matrix'> & {
  readonly rules: readonly ViewRule[];
  readonly matrix?: GapMatrix;
};
