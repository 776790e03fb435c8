// Typed client of the server's pack API (documented for the server side in modeler/README.md).
// Same-origin by default: the server serves the modeler and sets the session cookie on /api; requests
// that change something echo the readable hotline_csrf cookie in x-csrf-token (the server's CSRF check).
import type { MatterNode, PackFile, PackIssue } from '@hotline/rules';
import type { PackDiff, RolloutItem, RolloutStatus } from '@hotline/pack-review';

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

/** What publishing did besides the version: its processes on the engine, provisional deadlines counted again. */
export interface PublishOutcome {
  deployment?:
    | { deployed: true; engine: 'zeebe' | 'embedded'; processes: Array<{ resource: string; bpmnProcessId: string; version: number }> }
    | { deployed: false; reason: string };
  deadlines?: RecomputeResult | { error: string };
}
export type PublishedVersion = PackVersion & PublishOutcome;

export interface RecomputeResult {
  packVersion: number;
  ticketsChecked: number;
  recomputed: Array<{ ticket: string; stage: string; as: string; previousDue: string; due: string; provisional: boolean; tasksUpdated: number; timerMoved: boolean }>;
  skipped: number;
  timers: { moved: number; problem: string | null };
}

/** One open ticket as moving it to a newer pack version would (or did): its open tasks, where they map, the deadlines that change. */
export interface TicketMigration {
  ticket: string;
  fromPackVersion: number;
  tasks: Array<{ elementId: string; name: string }>;
  /** Waiting element of the old process → element of the new one. */
  mappings: Array<{ sourceElementId: string; targetElementId: string }>;
  /** Why the ticket cannot move (zh-CN reasons); empty when it can. */
  problems: Array<{ elementId: string; reason: string }>;
  /** Only with recomputeDeadlines: the deadlines whose instant changes under the new rules. */
  deadlines: Array<{ stage: string; as: string; previousDue: string; due: string; provisional: boolean }>;
}

export interface MigrationPreview {
  packVersion: number;
  /** The rule version the recomputed deadlines use (null without recomputation). */
  ruleVersion: string | null;
  tickets: TicketMigration[];
}

export interface MigrationResult {
  packVersion: number;
  migrated: TicketMigration[];
  /** zh-CN reasons per ticket; those tickets are unchanged. */
  refused: Array<{ ticket: string; reasons: string[] }>;
}

export interface MigrationRequest {
  /** Count the deadlines already set again under the new rules (and keep the ticket on them). */
  recomputeDeadlines: boolean;
}

export interface VersionDiff extends PackDiff {
  from: PackVersion;
  to: PackVersion;
}

export interface RolloutChecklist {
  version: PackVersion;
  today: string;
  items: RolloutItem[];
  summary: Record<RolloutStatus, number>;
}

export interface NewCityRequest {
  id: string;
  name?: string;
  fromVersion?: number;
  centreName?: string;
  admin: { username: string; name: string; password?: string };
}

export interface NewCityResult {
  city: { id: string; name: string };
  version: PackVersion;
  copiedFrom: { cityId: string; number: number };
  /** `password` is the made-up one, shown this once (null when the request gave one). */
  admin: { username: string; password: string | null };
}

export type ArchiveFormat = 'tar.gz' | 'zip';

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
  issues?: Array<{ where: string; message: string; messageZh?: string }>;
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
export function issueFromWhere(issue: { where: string; message: string; messageZh?: string }): PackIssue {
  const said = { message: issue.message, ...(issue.messageZh ? { messageZh: issue.messageZh } : {}) };
  const at = issue.where.lastIndexOf(' at /');
  if (at >= 0) return { file: issue.where.slice(0, at), path: issue.where.slice(at + 4), ...said };
  // a process element: `processes/ticket.bpmn#watchTimer` (path is then the element id)
  const element = /^(processes\/[^#]+\.bpmn)#(.+)$/.exec(issue.where);
  if (element) return { file: element[1]!, path: element[2]!, ...said };
  return { file: issue.where, path: '', ...said };
}

export interface ApiClientOptions {
  /** Prefix of every URL; '' for the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer <token>`; without it the session cookie is used. */
  token?: string;
  /** The session's CSRF token for the cookie; by default read from the hotline_csrf cookie. */
  csrfToken?: () => string | null;
}

const documentCsrfToken = () => {
  const match = typeof document === 'undefined' ? null : /(?:^|;\s*)hotline_csrf=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : null;
};

/** A pack file's path in a URL: each segment encoded, the slashes kept (`versions/2025.json`). */
export function encodePackPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function createApiClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, init));

  async function call<T>(method: string, url: string, body?: unknown, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = contentType !== undefined;
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    else if (method !== 'GET') {
      const csrf = (options.csrfToken ?? documentCsrfToken)();
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    const response = await doFetch(base + url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: raw ? (body as Blob) : JSON.stringify(body) } : {}),
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
    /** POST /api/cities/:city/pack-versions/:version/publish {effectiveFrom} — validates a draft, deploys its processes, publishes. */
    publish: (c: string, version: number, effectiveFrom: string) => call<PublishedVersion>('POST', `${city(c)}/${version}/publish`, { effectiveFrom }),
    /** GET /api/cities/:city/pack-diff?from&to — what changed from one version to another. */
    diff: (c: string, from: number, to: number) => call<VersionDiff>('GET', `/api/cities/${encodeURIComponent(c)}/pack-diff?from=${from}&to=${to}`),
    /** GET /api/cities/:city/rollout-checklist[?version] — what the city still lacks to go live. */
    checklist: (c: string, version?: number) =>
      call<RolloutChecklist>('GET', `/api/cities/${encodeURIComponent(c)}/rollout-checklist${version === undefined ? '' : `?version=${version}`}`),
    /** POST /api/cities — a new city copied from the signed-in implementer's own. */
    createCity: (request: NewCityRequest) => call<NewCityResult>('POST', '/api/cities', request),
    /** The URL of a version as an archive (a link the browser downloads with the session cookie). */
    archiveUrl: (c: string, version: number, format: ArchiveFormat) => `${base}${city(c)}/${version}/archive?format=${format}`,
    /** POST /api/cities/:city/pack-drafts — a folder's files as a new draft. */
    importFiles: (c: string, files: PackFile[], source: string) =>
      call<PackVersion>('POST', `/api/cities/${encodeURIComponent(c)}/pack-drafts?source=${encodeURIComponent(source)}`, { files }),
    /** POST /api/cities/:city/pack-drafts/archive — a .tar.gz or .zip as a new draft. */
    importArchive: (c: string, archive: Blob, name: string) =>
      call<PackVersion>(
        'POST',
        `/api/cities/${encodeURIComponent(c)}/pack-drafts/archive?source=${encodeURIComponent(name)}`,
        archive,
        /\.zip$/i.test(name) ? 'application/zip' : 'application/gzip',
      ),
    /** POST /api/cities/:city/matter-table — the classes of a matter taxonomy table (.xlsx or .csv); 422 names each bad cell. */
    readMatterTable: (c: string, table: Blob, name: string) =>
      call<{ matters: MatterNode[]; classes: number; leaves: number }>(
        'POST',
        `/api/cities/${encodeURIComponent(c)}/matter-table`,
        table,
        /\.csv$/i.test(name) ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    /** POST /api/cities/:city/deadlines/recompute — provisional deadlines counted again, timers moved. */
    recomputeDeadlines: (c: string, version?: number) =>
      call<RecomputeResult>('POST', `/api/cities/${encodeURIComponent(c)}/deadlines/recompute`, version === undefined ? {} : { version }),
    /** POST /api/cities/:city/packs/:version/migration/preview — which open tickets on older versions would move to this published one. */
    previewMigration: (c: string, version: number, request: MigrationRequest) =>
      call<MigrationPreview>('POST', `/api/cities/${encodeURIComponent(c)}/packs/${version}/migration/preview`, request),
    /** POST /api/cities/:city/packs/:version/migration/apply — moves them, each ticket on its own; refusals per ticket. */
    applyMigration: (c: string, version: number, request: MigrationRequest) =>
      call<MigrationResult>('POST', `/api/cities/${encodeURIComponent(c)}/packs/${version}/migration/apply`, request),
  };
}

export type HotlineApi = ReturnType<typeof createApiClient>;
