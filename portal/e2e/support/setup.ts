// What every browser test file starts with: the server's URL, the contract check (fails naming
// what the server lacks), a fresh chromium.
import { inject } from 'vitest';
import { missingContractRoutes, TestApi } from './api';
import { type Browser, launchBrowser } from './browser';
import { Portal } from './ui';

export interface E2E {
  api: TestApi;
  browser: Browser;
  portal: Portal;
  base: string;
}

export async function openE2E(): Promise<E2E> {
  const base = inject('serverUrl');
  const missing = await missingContractRoutes(base);
  if (missing.length > 0) {
    throw new Error(
      `the server lacks ${missing.length} route(s) of server/TASKS-API.md that the portal needs: ${missing.join(', ')}`,
    );
  }
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  return { api: new TestApi(base), browser, portal: new Portal(page, base), base };
}

/**
 * Steps of one story: a step after a failed one fails at once, naming the step that broke the
 * story (instead of timing out on a page that never came); each failure leaves a screenshot.
 */
export function storySteps(get: () => E2E | undefined) {
  let broken: string | null = null;
  return {
    beforeEach(name: string) {
      if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
      return name;
    },
    async afterEach(name: string, failed: boolean) {
      if (!failed || broken) return;
      broken = name;
      const e2e = get();
      if (e2e) {
        const slug = name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
        await e2e.portal.screenshot(`failure-${slug}`).catch(() => undefined);
      }
    },
  };
}
