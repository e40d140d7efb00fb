import { test } from 'vitest';
import { writeScenarioReport } from '/work/main/test/web/web-test-report.js';
import { launchChromium } from '/work/main/test/web/chromium.js';
test('try', async () => {
  const { html } = await writeScenarioReport('web-two-providers', '/tmp/webtry/out');
  const c = await launchChromium();
  const page = await c.context.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  for (let i = 0; i < 4; i++) {
    await page.goto('file://' + html + '#expand=all');
    await page.waitForSelector('html[data-covmap-ready]');
    await page.evaluate(() => (document.querySelector('#search') as HTMLInputElement).focus());
    await page.keyboard.type('T10');
    await page.click('#filter-platforms summary');
    await page.click('#filter-platforms input[value="Windows"]');
    console.log(await page.evaluate(() => [document.querySelectorAll('[data-technique-id]').length, document.querySelectorAll('.cell').length, JSON.stringify(performance.getEntriesByType('measure').map(m => [m.name, Math.round(m.duration*10)/10]))]));
  }
  await page.screenshot({ path: '/tmp/webtry/three.png' });
  await c.close();
}, 60000);
