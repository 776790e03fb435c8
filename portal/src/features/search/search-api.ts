// 工单查询 and 重复来电 calls (POST: a caller's phone never goes in a URL). Through the app's client, so
// the session, the CSRF header and the error handling are the app's.
import type { CallInProgress, FoundTicket, LinkedCall, RepeatCallInput, RepeatCandidate, RepeatCandidates, SearchCriteria, SearchPage } from '@hotline/api-types';
import type { ApiClient } from '../../api/client';

export type { FoundTicket, LinkedCall, RepeatCandidate, SearchCriteria };

export const searchTickets = (api: ApiClient, city: string, criteria: SearchCriteria, page: number, pageSize: number, signal?: AbortSignal) =>
  api.call<SearchPage>('POST', `/api/cities/${city}/ticket-searches`, { ...criteria, page, pageSize }, signal);

export const repeatCandidates = (api: ApiClient, city: string, call: CallInProgress, signal?: AbortSignal) =>
  api.call<RepeatCandidates>('POST', `/api/cities/${city}/repeat-calls/candidates`, call, signal);

export const linkRepeatCall = (api: ApiClient, city: string, number: string, call: RepeatCallInput) =>
  api.call<LinkedCall>('POST', `/api/cities/${city}/tickets/${encodeURIComponent(number)}/repeat-calls`, call);

/** The form's values as criteria: blanks dropped, text trimmed. Pure: unit-tested. */
export function criteriaOf(values: Record<string, unknown>): SearchCriteria {
  const out: Record<string, string> = {};
  for (const key of ['number', 'phone', 'address', 'words', 'unit', 'type', 'channel', 'status', 'from', 'to', 'place', 'matter'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim();
  }
  return out as SearchCriteria;
}
