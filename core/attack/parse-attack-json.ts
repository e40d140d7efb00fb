import { lineStarts, positionAt } from '../scope/source-position.js';
import { AttackDataError } from './attack-data-error.js';

/**
 * JSON.parse with errors a user can act on: an empty file, a truncated one (an interrupted
 * download is the usual cause) and plain bad JSON are told apart, with line and column.
 */
export function parseAttackJson(text: string): unknown {
  // A UTF-8 byte-order mark is legal in files saved by some editors; JSON.parse rejects it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new AttackDataError('ATTACK_BUNDLE_EMPTY');
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(reason);
    const end = body.trimEnd().length;
    if (/end of JSON input|Unterminated/i.test(reason) || (match && Number(match[1]) >= end)) {
      throw new AttackDataError('ATTACK_BUNDLE_TRUNCATED', { ...positionAt(lineStarts(body), Math.min(match ? Number(match[1]) : end, body.length)) });
    }
    // V8 gives a position for most errors ("... in JSON at position 7"); for an unexpected token it
    // quotes the surrounding text instead, which then stays in the reason.
    const location = match ? positionAt(lineStarts(body), Number(match[1])) : {};
    const gist = reason.replace(/ at position \d+/, '').replace(/\s+/g, ' ');
    throw new AttackDataError('ATTACK_BUNDLE_NOT_JSON', { ...location, reason: gist.length > 120 ? `${gist.slice(0, 117)}...` : gist });
  }
}
