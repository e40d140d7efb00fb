import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeShared, PROJECT_ROOT, sharedPath } from '../helpers/shared-dir.js';
import { removeTempDirs, runCovmap, tempDir } from './covmap-process.js';

afterAll(removeTempDirs);

/** The attack-stix-data layout (`<domain>/<domain>-<version>.json`, `<domain>/<domain>.json`) over ../shared, plus broken routes. */
function serveReleases(): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const routes: Record<string, string> = {
    '/ics-attack/ics-attack-18.1.json': sharedPath('attack/ics-attack-18.1.json'),
    '/ics-attack/ics-attack.json': sharedPath('attack/ics-attack-18.1.json'),
    '/mobile-attack/mobile-attack-18.1.json': sharedPath('attack/mobile-attack-18.1.json'),
    // Misfiled releases: what a wrong mirror would serve.
    '/mobile-attack/mobile-attack-17.1.json': sharedPath('attack/ics-attack-18.1.json'),
    '/ics-attack/ics-attack-17.1.json': sharedPath('attack/ics-attack-18.1.json'),
  };
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const full = () => readFileSync(sharedPath('attack/ics-attack-18.1.json'));
    if (req.url === '/ics-attack/ics-attack-18.0.json') {
      // A complete HTTP response whose JSON stops half-way (a mirror that stored a partial file).
      const body = full().subarray(0, 100_000);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    if (req.url === '/ics-attack/ics-attack-17.0.json') {
      // The connection drops mid-transfer: more bytes promised than sent.
      const body = full();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.subarray(0, 100_000), () => res.socket?.destroy());
      return;
    }
    const file = routes[req.url ?? ''];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404: Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(statSync(file).size) });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

/** A port nothing listens on: bind, note it, close. */
function closedPort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

const cacheEntries = (cache: string) => (existsSync(join(cache, 'attack')) ? readdirSync(join(cache, 'attack')).sort() : []);

describeShared('covmap attack update against a real HTTP server on 127.0.0.1', () => {
  let http: Awaited<ReturnType<typeof serveReleases>>;
  beforeAll(async () => {
    http = await serveReleases();
  });
  afterAll(() => new Promise<void>((ok) => http.server.close(() => ok())));

  it('downloads a release by the attack-stix-data URL convention and imports it', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '18.1', '--base-url', `${http.base}/`], { COVMAP_CACHE_DIR: cache });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(http.requests).toContain('/ics-attack/ics-attack-18.1.json');
    // The same bytes as the embedded catalog built from the same bundle.
    expect(readFileSync(join(cache, 'attack', 'ics-attack-18.1.json'), 'utf8')).toBe(
      readFileSync(resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json'), 'utf8'),
    );
    expect(r.stdout).toContain(`imported ${join(cache, 'attack', 'ics-attack-18.1.json')}: ics-attack 18.1`);
    const info = JSON.parse((await runCovmap(['attack', 'info', '--domain', 'ics', '--json'], { COVMAP_CACHE_DIR: cache })).stdout);
    expect(info.source).toBe('cache');
  });

  it('takes the base URL from COVMAP_ATTACK_BASE_URL, and the latest release without --version', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics-attack', '--json'], { COVMAP_CACHE_DIR: cache, COVMAP_ATTACK_BASE_URL: http.base });
    expect(r.code).toBe(0);
    expect(http.requests).toContain('/ics-attack/ics-attack.json');
    expect(JSON.parse(r.stdout)).toMatchObject({ domain: 'ics-attack', version: '18.1', from: `${http.base}/ics-attack/ics-attack.json` });
    expect(cacheEntries(cache)).toEqual(['ics-attack-18.1.json']);
  });

  it('an unknown release (HTTP 404) fails with the URL and leaves the cache untouched', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '99.9', '--base-url', http.base], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`covmap: ${http.base}/ics-attack/ics-attack-99.9.json: error ATTACK_DOWNLOAD_FAILED download failed: HTTP 404 Not Found (no such release: check --version and --domain, or --base-url); the cache is unchanged\n`);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('a partial bundle is reported as truncated, nothing cached', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '18.0', '--base-url', http.base], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^covmap: http:\/\/127\.0\.0\.1:\d+\/ics-attack\/ics-attack-18\.0\.json: error ATTACK_BUNDLE_TRUNCATED /);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('a connection lost mid-download is reported, nothing cached', async () => {
    const cache = tempDir();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '17.0', '--base-url', http.base], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^covmap: http:\/\/127\.0\.0\.1:\d+\/ics-attack\/ics-attack-17\.0\.json: error ATTACK_OFFLINE cannot reach the ATT&CK server \(connection lost after \d+ bytes/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('a server that returns another domain or release than asked is refused', async () => {
    const cache = tempDir();
    const domain = await runCovmap(['attack', 'update', '--domain', 'mobile', '--version', '17.1', '--base-url', http.base], { COVMAP_CACHE_DIR: cache });
    expect(domain.code).toBe(2);
    expect(domain.stderr).toMatch(/mobile-attack-17\.1\.json: error ATTACK_DOMAIN_MISMATCH holds ics-attack/);
    const version = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '17.1', '--base-url', http.base], { COVMAP_CACHE_DIR: cache });
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/ics-attack-17\.1\.json: error ATTACK_VERSION_MISMATCH holds ATT&CK 18\.1, but 17\.1 was asked for/);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('offline (connection refused): a clear message and the cache untouched', async () => {
    const cache = tempDir();
    mkdirSync(join(cache, 'attack'), { recursive: true });
    const existing = join(cache, 'attack', 'ics-attack-18.1.json');
    writeFileSync(existing, readFileSync(resolve(PROJECT_ROOT, 'data/attack/ics-attack-18.1.json')));
    const before = statSync(existing).mtimeMs;
    const port = await closedPort();
    const r = await runCovmap(['attack', 'update', '--domain', 'ics', '--version', '18.1', '--base-url', `http://127.0.0.1:${port}`], { COVMAP_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `covmap: http://127.0.0.1:${port}/ics-attack/ics-attack-18.1.json: error ATTACK_OFFLINE cannot reach the ATT&CK server (connection refused); offline? The cache is unchanged\n`,
    );
    expect(cacheEntries(cache)).toEqual(['ics-attack-18.1.json']);
    expect(statSync(existing).mtimeMs).toBe(before);
  });

  it('shows a progress bar on a terminal', async () => {
    // util-linux `script` gives the child a pseudo-terminal, as an interactive shell would.
    const cache = tempDir();
    const cmd = `node dist/bin/covmap.js attack update --domain ics --version 18.1 --base-url ${http.base}`;
    // Async so this process keeps serving HTTP while the child downloads.
    const r = await new Promise<{ status: number | null; output: string }>((ok) => {
      const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: PROJECT_ROOT, env: { ...process.env, COVMAP_CACHE_DIR: cache } });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (status) => ok({ status, output }));
    });
    expect(r.status).toBe(0);
    expect(r.output).toContain('downloading ATT&CK');
    expect(cacheEntries(cache)).toEqual(['ics-attack-18.1.json']);
  });

  it('rejects a malformed --version or --base-url before any download', async () => {
    const r = await runCovmap(['attack', 'update', '--version', 'latest', '--base-url', http.base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--version latest');
    const u = await runCovmap(['attack', 'update', '--base-url', 'ftp://example.org']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--base-url ftp://example.org');
  });
});

describe('covmap attack update without ../shared', () => {
  it('offline against a closed port fails cleanly', async () => {
    const port = await closedPort();
    const r = await runCovmap(['attack', 'update', '--base-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error ATTACK_OFFLINE .*connection refused/);
  });
});
