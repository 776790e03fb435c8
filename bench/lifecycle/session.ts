// A demo user signed in over loopback HTTP, as the portal talks to the API (bearer token).
import { login } from '../loopback';

export interface Page {
  number?: string;
  status?: string;
  items?: Array<{ id: string }>;
}

export interface Session {
  /** The bearer token (for a stream a probe opens for this user). */
  token: string;
  get(path: string): Promise<Page>;
  post(path: string, body: unknown): Promise<{ status: number; body: Page }>;
}

export async function signIn(base: string, username: string): Promise<Session> {
  const token = await login(base, username);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    token,
    get: async (path) => {
      const response = await fetch(`${base}${path}`, { headers });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Page;
    },
    post: async (path, body) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Page };
    },
  };
}
