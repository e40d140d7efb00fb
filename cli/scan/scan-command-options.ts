import type { AttackDomain } from '../../core/attack/catalog.js';

/** The flags of `covmap scan` as commander hands them over (validated by commander's choices). */
export interface ScanCommandOptions {
  readonly layer?: string;
  readonly score: 'count' | 'max' | 'level';
  readonly minStatus?: string;
  readonly minLevel?: string;
  readonly subtechniques: boolean;
  readonly tactics: 'all' | 'tagged';
  readonly format: 'text' | 'json';
  readonly attack?: string;
  readonly domain?: AttackDomain;
  readonly cache: boolean;
  readonly jobs?: string;
}
