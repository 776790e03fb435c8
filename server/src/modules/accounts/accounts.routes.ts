// The account administration page's API (/accounts in the portal): the city's system administrator
// lists the city's people and disables, enables, signs out, resets or unlocks one of them.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { AccountBody } from '@hotline/api-types';
import { type Account, type AccountAction, actOnAccount, listAccounts } from './accounts.service';

const accountView = (a: Account) => ({ ...a, lockedUntil: a.lockedUntil?.toISOString() ?? null, passwordChangedAt: a.passwordChangedAt.toISOString() });

const AccountParams = StrictObject({ city: CityParams.properties.city, username: Type.String({ minLength: 1, maxLength: 64 }) });

/** Each action's path and what it does. */
const ACTIONS: ReadonlyArray<{ action: AccountAction; path: string; summary: string }> = [
  { action: 'disable', path: 'disable', summary: 'Disable an account: it cannot sign in and its sessions end at once' },
  { action: 'enable', path: 'enable', summary: 'Enable a disabled account again' },
  { action: 'endSessions', path: 'end-sessions', summary: "End all of a person's sessions" },
  { action: 'resetPassword', path: 'reset-password', summary: 'Set a temporary password (returned once) that must be changed at the next sign-in; sessions end' },
  { action: 'unlock', path: 'unlock', summary: 'End a lock-out caused by failed sign-ins' },
];

export async function accountRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/accounts', {
    config: { access: { roles: ['admin', 'security'] } },
    schema: { summary: "The city's accounts with their state", tags: ['accounts'], params: CityParams, response: { 200: StrictObject({ accounts: Type.Array(AccountBody) }), ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { accounts: (await listAccounts(app.db, actor.cityId)).map(accountView) };
    },
  });

  for (const { action, path, summary } of ACTIONS) {
    app.post(`/api/cities/:city/accounts/:username/${path}`, {
      config: { access: { roles: ['admin', 'security'] } },
      schema: {
        summary,
        description:
          'Not on one’s own account (403). The system administrator acts on ordinary accounts; the accounts of security and audit administrators only a security administrator (三员分立, 403 otherwise). Audited.',
        tags: ['accounts'],
        params: AccountParams,
        response: {
          200: StrictObject({ account: AccountBody, temporaryPassword: Type.Optional(Type.String({ description: 'reset-password only: shown this once' })) }),
          ...errorResponses,
        },
      },
      handler: async (request) => {
        const actor = ownCity(request, request.params.city);
        const { account, temporaryPassword } = await actOnAccount(app.db, actor, request.params.username, action, app.authConfig);
        return { account: accountView(account), ...(temporaryPassword ? { temporaryPassword } : {}) };
      },
    });
  }
}
