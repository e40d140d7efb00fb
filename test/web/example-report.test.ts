import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-dir.js';
import { describeBrowser, launchChromium, type Chromium } from './chromium.js';
import { ARTIFACTS, runCli } from './web-test-report.js';

// The project's own example (rules/ against the example MDR contract, a business-hours SOC),
// computed by `covmap report` through the gaps command's own code path. Its screenshot is the one in the
// README: COVMAP_UPDATE_SCREENSHOT=1 copies it to docs/screenshot-example.png.
const EXAMPLE = ['rules', '--scope', 'data/scopes/example-mdr.yaml', '--soc-hours', 'Mon-Fri 08:00-18:00 Europe/Amsterdam'];

describeBrowser('the example HTML report', () => {
  let dir: string;
  let browser: Chromium;
  let html: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covmap-example-'));
    html = join(dir, 'example.html');
    const report = runCli(['report', ...EXAMPLE, '--html', html]);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^covmap report: wrote .*example\.html \(\d+ KiB, 691 techniques, 2 sources\)\n$/);

    // The same report as `covmap gaps --format json` drawn with --from-json: one code path.
    const json = join(dir, 'example-gaps.json');
    expect(runCli(['gaps', ...EXAMPLE, '--format', 'json', '--output', json]).status).toBeLessThanOrEqual(1);
    const fromJson = join(dir, 'from-json.html');
    expect(runCli(['report', '--from-json', json, '--html', fromJson]).status).toBe(0);
    const data = (text: string) => text.slice(text.indexOf('>', text.indexOf('id="covmap-data"')) + 1, text.indexOf('</script>', text.indexOf('id="covmap-data"')));
    expect(data(await readFile(fromJson, 'utf8'))).toBe(data(await readFile(html, 'utf8')));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws the full enterprise matrix and the details of PowerShell', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('html[data-covmap-ready]');
    expect(await page.locator('[data-technique-id]').count()).toBe(691);
    const states = await page.$$eval('[data-technique-id]', (c) => new Set(c.map((e) => e.getAttribute('data-state'))).size);
    expect(states).toBe(4);
    await page.click('[data-technique-id="T1059"] ~ button.toggle');
    await page.click('[data-technique-id="T1059.001"]');
    const panel = page.getByTestId('technique-panel');
    expect(await panel.getAttribute('data-technique')).toBe('T1059.001');
    expect(await panel.locator('[data-source="inhouse"] .rule-title').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    const shot = join(ARTIFACTS, 'example-report.png');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: shot });
    if (process.env.COVMAP_UPDATE_SCREENSHOT === '1') await copyFile(shot, resolve(PROJECT_ROOT, 'docs/screenshot-example.png'));
    await page.close();
  });
});
