// The access sweep over every route of the OpenAPI description (issue 14 item 9): each route is called
// anonymously (401 unless public), by a Tianjin user without its grant (403), by a Tianjin user with the
// grant on Hangzhou's real records (the answer a city that does not exist gets: 404, never data), and —
// for a unit's records — by a handler of another unit (the answer a missing record gets). A route not in
// route-table.ts fails the sweep with the line to add.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from '../support/lifecycle';
import { ACCESS_USERS, type Resource, ROUTES, type RouteExpectation } from './route-table';

interface Operation {
  method: string;
  path: string;
  key: string;
  /** The access rule: the last paragraph of the description ("Public: …" as `public`). */
  access: string;
}

interface Answer {
  status: number;
  code: string | undefined;
}

const MISSING: Record<Resource, string> = { ticket: '2000010100001', task: 'no-such-task', packVersion: '999' };
/** Path parameters no table entry names: a well-formed placeholder (access is decided before the record is read). */
const PLACEHOLDER: Record<string, (city: string) => string> = {
  number: () => '1',
  id: () => '1',
  version: () => '1',
  format: () => 'xlsx',
  username: (city) => `${city === 'tianjin' ? 'tj' : 'hz'}.registrar`,
  '*': () => 'city.json',
};

describe('route sweep: every route refuses the anonymous, the wrong role, the wrong city and the wrong unit', () => {
  let world: LifecycleWorld;
  let operations: Operation[];
  const records: Record<string, Record<Resource, string>> = {};
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin', 'hangzhou']);
    // a Tianjin ticket with a task at the unit heping.quanyechang (tj.handler2 is at hexi.youyilu), and a Hangzhou one
    const tjRegistrar = await world.user('tj.registrar');
    const tjTicket = (await tjRegistrar.post('/api/cities/tianjin/tickets', complaint())).body.number as string;
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', tjTicket, 'dispatch');
    expect((await dispatcher.post(`/api/cities/tianjin/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'sweep-dispatch' })).statusCode).toBe(200);
    const accept = await inboxTask(await world.user('tj.handler'), 'tianjin', tjTicket, 'accept');
    records.tianjin = { ticket: tjTicket, task: accept.id, packVersion: '1' };
    const hzTicket = (await (await world.user('hz.registrar')).post('/api/cities/hangzhou/tickets', complaint({ classify: { outcome: 'dispatch' } }))).body.number as string;
    const hzTask = await inboxTask(await world.user('hz.dispatcher'), 'hangzhou', hzTicket, 'dispatch');
    records.hangzhou = { ticket: hzTicket, task: hzTask.id, packVersion: '1' };

    const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { description?: string }>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const last = (op.description ?? '').split('\n\n').pop() ?? '';
        return { method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}`, access: last.startsWith('Public: ') ? 'public' : last };
      }),
    );
  }, 180_000);
  afterAll(() => world?.close());

  async function tokenOf(username: string): Promise<string> {
    let token = tokens.get(username);
    if (!token) {
      const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      token = response.json().token as string;
      tokens.set(username, token);
    }
    return token;
  }

  /** The operation's URL in a city, its parameters naming that city's records (or missing ones). */
  function urlOf(op: Operation, city: string, expectation: RouteExpectation, resources: Record<Resource, string>): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      if (name === 'city') return city;
      const resource = expectation.params?.[name];
      return encodeURIComponent(resource ? resources[resource] : (PLACEHOLDER[name]?.(city) ?? 'x'));
    });
    return expectation.query ? `${path}?${expectation.query}` : path;
  }

  async function call(op: Operation, url: string, username: string | null, expectation: RouteExpectation): Promise<Answer> {
    const response = await world.app.inject({
      method: op.method as 'GET',
      url,
      headers: username ? { authorization: `Bearer ${await tokenOf(username)}` } : {},
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: expectation.body ?? {} }),
    });
    let code: string | undefined;
    try {
      code = response.json().error?.code;
    } catch {
      code = undefined;
    }
    return { status: response.statusCode, code };
  }

  const say = (a: Answer) => `${a.status}${a.code ? ` ${a.code}` : ''}`;

  it('has every route of the OpenAPI description in route-table.ts, with the access rule it states', () => {
    const missing = operations.filter((op) => !ROUTES[op.key]);
    const stale = Object.keys(ROUTES).filter((key) => !operations.some((op) => op.key === key));
    const changed = operations.filter((op) => ROUTES[op.key] && ROUTES[op.key]!.access !== op.access);
    const noUsers = [...new Set(operations.map((op) => op.access))].filter((access) => !ACCESS_USERS[access]);
    const problems = [
      ...(missing.length > 0
        ? [
            `routes not classified: add to ROUTES in server/test/security/route-table.ts (and params/unit/body where the route reads a record):\n` +
              missing.map((op) => `  '${op.key}': { access: ${JSON.stringify(op.access)} },`).join('\n'),
          ]
        : []),
      ...(stale.length > 0 ? [`routes in route-table.ts that no longer exist: remove ${stale.join(', ')}`] : []),
      ...changed.map((op) => `${op.key}: the table says access ${JSON.stringify(ROUTES[op.key]!.access)}, the route says ${JSON.stringify(op.access)}: check the change, then update the table`),
      ...noUsers.map((access) => `access rule ${JSON.stringify(access)} has no users: add to ACCESS_USERS in route-table.ts ${JSON.stringify(access)}: { allowed: '<a Tianjin demo user holding it>', denied: ['<one who does not>'] }`),
    ];
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  it('answers 401 to anonymous callers on every route but the public ones', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const expectation = ROUTES[op.key];
      if (!expectation) continue;
      const answer = await call(op, urlOf(op, 'tianjin', expectation, records.tianjin!), null, expectation);
      if (expectation.access === 'public' ? answer.status === 401 || answer.status >= 500 : answer.status !== 401) wrong.push(`${op.key} anonymous: ${say(answer)}`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('answers 403 to a signed-in user without the route’s grant', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const expectation = ROUTES[op.key];
      if (!expectation) continue;
      for (const denied of ACCESS_USERS[expectation.access]?.denied ?? []) {
        const answer = await call(op, urlOf(op, 'tianjin', expectation, records.tianjin!), denied, expectation);
        if (answer.status !== 403) wrong.push(`${op.key} as ${denied}: ${say(answer)}, expected 403`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('answers a Tianjin user on Hangzhou’s records as for a city that does not exist (404), on every city route', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of operations) {
      const expectation = ROUTES[op.key];
      const allowed = expectation && ACCESS_USERS[expectation.access]?.allowed;
      if (!expectation || !allowed || !op.path.includes('{city}')) continue;
      checked++;
      const other = await call(op, urlOf(op, 'hangzhou', expectation, records.hangzhou!), allowed, expectation);
      const none = await call(op, urlOf(op, 'no-such-city', expectation, records.hangzhou!), allowed, expectation);
      if (other.status !== 404 || say(other) !== say(none)) {
        const hint = other.status === 400 ? ' (a 400: give the route a `body` or `query` its schema accepts in route-table.ts)' : '';
        wrong.push(`${op.key} as ${allowed} on hangzhou: ${say(other)}; on a city that does not exist: ${say(none)}${hint}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('answers a handler of another unit on a unit’s ticket or task as for a missing one (404)', async () => {
    const wrong: string[] = [];
    const units = operations.filter((op) => ROUTES[op.key]?.unit);
    expect(units.length).toBeGreaterThanOrEqual(7);
    // the record is real and the unit's own handler reaches it
    expect((await call(units.find((op) => op.key.startsWith('GET') && op.path.endsWith('{number}'))!, `/api/cities/tianjin/tickets/${records.tianjin!.ticket}`, 'tj.handler', {} as RouteExpectation)).status).toBe(200);
    for (const op of units) {
      const expectation = ROUTES[op.key]!;
      const theirs = await call(op, urlOf(op, 'tianjin', expectation, records.tianjin!), 'tj.handler2', expectation);
      const missing = await call(op, urlOf(op, 'tianjin', expectation, MISSING), 'tj.handler2', expectation);
      if (theirs.status < 400 || theirs.status >= 500 || say(theirs) !== say(missing)) wrong.push(`${op.key} as tj.handler2 (another unit): ${say(theirs)}; on a missing record: ${say(missing)}`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});
