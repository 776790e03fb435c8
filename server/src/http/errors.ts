// Errors an API call can end with: each a stable code tests and clients match, and an HTTP status.
// A caller never learns whether another city's or unit's record exists: that is a 404, like a miss.
import { HotlineError } from '@hotline/rules';

/** One thing wrong in what the caller sent: where (a path, a row) and what. */
export interface Issue {
  where: string;
  message: string;
  /** The same in Chinese where a person reads it (the modeler), without the place. */
  messageZh?: string;
}

export class ApiError extends HotlineError {
  readonly statusCode: number;
  readonly issues: Issue[] | undefined;
  /** Structured detail for clients, e.g. a form's field errors `{ errors: [{ path, message, messageZh }] }`. */
  readonly details: unknown;
  /** Set when this error refuses the caller access (a role they do not hold, another unit's or city's record): why, for the audit trail's access.denied. */
  denial: string | undefined;

  constructor(statusCode: number, code: string, message: string, issues?: Issue[], details?: unknown) {
    super(code, message, statusCode >= 500 ? 'unexpected' : 'user');
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.issues = issues;
    this.details = details;
  }
}

export const unauthorized = (message = 'sign in first: send Authorization: Bearer <token>') => new ApiError(401, 'UNAUTHENTICATED', message);
const denying = (error: ApiError, reason: string): ApiError => {
  error.denial = reason;
  return error;
};
/** A refusal of access: every 403 is one, and is audited as access.denied. */
export const forbidden = (message: string) => denying(new ApiError(403, 'FORBIDDEN', message), message);
export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
/**
 * A record that exists but lies outside the caller's scope (another city's, another unit's): answered
 * exactly like a miss, so nothing leaks, but audited as access.denied with the reason.
 */
export const outOfScope = (what: string, reason: string) => denying(notFound(what), reason);
/** 404 in the words of the person who reads it (the portal shows the message as it is). */
export const notFoundZh = (message: string) => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
/** 422 at one field of what a person filled in, the way a form's own errors come (`details.errors`): one problem, one error. */
export const refusedAtField = (code: string, field: string, message: string, more: Record<string, unknown> = {}) =>
  new ApiError(422, code, message, undefined, { errors: [{ path: field, message, messageZh: message }], ...more });
export const unavailable = (code: string, message: string) => new ApiError(503, code, message);

/** A whole input refused with every problem listed (a pack, an organisation file). */
export class InputRejectedError extends ApiError {
  constructor(code: string, what: string, issues: Issue[]) {
    super(
      422,
      code,
      `${what} was refused, nothing was stored (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.where}: ${i.message}`).join('\n'),
      issues,
    );
    this.name = 'InputRejectedError';
  }
}
