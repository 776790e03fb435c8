// 工单查询 and 重复来电 calls (POST: a caller's phone never goes in a URL). Through the app's client, so
// the session, the CSRF header and the error handling are the app's.
import type { ApiClient } from '../../api/client';

export interface FoundTicket {
  number: string;
  type: string;
  urgency: string;
  status: string;
  summary: string | null;
  address: string | null;
  place: string | null;
  unitCode: string | null;
  unitName: string | null;
  registeredAt: string;
  closedAt: string | null;
  dueAt: string | null;
  repeatCalls: number;
  caller: { name: string; phone: string; masked: true } | null;
}

export interface SearchCriteria {
  number?: string;
  phone?: string;
  address?: string;
  words?: string;
  unit?: string;
  type?: string;
  status?: 'open' | 'closed' | 'cancelled';
  from?: string;
  to?: string;
}

export interface SearchPage {
  items: FoundTicket[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface RepeatCandidate {
  ticket: FoundTicket;
  reasons: Array<'sameCaller' | 'similarContent'>;
  tellCaller: string;
}

export interface LinkedCall {
  ticket: FoundTicket;
  sameCaller: boolean;
  tellCaller: string;
  repeatCalls: number;
}

export const searchTickets = (api: ApiClient, city: string, criteria: SearchCriteria, page: number, pageSize: number, signal?: AbortSignal) =>
  api.call<SearchPage>('POST', `/api/cities/${city}/ticket-searches`, { ...criteria, page, pageSize }, signal);

export const repeatCandidates = (api: ApiClient, city: string, call: { phone?: string; content?: string; place?: string; address?: string }, signal?: AbortSignal) =>
  api.call<{ items: RepeatCandidate[] }>('POST', `/api/cities/${city}/repeat-calls/candidates`, call, signal);

export const linkRepeatCall = (api: ApiClient, city: string, number: string, call: { caller: { name: string; phone: string }; content: string; channel?: string }) =>
  api.call<LinkedCall>('POST', `/api/cities/${city}/tickets/${encodeURIComponent(number)}/repeat-calls`, call);

/** The form's values as criteria: blanks dropped, text trimmed. Pure: unit-tested. */
export function criteriaOf(values: Record<string, unknown>): SearchCriteria {
  const out: Record<string, string> = {};
  for (const key of ['number', 'phone', 'address', 'words', 'unit', 'type', 'status', 'from', 'to'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim();
  }
  return out as SearchCriteria;
}
