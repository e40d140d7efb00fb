import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { describeBrowser, launchChromium } from './chromium.js';
import { loadCatalogForTests } from './fixture-gap-report.js';
import { CLI, runCli, writeFixtureReport } from './web-test-report.js';

/** Starts `covmap view` and resolves with its URL once it prints it. */
function startView(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'view', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`covmap view exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** A raw request, so the Host header can be forged (fetch does not allow that). */
function get(url: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describeBrowser('covmap view', () => {
  let dir: string;
  let json: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covmap-view-'));
    ({ json } = await writeFixtureReport('web-two-providers', dir));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the report on 127.0.0.1 only, with a CSP, and Chromium draws it', async () => {
    const { child, url } = await startView([json]);
    try {
      const page = await get(url);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-.*frame-ancestors 'none'$/);
      expect(page.body).toContain('id="covmap-data"');
      expect((await get(`${url}nope`)).status).toBe(404);
      // DNS rebinding: a request naming another host is refused.
      expect((await get(url, 'evil.example:80')).status).toBe(421);

      const browser = await launchChromium();
      try {
        const tab = await browser.context.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        await tab.goto(url);
        await tab.waitForSelector('html[data-covmap-ready]');
        const index = new CatalogIndex(loadCatalogForTests());
        expect(await tab.locator('[data-technique-id]').count()).toBe(index.activeTechniques().length);
        await tab.click('[data-technique-id="T1486"]');
        expect(await tab.getByTestId('technique-panel').getAttribute('data-technique')).toBe('T1486');
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('without a report serves an empty page that takes one from the file picker', async () => {
    const { child, url } = await startView([]);
    try {
      const browser = await launchChromium();
      try {
        const tab = await browser.context.newPage();
        await tab.goto(url);
        expect(await tab.locator('.empty').isVisible()).toBe(true);
        await tab.setInputFiles('#report-file', json);
        await tab.waitForSelector('html[data-covmap-ready]');
        expect(await tab.locator('[data-technique-id]').count()).toBeGreaterThan(600);
      } finally {
        await browser.close();
      }
    } finally {
      await stop(child);
    }
  });

  it('refuses a port in use and a bad port with one line', async () => {
    const { child, url } = await startView([json]);
    try {
      const port = new URL(url).port;
      const busy = runCli(['view', json, '--port', port]);
      expect(busy.status).toBe(2);
      expect(busy.stderr).toBe(`covmap: port ${port} on 127.0.0.1 is already in use; pick another with --port or omit it for a free one\n`);
      const bad = runCli(['view', '--port', 'http']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe('covmap: --port must be a number from 0 to 65535, got "http"\n');
    } finally {
      await stop(child);
    }
  });
});
