// Typed client of the server's pack API (documented for the server side in modeler/README.md).
// Same-origin by default: the server serves the modeler and sets the session cookie on /api.
import type { PackFile, PackIssue } from '@hotline/rules';

export type PackStatus = 'draft' | 'validated' | 'published';

/** A numbered version of a city's whole pack, as the server lists it. */
export interface PackVersion {
  cityId: string;
  number: number;
  status: PackStatus;
  contentHash: string;
  /** Where it came from: an imported folder's label, or `draft from <n>`. */
  source: string;
  effectiveFrom: string | null;
  createdAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface SignedInUser {
  username: string;
  displayName: string;
  cityId: string;
  unitId: string;
  roles: string[];
}

/** The server's error body: `{ error: { code, message, issues? } }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  issues?: Array<{ where: string; message: string }>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: PackIssue[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.issues = (body.issues ?? []).map(issueFromWhere);
  }
}

/** `cities/tianjin/versions/2025.json at /deadlines/3` → file and pointer (see formatIssue in @hotline/rules). */
export function issueFromWhere(issue: { where: string; message: string }): PackIssue {
  const at = issue.where.lastIndexOf(' at /');
  return at < 0
    ? { file: issue.where, path: '', message: issue.message }
    : { file: issue.where.slice(0, at), path: issue.where.slice(at + 4), message: issue.message };
}

export interface ApiClientOptions {
  /** Prefix of every URL; '' for the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer <token>`; without it the session cookie is used. */
  token?: string;
}

/** A pack file's path in a URL: each segment encoded, the slashes kept (`versions/2025.json`). */
export function encodePackPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function createApiClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await doFetch(base + url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: reported below */
    }
    if (!response.ok) {
      const error = (parsed as { error?: ApiErrorBody } | undefined)?.error;
      throw new ApiError(response.status, error ?? { code: `HTTP_${response.status}`, message: text || response.statusText });
    }
    return parsed as T;
  }

  const city = (c: string) => `/api/cities/${encodeURIComponent(c)}/pack-versions`;

  return {
    signIn: (username: string, password: string) =>
      call<{ token: string; expiresAt: string; user: SignedInUser }>('POST', '/api/auth/login', { username, password }),
    me: () => call<SignedInUser>('GET', '/api/auth/me'),

    /** GET /api/cities/:city/pack-versions — oldest first. */
    listPackVersions: (c: string) => call<PackVersion[]>('GET', city(c)),
    /** GET /api/cities/:city/pack-versions/:version — the version with every file. */
    getPackVersion: (c: string, version: number) => call<{ version: PackVersion; files: PackFile[] }>('GET', `${city(c)}/${version}`),
    /** GET /api/cities/:city/pack-versions/:version/files/:path */
    getPackFile: (c: string, version: number, path: string) => call<PackFile>('GET', `${city(c)}/${version}/files/${encodePackPath(path)}`),
    /** PUT /api/cities/:city/pack-versions/:version/files/:path {text} — drafts only (409 otherwise). */
    putPackFile: (c: string, version: number, path: string, text: string) =>
      call<PackFile>('PUT', `${city(c)}/${version}/files/${encodePackPath(path)}`, { text }),
    /** DELETE /api/cities/:city/pack-versions/:version/files/:path — drafts only. */
    deletePackFile: (c: string, version: number, path: string) => call<void>('DELETE', `${city(c)}/${version}/files/${encodePackPath(path)}`),
    /** POST /api/cities/:city/pack-versions/:version/drafts — a new draft holding a copy of that version's files. */
    createDraft: (c: string, from: number) => call<PackVersion>('POST', `${city(c)}/${from}/drafts`),
    /** POST /api/cities/:city/pack-versions/:version/publish {effectiveFrom} — validates a draft, then publishes. */
    publish: (c: string, version: number, effectiveFrom: string) => call<PackVersion>('POST', `${city(c)}/${version}/publish`, { effectiveFrom }),
  };
}

export type HotlineApi = ReturnType<typeof createApiClient>;
