// 考核 calls through the app's client (session, CSRF header, errors are the app's); shapes from api-types.
import type { AssessmentAppeal, AssessmentRun, AssessmentRunSummary, AssessmentTrace, FileAppealInput } from '@hotline/api-types';
import type { ApiClient } from '../../api/client';

export type { AssessmentAppeal, AssessmentRun, AssessmentRunSummary, AssessmentTrace };

const base = (city: string) => `/api/cities/${city}/assessment`;

export const listRuns = (api: ApiClient, city: string, signal?: AbortSignal) => api.call<{ items: AssessmentRunSummary[] }>('GET', `${base(city)}/runs`, undefined, signal);
export const getRun = (api: ApiClient, city: string, run: string, signal?: AbortSignal) => api.call<AssessmentRun>('GET', `${base(city)}/runs/${encodeURIComponent(run)}`, undefined, signal);
export const startRun = (api: ApiClient, city: string, from: string, to: string) => api.call<AssessmentRun>('POST', `${base(city)}/runs`, { from, to });
export const traceFigure = (api: ApiClient, city: string, run: string, unit: string, indicator: string, signal?: AbortSignal) =>
  api.call<AssessmentTrace>('GET', `${base(city)}/runs/${encodeURIComponent(run)}/units/${encodeURIComponent(unit)}/indicators/${encodeURIComponent(indicator)}`, undefined, signal);
export const fileAppeal = (api: ApiClient, city: string, run: string, input: FileAppealInput) => api.call<AssessmentAppeal>('POST', `${base(city)}/runs/${encodeURIComponent(run)}/appeals`, input);
export const listAppeals = (api: ApiClient, city: string, run: string | null, signal?: AbortSignal) =>
  api.call<{ items: AssessmentAppeal[] }>('GET', `${base(city)}/appeals${run ? `?run=${encodeURIComponent(run)}` : ''}`, undefined, signal);

/** A figure as people read it: 90.91%, 3, +12.50%; 无数据 when there was nothing to measure. */
export function figureText(value: number | null, format: 'percent' | 'count' | 'change'): string {
  if (value === null) return '无数据';
  if (format === 'count') return String(value);
  const pct = (value * 100).toFixed(2);
  return format === 'change' && value > 0 ? `+${pct}%` : `${pct}%`;
}
