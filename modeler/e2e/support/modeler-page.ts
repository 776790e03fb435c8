// What a test does in the modeler's pages: sign in, reach an antd control's input, wait for the
// draft to have no issues, publish from the dialog and read what publishing did.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApi } from './api';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Today in China (YYYY-MM-DD): the effective date the tests publish with. */
export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A new draft of the city's newest published version, made through the API: the modeler opens the
 * newest draft, and the browser tests share a server where another file may have left a broken one.
 */
export async function freshDraft(api: TestApi, username: string, city: string): Promise<number> {
  const versions = (await api.ok(username, 'GET', `/api/cities/${city}/pack-versions`)) as Json[];
  const published = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.number as number));
  return ((await api.ok(username, 'POST', `/api/cities/${city}/pack-versions/${published}/drafts`)) as Json).number as number;
}

export async function signIn(page: Page, base: string, username: string, password = 'hotline-demo'): Promise<void> {
  await page.goto(`${base}/modeler/`);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('version-status').waitFor();
}

/** The <input> of an antd control whose data-testid sits on it or on its wrapper. */
export const inputOf = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

export async function issueCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('issue-count').locator('.ant-badge-count, sup').first().textContent()) ?? '0';
  return Number(text.replace(/\D/g, '') || '0');
}

export async function waitForNoIssues(page: Page): Promise<void> {
  await page.getByTestId('issue-count').locator('sup[title="0"], .ant-scroll-number[title="0"]').first().waitFor({ timeout: 30_000 });
}

/** Saves the edits with 保存 and waits for the modeler to confirm them: the number of the draft saved. */
export async function saveDraft(page: Page): Promise<number> {
  await page.getByTestId('save-button').click();
  const confirmation = page.getByText(/已保存到草稿 #\d+/).first();
  await confirmation.waitFor({ timeout: 30_000 });
  return Number(/#(\d+)/.exec(await confirmation.innerText())![1]);
}

/**
 * Opens 发布 and publishes on today's date, leaving the dialog on its result. The dialog may still be
 * checking the draft as it opens and a click then is lost (once in a loaded CI run): 发布 is clicked again
 * until publishing has started (the button loading) or is done.
 */
export async function confirmPublish(page: Page): Promise<void> {
  await page.getByTestId('publish-button').click();
  const confirm = page.getByTestId('publish-confirm');
  const result = page.getByTestId('publish-result');
  await expect
    .poll(
      async () => {
        if (await result.isVisible()) return true;
        const started = await confirm.evaluate((button) => button.classList.contains('ant-btn-loading')).catch(() => true);
        if (!started && (await confirm.isEnabled().catch(() => false))) await confirm.click({ timeout: 5_000 }).catch(() => undefined);
        return false;
      },
      { timeout: 180_000, interval: 5_000 },
    )
    .toBe(true);
}

export async function publishToday(page: Page): Promise<Json> {
  await confirmPublish(page);
  const text = (await page.getByTestId('publish-result').innerText()).replace(/\s+/g, ' ');
  await page.getByTestId('publish-close').click();
  return { text };
}
