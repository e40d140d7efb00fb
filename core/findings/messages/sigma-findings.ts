import type { FindingTable } from '../finding-definition.js';
import type { FindingValue } from '../finding.js';

/**
 * Findings raised while reading detection rules: file discovery, YAML, the Sigma format and the
 * mapping of `attack.*` tags to ATT&CK. Codes are stable API: never rename, only add.
 */
export const sigmaFindings = {
  // --- discovery and files -------------------------------------------------------------------
  PATH_NOT_FOUND: {
    severity: 'error',
    title: 'Path does not exist',
    help: 'A path given to scan does not exist (and is not a glob pattern). Check the spelling or the working directory.',
    message: (d) => `path not found: ${str(d.path)}`,
  },
  GLOB_NO_MATCH: {
    // An error, like a missing path: a mistyped pattern in CI would otherwise pass with no rules.
    severity: 'error',
    title: 'Glob pattern matched no rule file',
    help: 'A glob pattern given to scan matched no file, so nothing was scanned for it. Check the pattern (quote it so that covmap, not the shell, expands it) and the working directory.',
    message: (d) => `pattern ${str(d.pattern)} matched no file or directory`,
  },
  DIR_EMPTY: {
    severity: 'warning',
    title: 'Directory holds no rule files',
    help: 'A directory given to scan (searched recursively) contains no .yml or .yaml file.',
    message: (d) => `no .yml or .yaml files in directory ${str(d.path)}`,
  },
  DIR_UNREADABLE: {
    severity: 'error',
    title: 'Directory cannot be read',
    help: 'covmap could not list a directory (permissions, or it vanished during the scan); rules inside it were not counted.',
    message: (d) => `cannot read directory ${str(d.path)}: ${str(d.reason)}`,
  },
  SYMLINK_LOOP: {
    severity: 'warning',
    title: 'Symbolic link loop',
    help: 'A symbolic link leads back to a directory already being scanned (or, for a link not named like a rule file, to itself); it was not followed again, so nothing is counted twice. A link named like a rule file that loops is FILE_UNREADABLE.',
    message: (d) => `symbolic link loop at ${str(d.path)}${d.target ? ` (points to ${str(d.target)})` : ''}; not followed`,
  },
  FILE_UNREADABLE: {
    severity: 'error',
    title: 'File cannot be read',
    help: 'covmap could not read the file (permissions, a broken symbolic link or a loop of links, not a regular file, or it vanished during the scan). Its rules were not counted.',
    message: (d) => `cannot read file: ${str(d.reason)}`,
  },
  FILE_TOO_LARGE: {
    severity: 'error',
    title: 'File too large for a rule',
    help: 'Rule files over 1 MiB are not parsed: a Sigma rule is a few KiB, and a file this size is generated data or a mistake. The file counts as errored so CI notices it; move it out of the rule paths if it is not a rule.',
    message: (d) => `file is ${str(d.size)} bytes, over the ${str(d.limit)}-byte limit for a rule file; not parsed`,
  },
  FILE_EMPTY: {
    severity: 'note',
    title: 'Empty file',
    help: 'The file holds no YAML content (empty, or only comments); it is skipped.',
    message: () => 'file is empty (no YAML content); skipped',
  },
  FILE_NOT_UTF8: {
    severity: 'error',
    title: 'File is not UTF-8',
    help: 'Sigma rules are UTF-8 text. Re-save the file as UTF-8 (without changing its content otherwise).',
    message: (d) =>
      `file is not valid UTF-8 (first bad byte at offset ${str(d.offset)})${d.encoding ? `; it looks like ${str(d.encoding)}` : ''}`,
  },
  SCAN_PARSER_CRASHED: {
    severity: 'error',
    title: 'Parser failed on the file',
    help: 'The parser failed on this file: its worker thread stopped (for example out of memory) or it hit an unexpected error. The file counts as errored; the rest of the scan is unaffected. Please report it with the file.',
    message: (d) => `parser failed on this file: ${str(d.reason)}`,
  },

  // --- YAML ----------------------------------------------------------------------------------
  YAML_SYNTAX: {
    severity: 'error',
    title: 'YAML syntax error',
    help: 'The file is not valid YAML, so none of its rules can be read. Fix the YAML at the position shown.',
    message: (d) => `YAML syntax error: ${str(d.reason)}`,
  },
  YAML_DUPLICATE_KEY: {
    severity: 'error',
    title: 'Duplicate YAML key',
    help: 'A mapping repeats a key. YAML forbids it and tools disagree on which value wins, so the file is rejected.',
    message: (d) => `duplicate key${d.key ? ` "${str(d.key)}"` : ''} in a mapping`,
  },
  YAML_MERGE_KEY: {
    severity: 'error',
    title: 'YAML merge key',
    help: 'The file merges a mapping with `<<:`. Sigma reads YAML without merge keys (pySigma rejects such a file), so the merged keys, tags included, would be lost; write them out.',
    message: () => 'YAML merge key "<<" is not part of Sigma (pySigma rejects the file); write the merged keys out',
  },
  YAML_ALIAS_BOMB: {
    severity: 'error',
    title: 'YAML alias expansion too large',
    help: 'YAML aliases (*name) in this file expand to far more nodes than any rule needs (a "billion laughs" document) or refer to themselves. It is rejected without expanding it.',
    message: (d) =>
      d.recursive
        ? 'YAML aliases refer to themselves (a recursive structure); rejected'
        : `YAML aliases expand to more than ${str(d.limit)} nodes; rejected as an alias bomb`,
  },
  YAML_TOO_DEEP: {
    severity: 'error',
    title: 'YAML nesting too deep',
    help: 'The YAML nests collections deeper than any rule needs; it is rejected rather than risk exhausting the parser.',
    message: (d) => (d.indent ? `YAML indented past column ${str(d.limit)}; rejected` : `YAML nesting deeper than ${str(d.limit)} levels; rejected`),
  },
  YAML_NOT_A_MAPPING: {
    severity: 'warning',
    title: 'YAML document is not a mapping',
    help: 'A Sigma rule is a YAML mapping (title, logsource, detection, ...). This document is a list or a single value, so it is not a rule; it is skipped.',
    message: (d) => `YAML document is a ${str(d.found)}, not a mapping; not a Sigma rule, skipped`,
  },

  // --- Sigma format --------------------------------------------------------------------------
  SIGMA_NOT_A_RULE: {
    severity: 'note',
    title: 'YAML file is not a Sigma rule',
    help: 'The YAML mapping does not look like a Sigma rule (no detection, correlation or filter section next to Sigma metadata, no title with a logsource), so it is another kind of YAML: a pipeline, a configuration, a workflow. It is skipped.',
    message: (d) => `not a Sigma rule (top-level keys: ${list(d.keys)}); skipped`,
  },
  SIGMA_MISSING_FIELD: {
    severity: 'error',
    title: 'Required Sigma field missing',
    help: 'The rule lacks a field the Sigma specification requires for its kind. Such a rule cannot run, so it is not counted as coverage.',
    message: (d) => `${str(d.kind)} rule has no ${str(d.field)}; not counted`,
  },
  SIGMA_FIELD_TYPE: {
    severity: 'error',
    title: 'Sigma field has the wrong type',
    help: 'A Sigma field has a type the specification does not allow (for example tags as a single string instead of a list). The value is ignored; when the field is structural (detection, correlation, filter) the rule is not counted.',
    message: (d) => `${str(d.field)} must be ${str(d.expected)}, found ${str(d.found)}${d.ignored === false ? '' : '; ignored'}`,
  },
  SIGMA_STATUS_UNKNOWN: {
    severity: 'warning',
    title: 'Unknown rule status',
    help: 'status is one of stable, test, experimental, deprecated, unsupported. An unknown status is treated as absent (the rule passes no --min-status filter).',
    message: (d) => `unknown status "${str(d.value)}" (expected one of stable, test, experimental, deprecated, unsupported)`,
  },
  SIGMA_LEVEL_UNKNOWN: {
    severity: 'warning',
    title: 'Unknown rule level',
    help: 'level is one of informational, low, medium, high, critical. An unknown level is treated as absent (weight 1 for --score level, 0 for max).',
    message: (d) => `unknown level "${str(d.value)}" (expected one of informational, low, medium, high, critical)`,
  },
  SIGMA_DATE_FORMAT: {
    severity: 'warning',
    title: 'Date not in YYYY-MM-DD form',
    help: 'Sigma v2 dates are ISO 8601 (YYYY-MM-DD). YYYY/MM/DD is the Sigma v1 form.',
    message: (d) => `${str(d.field)} "${str(d.value)}" is not a YYYY-MM-DD date`,
  },
  SIGMA_V1_COLLECTION: {
    severity: 'warning',
    title: 'Sigma v1 rule collection',
    help: 'action: global / reset / repeat documents are the Sigma v1 way to share content between rules of one file. covmap expands them as sigmac did, but Sigma v2 tools reject them: split the file into standalone rules.',
    message: (d) => `Sigma v1 collection document (action: ${str(d.action)}); expanded, but not valid Sigma v2`,
  },
  SIGMA_ACTION_UNKNOWN: {
    severity: 'error',
    title: 'Unknown collection action',
    help: 'A Sigma v1 collection document has an action other than global, reset or repeat; the document is ignored.',
    message: (d) => `unknown collection action "${str(d.action)}" (expected global, reset or repeat); document ignored`,
  },
  SIGMA_REPEAT_WITHOUT_RULE: {
    severity: 'error',
    title: 'repeat before any rule',
    help: 'action: repeat repeats the previous rule of the file with changes, but no rule precedes it.',
    message: () => 'action: repeat has no preceding rule to repeat; document ignored',
  },
  SIGMA_CONDITION_AGGREGATION: {
    severity: 'warning',
    title: 'Deprecated aggregation in condition',
    help: 'Aggregations in a condition (| count() by ..., near) are Sigma v1 and unsupported by v2 tools; write a correlation rule instead. The rule still counts as coverage.',
    message: () => 'condition uses a v1 aggregation ("|" or "near"); use a Sigma correlation rule instead',
  },
  SIGMA_REFERENCE_UNRESOLVED: {
    severity: 'warning',
    title: 'Referenced rule not found',
    help: 'A correlation or filter rule names a rule (by id or name) that is not among the scanned files. A correlation without its own ATT&CK tags takes its coverage from the rules it names, so coverage may be missing.',
    message: (d) => `${str(d.kind)} rule references "${str(d.reference)}", which is not among the scanned rules`,
  },
  SIGMA_REFERENCE_CYCLE: {
    severity: 'warning',
    title: 'Correlation rules reference each other in a cycle',
    help: 'Correlation rules that reference each other in a loop cannot take coverage from one another; the loop is cut.',
    message: (d) => `correlation rule references form a cycle through "${str(d.reference)}"`,
  },
  SIGMA_DUPLICATE_ID: {
    severity: 'warning',
    title: 'Duplicate rule id',
    help: 'Two rules share one id, so references to it (correlations, filters, related) are ambiguous.',
    message: (d) => `rule id ${str(d.id)} is also used by ${str(d.other)}`,
  },
  RULE_STATUS_DEPRECATED: {
    severity: 'warning',
    title: 'Deprecated rule counted as coverage',
    help: 'The rule says status: deprecated; it still counts as coverage unless you exclude it with --min-status experimental.',
    message: () => 'rule is deprecated but still counted as coverage (use --min-status experimental to exclude it)',
  },
  RULE_STATUS_UNSUPPORTED: {
    severity: 'warning',
    title: 'Unsupported rule counted as coverage',
    help: 'The rule says status: unsupported (it cannot be used as it is); it still counts as coverage unless you exclude it with --min-status.',
    message: () => 'rule is unsupported but still counted as coverage (use --min-status deprecated or higher to exclude it)',
  },
  RULE_NO_ATTACK_TAG: {
    severity: 'note',
    title: 'Rule has no ATT&CK technique',
    help: 'The rule carries no attack.tNNNN tag, so it adds no ATT&CK coverage.',
    message: (d) => (d.tactics ? `rule has only tactic tags (${list(d.tactics)}), no ATT&CK technique` : 'rule has no ATT&CK technique tag'),
  },

  // --- ATT&CK tags ---------------------------------------------------------------------------
  ATTACK_TAG_REVOKED: {
    severity: 'warning',
    title: 'Tag names a revoked ATT&CK technique or object',
    help: 'ATT&CK revoked this technique, group, software or other object, usually in favour of another one. A rule tagged with a revoked technique is counted under its replacement (sigma-cli silently drops such rules); update the tag.',
    message: (d) =>
      d.kind !== undefined
        ? `${str(d.tag)}: ${str(d.kind)} ${str(d.id)} ${str(d.name)} is revoked in ATT&CK ${str(d.version)}${
            d.replacement
              ? `, replaced by ${str(d.replacement)}${d.replacementName === undefined ? '' : ` ${str(d.replacementName)}`}; update the tag`
              : ' without a replacement'
          }`
        : d.replacement
          ? `${str(d.tag)}: ${str(d.technique)} is revoked in ATT&CK ${str(d.version)}, replaced by ${str(d.replacement)} ${str(d.replacementName)}; counted there, update the tag`
          : `${str(d.tag)}: ${str(d.technique)} is revoked in ATT&CK ${str(d.version)} without a replacement; not counted`,
  },
  ATTACK_TAG_DEPRECATED: {
    severity: 'warning',
    title: 'Tag names a deprecated ATT&CK technique or object',
    help: 'ATT&CK deprecated this technique, group, software, data source or other object without a replacement. The tag is still read (a technique still counts), but it no longer appears in current matrices.',
    message: (d) =>
      d.kind !== undefined
        ? `${str(d.tag)}: ${str(d.kind)} ${str(d.id)} ${str(d.name)} is deprecated in ATT&CK ${str(d.version)}`
        : `${str(d.tag)}: ${str(d.technique)} ${str(d.name)} is deprecated in ATT&CK ${str(d.version)}`,
  },
  ATTACK_TAG_UNKNOWN: {
    severity: 'error',
    title: 'Unknown ATT&CK ID',
    help: 'The tag names an ATT&CK ID that the loaded ATT&CK data does not contain. Check for a typo.',
    message: (d) => `${str(d.tag)}: no ${str(d.kind)} ${str(d.id)} in ${str(d.domain)} ${str(d.version)}${olderCatalog(d)}`,
  },
  ATTACK_TAG_NEWER_THAN_DATA: {
    severity: 'error',
    title: 'Tag looks newer than the loaded ATT&CK data',
    help: 'The tag names an ID or tactic beyond what the loaded ATT&CK release contains, as a later release would. Run `covmap attack update` and pass --attack <version>.',
    message: (d) =>
      `${str(d.tag)}: ${str(d.id)} is not in ${str(d.domain)} ${str(d.version)} but looks newer${d.knownIn ? ` (it exists in ATT&CK ${str(d.knownIn)})` : ''}; run \`covmap attack update\` and pass --attack <version>${olderCatalog(d)}`,
  },
  ATTACK_TACTIC_UNKNOWN: {
    severity: 'error',
    title: 'Unknown ATT&CK tactic',
    help: 'The tag looks like a tactic (attack.<word>, or a tactic ID such as attack.ta0002) but names none of the tactics of the loaded domain.',
    message: (d) => `${str(d.tag)}: no tactic "${str(d.tactic)}" in ${str(d.domain)} ${str(d.version)}`,
  },
  ATTACK_TACTIC_UNDERSCORE: {
    severity: 'warning',
    title: 'Tactic tag in the old underscore form',
    help: 'Sigma v1 wrote tactics with underscores (attack.defense_evasion); ATT&CK shortnames use hyphens. covmap reads the tag, but other tools may not.',
    message: (d) => `${str(d.tag)}: write attack.${str(d.tactic)} (tactics use hyphens)`,
  },
  ATTACK_TAG_MALFORMED: {
    severity: 'error',
    title: 'Malformed attack tag',
    help: 'A tag in the attack namespace must be a technique (attack.t1059, attack.t1059.001), a tactic shortname or ID (attack.execution, attack.ta0002), or a group, software, campaign, mitigation, data source or asset ID (attack.g0016, attack.s0002, attack.c0024, attack.m1042, attack.ds0009, attack.a0001).',
    message: (d) => `${str(d.tag)}: not a valid attack tag`,
  },
  ATTACK_TACTIC_MISMATCH: {
    severity: 'warning',
    title: 'Tactic tag matches none of the rule\'s techniques',
    help: 'The rule has a tactic tag, but none of its technique tags belong to that tactic in ATT&CK. One of the tags is probably wrong.',
    message: (d) => `${str(d.tag)}: none of the rule's techniques (${list(d.techniques)}) belongs to tactic ${str(d.tactic)}`,
  },
} satisfies FindingTable;

/** The note for tags checked against a catalog made before covmap listed revoked and deprecated objects. */
function olderCatalog(d: Readonly<Record<string, FindingValue>>): string {
  return d.olderCatalog ? ' (this catalog was made by an older covmap and does not list revoked or deprecated objects: import it again)' : '';
}

function str(value: FindingValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function list(value: FindingValue): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}
