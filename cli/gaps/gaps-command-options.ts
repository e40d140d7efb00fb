import type { AttackDomain } from '../../core/attack/catalog.js';

/** Flags of `covmap gaps` as commander hands them over (repeatable flags are arrays). */
export interface GapsCommandOptions {
  readonly scope: readonly string[];
  readonly inhouse: readonly string[];
  readonly profile: readonly string[];
  readonly platform: readonly string[];
  readonly socHours?: string;
  readonly inhousePlatform: readonly string[];
  readonly inhouseLogsource: readonly string[];
  readonly format: 'text' | 'json' | 'md' | 'csv';
  readonly output: readonly string[];
  readonly layers?: string;
  readonly attack?: string;
  readonly domain?: AttackDomain;
  readonly top: string;
  readonly minStatus?: string;
  readonly minLevel?: string;
  readonly config?: string;
  readonly cache: boolean;
  readonly jobs?: string;
}
