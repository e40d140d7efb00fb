import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { sharedPath } from '../../helpers/shared-dir.js';

/**
 * The SARIF 2.1.0 schema is draft-07: the default Ajv class (not Ajv2019/2020) speaks it, and
 * ajv-formats supplies the uri / uri-reference / date-time formats it uses. Strict mode is off:
 * it checks the schema's authoring (the SARIF schema lists `required` properties inside `anyOf`
 * branches without redeclaring them, which strict mode rejects), not the instance. Validation
 * itself is unaffected. unicodeRegExp is off because the schema's `language` pattern
 * (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, a stray `]`) is only valid without the `u` flag.
 */
export function sarifValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is CommonJS; under nodenext its default export arrives as the module namespace.
  const addFormats = (ajvFormats as unknown as { default: (a: Ajv) => Ajv }).default;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(sharedPath('schemas/sarif-schema-2.1.0.json'), 'utf8')) as object);
}
