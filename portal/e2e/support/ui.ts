// The portal as a person uses it: sign in, find a ticket's task in the inbox, fill the @rjsf/antd
// fields by their ids (`root_<field>`), press an action.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD } from './api';
import { REPO_ROOT } from './server';

export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

const css = (id: string) => `#${id.replace(/([^a-zA-Z0-9_-])/g, '\\$1')}`;

/**
 * Reports each Content-Security-Policy violation on the console (an init script of every page), where
 * the Portal collects it with chromium's own "Refused to …" messages: a story fails on any of them.
 */
export async function reportCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
  });
}

export class Portal {
  /** Uncaught errors and Content-Security-Policy violations of the page (a story expects none). */
  readonly errors: string[] = [];

  constructor(
    readonly page: Page,
    readonly base: string,
  ) {
    page.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /CSP violation|Content Security Policy/.test(message.text())) this.errors.push(message.text());
    });
  }

  async signIn(username: string): Promise<void> {
    const { page } = this;
    await page.goto(`${this.base}/`);
    const signedIn = page.getByTestId('current-user');
    const login = page.getByTestId('login-page');
    await expect.poll(async () => (await signedIn.isVisible()) || (await login.isVisible()), { timeout: 15_000 }).toBe(true);
    if (await signedIn.isVisible()) await this.signOut();
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await signedIn.waitFor();
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('sign-out').click();
    await this.page.getByTestId('login-page').waitFor();
  }

  /** The inbox row of the ticket's task at `form`, found by searching the ticket number. */
  async inboxRow(ticketNumber: string, form: string): Promise<Locator> {
    const { page } = this;
    await page.goto(`${this.base}/?q=${encodeURIComponent(ticketNumber)}`);
    const row = page.locator(`[data-testid="inbox-row"][data-ticket="${ticketNumber}"][data-form="${form}"]`);
    const deadline = Date.now() + 20_000;
    while (!(await row.isVisible())) {
      if (Date.now() > deadline) throw new Error(`no ${form} task of ${ticketNumber} in the inbox; rows: ${await page.getByTestId('inbox-row').allInnerTexts()}`);
      await page.waitForTimeout(400);
      if (!(await row.isVisible())) await page.getByTestId('inbox-refresh').click();
    }
    return row;
  }

  async openTask(ticketNumber: string, form: string): Promise<void> {
    const row = await this.inboxRow(ticketNumber, form);
    await row.getByTestId('task-link').click();
    await this.page.locator(`[data-testid="task-page"][data-form="${form}"]`).waitFor();
  }

  field(id: string): Locator {
    return this.page.locator(css(`root_${id}`));
  }

  async text(id: string, value: string): Promise<void> {
    await this.field(id).fill(value);
  }

  /** An antd Select: type to filter (the label, or e.g. a matter's pinyin initials), then pick the option with this label. */
  async select(id: string, label: string, typed: string = label): Promise<void> {
    const input = this.field(id);
    await input.click();
    await input.fill(typed);
    // a list's option, or a tree picker's node (the units' organisation tree)
    const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
    const option = this.page.locator(`${open} .ant-select-item-option[title*="${label}"], ${open} .ant-select-tree-node-content-wrapper[title="${label}"]`);
    await option.first().click();
    await expect.poll(async () => this.page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden)`).count()).toBe(0);
  }

  /** The place picker (an antd TreeSelect): type part of a name, then pick the place of that name. */
  async place(id: string, search: string, name: string = search): Promise<void> {
    const input = this.field(id);
    await input.click();
    await input.fill(search);
    const node = this.page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-node-content-wrapper[title="${name}"]`);
    await node.first().click();
    await expect.poll(async () => this.page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden)`).count()).toBe(0);
  }

  async radio(id: string, label: string): Promise<void> {
    await this.field(id).getByText(label, { exact: true }).click();
  }

  async check(id: string): Promise<void> {
    const box = this.field(id);
    if (!(await box.isChecked())) await box.check();
  }

  /** An antd DatePicker with time: type the instant and press Enter. */
  async dateTime(id: string, value: string): Promise<void> {
    const input = this.field(id);
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await expect.poll(async () => input.inputValue()).toBe(value);
    await this.page.keyboard.press('Escape');
  }

  /** An antd DatePicker (date only). */
  async date(id: string, value: string): Promise<void> {
    await this.dateTime(id, value);
  }

  /** Presses an action; a non-primary one is confirmed (with a note). Waits for the outcome. */
  async act(key: string, options: { note?: string } = {}): Promise<'done' | 'refused'> {
    const { page } = this;
    const button = page.getByTestId(`action-${key}`);
    await expect.poll(async () => button.isEnabled(), { timeout: 10_000 }).toBe(true);
    await button.click();
    const confirm = page.getByTestId('action-confirm');
    if (await confirm.isVisible().catch(() => false)) {
      if (options.note) await page.getByTestId('action-note').fill(options.note);
      await confirm.click();
    } else {
      await page.waitForTimeout(150);
      if (await confirm.isVisible().catch(() => false)) {
        if (options.note) await page.getByTestId('action-note').fill(options.note);
        await confirm.click();
      }
    }
    const done = page.getByTestId('task-done');
    const refused = page.getByTestId('submit-error');
    await expect.poll(async () => (await done.isVisible()) || (await refused.isVisible()), { timeout: 20_000 }).toBe(true);
    if (await done.isVisible()) return 'done';
    return 'refused';
  }

  async expectDone(key: string, options: { note?: string } = {}): Promise<void> {
    const outcome = await this.act(key, options);
    if (outcome !== 'done') {
      throw new Error(`action ${key} was refused: ${await this.page.getByTestId('submit-error').innerText()}`);
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // no half-loaded table under its spinner
    await this.page.waitForTimeout(300);
    await expect.poll(() => this.page.locator('.ant-spin-spinning, .ant-spin-blur').count(), { timeout: 10_000 }).toBe(0);
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}

/** A China-time instant as the antd picker types it. */
export function pickerInstant(date: Date = new Date()): string {
  const d = new Date(date.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
