import type { AttackDomain } from '../attack/catalog.js';
import type { Severity } from '../findings/finding.js';
import type { SourcePosition, YamlSourceMap } from './yaml-source-map.js';

/** Lowest severity that fails a check; `never` only reports. */
export type FailOn = 'error' | 'warning' | 'never';

/** A per-code override: a new severity, or `off` to leave the finding out (counted as suppressed). */
export type SeverityOverride = Severity | 'off';

export interface Thresholds {
  /** Percentages 0..100. */
  readonly minCoverage?: number;
  readonly minTacticCoverage?: number;
  readonly tactics?: Readonly<Record<string, number>>;
  readonly minProfileCoverage?: number;
  readonly minRulesPerTechnique?: number;
}

/**
 * `.covmap.yml` after validation, keys in camelCase. Paths are as written (relative to `dir`);
 * the CLI resolves them. `positions` keeps where each setting was written so that findings about a
 * setting (a missed threshold, an unknown tactic) point at its line.
 */
export interface CovmapConfig {
  /** The config file as the user would name it (relative to the working directory). */
  readonly file: string;
  readonly rules?: readonly string[];
  readonly attack?: string;
  readonly domain?: AttackDomain;
  readonly platforms?: readonly string[];
  readonly scan?: {
    readonly minStatus?: string;
    readonly minLevel?: string;
  };
  readonly profile?: readonly string[];
  /** Provider scope files, as written (relative to the config's directory). */
  readonly scopes?: readonly string[];
  /** The `inhouse` section as written; validated by the gaps area's `parseInhouseProfile`. */
  readonly inhouse?: unknown;
  readonly baseline?: string;
  readonly failOn?: FailOn;
  readonly findings?: Readonly<Record<string, SeverityOverride>>;
  readonly thresholds?: Thresholds;
  /** JSON pointer (as written in YAML, snake_case) -> position of its key. */
  readonly positions: Readonly<Record<string, SourcePosition>>;
  /** Key and value positions of everything in the file, for validators of sections (inhouse). */
  readonly map: YamlSourceMap;
}

/** Where a setting was written, for findings about it: `{file, line, column}` or just the file. */
export function configLocation(config: CovmapConfig, pointer: string): { file: string; line?: number; column?: number } {
  let p = pointer;
  for (;;) {
    const pos = config.positions[p];
    if (pos) return { file: config.file, line: pos.line, column: pos.column };
    if (p === '') return { file: config.file };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
