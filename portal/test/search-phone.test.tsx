// 工单查询 offers the 来电号码 box only to a person who may see callers (the server's seesCallers, sent
// as /api/me's `seesCallers`): the dispatcher of the shipped packs (revealCaller never) would only be
// refused. The registration screen likewise asks about repeat calls by phone only for them.
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../src/api/client';
import type { SignedInUser } from '../src/api/types';
import { Router } from '../src/app/router';
import { SessionProvider } from '../src/app/session';
import { candidateQuery } from '../src/features/search/RepeatCallPanel';
import { TicketSearchPage } from '../src/features/search/TicketSearchPage';

beforeEach(() => {
  // the page reads its criteria from the address (a drill-down from 数据分析 opens it with them)
  vi.stubGlobal('window', { location: { pathname: '/search', search: '' } });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const person = (role: string, seesCallers: boolean): SignedInUser => ({
  username: `tj.${role}`,
  name: role,
  roles: [role],
  pages: ['search'],
  scope: 'centre',
  roleLabels: {},
  seesCallers,
  unit: null,
  city: { id: 'tianjin', name: '天津' },
});

const page = (user: SignedInUser) =>
  renderToString(
    <Router>
      <SessionProvider api={{} as ApiClient} user={user} signOut={() => undefined}>
        <TicketSearchPage />
      </SessionProvider>
    </Router>,
  );

describe('工单查询 and the caller phone', () => {
  it('shows 来电号码 to a registrar, who may see callers', () => {
    const html = page(person('registrar', true));
    expect(html).toContain('data-testid="search-phone"');
    expect(html).toContain('来电号码');
  });

  it('hides 来电号码 from a dispatcher, whose role never sees a caller', () => {
    const html = page(person('dispatcher', false));
    expect(html).not.toContain('data-testid="search-phone"');
    expect(html).not.toContain('来电号码');
    expect(html).toContain('data-testid="search-words"');
  });

  it('asks about repeat calls by phone only for a person who may see callers', () => {
    expect(candidateQuery({ callerPhone: '13812345678' }, true)).toEqual({ phone: '13812345678' });
    expect(candidateQuery({ callerPhone: '13812345678' }, false)).toBeNull();
    expect(candidateQuery({ callerPhone: '13812345678', content: '井盖缺失很危险', place: 'heping' }, false)).toEqual({ content: '井盖缺失很危险', place: 'heping' });
  });
});
