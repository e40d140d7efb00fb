import type { FindingTable } from '../finding-definition.js';
import type { FindingValue } from '../finding.js';

/** Findings raised by the config area. Codes are stable API: never rename, only add. */
export const configFindings = {
  CONFIG_YAML_INVALID: {
    severity: 'error',
    title: 'Configuration is not valid YAML',
    help: 'The configuration file could not be parsed as YAML (syntax error, duplicate key, tab indentation). Fix the YAML at the position shown.',
    message: (d) => `configuration is not valid YAML: ${str(d.reason)}`,
  },
  CONFIG_NOT_UTF8: {
    severity: 'error',
    title: 'Configuration is not UTF-8',
    help: 'The configuration file is read as UTF-8 text; a file in another encoding (Latin-1, UTF-16) would silently garble paths and names. Save it as UTF-8.',
    message: (d) => `configuration is not valid UTF-8 at byte ${str(d.offset)}${d.encoding ? ` (looks like ${str(d.encoding)})` : ''}; save it as UTF-8`,
  },
  CONFIG_NOT_A_MAPPING: {
    severity: 'error',
    title: 'Configuration is not a mapping',
    help: 'A .covmap.yml file holds one YAML mapping of settings (rules, attack, thresholds, ...). An empty file is allowed and means defaults.',
    message: (d) => `configuration must be a mapping of settings, found ${str(d.found)}`,
  },
  CONFIG_UNKNOWN_KEY: {
    severity: 'error',
    title: 'Unknown configuration key',
    help: 'Every key of .covmap.yml is checked against the published schema (data/schema/covmap-config.schema.json) so that a misspelt setting never silently does nothing.',
    message: (d) =>
      `unknown key "${str(d.key)}"${d.path ? ` in ${str(d.path)}` : ''}${d.suggestion ? ` (did you mean "${str(d.suggestion)}"?)` : ''}; allowed: ${list(d.allowed)}`,
  },
  CONFIG_WRONG_TYPE: {
    severity: 'error',
    title: 'Configuration value has the wrong type',
    help: 'The value of this setting has a different type than the schema allows (for example a single string where a list is expected).',
    message: (d) => `${str(d.path)} must be ${typeWords(d.expected)}, found ${typeWords(d.found)}`,
  },
  CONFIG_VALUE_NOT_ALLOWED: {
    severity: 'error',
    title: 'Configuration value is not one of the allowed values',
    help: 'This setting takes one of a fixed set of values.',
    message: (d) => `${str(d.path)} is ${str(d.value)}, allowed: ${list(d.allowed)}`,
  },
  CONFIG_VALUE_OUT_OF_RANGE: {
    severity: 'error',
    title: 'Configuration value is out of range',
    help: 'Percentages are between 0 and 100; counts are at least 1.',
    message: (d) =>
      `${str(d.path)} is ${str(d.value)}, must be ${d.min !== undefined && d.max !== undefined ? `between ${str(d.min)} and ${str(d.max)}` : d.min !== undefined ? `at least ${str(d.min)}` : `at most ${str(d.max)}`}`,
  },
  CONFIG_VALUE_INVALID: {
    severity: 'error',
    title: 'Configuration value is invalid',
    help: 'The value breaks a rule of the schema: an empty string or list, a duplicate list entry, a whole number expected, or a key that does not have the expected form.',
    message: (d) => `${str(d.path)}: ${constraintText(d.constraint, d)}`,
  },
  CONFIG_UNKNOWN_FINDING_CODE: {
    severity: 'error',
    title: 'Severity override for an unknown finding code',
    help: 'Keys of `findings:` must be finding codes covmap knows (see docs/ci.md for the list); a misspelt code would silently override nothing.',
    message: (d) => `findings: unknown finding code "${str(d.code)}"${d.suggestion ? ` (did you mean "${str(d.suggestion)}"?)` : ''}`,
  },
  CONFIG_UNKNOWN_TACTIC: {
    severity: 'error',
    title: 'Threshold for an unknown tactic',
    help: 'Keys of `thresholds.tactics` are tactic shortnames of the loaded ATT&CK domain and version, such as credential-access.',
    message: (d) =>
      `thresholds.tactics: "${str(d.tactic)}" is not a tactic of ATT&CK ${str(d.attackVersion)}${d.suggestion ? ` (did you mean "${str(d.suggestion)}"?)` : ''}; tactics: ${list(d.allowed)}`,
  },
  CONFIG_UNKNOWN_ACTOR: {
    severity: 'error',
    title: 'Threat profile names an unknown group, campaign or software',
    help: 'Entries of `profile` are ATT&CK group, campaign or software IDs, names or aliases of the loaded ATT&CK version (G0016, APT29, "Scattered Spider").',
    message: (d) => `profile: no ATT&CK ${str(d.attackVersion)} group, campaign or software is called "${str(d.query)}"`,
  },
  CONFIG_UNKNOWN_PLATFORM: {
    severity: 'error',
    title: 'Unknown ATT&CK platform',
    help: 'Entries of `platforms` are platforms of the loaded ATT&CK domain (Windows, Linux, macOS, IaaS, SaaS, Office Suite, Identity Provider, Network Devices, Containers, ESXi, ...).',
    message: (d) => `platforms: "${str(d.platform)}" is not an ATT&CK ${str(d.attackVersion)} platform; platforms: ${list(d.allowed)}`,
  },
  CONFIG_PROFILE_REQUIRED: {
    severity: 'error',
    title: 'Profile threshold without a threat profile',
    help: 'thresholds.min_profile_coverage measures coverage of the techniques used by the groups, campaigns and software listed under `profile`; without a profile there is nothing to measure.',
    message: () => 'thresholds.min_profile_coverage is set, but no `profile` lists the groups, campaigns or software it is about',
  },
  CONFIG_PATH_NOT_FOUND: {
    severity: 'error',
    title: 'A path in the configuration does not exist',
    help: 'Paths in .covmap.yml (rules, scopes) are resolved from the directory of the configuration file. Glob patterns may match nothing; plain paths must exist.',
    message: (d) => `${str(d.setting)}: ${str(d.path)} does not exist (resolved from the directory of the configuration file)`,
  },
} satisfies FindingTable;

function str(value: FindingValue): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function list(value: FindingValue, separator = ', '): string {
  return Array.isArray(value) ? value.join(separator) : str(value);
}

/** JSON Schema type names in the words a YAML author uses. */
function typeWords(value: FindingValue): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'nothing (null)',
  };
  const names = Array.isArray(value) ? value : [str(value)];
  return names.map((n) => words[n] ?? n).join(' or ');
}

function constraintText(constraint: FindingValue, d: Readonly<Record<string, FindingValue>>): string {
  switch (constraint) {
    case 'minLength':
      return 'must not be empty';
    case 'minItems':
      return `must list at least ${str(d.limit)} entr${d.limit === 1 ? 'y' : 'ies'}`;
    case 'uniqueItems':
      return `lists ${str(d.value)} twice`;
    case 'integer':
      return `must be a whole number, found ${str(d.value)}`;
    case 'propertyName':
      return `"${str(d.value)}" is not a valid key here (expected ${str(d.expected)})`;
    default:
      return `breaks the schema rule "${str(constraint)}"`;
  }
}
