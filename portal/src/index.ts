// @hotline/portal: the task portal's pure pieces, for other packages' tests and tools. The app
// itself is built by Vite from src/main.tsx into dist/ and served by the server at `/`.
export { ApiClient } from './api/client';
export type { ApiClientOptions, CompleteInput, RegisterTicketInput } from './api/client';
export { ApiError, apiErrorOf, describeError, fieldProblemsOf } from './api/errors';
export type * from './api/types';
export { dueStatus, formatDuration, formatInstant } from './lib/due';
export type { DueState, DueStatus } from './lib/due';
export { fromSearchParams, toSearchParams } from './lib/inbox-query';
export type { InboxQuery } from './lib/inbox-query';
export { splitProblems } from './lib/field-errors';
export { planActions } from './lib/actions';
