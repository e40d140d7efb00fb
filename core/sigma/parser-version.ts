/**
 * Identifies the rule parser's output in the scan cache. Bump it whenever `parseRuleFile` can
 * return something different for the same bytes (fields, codes, positions, severities). Kept
 * apart from the parser so that the cache can check it without loading js-yaml.
 */
export const PARSER_VERSION = 'sigma-parse-6/js-yaml-4.1.0';

/** Files over this size are not parsed (FILE_TOO_LARGE): a Sigma rule is a few KiB. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;
