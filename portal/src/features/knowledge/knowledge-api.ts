// 热线知识库 calls, through the app's client (session, CSRF header, errors are the app's).
import type { KnowledgeDraft, KnowledgeEntryDetail, KnowledgeEntryPage, KnowledgeHits, KnowledgeReading, KnowledgeSettings } from '@hotline/api-types';
import type { ApiClient } from '../../api/client';

export type { KnowledgeDraft, KnowledgeEntry, KnowledgeEntryDetail, KnowledgeHit, KnowledgeReading, KnowledgeSettings, KnowledgeVersion } from '@hotline/api-types';

const base = (city: string) => `/api/cities/${city}/knowledge`;

export const knowledgeSettings = (api: ApiClient, city: string) => api.call<KnowledgeSettings>('GET', `${base(city)}/settings`);

export function knowledgeEntries(api: ApiClient, city: string, query: { scope?: 'all' | 'mine' | 'due'; category?: string; page?: number; pageSize?: number }, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  return api.call<KnowledgeEntryPage>('GET', `${base(city)}/entries?${params}`, undefined, signal);
}

export const knowledgeEntry = (api: ApiClient, city: string, id: string) => api.call<KnowledgeEntryDetail>('GET', `${base(city)}/entries/${encodeURIComponent(id)}`);
export const createKnowledgeEntry = (api: ApiClient, city: string, draft: KnowledgeDraft) => api.call<KnowledgeEntryDetail>('POST', `${base(city)}/entries`, draft);
export const saveKnowledgeDraft = (api: ApiClient, city: string, id: string, draft: KnowledgeDraft) =>
  api.call<KnowledgeEntryDetail>('PUT', `${base(city)}/entries/${encodeURIComponent(id)}/draft`, draft);
export const submitKnowledgeEntry = (api: ApiClient, city: string, id: string) => api.call<KnowledgeEntryDetail>('POST', `${base(city)}/entries/${encodeURIComponent(id)}/submission`);
export const flagKnowledgeEntry = (api: ApiClient, city: string, id: string, reason: string, emergency: boolean) =>
  api.call<KnowledgeEntryDetail>('POST', `${base(city)}/entries/${encodeURIComponent(id)}/update-request`, { reason, emergency });
export const searchKnowledge = (api: ApiClient, city: string, q: string, signal?: AbortSignal) => api.call<KnowledgeHits>('POST', `${base(city)}/searches`, { q }, signal);
export const readKnowledge = (api: ApiClient, city: string, id: string) => api.call<KnowledgeReading>('GET', `${base(city)}/entries/${encodeURIComponent(id)}/offered`);

export const STATUS_LABELS: Record<string, string> = { draft: '草稿', review: '审核中', published: '已发布', superseded: '历史版本' };
export const STATUS_COLORS: Record<string, string> = { draft: 'default', review: 'processing', published: 'success', superseded: 'default' };

/** The classify task's fields for an answer given from an entry (直接答复, citing it). Pure. */
export function directAnswerFrom(reading: Pick<KnowledgeReading, 'reference' | 'version'>): Record<string, unknown> {
  const content = reading.version.content;
  return { outcome: 'directAnswer', answeredBy: 'knowledgeBase', knowledgeRef: reading.reference, answer: content.length > 2000 ? content.slice(0, 2000) : content };
}
