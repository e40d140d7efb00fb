import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the scope area. Codes are stable API: never rename, only add. */
const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const at = (path: unknown): string => (path ? ` at ${String(path)}` : '');
const TYPE_WORDS: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null' };
const typeWords = (v: unknown): string => (Array.isArray(v) ? v : [v]).map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');

export const scopeFindings = {
  SCOPE_FILE_UNREADABLE: {
    severity: 'error',
    title: 'Scope input cannot be read',
    help: 'The file or directory given with --scope (or --inhouse) does not exist or cannot be read.',
    message: (d) => `cannot read scope input: ${String(d.detail)}`,
  },
  SCOPE_FILE_NOT_UTF8: {
    severity: 'error',
    title: 'Scope file is not UTF-8',
    help: 'Scope files are read as UTF-8 text. A file saved in another encoding (Latin-1, Windows-1252, UTF-16) would silently turn names and IDs into replacement characters, so it is not used; save it as UTF-8.',
    message: (d) => `not valid UTF-8 at byte ${String(d.offset)}${d.encoding ? ` (looks like ${String(d.encoding)})` : ''}; save the file as UTF-8; input not used`,
  },
  SCOPE_FORMAT_UNKNOWN: {
    severity: 'error',
    title: 'Unrecognised scope format',
    help: 'Scope inputs are covmap scope YAML (schema: covmap/scope@1), ATT&CK Navigator layers (JSON), CTID Mappings Explorer files (JSON), DeTT&CT technique administration files (YAML) or a directory of Sigma rules.',
    message: (d) => `cannot tell what kind of scope file this is (${String(d.hint)}); expected a covmap scope, a Navigator layer, a CTID mapping file or a DeTT&CT technique administration file`,
  },
  SCOPE_YAML_SYNTAX: {
    severity: 'error',
    title: 'YAML syntax error',
    help: 'The file is not valid YAML; nothing in it is used.',
    message: (d) => `invalid YAML: ${String(d.detail)}`,
  },
  SCOPE_YAML_WARNING: {
    severity: 'warning',
    title: 'Questionable YAML',
    help: 'The YAML parser accepted the file but warned about a construct.',
    message: (d) => `YAML warning: ${String(d.detail)}`,
  },
  SCOPE_JSON_SYNTAX: {
    severity: 'error',
    title: 'JSON syntax error',
    help: 'The file is not valid JSON; nothing in it is used.',
    message: (d) => `invalid JSON: ${String(d.detail)}`,
  },
  SCOPE_UNKNOWN_FIELD: {
    severity: 'error',
    title: 'Unknown field',
    help: 'The scope format does not define this field. Unknown fields are errors so that typos (e.g. "techinques") are not silently ignored. See data/schema/covmap-scope.schema.json.',
    message: (d) => `unknown field "${String(d.field)}"${at(d.parent)}`,
  },
  SCOPE_MISSING_FIELD: {
    severity: 'error',
    title: 'Required field missing',
    help: 'A field the format requires is absent.',
    message: (d) => `missing required field "${String(d.field)}"${at(d.path)}`,
  },
  SCOPE_WRONG_TYPE: {
    severity: 'error',
    title: 'Wrong type',
    help: 'A value has the wrong type (e.g. a string where a list is expected).',
    message: (d) => `${String(d.path || '(document)')} must be ${typeWords(d.expected)}, found ${String(d.actual)}`,
  },
  SCOPE_INVALID_VALUE: {
    severity: 'error',
    title: 'Invalid value',
    help: 'A value is not one the format allows.',
    message: (d) => {
      const where = String(d.path || '(document)');
      const value = d.value === undefined ? '' : ` (${String(d.value)})`;
      switch (d.keyword) {
        case 'enum':
        case 'const':
          return `${where}${value} must be one of: ${list(d.allowed)}`;
        case 'format':
          return `${where}${value} must be a valid ${String(d.format)}${d.format === 'duration' ? ' (ISO-8601, e.g. PT15M)' : d.format === 'date' ? ' (YYYY-MM-DD)' : ''}`;
        case 'pattern':
          return `${where}${value} must match ${String(d.pattern)}`;
        case 'minItems':
          return `${where} must have at least ${String(d.limit)} item(s)`;
        case 'minLength':
          return `${where} must not be empty`;
        case 'minProperties':
          return `${where} must have at least ${String(d.limit)} field(s)`;
        default:
          return `${where}${value} is invalid (${String(d.keyword)})`;
      }
    },
  },
  SCOPE_INVALID_HOURS: {
    severity: 'error',
    title: 'Invalid hours',
    help: 'Hours are "24x7" or a weekly schedule with an IANA time zone, e.g. "Mon-Fri 08:00-18:00 Europe/Amsterdam".',
    message: (d) => {
      const token = String(d.token);
      const why: Record<string, string> = {
        empty: 'the schedule is empty',
        'missing-zone': `"${token}" has no time zone; end it with an IANA zone such as Europe/Amsterdam or UTC`,
        'unknown-zone': `"${token}" is not a known IANA time zone`,
        'bad-days': `"${token}" is not a day list (Mon..Sun, Mon-Fri, daily, weekdays, weekends)`,
        'bad-time': `"${token}" is not a time window (HH:MM-HH:MM)`,
        'empty-window': `"${token}" starts and ends at the same time`,
        'missing-times': `days "${token}" are not followed by a time window`,
      };
      return `invalid hours${at(d.path)}: ${why[String(d.reason)] ?? token}`;
    },
  },
  SCOPE_INVALID_TECHNIQUE_ID: {
    severity: 'error',
    title: 'Not a technique ID',
    help: 'Technique IDs look like T1059 or T1059.001. The entry is not used.',
    message: (d) => `"${String(d.value)}" is not an ATT&CK technique ID (T1234 or T1234.001); entry not used`,
  },
  SCOPE_UNKNOWN_TECHNIQUE: {
    severity: 'error',
    title: 'Unknown technique',
    help: 'The ID is well formed but is not in the ATT&CK release in use (check --attack). The entry is not used.',
    message: (d) => `${String(d.id)} is not a technique in ATT&CK ${String(d.domain)} ${String(d.version)}; entry not used`,
  },
  SCOPE_TECHNIQUE_MIGRATED: {
    severity: 'warning',
    title: 'Technique ID migrated',
    help: 'The ID was revoked in a later ATT&CK release; coverage is counted under its replacement (the end of the revoked-by chain).',
    message: (d) => `${String(d.id)} (${String(d.name)}) is revoked in ATT&CK ${String(d.version)}; counted as ${String(d.replacement)} (${String(d.replacementName)})`,
  },
  SCOPE_TECHNIQUE_REVOKED: {
    severity: 'warning',
    title: 'Revoked technique without replacement',
    help: 'ATT&CK revoked the technique and names nothing current to replace it, so the entry cannot be counted.',
    message: (d) => `${String(d.id)} (${String(d.name)}) is revoked with no current replacement; entry not counted`,
  },
  SCOPE_TECHNIQUE_DEPRECATED: {
    severity: 'warning',
    title: 'Deprecated technique',
    help: 'Deprecated techniques are outside the analysis universe; the entry is reported but not counted.',
    message: (d) => `${String(d.id)} (${String(d.name)}) is deprecated in ATT&CK ${String(d.version)}; entry not counted`,
  },
  SCOPE_TECHNIQUE_NAME_MISMATCH: {
    severity: 'warning',
    title: 'Technique name does not match its ID',
    help: 'The entry gives a name that differs from ATT&CK\'s name for the ID; the ID may be mistyped.',
    message: (d) => `${String(d.id)} is "${String(d.actual)}" in ATT&CK, but the entry calls it "${String(d.declared)}"; check the ID`,
  },
  SCOPE_UNKNOWN_TACTIC: {
    severity: 'error',
    title: 'Unknown tactic',
    help: 'Tactics are ATT&CK tactic shortnames (defense-evasion), IDs (TA0005) or names.',
    message: (d) => `"${String(d.tactic)}" is not an ATT&CK tactic of this domain`,
  },
  SCOPE_TACTIC_MISMATCH: {
    severity: 'warning',
    title: 'Technique not in tactic',
    help: 'The entry names a tactic the technique does not belong to in ATT&CK; the tactic is ignored for this entry.',
    message: (d) => `${String(d.id)} is not under tactic ${String(d.tactic)} (its tactics: ${list(d.tactics)}); tactic ignored`,
  },
  SCOPE_DUPLICATE_ENTRY: {
    severity: 'warning',
    title: 'Duplicate entry',
    help: 'The same technique (after migration) is listed more than once with the same content; the entries are merged.',
    message: (d) => `${String(d.id)} is listed again (first at line ${String(d.firstLine)}); merged`,
  },
  SCOPE_MERGED_AFTER_MIGRATION: {
    severity: 'warning',
    title: 'Two IDs now name one technique',
    help: 'The input lists two IDs that are the same technique in the ATT&CK release in use (one was revoked in favour of the other); their entries are merged, keeping the higher score.',
    message: (d) => `${String(d.second)} and ${String(d.first)} (line ${String(d.firstLine)}) are both ${String(d.id)} now; entries merged`,
  },
  SCOPE_CONFLICTING_ENTRIES: {
    severity: 'error',
    title: 'Conflicting entries',
    help: 'The same technique is listed more than once with different content. covmap keeps the more conservative value (excluded over roadmap over in-scope, the lower coverage level) and reports the conflict.',
    message: (d) => `${String(d.id)} conflicts with the entry at line ${String(d.firstLine)}: ${String(d.field)} "${String(d.first)}" vs "${String(d.second)}"; kept "${String(d.kept)}"`,
  },
  SCOPE_DUPLICATE_ID: {
    severity: 'error',
    title: 'Duplicate id',
    help: 'Telemetry sources and response actions need unique ids so technique entries can refer to them.',
    message: (d) => `${String(d.kind)} id "${String(d.id)}" is defined again (first at line ${String(d.firstLine)})`,
  },
  SCOPE_UNKNOWN_REFERENCE: {
    severity: 'error',
    title: 'Reference to an undefined id',
    help: 'A coverage entry refers to a telemetry source or response action that the file does not define.',
    message: (d) => `unknown ${String(d.kind)} "${String(d.id)}" (defined: ${list(d.known) || 'none'})`,
  },
  SCOPE_UNKNOWN_PLATFORM: {
    severity: 'warning',
    title: 'Unknown platform',
    help: 'The platform is not an ATT&CK platform of this domain, so no technique can match it.',
    message: (d) => `"${String(d.platform)}" is not an ATT&CK platform here (known: ${list(d.known)})`,
  },
  SCOPE_DOMAIN_MISMATCH: {
    severity: 'error',
    title: 'Different ATT&CK domain',
    help: 'The input was mapped against another ATT&CK domain than the one analysed; its IDs cannot be compared, so the input is not used.',
    message: (d) => `the input is for ${String(d.declared)}, the analysis uses ${String(d.expected)}; input not used`,
  },
  SCOPE_ATTACK_VERSION_NEWER: {
    severity: 'warning',
    title: 'Scope uses a newer ATT&CK release',
    help: 'The input was mapped against a newer ATT&CK release than the one loaded; newer IDs may be reported as unknown. Use --attack with that release.',
    message: (d) => `mapped against ATT&CK ${String(d.declared)}, newer than the loaded ${String(d.catalog)}; consider --attack ${String(d.declared)}`,
  },
  SCOPE_ATTACK_VERSION_OLDER: {
    severity: 'note',
    title: 'Scope uses an older ATT&CK release',
    help: 'The input was mapped against an older ATT&CK release; revoked IDs are migrated with a warning each.',
    message: (d) => `mapped against ATT&CK ${String(d.declared)}; read with ${String(d.catalog)} (revoked IDs are migrated)`,
  },
  SCOPE_EMPTY: {
    severity: 'error',
    title: 'Empty scope',
    help: 'The input declares no techniques at all; it was probably exported or written incompletely.',
    message: (d) => `the ${String(d.kind)} lists no techniques`,
  },
  SCOPE_NOTHING_IN_SCOPE: {
    severity: 'warning',
    title: 'No technique in scope',
    help: 'The input lists techniques, but none of them counts as coverage (all excluded, disabled, unscored or protect-only).',
    message: (d) => `none of the ${String(d.entries)} entries counts as coverage`,
  },
  SCOPE_NO_COVERAGE_ENTRIES: {
    severity: 'error',
    title: 'In-scope technique without coverage',
    help: 'An in-scope technique needs at least one coverage entry (detect, respond, hunt or protect with a level).',
    message: (d) => `${String(d.id)} is in scope but has no coverage entries; not counted`,
  },
  SCOPE_INVALID_CONTRACT_DATES: {
    severity: 'error',
    title: 'Contract ends before it starts',
    help: 'contract.effective_to must not be before contract.effective_from.',
    message: (d) => `contract effective_to ${String(d.to)} is before effective_from ${String(d.from)}`,
  },
  SCOPE_HOURS_ASSUMED: {
    severity: 'note',
    title: 'Hours assumed 24x7',
    help: 'The input format carries no hours (Navigator, CTID, DeTT&CT, Sigma rules), so the source is assumed to be watched 24x7.',
    message: (d) => `a ${String(d.kind)} says nothing about hours; assumed 24x7`,
  },
  SCOPE_NON_MAPPABLE: {
    severity: 'note',
    title: 'Non-mappable entries',
    help: 'CTID marks some capabilities as non_mappable (no ATT&CK technique); they are counted and ignored.',
    message: (d) => `${String(d.count)} non-mappable entr${d.count === 1 ? 'y' : 'ies'} ignored`,
  },
  SCOPE_PROTECT_NOT_COVERAGE: {
    severity: 'note',
    title: 'Protect entries are not detection coverage',
    help: 'protect mappings prevent a technique but raise no alert; they are reported per technique but do not make it covered.',
    message: (d) => `${String(d.count)} protect entr${d.count === 1 ? 'y' : 'ies'} reported but not counted as detection coverage (${String(d.techniques)} technique(s) protect-only)`,
  },
  SCOPE_UNSUPPORTED_MAPPING: {
    severity: 'warning',
    title: 'Unsupported mapping entry',
    help: 'A CTID entry has a mapping type or score category covmap does not know; it is skipped.',
    message: (d) => `entry skipped: ${String(d.field)} "${String(d.value)}" is not supported`,
  },
  SCOPE_ENTRIES_NOT_IN_SCOPE: {
    severity: 'note',
    title: 'Layer entries that do not count',
    help: 'Navigator entries count when they have a score above 0 or an explicit colour and are not disabled; DeTT&CT entries when their latest detection score is 1 or more.',
    message: (d) => `${String(d.count)} entr${d.count === 1 ? 'y' : 'ies'} not counted as coverage (${String(d.why)})`,
  },
  SCOPE_LAYER_VERSION_UNSUPPORTED: {
    severity: 'warning',
    title: 'Unsupported Navigator layer version',
    help: 'covmap reads Navigator layer formats 3.0 to 4.5; other versions are read the same way but may use fields it does not know.',
    message: (d) => `Navigator layer format ${String(d.version)} is not one of ${list(d.supported)}; read as 4.5`,
  },
  SCOPE_DETTECT_FILE_TYPE: {
    severity: 'error',
    title: 'Not a DeTT&CT technique administration file',
    help: 'Only DeTT&CT files with file_type technique-administration declare detection coverage.',
    message: (d) => `DeTT&CT file_type is "${String(d.fileType)}", expected technique-administration`,
  },
  SCOPE_TECHNIQUE_OUTSIDE_TELEMETRY: {
    severity: 'warning',
    title: 'Declared coverage without matching telemetry',
    help: 'The provider declares coverage of a technique, but none of its telemetry sources sees any of the technique\'s platforms. The coverage still counts, flagged as unbacked.',
    message: (d) => `${String(d.id)} is declared covered, but no telemetry source of this provider sees its platforms (${list(d.platforms)}; telemetry: ${list(d.telemetryPlatforms) || 'none'})`,
  },
} satisfies FindingTable;
