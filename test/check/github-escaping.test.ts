import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../core/findings/make-finding.js';
import { escapeCommandData, escapeCommandProperty, renderGithubAnnotations, workflowCommand } from '../../core/render/render-github.js';

describe('GitHub workflow command escaping', () => {
  it('encodes %, CR and LF in messages, and nothing else', () => {
    expect(escapeCommandData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  it('encodes % first, so an existing escape is not decoded by the runner', () => {
    expect(escapeCommandData('%0A')).toBe('%250A');
  });

  it('also encodes : and , in properties, which would end the property or the command', () => {
    expect(escapeCommandProperty('C:\\rules\\a,b.yml')).toBe('C%3A\\rules\\a%2Cb.yml');
    expect(escapeCommandProperty('50%\nx')).toBe('50%25%0Ax');
  });

  it('builds a command with properties in order and skips empty ones', () => {
    expect(workflowCommand('warning', { file: 'r.yml', line: 3, col: undefined, title: '' }, 'm')).toBe('::warning file=r.yml,line=3::m');
    expect(workflowCommand('notice', {}, 'plain')).toBe('::notice::plain');
  });

  it('annotates findings with file, line, column and the code as title', () => {
    const findings = [
      makeFinding('CONFIG_UNKNOWN_KEY', { file: 'dir, with comma/.covmap.yml', line: 2, column: 1 }, { key: 'atack', allowed: ['attack'], suggestion: 'attack' }),
      makeFinding('CHECK_COVERAGE_GAINED', { file: 'rules/a.yml', line: 9, column: 5 }, { technique: 'T1059.001', name: 'PowerShell', rules: ['rules/a.yml'] }),
      makeFinding('CHECK_THRESHOLD_COVERAGE', {}, { covered: 1, total: 3, percent: 33.3, required: 50, needed: 1 }),
    ];
    const lines = renderGithubAnnotations(findings).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=dir%2C with comma\/\.covmap\.yml,line=2,col=1,title=CONFIG_UNKNOWN_KEY%3A [^:,]+::unknown key/);
    // Errors first: GitHub keeps only the first annotations of each kind per step.
    // A finding without a place is still annotated (on the run), never dropped.
    expect(lines[1]).toMatch(/^::error title=CHECK_THRESHOLD_COVERAGE%3A [^:]+::coverage .*50%25/);
    expect(lines[2]).toMatch(/^::notice file=rules\/a\.yml,line=9,col=5,title=CHECK_COVERAGE_GAINED%3A /);
  });

  it('keeps one command per line whatever the message holds', () => {
    const f = makeFinding('CONFIG_YAML_INVALID', { file: 'x.yml', line: 1, column: 1 }, { reason: 'bad\nthing\r\n::error::injected' });
    const out = renderGithubAnnotations([f]);
    expect(out.split('\n')).toHaveLength(2);
    // Line breaks from the input are shown, not performed: no forged command can start a line.
    expect(out).toContain('bad\\nthing\\r\\n::error::injected');
    expect(out).not.toMatch(/%0A|%0D/);
  });

  it('never lets a control character of the input through: an ESC in a file name or message', () => {
    const f = makeFinding('CONFIG_YAML_INVALID', { file: 'rules/\u001b[2Jx.yml', line: 1, column: 1 }, { reason: 'red \u001b[31m text \u202e' });
    const out = renderGithubAnnotations([f]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('red \\x1b[31m text \\u202e');
  });
});
