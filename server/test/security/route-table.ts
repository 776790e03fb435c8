// Every route of the OpenAPI description and what the sweep (route-sweep.integration.test.ts) expects of
// it. A route missing here fails the sweep with the line to add; a route whose access rule changed
// fails it too (the `access` text is the one the OpenAPI description ends with).
//
//   access  the route's access rule as the OpenAPI description states it ("Public: …" is written `public`).
//           Anonymous callers get 401 unless public; a Tianjin user without the grant (ACCESS_USERS) 403.
//   params  which real record a path parameter names (RESOURCES); default: a placeholder by name.
//   unit    the record belongs to one unit: a handler of another unit gets what a missing record gets (404).
//   body    a request body (query: a query string) that passes the route's schema, so the check reaches
//           the city and unit scope instead of stopping at a 400.
// Every `{city}` route, called by a Tianjin user who holds the grant on Hangzhou's real records, must
// answer as for a city that does not exist (404), never 2xx.

export type Resource = 'ticket' | 'task' | 'packVersion';

export interface RouteExpectation {
  access: string;
  params?: Record<string, Resource>;
  unit?: true;
  body?: Record<string, unknown>;
  /** A query string the route requires (without `?`). */
  query?: string;
}

/** For each access rule: a Tianjin user who holds it (for the city and unit checks) and users who do not (403). */
export const ACCESS_USERS: Record<string, { allowed: string; denied?: readonly string[] }> = {
  public: { allowed: 'tj.handler' },
  'Any signed-in user.': { allowed: 'tj.handler' },
  'Needs role admin.': { allowed: 'tj.admin', denied: ['tj.policy', 'tj.handler'] },
  'Needs role policy.': { allowed: 'tj.policy', denied: ['tj.admin', 'tj.handler'] },
  'Needs role policy or admin.': { allowed: 'tj.policy', denied: ['tj.registrar', 'tj.handler'] },
  'Needs role auditor or security; or a role with the page "supervision".': { allowed: 'tj.auditor', denied: ['tj.admin', 'tj.handler'] },
  'Needs role admin or security.': { allowed: 'tj.security', denied: ['tj.auditor', 'tj.handler'] },
  'Needs role security.': { allowed: 'tj.security', denied: ['tj.admin', 'tj.auditor', 'tj.handler'] },
  "Needs a role of the city's pack.": { allowed: 'tj.handler', denied: ['tj.admin'] },
  "Needs a role of the city's pack that may reveal a caller.": { allowed: 'tj.handler', denied: ['tj.dispatcher'] },
  'Needs a role with the page "register".': { allowed: 'tj.registrar', denied: ['tj.handler'] },
  'Needs a role with the page "supervision".': { allowed: 'tj.supervisor', denied: ['tj.handler'] },
  'Needs a role with the page "supervisionOrders".': { allowed: 'tj.supervisor', denied: ['tj.registrar', 'tj.handler'] },
  'Needs a role with the page "search".': { allowed: 'tj.supervisor', denied: ['tj.admin'] },
  'Needs a role with the page "assessment".': { allowed: 'tj.supervisor', denied: ['tj.handler', 'tj.registrar'] },
  'Needs a role with the page "analysis".': { allowed: 'tj.supervisor', denied: ['tj.registrar', 'tj.handler'] },
  'Needs role admin; or a role with the page "deliveries".': { allowed: 'tj.supervisor', denied: ['tj.registrar', 'tj.handler'] },
  'Needs a role with the page "catalogue".': { allowed: 'tj.dispatcher', denied: ['tj.supervisor'] },
  'Needs a role with the page "catalogueReview".': { allowed: 'tj.supervisor', denied: ['tj.dispatcher'] },
  'Needs a role with the page "determinations".': { allowed: 'tj.supervisor', denied: ['tj.registrar'] },
  'Needs a role with the page "catalogue"; or a role with the page "catalogueReview".': { allowed: 'tj.dispatcher', denied: ['tj.handler'] },
  'Needs a role with the page "catalogue"; or a role with the page "catalogueReview"; or a role with the page "dispatch".': { allowed: 'tj.dispatcher', denied: ['tj.handler'] },
  'Needs a role with the page "determinations"; or a role with the page "catalogue"; or a role with the page "catalogueReview".': { allowed: 'tj.supervisor', denied: ['tj.handler'] },
  'Needs a role with the page "dispatch"; or a role with the page "determinations".': { allowed: 'tj.dispatcher', denied: ['tj.handler'] },
};

const PACK = "Needs a role of the city's pack.";
const WRITERS = 'Needs role policy or admin.';
const CATALOGUE = 'Needs a role with the page "catalogue".';
const CATALOGUE_READ = 'Needs a role with the page "catalogue"; or a role with the page "catalogueReview".';
const SIGNED_IN = 'Any signed-in user.';
const ADMIN = 'Needs role admin.';
const SECURITY = 'Needs role security.';
const ADMIN_OR_SECURITY = 'Needs role admin or security.';
const ASSESSMENT = 'Needs a role with the page "assessment".';
const ANALYSIS = 'Needs a role with the page "analysis".';

export const ROUTES: Record<string, RouteExpectation> = {
  'GET /api/health': { access: 'public' },
  'GET /api/health/details': { access: ADMIN },
  'POST /api/auth/login': { access: 'public' },
  'POST /api/auth/logout': { access: SIGNED_IN },
  'GET /api/auth/me': { access: SIGNED_IN },
  // a wrong current password: the sweep never changes anyone's password
  'POST /api/auth/password': { access: SIGNED_IN, body: { currentPassword: 'not the password', newPassword: 'never stored by the sweep' } },
  'GET /api/me': { access: SIGNED_IN },
  'GET /api/cities/{city}/pack-versions': { access: SIGNED_IN },
  'POST /api/cities/{city}/pack-versions': { access: WRITERS, body: { files: [{ path: 'city.json', text: '{}' }] } },
  'GET /api/cities/{city}/pack-versions/{number}': { access: SIGNED_IN, params: { number: 'packVersion' } },
  'POST /api/cities/{city}/pack-versions/{number}/drafts': { access: WRITERS, params: { number: 'packVersion' } },
  'GET /api/cities/{city}/pack-versions/{number}/files/{*}': { access: SIGNED_IN, params: { number: 'packVersion' } },
  'PUT /api/cities/{city}/pack-versions/{number}/files/{*}': { access: WRITERS, params: { number: 'packVersion' }, body: { text: '{}' } },
  'DELETE /api/cities/{city}/pack-versions/{number}/files/{*}': { access: WRITERS, params: { number: 'packVersion' } },
  'POST /api/cities/{city}/pack-versions/{number}/publish': { access: WRITERS, params: { number: 'packVersion' }, body: { effectiveFrom: '2030-01-01' } },
  'GET /api/cities/{city}/pack-diff': { access: SIGNED_IN, query: 'from=1&to=1' },
  'GET /api/cities/{city}/pack-versions/{number}/archive': { access: SIGNED_IN, params: { number: 'packVersion' } },
  'POST /api/cities/{city}/pack-drafts': { access: WRITERS, body: { files: [{ path: 'city.json', text: '{}' }] } },
  'POST /api/cities/{city}/pack-drafts/archive': { access: WRITERS },
  'POST /api/cities/{city}/matter-table': { access: WRITERS },
  'POST /api/cities': { access: ADMIN },
  'GET /api/cities/{city}/rollout-checklist': { access: WRITERS },
  'POST /api/cities/{city}/deadlines/recompute': { access: WRITERS },
  'GET /api/cities/{city}/units': { access: SIGNED_IN },
  'GET /api/cities/{city}/places': { access: SIGNED_IN },
  'GET /api/cities/{city}/notifications': { access: SIGNED_IN },
  'GET /api/cities/{city}/notifications/unread-count': { access: SIGNED_IN },
  'POST /api/cities/{city}/notifications/{id}/read': { access: SIGNED_IN },
  'POST /api/cities/{city}/notifications/read-all': { access: SIGNED_IN },
  'GET /api/cities/{city}/notification-deliveries': { access: 'Needs role admin; or a role with the page "deliveries".' },
  'POST /api/cities/{city}/notification-deliveries/{id}/retry': { access: 'Needs role admin; or a role with the page "deliveries".' },
  'GET /api/cities/{city}/users': { access: ADMIN },
  'POST /api/cities/{city}/organisation': { access: ADMIN, body: { users: [] } },
  'PUT /api/cities/{city}/users/{username}/roles': { access: ADMIN, body: { roles: ['registrar'] } },
  'GET /api/cities/{city}/accounts': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/accounts/{username}/disable': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/accounts/{username}/enable': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/accounts/{username}/end-sessions': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/accounts/{username}/reset-password': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/accounts/{username}/unlock': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/tickets': { access: 'Needs a role with the page "register".', body: { type: 'complaint', content: '路灯不亮', caller: { name: '张三', phone: '13812345678' } } },
  'GET /api/cities/{city}/tickets': { access: PACK },
  'GET /api/cities/{city}/tickets/{number}': { access: PACK, params: { number: 'ticket' }, unit: true },
  'GET /api/cities/{city}/tickets/{number}/timeline': { access: PACK, params: { number: 'ticket' }, unit: true },
  'GET /api/cities/{city}/tickets/{number}/record': { access: PACK, params: { number: 'ticket' }, unit: true },
  'POST /api/cities/{city}/tickets/{number}/caller-reveals': {
    access: "Needs a role of the city's pack that may reveal a caller.",
    params: { number: 'ticket' },
    unit: true,
    body: { reason: '回拨核实诉求地址' },
  },
  'POST /api/cities/{city}/tickets/{number}/caller/reveal': {
    access: "Needs a role of the city's pack that may reveal a caller.",
    params: { number: 'ticket' },
    unit: true,
    body: { reason: '回拨核实诉求地址' },
  },
  'GET /api/cities/{city}/analysis/dashboard': { access: ANALYSIS, query: 'from=2026-01-01&to=2026-01-31' },
  'POST /api/cities/{city}/analysis/refresh': { access: ANALYSIS },
  'GET /api/cities/{city}/analysis/export': { access: ANALYSIS, query: 'from=2026-01-01&to=2026-01-07&format=xlsx' },
  'GET /api/cities/{city}/analysis/briefings': { access: ANALYSIS },
  'GET /api/cities/{city}/analysis/briefings/{id}/{format}': { access: ANALYSIS },
  'POST /api/cities/{city}/ticket-searches': { access: 'Needs a role with the page "search".', body: { words: '路灯' } },
  // 热线知识库: any staff member of the city; who edits or flags what is checked in the service (a unit its own entries, the centre flags)
  'GET /api/cities/{city}/knowledge/settings': { access: PACK },
  'GET /api/cities/{city}/knowledge/entries': { access: PACK },
  'POST /api/cities/{city}/knowledge/entries': {
    access: PACK,
    body: { category: 'housingFund', kind: 'answerScript', title: '扫描', content: '扫描', basis: '扫描', classification: 'secret', effectiveFrom: '2026-01-01', expiresOn: '2026-02-01' },
  },
  'GET /api/cities/{city}/knowledge/entries/{id}': { access: PACK },
  'PUT /api/cities/{city}/knowledge/entries/{id}/draft': {
    access: PACK,
    body: { category: 'housingFund', kind: 'answerScript', title: '扫描', content: '扫描', basis: '扫描', classification: 'public', effectiveFrom: '2026-01-01', expiresOn: '2026-02-01' },
  },
  'POST /api/cities/{city}/knowledge/entries/{id}/submission': { access: PACK },
  'POST /api/cities/{city}/knowledge/entries/{id}/update-request': { access: PACK, body: { reason: '扫描' } },
  'POST /api/cities/{city}/knowledge/searches': { access: PACK, body: { q: '公积金' } },
  'GET /api/cities/{city}/knowledge/entries/{id}/offered': { access: PACK },
  'POST /api/cities/{city}/repeat-calls/candidates': { access: 'Needs a role with the page "register".', body: { phone: '13812345678' } },
  'POST /api/cities/{city}/tickets/{number}/repeat-calls': {
    access: 'Needs a role with the page "register".',
    params: { number: 'ticket' },
    body: { caller: { name: '张三', phone: '13812345678' }, content: '再次来电询问进度' },
  },
  'GET /api/cities/{city}/repeat-calls/figures': { access: 'Needs a role with the page "supervision".', query: 'from=2026-01-01&to=2026-12-31' },
  'GET /api/events': { access: PACK },
  'GET /api/cities/{city}/tasks': { access: PACK },
  'GET /api/cities/{city}/tasks/{id}': { access: PACK, params: { id: 'task' }, unit: true },
  'POST /api/cities/{city}/tasks/{id}/claim': { access: PACK, params: { id: 'task' }, unit: true },
  'POST /api/cities/{city}/tasks/{id}/complete': { access: PACK, params: { id: 'task' }, unit: true, body: { requestId: 'route-sweep' } },
  'POST /api/cities/{city}/assessment/runs': { access: ASSESSMENT, body: { from: '2026-01-01', to: '2026-01-31' } },
  'GET /api/cities/{city}/assessment/runs': { access: ASSESSMENT },
  'GET /api/cities/{city}/assessment/runs/{run}': { access: ASSESSMENT },
  'GET /api/cities/{city}/assessment/runs/{run}/units/{unit}/indicators/{indicator}': { access: ASSESSMENT },
  'GET /api/cities/{city}/assessment/runs/{run}/export': { access: ASSESSMENT },
  'POST /api/cities/{city}/assessment/runs/{run}/appeals': { access: ASSESSMENT, body: { indicator: 'satisfaction', reason: '满意率统计有误', evidence: '工单 2026000001' } },
  'GET /api/cities/{city}/assessment/appeals': { access: ASSESSMENT },
  'GET /api/cities/{city}/supervision': { access: 'Needs a role with the page "supervision".' },
  'GET /api/cities/{city}/supervision/triggers': { access: 'Needs a role with the page "supervision".' },
  'POST /api/cities/{city}/supervision/orders': { access: 'Needs a role with the page "supervisionOrders".', body: { ticket: 'x', requiredResponse: '说明办理情况', opinion: '请加快办理' } },
  'GET /api/cities/{city}/supervision/orders': { access: 'Needs a role with the page "supervision".' },
  'GET /api/cities/{city}/supervision/bulletin': { access: 'Needs a role with the page "supervision".', query: 'from=2026-01-01&to=2026-01-31' },
  'GET /api/cities/{city}/supervision/bulletin/export': { access: 'Needs a role with the page "supervision".', query: 'period=month&of=2026-01-15' },
  'GET /api/cities/{city}/catalogue': { access: CATALOGUE_READ },
  'GET /api/cities/{city}/catalogue/versions/{id}': { access: CATALOGUE_READ },
  'POST /api/cities/{city}/catalogue/drafts': { access: CATALOGUE },
  'PUT /api/cities/{city}/catalogue/versions/{id}/entries': { access: CATALOGUE, body: { entries: [{ matter: 'x', place: null, leadUnit: 'x', assistingUnits: [], basis: 'x', effectiveFrom: '2030-01-01', effectiveTo: null }] } },
  'POST /api/cities/{city}/catalogue/versions/{id}/entries': { access: CATALOGUE, body: { matter: 'x', place: null, leadUnit: 'x', assistingUnits: [], basis: 'x', effectiveFrom: '2030-01-01', effectiveTo: null } },
  'POST /api/cities/{city}/catalogue/versions/{id}/import': { access: CATALOGUE },
  'GET /api/cities/{city}/catalogue/versions/{id}/export': { access: CATALOGUE_READ },
  'POST /api/cities/{city}/catalogue/versions/{id}/submit': { access: CATALOGUE },
  'POST /api/cities/{city}/catalogue/versions/{id}/review': { access: 'Needs a role with the page "catalogueReview".', body: { decision: 'approve' } },
  'GET /api/cities/{city}/catalogue/proposal': { access: 'Needs a role with the page "catalogue"; or a role with the page "catalogueReview"; or a role with the page "dispatch".' },
  'GET /api/cities/{city}/catalogue/figures': { access: CATALOGUE_READ, query: 'from=2026-01-01&to=2026-12-31' },
  'GET /api/cities/{city}/determinations': { access: 'Needs a role with the page "determinations"; or a role with the page "catalogue"; or a role with the page "catalogueReview".' },
  'POST /api/cities/{city}/determinations': {
    access: 'Needs a role with the page "dispatch"; or a role with the page "determinations".',
    body: { ticketId: 'x', kind: 'field', note: '现场核查' },
  },
  'POST /api/cities/{city}/determinations/{id}/decision': {
    access: 'Needs a role with the page "determinations".',
    body: { leadUnit: 'x', assistingUnits: [], basis: 'x', addToCatalogue: false },
  },
  'GET /api/engine/clock': { access: ADMIN },
  'POST /api/engine/clock': { access: ADMIN },
  'POST /api/cities/{city}/packs/{version}/migration/preview': { access: WRITERS, body: { recomputeDeadlines: false } },
  'POST /api/cities/{city}/packs/{version}/migration/apply': { access: 'Needs role policy.', body: { recomputeDeadlines: false } },
  'GET /api/cities/{city}/audit-events': { access: 'Needs role auditor or security; or a role with the page "supervision".' },
  'GET /api/cities/{city}/role-grants': { access: ADMIN_OR_SECURITY },
  'POST /api/cities/{city}/role-grants': { access: ADMIN, body: { username: 'tj.handler', role: 'supervisor' } },
  'POST /api/cities/{city}/role-grants/{id}/approve': { access: SECURITY },
  'POST /api/cities/{city}/role-grants/{id}/reject': { access: SECURITY },
  'GET /api/cities/{city}/reveal-reasons': { access: "Needs a role of the city's pack that may reveal a caller." },
  'GET /api/cities/{city}/security/alerts': { access: SECURITY },
  'POST /api/cities/{city}/security/alerts/{id}/close': { access: SECURITY, body: { note: '核查无异常' } },
};
