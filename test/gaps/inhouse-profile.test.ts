import { describe, expect, it } from 'vitest';
import { parseInhouseProfile } from '../../core/gaps/inhouse-profile.js';
import { parseYamlWithPositions } from '../../core/scope/parse-yaml-with-positions.js';
import { index, YEAR } from '../scope/scope-test-helpers.js';

describe('parseInhouseProfile', () => {
  it('normalises hours, platforms and logsources', () => {
    const { profile, diagnostics } = parseInhouseProfile(
      { hours: 'Mon-Fri 08:00-18:00 Europe/Amsterdam', platforms: ['windows', 'LINUX', 'Windows'], logsources: [{ product: 'windows' }] },
      { index, year: YEAR },
    );
    expect(diagnostics).toEqual([]);
    expect(profile.platforms).toEqual(['Linux', 'Windows']);
    expect(profile.hours).toMatchObject({ schedule: 'Mon-Fri 08:00-18:00 Europe/Amsterdam', hoursPerWeek: 45, declared: true });
    expect(profile.logsources).toEqual([{ product: 'windows' }]);
  });

  it('defaults to 24x7, not declared, when empty', () => {
    const { profile, diagnostics } = parseInhouseProfile(undefined, { index, year: YEAR });
    expect(diagnostics).toEqual([]);
    expect(profile).toMatchObject({ platforms: [], logsources: [], hours: { always: true, declared: false } });
  });

  it('reports errors at their line inside a larger file (the inhouse section of .covmap.yml)', () => {
    const text = ['rules: [rules]', 'inhouse:', '  hours: Mon-Fri 08:00-18:00 Nowhere/City', '  platforms: [Windows, Amiga]', '  logsource: []', ''].join('\n');
    const doc = parseYamlWithPositions(text);
    const section = (doc.value as { inhouse: unknown }).inhouse;
    const { diagnostics } = parseInhouseProfile(section, { index, year: YEAR, file: '.covmap.yml', locate: doc.locate, base: ['inhouse'] });
    expect(diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.column}`)).toEqual(['SCOPE_UNKNOWN_FIELD@.covmap.yml:5:3']);
    const { logsource: _dropped, ...rest } = section as Record<string, unknown>;
    const fixed = parseInhouseProfile(rest, { index, year: YEAR, file: '.covmap.yml', locate: doc.locate, base: ['inhouse'] });
    expect(fixed.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`).sort()).toEqual(['SCOPE_INVALID_HOURS@3:10', 'SCOPE_UNKNOWN_PLATFORM@4:24']);
  });

  it('flag input has no position', () => {
    const { diagnostics } = parseInhouseProfile({ hours: 'whenever' }, { index, year: YEAR });
    expect(diagnostics.map((d) => [d.code, d.line, d.data?.reason])).toEqual([['SCOPE_INVALID_HOURS', undefined, 'missing-zone']]);
  });
});
