// The inbox's filters, kept in the page's URL (so a reload, a link or the back button keeps them)
// and sent to `GET tasks` as its query. Pure: unit-tested.

export interface InboxQuery {
  status?: 'open' | 'claimed' | 'completed' | undefined;
  form?: string | undefined;
  type?: string | undefined;
  urgency?: string | undefined;
  unit?: string | undefined;
  /** A place code: its tickets and those of every place under it. */
  place?: string | undefined;
  overdue?: boolean | undefined;
  /** A ticket number, or its beginning. */
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

const FIELDS = ['status', 'form', 'type', 'urgency', 'unit', 'place', 'q'] as const;
const STATUSES = new Set(['open', 'claimed', 'completed']);

function positiveInt(text: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === null || !/^\d+$/.test(text)) return fallback;
  const n = Number(text);
  return n >= 1 ? Math.min(n, max) : fallback;
}

/** Reads the filters from a page URL's search part; anything malformed falls back to its default. */
export function fromSearchParams(params: URLSearchParams, defaults: Partial<InboxQuery> = {}): InboxQuery {
  const query: InboxQuery = {
    ...defaults,
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), defaults.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
  for (const field of FIELDS) {
    const value = params.get(field)?.trim();
    if (!value) continue;
    if (field === 'status') {
      if (STATUSES.has(value)) query.status = value as InboxQuery['status'];
    } else {
      query[field] = value;
    }
  }
  if (params.get('overdue') === 'true') query.overdue = true;
  return query;
}

/**
 * The filters as search parameters: for the page URL (`page`: only what differs from the defaults)
 * or for the API (`api`: everything set, status defaulting to open).
 */
export function toSearchParams(query: InboxQuery, target: 'page' | 'api', defaults: Partial<InboxQuery> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = query[field];
    if (value === undefined || value === '') continue;
    if (target === 'page' && defaults[field] === value) continue;
    params.set(field, field === 'q' ? value.trim().toUpperCase() : value);
  }
  if (target === 'api' && !params.has('status')) params.set('status', 'open');
  if (query.overdue) params.set('overdue', 'true');
  if (target === 'api' || query.page !== 1) params.set('page', String(query.page));
  if (target === 'api' || query.pageSize !== (defaults.pageSize ?? DEFAULT_PAGE_SIZE)) params.set('pageSize', String(query.pageSize));
  return params;
}

/** A change of any filter starts again at page 1. */
export function withFilter(query: InboxQuery, change: Partial<Omit<InboxQuery, 'page' | 'pageSize'>>): InboxQuery {
  return { ...query, ...change, page: 1 };
}

/** Whether any filter narrows the list (for "no tasks match" vs "no tasks at all"). */
export function isFiltered(query: InboxQuery, defaults: Partial<InboxQuery> = {}): boolean {
  return FIELDS.some((f) => query[f] !== undefined && query[f] !== '' && query[f] !== defaults[f]) || query.overdue === true;
}

/** The pager's total: a large inbox is counted only so far past the page (`exact` false), 「共 1000+ 项」. */
export function totalLabel(total: number, exact: boolean | undefined): string {
  return `共 ${total}${exact === false ? '+' : ''} 项`;
}
