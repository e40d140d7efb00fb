import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { describeBrowser, launchChromium, type Chromium } from './chromium.js';
import { loadCatalogForTests } from './fixture-gap-report.js';
import { ARTIFACTS, writeFixtureReport } from './web-test-report.js';

const index = new CatalogIndex(loadCatalogForTests());

describeBrowser('the HTML report in Chromium', () => {
  let dir: string;
  let browser: Chromium;
  let hostile: { report: GapReport; json: string; html: string };
  let two: { report: GapReport; json: string; html: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covmap-web-'));
    await mkdir(ARTIFACTS, { recursive: true });
    hostile = await writeFixtureReport('web-hostile-inputs', dir);
    two = await writeFixtureReport('web-two-providers', dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens a report from file:// and records anything a script or the network could do. */
  async function open(html: string, hash = '') {
    const page = await browser.context.newPage();
    const events = { dialogs: [] as string[], errors: [] as string[], requests: [] as string[] };
    page.on('dialog', (d) => {
      events.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') events.errors.push(m.text());
    });
    page.on('pageerror', (e) => events.errors.push(e.message));
    page.on('request', (r) => events.requests.push(r.url()));
    await page.goto(`${pathToFileURL(html).href}${hash}`);
    await page.waitForSelector('html[data-covmap-ready]');
    return { page, events };
  }

  const visibleIds = (page: Page) =>
    page.$$eval('[data-technique-id]', (cells) => cells.filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => c.getAttribute('data-technique-id')!));

  it('draws one cell per active technique of the domain and platform filter, with its state', async () => {
    const { page, events } = await open(hostile.html);
    const expected = index.activeTechniques({ platforms: ['Windows', 'Linux'] }).map((t) => t.id);
    const cells = await page.$$eval('[data-technique-id]', (els) => els.map((e) => [e.getAttribute('data-technique-id')!, e.getAttribute('data-state')!]));
    expect(cells.map(([id]) => id).sort()).toEqual(expected);
    expect(new Set(cells.map(([id]) => id)).size).toBe(expected.length);
    const states = new Map(hostile.report.techniques.map((t) => [t.id, t.state]));
    for (const [id, state] of cells) expect(state).toBe(states.get(id));
    // Collapsed sub-techniques stay in the DOM but are hidden.
    expect((await visibleIds(page)).every((id) => !id.includes('.'))).toBe(true);
    // Columns in matrix order (empty ones, like Reconnaissance for Windows+Linux, give way).
    const columns = await page.$$eval('section.column:not([hidden])', (s) => s.map((e) => e.getAttribute('data-tactic')));
    const order = loadCatalogForTests().tactics.map((t) => t.shortname);
    expect(columns).toEqual(order.filter((t) => columns.includes(t)));
    expect(columns).toContain('execution');
    expect(events.requests.every((u) => u.startsWith('file://'))).toBe(true);
    expect(events.errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-hostile-titles.png') });
    await page.close();
  });

  it('renders hostile titles, names and comments as text: no script runs', async () => {
    const { page, events } = await open(hostile.html);
    await page.click('[data-technique-id="T1059"] ~ button.toggle');
    await page.click('[data-technique-id="T1059.001"]');
    const panel = page.getByTestId('technique-panel');
    await panel.waitFor();
    const titles = await panel.locator('.rule-title').allTextContents();
    expect(titles).toContain('<img src=x onerror=alert(1)>');
    expect(titles).toContain('Encoded </script><script>alert(2)</script> PowerShell');
    const provider = 'Acme <b>MDR</b> </script><script>alert(4)</script>';
    expect(await panel.locator('h3').allTextContents()).toContain(`Provider: ${provider}`);
    expect(await page.locator('#target option').first().textContent()).toBe(provider);

    expect(await panel.locator('[data-source="acme-mdr"] .evidence li').textContent()).toBe('<iframe src="javascript:alert(7)"></iframe>');
    await page.click('[data-technique-id="T1027"]');
    expect(await panel.locator('.rule-title').allTextContents()).toContain('Line\u2028separator and paragraph\u2029separator in a title');
    // The rule tagged with the revoked T1060 counts under T1547.001, with the scan's warning.
    await page.click('[data-technique-id="T1547"] ~ button.toggle');
    await page.click('[data-technique-id="T1547.001"]');
    expect(await panel.locator('.diagnostics li').evaluateAll((l) => l.map((e) => e.getAttribute('data-code')))).toContain('ATTACK_TAG_REVOKED');

    // Nothing ran: no dialog, no flag, no injected element, no CSP violation or error.
    expect(events.dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __covmapXss?: unknown }).__covmapXss)).toBeUndefined();
    expect(await page.locator('img[src="x"], b, svg[onload], iframe').count()).toBe(0);
    expect(await page.$$eval('script', (s) => s.length)).toBe(2);
    expect(events.errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-hostile-panel.png') });
    await page.close();
  });

  it('opens the details of a technique: rules, provider entries, hours, users and the ATT&CK link', async () => {
    const { page } = await open(hostile.html);
    await page.click('[data-technique-id="T1003"] ~ button.toggle');
    await page.click('[data-technique-id="T1003.001"]');
    const panel = page.getByTestId('technique-panel');
    expect(await panel.getAttribute('data-technique')).toBe('T1003.001');
    expect(await panel.locator('#panel-title').textContent()).toBe('T1003.001 LSASS Memory');
    expect(await panel.locator('a.attack-link').getAttribute('href')).toBe('https://attack.mitre.org/techniques/T1003/001/');
    const rules = panel.getByTestId('rules-inhouse');
    expect(await rules.locator('tbody tr td').allTextContents()).toEqual([
      'LSASS memory read by an unsigned process',
      'critical',
      'stable',
      'test/fixtures/web-hostile-inputs/rules/windows/lsass_access.yml:1',
    ]);
    const entries = await panel.locator('[data-source="acme-mdr"] table.entries tbody tr').allTextContents();
    expect(entries).toEqual(['detectsignificantedr—', 'respondpartial—isolate']);
    expect(await panel.getByTestId('panel-state').textContent()).toContain('Both');
    expect(await panel.textContent()).toContain('Watched 24x7');
    // Groups and software by name, from the report's matrix section.
    const users = index.usersOf('T1003.001');
    const heading = await panel.getByTestId('panel-users').locator('h3').textContent();
    const groups = users.filter((u) => u.startsWith('G')).length;
    expect(heading).toBe(`Used by ${groups} groups and ${users.length - groups} software`);
    const apt29 = index.actor('G0016')!.record;
    if (users.includes('G0016')) expect(await panel.getByTestId('panel-users').textContent()).toContain(`${apt29.name} (G0016)`);
    await page.close();
  });

  it('is usable from the keyboard: Tab through cells, Enter for details, Escape back', async () => {
    const { page } = await open(hostile.html);
    const first = page.locator('section.column:not([hidden]) .cell').first();
    await first.focus();
    const firstId = await first.getAttribute('data-technique-id');
    await page.keyboard.press('Tab'); // the toggle of a parent with sub-techniques, or the next cell
    let focused = await page.evaluate(() => document.activeElement?.className);
    if (focused === 'toggle') {
      await page.keyboard.press('Enter'); // expands
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.className);
    }
    expect(focused).toContain('cell');
    const id = await page.evaluate(() => document.activeElement!.getAttribute('data-technique-id') ?? document.activeElement!.getAttribute('data-technique-ref'));
    expect(id).not.toBe(firstId);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('technique-panel').getAttribute('data-technique')).toBe(id);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('technique-panel');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('technique-panel').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cell'))).toBe(true);
    // Arrow keys move within a column and across columns; + expands a parent.
    await page.locator('[data-technique-id="T1059"]').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowDown');
    const below = await page.evaluate(() => document.activeElement!.getAttribute('data-technique-id'));
    expect(below).toMatch(/^T1059\.\d{3}$/);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement!.closest('section')!.getAttribute('data-tactic'))).toBe('persistence');
    await page.close();
  });

  /** Pixels of the accent blue (the focus ring's colour) in a PNG, counted by the browser's own decoder. */
  async function accentPixels(png: Buffer): Promise<number> {
    const page = await browser.context.newPage();
    const n = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, img.width, img.height).data;
      let count = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 0x00) < 30 && Math.abs(d[i + 1]! - 0x72) < 30 && Math.abs(d[i + 2]! - 0xb2) < 30) count++;
      return count;
    }, png.toString('base64'));
    await page.close();
    return n;
  }

  it('shows where the keyboard focus is: a ring drawn inside the focused cell, not clipped away', async () => {
    const { page } = await open(hostile.html);
    const cell = page.locator('section.column:not([hidden]) .cell[data-state="neither"]').first();
    const box = (await cell.boundingBox())!;
    const clip = { x: box.x, y: box.y, width: box.width, height: box.height };
    const before = await accentPixels(await page.screenshot({ clip }));
    await cell.focus();
    await page.keyboard.press('Shift+Tab'); // keyboard navigation, so :focus-visible applies
    await page.keyboard.press('Tab');
    expect(await cell.evaluate((e) => e === document.activeElement && e.matches(':focus-visible'))).toBe(true);
    const after = await accentPixels(await page.screenshot({ clip }));
    await page.screenshot({ path: join(ARTIFACTS, 'report-keyboard-focus.png') });
    expect(before).toBeLessThan(20);
    // A 3-pixel ring along the whole edge: at least two pixels deep all round the cell.
    expect(after).toBeGreaterThan(2 * 2 * (box.width + box.height));
    await page.close();
  });

  it('a collapsed parent says how many of its sub-techniques are covered', async () => {
    const { page } = await open(two.html);
    const subs = (id: string) => two.report.techniques.filter((t) => t.parent === id);
    const parents = [...new Set(two.report.techniques.filter((t) => t.parent).map((t) => t.parent!))];
    let checked = 0;
    for (const id of parents) {
      const covered = subs(id).filter((t) => t.state !== 'neither').length;
      const toggle = page.locator(`[data-technique-id="${id}"] ~ button.toggle`);
      expect(await toggle.getAttribute('data-covered-subs'), id).toBe(String(covered));
      if (covered > 0) {
        expect(await toggle.textContent()).toBe(`+${subs(id).length}${covered}✓`);
        expect(await toggle.getAttribute('aria-label')).toContain(`${covered} of them covered`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    // In the provider mode the count is of sub-techniques the provider covers.
    await page.selectOption('#mode', 'provider');
    await page.selectOption('#target', 'acme-mdr');
    const byAcme = subs('T1078').filter((t) => t.sources['acme-mdr']?.covered).length;
    expect(await page.getAttribute('[data-technique-id="T1078"] ~ button.toggle', 'data-covered-subs')).toBe(String(byAcme));
    expect(await page.textContent('#legend .legend-note')).toContain('n✓');
    await page.close();
  });

  it('filters: platform, tactic, search, source, profile, rule status; expand and collapse all', async () => {
    const { page } = await open(hostile.html);
    const shown = () => page.$eval('[data-stat="universe"] strong', (e) => Number(e.textContent));
    expect(await shown()).toBe(hostile.report.techniques.length);

    // Platform: untick Windows; what is left is the Linux techniques, and nothing Windows-only shows.
    await page.click('#filter-platforms summary');
    await page.click('#filter-platforms input[value="Windows"]');
    const linux = index.activeTechniques({ platforms: ['Linux'] });
    expect(await shown()).toBe(linux.length);
    const visible = new Set(await visibleIds(page));
    const linuxIds = new Set(linux.map((t) => t.id));
    for (const id of visible) expect(linuxIds.has(id) || linux.some((t) => t.parent === id)).toBe(true);
    expect(visible.has('T1547')).toBe(linuxIds.has('T1547'));
    expect(visible.has('T1112')).toBe(false); // Modify Registry: Windows only
    await page.click('#filter-platforms button:has-text("All")');
    await page.click('#filter-platforms summary');
    expect(await shown()).toBe(hostile.report.techniques.length);

    // Search by ID reveals matching sub-techniques even when their parent is collapsed.
    await page.fill('#search', 'T1059.00');
    const universe = new Set(hostile.report.techniques.map((t) => t.id));
    const t1059 = index.subtechniques('T1059').map((t) => t.id).filter((id) => id.startsWith('T1059.00') && universe.has(id));
    expect((await visibleIds(page)).sort()).toEqual(['T1059', ...t1059].sort());
    await page.fill('#search', 'lsass');
    expect((await visibleIds(page)).sort()).toEqual(['T1003', 'T1003.001', 'T1547', 'T1547.008']); // LSASS Memory, LSASS Driver
    expect(await page.locator('[data-technique-id="T1003"]').evaluate((e) => e.classList.contains('context'))).toBe(true);
    await page.fill('#search', '');

    // Tactic filter hides columns.
    await page.click('#filter-tactics summary');
    await page.click('#filter-tactics button:has-text("None")');
    await page.click('#filter-tactics input[value="impact"]');
    await page.click('#filter-tactics summary');
    expect(await page.$$eval('section.column:not([hidden])', (s) => s.map((e) => e.getAttribute('data-tactic')))).toEqual(['impact']);
    await page.click('#reset-filters');

    // Source: only what the provider does not cover.
    await page.selectOption('#filter-source', '-acme-mdr');
    const uncovered = hostile.report.techniques.filter((t) => !t.sources['acme-mdr']!.covered).length;
    expect(await shown()).toBe(uncovered);
    await page.selectOption('#filter-source', '');

    // Threat profile: the report's, then a group by alias.
    await page.fill('#filter-profile', 'Report profile: APT29');
    await page.press('#filter-profile', 'Enter');
    await page.locator('#filter-profile').blur();
    expect(await shown()).toBe(hostile.report.profile!.summary.universe);
    await page.fill('#filter-profile', 'FIN7');
    await page.locator('#filter-profile').blur();
    const fin7 = index.findActors('FIN7').find((a) => a.kind === 'group')!;
    expect(await shown()).toBe(index.profileTechniques([fin7.id]).filter((id) => universe.has(id)).length);
    await page.fill('#filter-profile', '');
    await page.locator('#filter-profile').blur();

    // Rule status: without stable rules, LSASS is covered by the provider only.
    expect(await page.getAttribute('[data-technique-id="T1003.001"]', 'data-state')).toBe('both');
    await page.click('#filter-status summary');
    await page.click('#filter-status input[value="stable"]');
    await page.click('#filter-status summary');
    expect(await page.getAttribute('[data-technique-id="T1003.001"]', 'data-state')).toBe('provider-only');
    expect(await page.locator('.stat-note').count()).toBe(1);
    await page.click('#reset-filters');
    expect(await page.getAttribute('[data-technique-id="T1003.001"]', 'data-state')).toBe('both');

    // Expand all: every sub-technique cell shows; collapse all hides them again.
    await page.click('#expand-all');
    const subs = await page.$$eval('.cell.sub', (c) => c.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    expect(subs).toBe(await page.locator('.cell.sub').count());
    await page.screenshot({ path: join(ARTIFACTS, 'report-expanded.png') });
    await page.click('#collapse-all');
    expect(await page.$$eval('.cell.sub', (c) => c.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(0);
    // Every change was measured.
    expect(await page.evaluate(() => performance.getEntriesByName('covmap:filter').length)).toBeGreaterThan(10);
    expect(await page.evaluate(() => performance.getEntriesByName('covmap:first-render').length)).toBe(1);
    await page.close();
  });

  it('has a legend with markers for every colour mode, and per-provider comparison', async () => {
    const { page } = await open(two.html);
    const legend = () => page.$$eval('#legend .legend-entry', (e) => e.map((x) => x.textContent));
    expect(await legend()).toEqual(['I+PBoth: in-house and provider', 'IIn-house only', 'PProvider only', '—Neither (gap)']);
    // Union of providers, then one provider.
    expect(await page.getAttribute('[data-technique-id="T1078.004"]', 'data-state')).toBe('both');
    await page.selectOption('#target', 'acme-mdr');
    expect(await page.getAttribute('[data-technique-id="T1078.004"]', 'data-state')).toBe('inhouse-only');
    await page.selectOption('#target', '*');

    await page.click('[data-technique-id="T1059"] ~ button.toggle');
    await page.selectOption('#mode', 'inhouse');
    expect(await page.locator('#legend .gradient-bar').count()).toBe(1);
    expect(await page.locator('[data-technique-id="T1059.001"] .marker').textContent()).toBe('1');
    await page.selectOption('#mode', 'provider');
    expect((await legend()).map((t) => t![0])).toEqual(['S', 'P', 'M', '✓', 'P', 'R', '✕', '—']);
    expect(await page.locator('[data-technique-id="T1059.001"] .marker').textContent()).toBe('S');
    await page.selectOption('#mode', 'hours');
    expect(await page.locator('[data-technique-id="T1486"] .marker').textContent()).toBe('24/7');
    expect(await page.locator('[data-technique-id="T1059.001"] .marker').textContent()).toBe('24/7');
    expect(await page.locator('[data-technique-id="T1001"] .marker').textContent()).toBe('0h');
    await page.selectOption('#target', 'cloudwatch-mssp');
    expect(await page.locator('[data-technique-id="T1530"] .marker').textContent()).toBe('50h');
    await page.screenshot({ path: join(ARTIFACTS, 'report-hours-mode.png') });
    await page.close();
  });

  it('exports the current view as SVG, PNG and a Navigator layer', async () => {
    const { page } = await open(two.html);
    await page.fill('#search', 'T1059');
    const save = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      return { name: download.suggestedFilename(), data: await readFile(path) };
    };
    const svg = await save('#export-svg');
    expect(svg.name).toBe('covmap-enterprise-attack-18.1-comparison.svg');
    const text = svg.data.toString('utf8');
    expect(text.startsWith('<svg')).toBe(true);
    const drawn = [...text.matchAll(/<g class="cell" data-technique-id="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(drawn).toEqual((await visibleIds(page)).sort());
    expect(text).toContain('Both: in-house and provider');

    const png = await save('#export-png');
    expect(png.name.endsWith('.png')).toBe(true);
    expect(png.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.data.length).toBeGreaterThan(2000);

    const layer = await save('#export-layer');
    const parsed = JSON.parse(layer.data.toString('utf8'));
    expect(parsed.versions).toMatchObject({ layer: '4.5', attack: '18.1' });
    expect(parsed.domain).toBe('enterprise-attack');
    const enabled = new Set(parsed.techniques.filter((t: { enabled: boolean }) => t.enabled).map((t: { techniqueID: string }) => t.techniqueID));
    expect([...enabled].sort()).toEqual([...new Set(await visibleIds(page))].sort());
    expect(parsed.hideDisabled).toBe(true);
    const ps = parsed.techniques.find((t: { techniqueID: string }) => t.techniqueID === 'T1059.001');
    expect(ps).toMatchObject({ tactic: 'execution', score: 3, color: '#009E73', enabled: true });
    expect(parsed.legendItems).toHaveLength(4);
    await page.close();
  });

  it('keeps its layout at 1280x800, with the panel open', async () => {
    const { page } = await open(two.html, '#expand=all');
    await page.click('[data-technique-id="T1078"]');
    const box = await page.evaluate(() => {
      const r = (s: string) => document.querySelector(s)!.getBoundingClientRect();
      return {
        scrollW: document.documentElement.scrollWidth,
        scrollH: document.documentElement.scrollHeight,
        matrix: r('.matrix-scroll'),
        panel: r('[data-testid="technique-panel"]'),
        toolbar: r('#toolbar'),
      };
    });
    expect(box.scrollW).toBeLessThanOrEqual(1280);
    expect(box.scrollH).toBeLessThanOrEqual(800);
    expect(box.panel.right).toBeLessThanOrEqual(1280);
    expect(box.matrix.right).toBeLessThanOrEqual(box.panel.left + 1);
    expect(box.matrix.width).toBeGreaterThan(600);
    expect(box.matrix.height).toBeGreaterThan(450);
    expect(box.toolbar.bottom).toBeLessThan(box.matrix.top);
    await page.screenshot({ path: join(ARTIFACTS, 'report-1280x800-panel.png') });
    await page.close();
  });

  it('opens another report from the file picker and by drag and drop', async () => {
    const { page } = await open(hostile.html);
    await page.setInputFiles('#report-file', two.json);
    await page.waitForFunction(() => document.querySelectorAll('#target option').length === 3);
    expect(await page.locator('[data-technique-id]').count()).toBe(index.activeTechniques().length);
    expect(await page.locator('#status').textContent()).toContain('web-two-providers.json');

    const text = await readFile(hostile.json, 'utf8');
    await page.evaluate((json) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
      for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('dropped.json'));
    expect(await page.locator('[data-technique-id]').count()).toBe(index.activeTechniques({ platforms: ['Windows', 'Linux'] }).length);

    // A file that is not a gap report: one clear message, the current view stays.
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['{"schema":"covmap/scan@1"}'], 'scan.json'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('#status')?.classList.contains('error'));
    expect(await page.locator('#status').textContent()).toMatch(/^scan\.json: not a covmap gaps report/);
    expect(await page.locator('[data-technique-id]').count()).toBe(index.activeTechniques({ platforms: ['Windows', 'Linux'] }).length);
    await page.close();
  });
});
