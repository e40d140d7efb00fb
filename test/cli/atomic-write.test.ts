import { closeSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../cli/io/atomic-write.js';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'covmap-atomic-write-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates missing parent directories and leaves no temp file behind', () => {
    const path = join(tmp, 'new/deeper/out.json');
    writeFileAtomic(path, '{}\n');
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    writeFileAtomic(path, '[]\n');
    expect(readFileSync(path, 'utf8')).toBe('[]\n');
    expect(statSync(join(tmp, 'new/deeper')).isDirectory()).toBe(true);
    expect(readdirSync(join(tmp, 'new/deeper'))).toEqual(['out.json']);
  });

  it('keeps the permissions of the file it replaces', () => {
    const path = join(tmp, 'private.json');
    writeFileSync(path, 'old', { mode: 0o600 });
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes through a symbolic link (and a chain of them), keeping the links', () => {
    const real = join(tmp, 'real.json');
    writeFileSync(real, 'old');
    symlinkSync('real.json', join(tmp, 'link.json'));
    symlinkSync(join(tmp, 'link.json'), join(tmp, 'link2.json'));
    writeFileAtomic(join(tmp, 'link2.json'), 'new');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(lstatSync(join(tmp, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(tmp, 'link2.json'))).toBe(join(tmp, 'link.json'));
    // A link to a file that does not exist yet creates the file there.
    symlinkSync('later.json', join(tmp, 'dangling.json'));
    writeFileAtomic(join(tmp, 'dangling.json'), 'made');
    expect(readFileSync(join(tmp, 'later.json'), 'utf8')).toBe('made');
    expect(lstatSync(join(tmp, 'dangling.json')).isSymbolicLink()).toBe(true);
  });

  it('writes to a device directly instead of replacing it (through links, so a failure cannot touch /dev)', () => {
    symlinkSync('/dev/null', join(tmp, 'null.json'));
    writeFileAtomic(join(tmp, 'null.json'), 'discarded');
    expect(lstatSync(join(tmp, 'null.json')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    // /dev/full refuses every write: the error reaches the caller.
    symlinkSync('/dev/full', join(tmp, 'full.json'));
    expect(() => writeFileAtomic(join(tmp, 'full.json'), 'x')).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(lstatSync(join(tmp, 'full.json')).isSymbolicLink()).toBe(true);
  });

  it('writes a file with other hard links in place, so the links keep sharing it', () => {
    const first = join(tmp, 'hard-1.json');
    writeFileSync(first, 'old');
    linkSync(first, join(tmp, 'hard-2.json'));
    writeFileAtomic(first, 'new');
    expect(readFileSync(join(tmp, 'hard-2.json'), 'utf8')).toBe('new');
  });

  it('replaces a link in a directory of its own (a cache) instead of writing through it', () => {
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, join(tmp, 'cache-entry.json'));
    writeFileAtomic(join(tmp, 'cache-entry.json'), 'cache', { own: true });
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(lstatSync(join(tmp, 'cache-entry.json')).isFile()).toBe(true);
  });

  it('writes /dev/stdout in place, also when standard output is a file the rest of the output goes to', () => {
    const out = join(tmp, 'stdout.txt');
    const fd = openSync(out, 'w');
    const module = pathToFileURL(join(PROJECT_ROOT, 'dist/cli/io/atomic-write.js')).href;
    const script = `import('${module}').then((m) => { process.stdout.write('before\\n'); m.writeFileAtomic('/dev/stdout', 'layer\\n'); process.stdout.write('after\\n'); })`;
    try {
      const child = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 20_000 });
      expect(child.stderr).toBe('');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(out, 'utf8')).toBe('before\nlayer\nafter\n');
    // Through a pipe too.
    const piped = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect([piped.stdout, piped.stderr]).toEqual(['before\nlayer\nafter\n', '']);
  });

  it('refuses a path ending in a slash', () => {
    expect(() => writeFileAtomic(join(tmp, 'slash/out.json/'), 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });

  it('refuses a loop of symbolic links instead of replacing one of them', () => {
    symlinkSync('loop-b.json', join(tmp, 'loop-a.json'));
    symlinkSync('loop-a.json', join(tmp, 'loop-b.json'));
    expect(() => writeFileAtomic(join(tmp, 'loop-a.json'), 'x')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(lstatSync(join(tmp, 'loop-a.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(tmp, 'loop-b.json')).isSymbolicLink()).toBe(true);
  });

  it('refuses a directory and a path below a file, without hanging on /proc', () => {
    mkdirSync(join(tmp, 'dir'));
    expect(() => writeFileAtomic(join(tmp, 'dir'), 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    writeFileSync(join(tmp, 'file'), 'x');
    expect(() => writeFileAtomic(join(tmp, 'file/below/out.json'), 'x')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    // Node 20's recursive mkdir never returns for this path; in a child process with a time limit,
    // so that a regression fails this test instead of hanging the suite.
    const script = `import('${pathToFileURL(join(PROJECT_ROOT, 'dist/cli/io/atomic-write.js')).href}').then((m) => { try { m.writeFileAtomic('/proc/covmap-nope/x.json', 'x'); } catch (e) { console.log(e.code); } })`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe('ENOENT');
  });
});
