import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's Chromium, driven by playwright-core: no browser download, ever. */
export const CHROMIUM_PATH = process.env.COVMAP_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
const REQUIRED = process.env.COVMAP_REQUIRE_SHARED === '1' || process.env.COVMAP_REQUIRE_BROWSER === '1';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (removed on close) and a 1280x800 window. */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'covmap-chromium-'));
  const removeProfile = () => rm(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
  } catch (error) {
    await removeProfile(); // a browser that did not start must not leave its profile behind
    throw error;
  }
  return {
    context,
    close: async () => {
      try {
        await context.close();
      } finally {
        await removeProfile();
      }
    },
  };
}

/** Browser tests skip with a message where Chromium is missing, and fail in CI, which installs it. */
export function describeBrowser(name: string, body: () => void): void {
  if (HAS_CHROMIUM) describe(name, body);
  else if (REQUIRED) {
    describe(name, () => {
      throw new Error(`${CHROMIUM_PATH} is missing; install Debian's chromium (apt-get install chromium) to run the browser tests`);
    });
  } else {
    console.warn(`skipping "${name}": ${CHROMIUM_PATH} not found (apt-get install chromium)`);
    describe.skip(name, body);
  }
}
