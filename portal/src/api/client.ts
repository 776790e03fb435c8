// Typed client of the server's API (same origin: the server serves the portal and sets the session
// cookie on /api). The session lives only in that HttpOnly cookie: the token sign-in returns (for API
// clients) is ignored, so no script in the page can read it. Requests that change something carry the
// CSRF token the server set in the readable hotline_csrf cookie.
import { apiErrorOf } from './errors';
import type {
  CatalogueEntry,
  CatalogueFigures,
  CatalogueOverview,
  CatalogueVersion,
  CatalogueVersionDetail,
  DecisionInput,
  Determination,
  DeterminationKind,
  Proposal,
} from './catalogue-types';
import type {
  Account,
  AccountAction,
  AuditEvent,
  AuditQuery,
  BoardKind,
  GrantableRole,
  PackFileText,
  PackVersionInfo,
  Page,
  Place,
  PortalNotification,
  RoleGrantRequest,
  RevealReason,
  RevealRequest,
  SecurityAlert,
  SignedInUser,
  SupervisionItem,
  SupervisionOrder,
  IssueOrderInput,
  Bulletin,
  BulletinPeriod,
  SupervisionTrigger,
  Task,
  TaskDetail,
  Ticket,
  TicketEvent,
  HandoffContext,
  Unit,
} from './types';
import { type InboxQuery, toSearchParams } from '../lib/inbox-query';

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The session's CSRF token; by default read from the hotline_csrf cookie. */
  csrfToken?: () => string | null;
}

export interface RegisterTicketInput {
  type: string;
  urgency?: string;
  channel?: string;
  content: string;
  caller: { name: string; phone: string };
  [key: string]: unknown;
}

export interface CompleteInput {
  data: unknown;
  requestId: string;
  /** The action chosen among the task's `actions` (e.g. `extension` on the reply task). */
  action?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The value of the hotline_csrf cookie the server set at sign-in, or null. */
export function csrfTokenIn(cookies: string): string | null {
  const match = /(?:^|;\s*)hotline_csrf=([^;]*)/.exec(cookies);
  return match ? decodeURIComponent(match[1]!) : null;
}

const documentCsrfToken = () => (typeof document === 'undefined' ? null : csrfTokenIn(document.cookie));

export class ApiClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly csrfToken: () => string | null;
  /** Called on every 401 (the session ended): the app goes back to sign-in. */
  onUnauthorized: (() => void) | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.base = options.baseUrl ?? '';
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.csrfToken = options.csrfToken ?? documentCsrfToken;
  }

  /** Where the live updates stream is (GET /api/events, server-sent events; EventSource sends the session cookie). */
  eventsUrl(): string {
    return `${this.base}/api/events`;
  }

  /** A request with the session cookie (and its CSRF token when it changes something); a body that is not raw (a Blob) goes as JSON. */
  private async send(method: string, url: string, body?: unknown, signal?: AbortSignal, accept = 'application/json', background = false): Promise<Response> {
    const headers: Record<string, string> = { accept };
    // a page's own timer, not the person: the server does not count it as use (idle timeout)
    if (background) headers['x-background-refresh'] = '1';
    const raw = body instanceof Blob;
    if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
    const csrf = SAFE_METHODS.has(method) ? null : this.csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
    return this.doFetch(this.base + url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  async call<T>(method: string, url: string, body?: unknown, signal?: AbortSignal, background = false): Promise<T> {
    const response = await this.send(method, url, body, signal, 'application/json', background);
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) {
      if (response.status === 401 && !url.startsWith('/api/auth/login')) this.onUnauthorized?.();
      throw apiErrorOf(response.status, parsed);
    }
    return parsed as T;
  }

  // -- session
  /** Signs in: the server sets the session cookie (the token in the answer is for API clients, not kept). */
  async login(username: string, password: string): Promise<void> {
    await this.call('POST', '/api/auth/login', { username, password });
  }

  async logout(): Promise<void> {
    await this.call('POST', '/api/auth/logout');
  }

  /** One's own password, with the current one (422 with the policy's Chinese reasons at /newPassword). */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.call('POST', '/api/auth/password', { currentPassword, newPassword });
  }

  /** Who is signed in: `GET /api/me` of the contract, else the older `/api/auth/me`. */
  async me(): Promise<SignedInUser> {
    try {
      return await this.call<SignedInUser & { user?: never }>('GET', '/api/me').then(normaliseMe);
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
    const actor = await this.call<{ username: string; displayName: string; cityId: string } & Pick<SignedInUser, 'roles' | 'pages' | 'scope' | 'roleLabels' | 'seesCallers'>>('GET', '/api/auth/me');
    const { username, displayName: name, cityId, roles, pages, scope, roleLabels, seesCallers } = actor;
    return { username, name, roles, pages, scope, roleLabels, seesCallers, unit: null, city: { id: cityId, name: cityId } };
  }

  // -- accounts (the system administrator's page)
  accounts(city: string): Promise<{ accounts: Account[] }> {
    return this.call('GET', `/api/cities/${city}/accounts`);
  }

  /** `temporaryPassword`: reset-password only, shown this once. */
  accountAction(city: string, username: string, action: AccountAction): Promise<{ account: Account; temporaryPassword?: string }> {
    return this.call('POST', `/api/cities/${city}/accounts/${encodeURIComponent(username)}/${action}`);
  }

  // -- notifications (提醒)
  /** `background`: the header's bell polling, which does not keep an idle session alive. */
  unreadNotifications(city: string, background = false): Promise<{ unread: number }> {
    return this.call('GET', `/api/cities/${city}/notifications/unread-count`, undefined, undefined, background);
  }

  notifications(city: string): Promise<{ items: PortalNotification[]; unread: number }> {
    return this.call('GET', `/api/cities/${city}/notifications?limit=30`);
  }

  markNotificationRead(city: string, id: string): Promise<PortalNotification> {
    return this.call('POST', `/api/cities/${city}/notifications/${encodeURIComponent(id)}/read`);
  }

  markAllNotificationsRead(city: string): Promise<{ unread: number }> {
    return this.call('POST', `/api/cities/${city}/notifications/read-all`);
  }

  // -- tasks
  /** `background`: the inbox refreshing itself, which does not keep an idle session alive. */
  tasks(city: string, query: InboxQuery, signal?: AbortSignal, background = false): Promise<Page<Task>> {
    return this.call('GET', `/api/cities/${city}/tasks?${toSearchParams(query, 'api').toString()}`, undefined, signal, background);
  }

  task(city: string, id: string, signal?: AbortSignal): Promise<TaskDetail> {
    return this.call('GET', `/api/cities/${city}/tasks/${encodeURIComponent(id)}`, undefined, signal);
  }

  claim(city: string, id: string): Promise<Task> {
    return this.call('POST', `/api/cities/${city}/tasks/${encodeURIComponent(id)}/claim`);
  }

  complete(city: string, id: string, input: CompleteInput): Promise<{ task: Task; ticket: Ticket }> {
    return this.call('POST', `/api/cities/${city}/tasks/${encodeURIComponent(id)}/complete`, input);
  }

  // -- tickets
  registerTicket(city: string, input: RegisterTicketInput): Promise<Ticket> {
    return this.call('POST', `/api/cities/${city}/tickets`, input);
  }

  ticket(city: string, id: string): Promise<Ticket> {
    return this.call('GET', `/api/cities/${city}/tickets/${encodeURIComponent(id)}`);
  }

  timeline(city: string, id: string): Promise<{ items: TicketEvent[] }> {
    return this.call('GET', `/api/cities/${city}/tickets/${encodeURIComponent(id)}/timeline`);
  }

  /** The ticket's whole record (督办): every completed step with its fields in the pack's words. */
  ticketRecord(city: string, id: string): Promise<HandoffContext> {
    return this.call('GET', `/api/cities/${city}/tickets/${encodeURIComponent(id)}/record`);
  }

  revealCaller(city: string, id: string, request: RevealRequest): Promise<{ name: string; phone: string }> {
    return this.call('POST', `/api/cities/${city}/tickets/${encodeURIComponent(id)}/caller/reveal`, request);
  }

  /** The city's reason categories for a reveal beyond one's own tasks. */
  revealReasons(city: string): Promise<{ reasons: RevealReason[] }> {
    return this.call('GET', `/api/cities/${city}/reveal-reasons`);
  }

  // -- security administrator (安全管理员)
  securityAlerts(city: string, status: 'open' | 'closed', signal?: AbortSignal): Promise<{ alerts: SecurityAlert[] }> {
    return this.call('GET', `/api/cities/${city}/security/alerts?status=${status}`, undefined, signal);
  }

  closeSecurityAlert(city: string, id: string, note: string): Promise<SecurityAlert> {
    return this.call('POST', `/api/cities/${city}/security/alerts/${encodeURIComponent(id)}/close`, { note });
  }

  /** `place`: the tickets in that place and everything under it. */
  supervision(city: string, kind: BoardKind, page: number, pageSize: number, signal?: AbortSignal, trigger?: string, place?: string): Promise<Page<SupervisionItem>> {
    const filter = `${trigger ? `&trigger=${encodeURIComponent(trigger)}` : ''}${place ? `&place=${encodeURIComponent(place)}` : ''}`;
    return this.call('GET', `/api/cities/${city}/supervision?kind=${kind}${filter}&page=${page}&pageSize=${pageSize}`, undefined, signal);
  }

  /** The supervision triggers the city's packs declare (督办情形, 预警 …), for the board's filter. */
  supervisionTriggers(city: string, signal?: AbortSignal): Promise<{ items: SupervisionTrigger[] }> {
    return this.call('GET', `/api/cities/${city}/supervision/triggers`, undefined, signal);
  }

  /** Issues a 督办单 for a ticket (the unit answers it in its inbox). */
  issueSupervisionOrder(city: string, input: IssueOrderInput): Promise<SupervisionOrder> {
    return this.call('POST', `/api/cities/${city}/supervision/orders`, input);
  }

  supervisionOrders(city: string, state: 'open' | 'overdue' | 'all', page: number, pageSize: number, signal?: AbortSignal): Promise<Page<SupervisionOrder>> {
    return this.call('GET', `/api/cities/${city}/supervision/orders?state=${state}&page=${page}&pageSize=${pageSize}`, undefined, signal);
  }

  /** The 通报 list for a period: local days (YYYY-MM-DD, inclusive), or the week or month holding a day. */
  supervisionBulletin(city: string, period: BulletinPeriod, signal?: AbortSignal): Promise<Bulletin> {
    return this.call('GET', `/api/cities/${city}/supervision/bulletin?${bulletinQuery(period)}`, undefined, signal);
  }

  /** The 通报 as an xlsx file (the download is audited). */
  exportSupervisionBulletin(city: string, period: BulletinPeriod): Promise<Blob> {
    return this.spreadsheet(`/api/cities/${city}/supervision/bulletin/export?${bulletinQuery(period)}`);
  }

  /** An assessment run's table as an xlsx file (the download is audited). */
  exportAssessment(city: string, run: string): Promise<Blob> {
    return this.spreadsheet(`/api/cities/${city}/assessment/runs/${encodeURIComponent(run)}/export`);
  }

  // -- organisation and pack
  units(city: string): Promise<Unit[]> {
    return this.call('GET', `/api/cities/${city}/units`);
  }

  /** The city's places (区划), each after the one above it. */
  places(city: string): Promise<{ places: Place[] }> {
    return this.call('GET', `/api/cities/${city}/places`);
  }

  packVersions(city: string): Promise<PackVersionInfo[]> {
    return this.call('GET', `/api/cities/${city}/pack-versions`);
  }

  packFiles(city: string, number: number): Promise<{ version: PackVersionInfo; files: PackFileText[] }> {
    return this.call('GET', `/api/cities/${city}/pack-versions/${number}`);
  }

  // -- dispatch catalogue (派单目录)
  catalogue(city: string, signal?: AbortSignal): Promise<CatalogueOverview> {
    return this.call('GET', `/api/cities/${city}/catalogue`, undefined, signal);
  }

  catalogueVersion(city: string, id: number, signal?: AbortSignal): Promise<CatalogueVersionDetail> {
    return this.call('GET', `${catalogueVersionPath(city, id)}`, undefined, signal);
  }

  createCatalogueDraft(city: string): Promise<CatalogueVersion> {
    return this.call('POST', `/api/cities/${city}/catalogue/drafts`);
  }

  /** Refused (409 CATALOGUE_CHANGED) when the draft changed since `revision` was read. */
  saveCatalogueEntries(city: string, id: number, entries: CatalogueEntry[], revision: number): Promise<CatalogueVersion> {
    return this.call('PUT', `${catalogueVersionPath(city, id)}/entries`, { entries, revision });
  }

  /** Replaces the draft's entries with a spreadsheet's (422 names every bad cell by row and column). */
  importCatalogue(city: string, id: number, file: Blob, revision: number): Promise<CatalogueVersion> {
    return this.call('POST', `${catalogueVersionPath(city, id)}/import?revision=${revision}`, new Blob([file], { type: XLSX_TYPE }));
  }

  /** The version as a spreadsheet (the import's columns). */
  exportCatalogue(city: string, id: number): Promise<Blob> {
    return this.spreadsheet(`${catalogueVersionPath(city, id)}/export`);
  }

  /** An xlsx file the server hands out; its refusal as an ApiError. */
  private spreadsheet(path: string): Promise<Blob> {
    return this.file(path, XLSX_TYPE);
  }

  /** A file the server hands out (xlsx, PDF); its refusal as an ApiError. */
  async file(path: string, type: string): Promise<Blob> {
    const response = await this.send('GET', path, undefined, undefined, type);
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw apiErrorOf(response.status, parsed);
    }
    return response.blob();
  }

  submitCatalogue(city: string, id: number): Promise<CatalogueVersion> {
    return this.call('POST', `${catalogueVersionPath(city, id)}/submit`);
  }

  reviewCatalogue(city: string, id: number, decision: 'approve' | 'reject', comment?: string): Promise<CatalogueVersion> {
    return this.call('POST', `${catalogueVersionPath(city, id)}/review`, { decision, ...(comment ? { comment } : {}) });
  }

  /** `place`: only the dispatches of tickets in that place and everything under it. */
  catalogueFigures(city: string, from: string, to: string, signal?: AbortSignal, place?: string): Promise<CatalogueFigures> {
    return this.call('GET', `/api/cities/${city}/catalogue/figures?from=${from}&to=${to}${place ? `&place=${encodeURIComponent(place)}` : ''}`, undefined, signal);
  }

  proposal(city: string, matter: string, place: string | null): Promise<Proposal> {
    const q = new URLSearchParams({ matter, ...(place ? { place } : {}) });
    return this.call('GET', `/api/cities/${city}/catalogue/proposal?${q.toString()}`);
  }

  // -- responsibility determination (定责)
  /** The audit trail, newest first, filtered (the audit administrator's page). */
  auditEvents(city: string, query: AuditQuery, signal?: AbortSignal): Promise<AuditEvent[]> {
    const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
    return this.call('GET', `/api/cities/${city}/audit-events?${q.toString()}`, undefined, signal);
  }

  roleGrants(city: string, status: RoleGrantRequest['status'] | 'all', signal?: AbortSignal): Promise<{ requests: RoleGrantRequest[]; roles: GrantableRole[] }> {
    return this.call('GET', `/api/cities/${city}/role-grants?status=${status}`, undefined, signal);
  }

  requestRoleGrant(city: string, username: string, role: string): Promise<{ roles: string[]; pendingRoles: string[] }> {
    return this.call('POST', `/api/cities/${city}/role-grants`, { username, role });
  }

  decideRoleGrant(city: string, id: number, decision: 'approve' | 'reject', note?: string): Promise<RoleGrantRequest> {
    return this.call('POST', `/api/cities/${city}/role-grants/${id}/${decision}`, note ? { note } : {});
  }

  determinations(city: string, status: 'open' | 'decided', signal?: AbortSignal): Promise<{ determinations: Determination[] }> {
    return this.call('GET', `/api/cities/${city}/determinations?status=${status}`, undefined, signal);
  }

  requestDetermination(city: string, input: { ticketId: string; kind: DeterminationKind; note: string }): Promise<Determination> {
    return this.call('POST', `/api/cities/${city}/determinations`, input);
  }

  decideDetermination(city: string, id: number, input: DecisionInput): Promise<Determination> {
    return this.call('POST', `/api/cities/${city}/determinations/${id}/decision`, input);
  }
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bulletinQuery = (p: BulletinPeriod): string => ('period' in p ? `period=${p.period}${p.of ? `&of=${p.of}` : ''}` : `from=${p.from}&to=${p.to}`);
const catalogueVersionPath = (city: string, id: number) => `/api/cities/${city}/catalogue/versions/${id}`;

function normaliseMe(body: unknown): SignedInUser {
  const b = body as { user?: Omit<SignedInUser, 'city'>; city?: SignedInUser['city'] };
  if (b.user && b.city) return { ...b.user, city: b.city };
  return body as SignedInUser;
}
