// What every browser test file starts with: the server's URL, the contract check (fails naming
// what the server lacks), a fresh chromium.
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { missingContractRoutes, TestApi } from './api';
import { type Browser, launchBrowser } from './browser';
import { Portal, reportCspViolations } from './ui';
import type { RunningServer } from '@hotline/server/child-process';
import { startServer } from './server';

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
  await reportCspViolations(page);
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

/**
 * The hooks of a story file: one browser for the file (opened before its first step, closed after the
 * last) and the story's steps. Returns the session; call it inside a hook or a test.
 */
export function storyFile(): () => E2E {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await openE2E();
  });
  afterAll(async () => {
    await e2e?.browser.close();
  });
  const steps = storySteps(() => e2e);
  beforeEach((ctx) => void steps.beforeEach(ctx.task.name));
  afterEach(async (ctx) => steps.afterEach(ctx.task.name, ctx.task.result?.state === 'fail'));
  return () => {
    if (!e2e) throw new Error('the browser session is not open: call it in a hook or a test');
    return e2e;
  };
}

/**
 * The hooks of a story that needs a server of its own (a controlled engine clock, an SMS gateway):
 * the server and a browser start before the file's first step and stop after its last. `env` is read
 * when the server starts (after hooks registered earlier, such as a fake gateway's start).
 */
export function ownServerStory(name: string, env: () => Record<string, string> = () => ({})): () => { api: TestApi; portal: Portal } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let session: { api: TestApi; portal: Portal } | undefined;
  beforeAll(async () => {
    server = await startServer(name, env());
    browser = await launchBrowser();
    session = { api: new TestApi(server.url), portal: new Portal(await browser.context.newPage(), server.url) };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return () => {
    if (!session) throw new Error('the server is not started: call it in a hook or a test');
    return session;
  };
}
