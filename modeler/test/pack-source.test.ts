import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, encodePackPath, issueFromWhere } from '../src/api';
import { apiPackSource, MemoryPackSource } from '../src/pack-source';
import { initialVersion } from '../src/app/use-pack-session';
import { tabOfIssue } from '../src/state/navigation';
import { editDeadline } from '../src/state/deadlines';
import { editJson, fileText } from '../src/state/pack-files';
import { miniPackFiles } from '../../pack-review/test/fixtures/mini-pack';

const now = () => new Date('2026-01-10T08:00:00Z');

describe('the local pack source', () => {
  it('starts each city at one validated version and keeps drafts apart from it', async () => {
    const source = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { now });
    expect(await source.listCities()).toEqual([{ id: 'mini', name: '示例市' }]);
    expect((await source.listVersions('mini')).map((v) => [v.number, v.status])).toEqual([[1, 'validated']]);

    await expect(source.writeFile('mini', 1, 'city.json', '{}')).rejects.toMatchObject({ status: 409, code: 'PACK_NOT_DRAFT' });
    const draft = await source.createDraft('mini', 1);
    expect(draft).toMatchObject({ number: 2, status: 'draft', source: 'draft from 1' });

    const edited = editJson(await source.readVersion('mini', 2), 'versions/v1.json', (v) => editDeadline(v, 3, { amount: 5 }));
    await source.writeFile('mini', 2, 'versions/v1.json', fileText(edited, 'versions/v1.json')!);
    expect(fileText(await source.readVersion('mini', 2), 'versions/v1.json')).toContain('"amount": 5');
    expect(fileText(await source.readVersion('mini', 1), 'versions/v1.json')).not.toContain('"amount": 5');
  });

  it('refuses to publish an invalid draft with its issues, and publishes a valid one once', async () => {
    const source = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { now });
    const { number } = await source.createDraft('mini', 1);
    await source.writeFile('mini', number, 'versions/v1.json', '{ "id": "v1" }');
    const refused = await source.publish('mini', number, '2026-02-01').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(422);
    expect((refused as ApiError).issues[0]).toMatchObject({ file: 'mini/versions/v1.json', path: '/name' });

    await source.writeFile('mini', number, 'versions/v1.json', fileText(miniPackFiles(), 'versions/v1.json')!);
    const published = await source.publish('mini', number, '2026-02-01');
    expect(published).toMatchObject({ status: 'published', effectiveFrom: '2026-02-01' });
    await expect(source.publish('mini', number, '2026-03-01')).rejects.toMatchObject({ code: 'PACK_PUBLISHED' });
    await expect(source.deleteFile('mini', number, 'city.json')).rejects.toMatchObject({ code: 'PACK_NOT_DRAFT' });
  });

  it('keeps drafts in a storage across instances', async () => {
    const memory = new Map<string, string>();
    const storage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) };
    const first = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { storage, now });
    await first.createDraft('mini', 1);
    const second = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { storage, now });
    expect((await second.listVersions('mini')).map((v) => v.status)).toEqual(['validated', 'draft']);
    second.reset('mini');
    expect((await second.listVersions('mini')).map((v) => v.status)).toEqual(['validated']);
  });

  it('opens the newest draft first, else the newest version', async () => {
    const source = new MemoryPackSource([{ id: 'mini', name: '示例市', files: async () => miniPackFiles() }], { now });
    expect(initialVersion(await source.listVersions('mini'))?.number).toBe(1);
    await source.createDraft('mini', 1);
    expect(initialVersion(await source.listVersions('mini'))?.number).toBe(2);
    expect(initialVersion([])).toBeNull();
  });
});

describe('the API client', () => {
  function fakeFetch(responses: Array<{ status: number; body?: unknown }>) {
    const calls: Array<{ url: string; method: string; body: unknown; headers: Record<string, string> }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined, headers: init.headers as Record<string, string> });
      const next = responses.shift()!;
      return new Response(next.body === undefined ? null : JSON.stringify(next.body), { status: next.status });
    }) as unknown as typeof fetch;
    return { calls, fetchImpl };
  }

  it('calls the documented endpoints with the documented bodies', async () => {
    const { calls, fetchImpl } = fakeFetch([
      { status: 200, body: [] },
      { status: 200, body: { path: 'versions/2025.json', text: '{}' } },
      { status: 200, body: { path: 'versions/2025.json', text: '{}' } },
      { status: 204 },
      { status: 201, body: { number: 3 } },
      { status: 200, body: { number: 3, status: 'published' } },
    ]);
    const api = createApiClient({ fetch: fetchImpl, token: 't0k' });
    await api.listPackVersions('tianjin');
    await api.getPackFile('tianjin', 2, 'versions/2025.json');
    await api.putPackFile('tianjin', 2, 'versions/2025.json', '{}');
    await api.deletePackFile('tianjin', 2, 'forms/old form.json');
    await api.createDraft('tianjin', 2);
    await api.publish('tianjin', 3, '2026-02-01');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/cities/tianjin/pack-versions',
      'GET /api/cities/tianjin/pack-versions/2/files/versions/2025.json',
      'PUT /api/cities/tianjin/pack-versions/2/files/versions/2025.json',
      'DELETE /api/cities/tianjin/pack-versions/2/files/forms/old%20form.json',
      'POST /api/cities/tianjin/pack-versions/2/drafts',
      'POST /api/cities/tianjin/pack-versions/3/publish',
    ]);
    expect(calls[2]!.body).toEqual({ text: '{}' });
    expect(calls[5]!.body).toEqual({ effectiveFrom: '2026-02-01' });
    expect(calls[0]!.headers.authorization).toBe('Bearer t0k');
  });

  it('signed in by the cookie, sends the session’s CSRF token with every change, and no Bearer header', async () => {
    const { calls, fetchImpl } = fakeFetch([{ status: 200, body: [] }, { status: 201, body: { number: 3 } }, { status: 204 }]);
    const api = createApiClient({ fetch: fetchImpl, csrfToken: () => 'c5rf' });
    await api.listPackVersions('tianjin');
    await api.createDraft('tianjin', 2);
    await api.deletePackFile('tianjin', 3, 'forms/old.json');
    expect(calls.map((c) => [c.method, c.headers['x-csrf-token'], c.headers.authorization])).toEqual([
      ['GET', undefined, undefined],
      ['POST', 'c5rf', undefined],
      ['DELETE', 'c5rf', undefined],
    ]);
  });

  it('turns an error body into an ApiError with the issues as file and JSON path', async () => {
    const { fetchImpl } = fakeFetch([
      {
        status: 422,
        body: { error: { code: 'PACK_INVALID', message: 'the city pack is invalid', issues: [{ where: 'tianjin/versions/2025.json at /deadlines/3/period/amount', message: 'must be at least 1; found 0' }] } },
      },
    ]);
    const error = await createApiClient({ fetch: fetchImpl }).publish('tianjin', 3, '2026-02-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'PACK_INVALID', issues: [{ file: 'tianjin/versions/2025.json', path: '/deadlines/3/period/amount', message: 'must be at least 1; found 0' }] });
    expect(issueFromWhere({ where: 'city.json', message: 'x' })).toEqual({ file: 'city.json', path: '', message: 'x' });
    expect(encodePackPath('calendar/national-2027.json')).toBe('calendar/national-2027.json');
  });

  it('is a pack source for the signed-in user’s city', async () => {
    const { calls, fetchImpl } = fakeFetch([
      { status: 200, body: { username: 'p', displayName: 'P', cityId: 'tianjin', unitId: 'u', roles: ['policy'] } },
      { status: 200, body: { version: { number: 1 }, files: [{ path: 'city.json', text: '{}' }] } },
    ]);
    const source = apiPackSource(createApiClient({ fetch: fetchImpl }));
    expect(await source.listCities()).toEqual([{ id: 'tianjin', name: 'tianjin' }]);
    expect(await source.readVersion('tianjin', 1)).toEqual([{ path: 'city.json', text: '{}' }]);
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/me', '/api/cities/tianjin/pack-versions/1']);
  });
});

describe('going from an issue to its editor', () => {
  it('picks the tab by file and JSON path', () => {
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/deadlines/3/period' })).toBe('deadlines');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/redirectCategories/0/script' })).toBe('redirects');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/rating/levels/0' })).toBe('rating');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/policies/rework/maxCount' })).toBe('policies');
    expect(tabOfIssue({ file: 'matters.json', path: '/matters/0/children/1/code' })).toBe('matters');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/documents/0' })).toBe('files');
    expect(tabOfIssue({ file: 'city.json', path: '/calendarLayers/1' })).toBe('calendar');
    expect(tabOfIssue({ file: 'city.json', path: '/roles/2/pages' })).toBe('roles');
    expect(tabOfIssue({ file: 'city.json', path: '/stages/0/key' })).toBe('roles');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/warnings/0/trigger' })).toBe('warnings');
    expect(tabOfIssue({ file: 'versions/2025.json', path: '/supervisionTriggers/1/key' })).toBe('warnings');
    expect(tabOfIssue({ file: 'calendar/national-2027.json', path: '/workdays/0/date' })).toBe('calendar');
    expect(tabOfIssue({ file: 'forms/accept.json', path: '/schema' })).toBe('forms');
    expect(tabOfIssue({ file: 'processes/ticket.bpmn', path: 'acceptTicket' })).toBe('process');
  });
});
