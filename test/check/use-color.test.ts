import { describe, expect, it } from 'vitest';
import { useColor } from '../../core/render/use-color.js';

describe('useColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('colors a terminal', () => expect(useColor(tty, {})).toBe(true));
  it('never colors a pipe or a file', () => {
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
  it('never colors with NO_COLOR set to anything non-empty', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });
  it('ignores an empty NO_COLOR, as no-color.org says', () => expect(useColor(tty, { NO_COLOR: '' })).toBe(true));
  it('does not color a dumb terminal', () => expect(useColor(tty, { TERM: 'dumb' })).toBe(false));
  it('FORCE_COLOR colors a pipe, FORCE_COLOR=0 does not', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '0' })).toBe(false);
  });
});
