import type { FindingTable } from '../finding-definition.js';
import { isLeftOut, LEFT_OUT_SUFFIX } from '../../attack/rejected-objects.js';

const str = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

/**
 * Findings raised by the attack area: problems with ATT&CK bundles, catalogs, the cache and
 * downloads. Codes are stable API: never rename, only add. (Tag-mapping codes live in the Sigma
 * area's table.)
 */
export const attackFindings = {
  ATTACK_FILE_UNREADABLE: {
    severity: 'error',
    title: 'ATT&CK file unreadable',
    help: 'The file given as ATT&CK data (bundle or catalog) could not be read.',
    message: (d) => `cannot read the file: ${str(d.reason)}`,
  },
  ATTACK_BUNDLE_EMPTY: {
    severity: 'error',
    title: 'Empty ATT&CK file',
    help: 'The file is empty or only whitespace; expected a STIX 2.1 bundle or a covmap catalog.',
    message: () => 'the file is empty; expected an ATT&CK STIX 2.1 bundle (JSON)',
  },
  ATTACK_BUNDLE_TRUNCATED: {
    severity: 'error',
    title: 'Truncated ATT&CK file',
    help: 'The JSON ends before it is complete, usually an interrupted download or copy.',
    message: (d) => `the JSON ends early at line ${str(d.line)} column ${str(d.column)} (truncated file?)`,
  },
  ATTACK_BUNDLE_NOT_JSON: {
    severity: 'error',
    title: 'ATT&CK file is not JSON',
    help: 'ATT&CK data must be a JSON STIX 2.1 bundle or a covmap catalog.',
    message: (d) => `not valid JSON${d.line === undefined ? '' : ` at line ${str(d.line)} column ${str(d.column)}`}: ${str(d.reason)}`,
  },
  ATTACK_BUNDLE_NOT_STIX: {
    severity: 'error',
    title: 'Not a STIX bundle',
    help: 'Expected a STIX 2.1 bundle: an object with "type": "bundle" and an "objects" array (or a covmap catalog).',
    message: (d) => `not a STIX 2.1 bundle or covmap catalog (${str(d.reason)})`,
  },
  ATTACK_BUNDLE_NOT_ATTACK: {
    severity: 'error',
    title: 'Not ATT&CK data',
    help: 'The STIX bundle holds no ATT&CK collection, matrix or techniques, so it is not an ATT&CK release.',
    message: (d) => `a STIX bundle, but not MITRE ATT&CK data (${str(d.reason)})`,
  },
  ATTACK_BUNDLE_UNKNOWN_DOMAIN: {
    severity: 'error',
    title: 'Unknown ATT&CK domain',
    help: 'The domain is read from the x-mitre-matrix external ID, the objects\' x_mitre_domains, or the collection name.',
    message: (d) => `cannot tell which ATT&CK domain this is (${str(d.reason)}); expected one of ${str(d.expected)}`,
  },
  ATTACK_DOMAIN_MISMATCH: {
    severity: 'error',
    title: 'Wrong ATT&CK domain',
    help: 'The data is for another ATT&CK domain than the one asked for with --domain.',
    message: (d) => `holds ${str(d.actual)} ATT&CK, but --domain asked for ${str(d.expected)}`,
  },
  ATTACK_VERSION_MISSING: {
    severity: 'error',
    title: 'ATT&CK version unknown',
    help: 'The ATT&CK release is read from the x-mitre-collection object\'s x_mitre_version (e.g. "18.1").',
    message: (d) => `cannot tell which ATT&CK release this is: ${str(d.reason)}`,
  },
  ATTACK_VERSION_MISMATCH: {
    severity: 'error',
    title: 'Unexpected ATT&CK version',
    help: 'The downloaded or given data is another ATT&CK release than the one asked for.',
    message: (d) => `holds ATT&CK ${str(d.actual)}, but ${str(d.expected)} was asked for`,
  },
  ATTACK_VERSION_UNKNOWN: {
    severity: 'error',
    title: 'ATT&CK version not available',
    help: 'Versions come from the embedded catalogs and the per-user cache; add one with `covmap attack update --version V` or `covmap attack import <bundle>`.',
    message: (d) =>
      `ATT&CK ${str(d.version)} (${str(d.domain)}) is neither embedded nor imported (available: ${str(d.available) || 'none'}); ` +
      `run \`covmap attack update --domain ${str(d.domain)} --version ${str(d.version)}\` or \`covmap attack import <bundle.json>\``,
  },
  ATTACK_VERSION_FORMAT: {
    severity: 'error',
    title: 'Not an ATT&CK release number',
    help: 'ATT&CK releases are written major.minor (18.1, v17.1); anything else given to --attack is read as a file name.',
    message: (d) =>
      `${str(d.version)} is neither a file nor an ATT&CK release: write releases as major.minor, e.g. 18.1 ` +
      `(available for ${str(d.domain)}: ${str(d.available) || 'none'})`,
  },
  ATTACK_CATALOG_FORMAT: {
    severity: 'error',
    title: 'Unsupported catalog format',
    help: 'The catalog was written by another covmap version; rebuild it from its STIX bundle with `covmap attack import`.',
    message: (d) => `covmap catalog format ${str(d.found)}, but this covmap reads format ${str(d.expected)}; re-import it from its STIX bundle`,
  },
  ATTACK_CATALOG_INVALID: {
    severity: 'error',
    title: 'Invalid covmap catalog',
    help: 'The file looks like a covmap ATT&CK catalog but misses required fields.',
    message: (d) => `not a valid covmap ATT&CK catalog: ${str(d.reason)}`,
  },
  ATTACK_CACHE_UNWRITABLE: {
    severity: 'error',
    title: 'ATT&CK cache not writable',
    help: 'Imported catalogs live in the per-user cache ($COVMAP_CACHE_DIR, $XDG_CACHE_HOME/covmap or ~/.cache/covmap).',
    message: (d) => `cannot write the ATT&CK cache: ${str(d.reason)}; nothing was stored`,
  },
  ATTACK_OUTPUT_UNWRITABLE: {
    severity: 'error',
    title: 'Catalog output not writable',
    help: '`covmap attack build --output <dir>` could not write the catalog file.',
    message: (d) => `cannot write the catalog: ${str(d.reason)}`,
  },
  ATTACK_DOWNLOAD_FAILED: {
    severity: 'error',
    title: 'ATT&CK download failed',
    help: 'The server answered, but not with the bundle (wrong version, domain or base URL?).',
    message: (d) => `download failed: HTTP ${str(d.status)}${d.hint ? ` (${str(d.hint)})` : ''}; the cache is unchanged`,
  },
  ATTACK_OFFLINE: {
    severity: 'error',
    title: 'ATT&CK server unreachable',
    help: 'covmap could not connect to the ATT&CK download server; the embedded and cached catalogs still work offline.',
    message: (d) => `cannot reach the ATT&CK server (${str(d.reason)}); offline? The cache is unchanged`,
  },
  ATTACK_DIFF_DOMAIN_MISMATCH: {
    severity: 'error',
    title: 'Diff across ATT&CK domains',
    help: '`covmap attack diff` compares two releases of the same domain.',
    message: (d) => `cannot diff ${str(d.from)} against ${str(d.to)}: different ATT&CK domains`,
  },
  ATTACK_OBJECTS_REJECTED: {
    severity: 'note',
    title: 'ATT&CK objects failed schema validation',
    help:
      'Relaxed validation: objects the ATT&CK data model\'s schemas reject are counted by type and reason and still used, ' +
      'as MITRE\'s own releases do not always match the schema of the data-model version covmap ships with. ' +
      'Objects of unknown types, and objects with a property of the wrong type, are counted and left out.',
    message: (d) => {
      const reason = str(d.reason);
      return isLeftOut(reason)
        ? `${str(d.count)} ${str(d.type)} object(s) were left out, covmap cannot use them: ${reason.slice(0, -LEFT_OUT_SUFFIX.length)}`
        : `${str(d.count)} ${str(d.type)} object(s) failed the ATT&CK data model schema and were kept: ${reason}`;
    },
  },
} satisfies FindingTable;
