import { describe, expect, it, vi } from 'vitest';
import { ApiClient, csrfTokenIn } from '../src/api/client';
import { ApiError } from '../src/api/errors';

function fakeFetch(routes: Record<string, { status: number; body?: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    const key = `${init?.method ?? 'GET'} ${url.split('?')[0]}`;
    const hit = routes[key] ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: `no route ${key}` } } };
    return new Response(hit.body === undefined ? null : JSON.stringify(hit.body), { status: hit.status });
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

describe('ApiClient', () => {
  it('signs in by cookie only: the token of the answer is never sent back, changes carry the CSRF token', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/login': { status: 200, body: { token: 't0k' } },
      'GET /api/cities/tianjin/tasks': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 50 } },
      'POST /api/cities/tianjin/tasks/t1/claim': { status: 200, body: {} },
    });
    let csrf: string | null = null;
    const api = new ApiClient({ fetch, csrfToken: () => csrf });
    await api.login('tj.handler', 'pw');
    csrf = 'c5rf'; // the cookie the sign-in set
    await api.tasks('tianjin', { q: 'tj1', page: 1, pageSize: 50 });
    await api.claim('tianjin', 't1');
    const [, read, claim] = calls.map((c) => c.init.headers as Record<string, string>);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
    expect(calls.map((c) => (c.init.headers as Record<string, string>).authorization)).toEqual([undefined, undefined, undefined]);
    expect(read!['x-csrf-token']).toBeUndefined();
    expect(claim!['x-csrf-token']).toBe('c5rf');
    expect(calls[1]!.url).toBe('/api/cities/tianjin/tasks?q=TJ1&status=open&page=1&pageSize=50');
    // the inbox's own timer marks its refreshes, so they do not hold off the idle timeout
    expect(read!['x-background-refresh']).toBeUndefined();
    await api.tasks('tianjin', { page: 1, pageSize: 50 }, undefined, true);
    expect((calls[3]!.init.headers as Record<string, string>)['x-background-refresh']).toBe('1');
  });

  it('reads the CSRF token from the hotline_csrf cookie among others', () => {
    expect(csrfTokenIn('a=1; hotline_csrf=abc-_9; b=2')).toBe('abc-_9');
    expect(csrfTokenIn('hotline_csrf=x')).toBe('x');
    expect(csrfTokenIn('not_hotline_csrf=x; other=y')).toBeNull();
    expect(csrfTokenIn('')).toBeNull();
  });

  it('sends a completion with its action and request id', async () => {
    const { fetch, calls } = fakeFetch({ 'POST /api/cities/turpan/tasks/t1/complete': { status: 200, body: { task: {}, ticket: {} } } });
    await new ApiClient({ fetch }).complete('turpan', 't1', { data: { note: 'x' }, requestId: 'r1', action: 'extension' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ data: { note: 'x' }, requestId: 'r1', action: 'extension' });
  });

  it('tells the app when the session is gone, and throws the server’s error', async () => {
    const { fetch } = fakeFetch({ 'GET /api/cities/tianjin/tasks/x': { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'sign in' } } } });
    const api = new ApiClient({ fetch });
    const gone = vi.fn();
    api.onUnauthorized = gone;
    await expect(api.task('tianjin', 'x')).rejects.toBeInstanceOf(ApiError);
    expect(gone).toHaveBeenCalledOnce();
  });

  it('asks /api/me, and falls back to /api/auth/me on a server without it', async () => {
    const contract = fakeFetch({
      'GET /api/me': {
        status: 200,
        body: {
          user: { id: '1', username: 'tj.handler', name: '经办人', roles: ['unitHandler'], pages: [], scope: 'unit', roleLabels: { unitHandler: '承办单位经办人' }, unit: { code: 'q', name: '劝业场街道' } },
          city: { id: 'tianjin', name: '天津市' },
        },
      },
    });
    expect(await new ApiClient({ fetch: contract.fetch }).me()).toMatchObject({
      username: 'tj.handler',
      scope: 'unit',
      roleLabels: { unitHandler: '承办单位经办人' },
      unit: { name: '劝业场街道' },
      city: { name: '天津市' },
    });
    const grants = { pages: ['register', 'supervision'], scope: 'centre', roleLabels: { registrar: '受理' } };
    const older = fakeFetch({ 'GET /api/auth/me': { status: 200, body: { username: 'a', displayName: '甲', cityId: 'turpan', unitId: 'u', roles: ['registrar'], ...grants } } });
    expect(await new ApiClient({ fetch: older.fetch }).me()).toEqual({ username: 'a', name: '甲', roles: ['registrar'], ...grants, unit: null, city: { id: 'turpan', name: 'turpan' } });
  });

  it('sends a catalogue spreadsheet as the raw xlsx body, and reads its bad cells on a 422', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/cities/tianjin/catalogue/versions/1/import': {
        status: 422,
        body: { error: { code: 'CATALOGUE_INVALID', message: '目录有误', issues: [{ row: 3, column: 'C（主办单位）', message: '未知单位：x' }] } },
      },
    });
    const api = new ApiClient({ fetch, csrfToken: () => 'c5rf' });
    const error = await api.importCatalogue('tianjin', 1, new Blob([new Uint8Array([80, 75, 3, 4])]), 4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).rowIssues).toEqual([{ row: 3, column: 'C（主办单位）', message: '未知单位：x' }]);
    // the revision read with the draft: a change made meanwhile (a determination's entry) is not overwritten
    expect(calls[0]!.url).toMatch(/\/import\?revision=4$/);
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['x-csrf-token']).toBe('c5rf');
    expect(new Uint8Array(await (calls[0]!.init.body as Blob).arrayBuffer())).toEqual(new Uint8Array([80, 75, 3, 4]));
  });

  it('asks for a review decision and the figures of a period', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/cities/tianjin/catalogue/versions/2/review': { status: 200, body: { id: 2, status: 'draft' } },
      'GET /api/cities/tianjin/catalogue/figures': { status: 200, body: { dispatches: 0 } },
    });
    const api = new ApiClient({ fetch });
    await api.reviewCatalogue('tianjin', 2, 'reject', '第3行依据不全');
    await api.catalogueFigures('tianjin', '2026-01-01', '2026-01-31');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ decision: 'reject', comment: '第3行依据不全' });
    expect(calls[1]!.url).toBe('/api/cities/tianjin/catalogue/figures?from=2026-01-01&to=2026-01-31');
  });
});
