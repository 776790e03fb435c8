// The real API from the test side: to register and move tickets (what the browser test is not about)
// and to check what the modeler did, with the demo accounts (password hotline-demo).
export const PASSWORD = 'hotline-demo';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class TestApi {
  private readonly tokens = new Map<string, string>();
  private readonly passwords = new Map<string, string>();
  constructor(readonly base: string) {}

  /** An account that is not a demo one (a new city's first account). */
  password(username: string, password: string): void {
    this.passwords.set(username, password);
  }

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const password = this.passwords.get(username) ?? PASSWORD;
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    this.tokens.set(username, token);
    return token;
  }

  async call(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(username)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  }

  async ok(username: string, method: string, path: string, body?: unknown): Promise<Json> {
    const { status, body: answer } = await this.call(username, method, path, body);
    if (status >= 300) throw new Error(`${username} ${method} ${path} answered ${status}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /**
   * A first sign-in with an initial password: the server requires a change before anything else
   * (issue 14). The person changes it, and here back again, so the test goes on with the known password.
   */
  async changeInitialPassword(username: string, initial = PASSWORD): Promise<void> {
    const interim = `${initial}-interim-9f3k`;
    await this.ok(username, 'POST', '/api/auth/password', { currentPassword: initial, newPassword: interim });
    await this.ok(username, 'POST', '/api/auth/password', { currentPassword: interim, newPassword: initial });
  }

  /** Polls until `probe` gives something, or fails naming what it waited for. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, withinMs = 30_000): Promise<T> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined && found !== null && found !== false) return found;
      if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The open task of a ticket at a form in `username`'s inbox, once the engine has announced it. */
  taskOf(username: string, city: string, ticket: string, form: string): Promise<Json> {
    return this.waitFor(`a "${form}" task of ticket ${ticket} for ${username}`, async () => {
      const page = await this.ok(username, 'GET', `/api/cities/${city}/tasks?q=${encodeURIComponent(ticket)}&page=1&pageSize=50`);
      return (page.items as Json[]).find((t) => t.form === form && t.ticket.number === ticket);
    });
  }

  async complete(username: string, city: string, task: Json, data: object): Promise<void> {
    await this.ok(username, 'POST', `/api/cities/${city}/tasks/${task.id}/complete`, { data, requestId: `e2e-${task.id}` });
  }
}
