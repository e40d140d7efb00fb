import { compareFindings, type Finding } from '../findings/finding.js';
import type { ScopeSource } from './scope-source.js';
import { ALWAYS, watchHours } from './week-hours.js';

/** What names a source in the report, whatever else its input says. */
export type ScopeSourceIdentity = Pick<ScopeSource, 'kind' | 'file' | 'name' | 'idHint'>;

/**
 * A source that declares nothing: hours undeclared (24x7 assumed), no platforms, telemetry,
 * response actions, exclusions or techniques. Parsers start from it and fill in what their
 * format can say, so the defaults are the same for every format.
 */
export function emptyScopeSource(identity: ScopeSourceIdentity, year: number): ScopeSource {
  return {
    kind: identity.kind,
    file: identity.file,
    name: identity.name,
    idHint: identity.idHint,
    hours: watchHours(ALWAYS, year, false),
    platforms: [],
    telemetry: [],
    responseActions: [],
    exclusions: [],
    techniques: [],
    entries: 0,
    ignored: {},
    usable: true,
    diagnostics: [],
  };
}

/**
 * An input that cannot be used (syntax or schema errors, another ATT&CK domain, an unknown
 * format): an empty source marked unusable, carrying the findings that say why in the usual
 * order, so the file still shows in the report instead of silently disappearing.
 */
export function unusableScopeSource(identity: ScopeSourceIdentity, year: number, diagnostics: readonly Finding[]): ScopeSource {
  return { ...emptyScopeSource(identity, year), usable: false, diagnostics: [...diagnostics].sort(compareFindings) };
}
