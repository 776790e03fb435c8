// Debian's chromium driven by playwright-core (no downloaded browser), with a fresh profile per launch.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterEach, expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page (a test expects none). */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH`);
  const profile = await mkdtemp(join(tmpdir(), 'modeler-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1600, height: 1000 },
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A failed test's last page, kept under test-results/modeler-e2e/ for whoever reads the failure. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = join(new URL('../../../test-results/modeler-e2e/', import.meta.url).pathname);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  process.stderr.write(`screenshot of the failed page: ${file}\n`);
}

/**
 * What every browser test does after each test: keep a screenshot of a failure, close the browser the
 * test opened, and fail on uncaught errors in the page.
 */
export function closeBrowserAfterEach(current: () => Browser | undefined): void {
  afterEach(async (context) => {
    const browser = current();
    if (!browser) return;
    if (context.task.result?.state === 'fail') await keepScreenshot(browser.page, context.task.name);
    const errors = [...browser.errors];
    await browser.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });
}
