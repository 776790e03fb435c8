// The portal and the modeler under the server's Content-Security-Policy and session rules: pages
// that compile forms and packs and draw diagrams report no CSP violation (the Portal collects them
// with uncaught errors); the session lives only in the HttpOnly cookie; a cookie-signed change needs
// the CSRF token, which the apps send.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from './support/api';
import { REPO_ROOT } from './support/server';
import { storyFile } from './support/setup';

const e2e = storyFile();

describe('Content-Security-Policy and the cookie-only session', () => {
  it('the portal: headers on the page, a form with conditional fields, no token in reach of scripts, CSRF on changes', async () => {
    const { portal, base } = e2e();
    const { page } = portal;
    const response = await page.goto(`${base}/`);
    expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.select('ticketType', '投诉');

    const session = (await page.context().cookies()).find((c) => c.name === 'hotline_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    const seen = await page.evaluate(() => ({ cookies: document.cookie, stored: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) }));
    expect(seen.cookies).toMatch(/hotline_csrf=/);
    expect(seen.cookies).not.toContain(session!.value);
    expect(seen.stored).not.toContain(session!.value);
    // a change with the cookie but without the token (what another site could make the browser send) is refused
    expect(await page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }).then((r) => r.status))).toBe(403);
    // the portal's own sign-out carries it: after a reload the person is signed out
    await portal.signOut();
    await page.reload();
    await page.getByTestId('login-page').waitFor();
  });

  it('the modeler: a diagram, the pack checked and a form preview validated, with no violation', async () => {
    const { portal, base } = e2e();
    const { page } = portal;
    // the portal's test script builds only the portal
    if (!existsSync(join(REPO_ROOT, 'modeler', 'dist', 'index.html'))) execFileSync('npm', ['run', '--silent', 'build', '--workspace', 'modeler'], { cwd: REPO_ROOT, stdio: 'ignore' });
    await page.goto(`${base}/modeler/`);
    await page.getByTestId('signin-username').fill('tj.policy');
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    // the modeler's first load (its pack, every process drawn) on a busy 2-core CI: a ceiling, not a measure
    await page.getByTestId('version-status').waitFor({ timeout: 45_000 });
    await page.locator('.djs-container').first().waitFor({ timeout: 45_000 });
    await page.getByTestId('issue-count').locator('sup[title="0"], .ant-scroll-number[title="0"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-forms').click();
    await page.getByTestId('form-item-register').click();
    await page.getByTestId('preview-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    expect(portal.errors).toEqual([]);
  });
});
