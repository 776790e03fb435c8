// The registration form's data as the ticket the server registers, and the server's field problems
// back onto the form's fields. Pure: unit-tested.
import { type Schema, Validator } from '@cfworker/json-schema';
import type { RegisterTicketInput } from '../../api/client';
import type { FieldProblem } from '../../api/types';
import { problemInWords, problemsOfCheck, problemsOfMessage } from '../../lib/field-errors';

export interface Registration {
  channel?: string;
  ticketType?: string;
  urgency?: string;
  summary?: string;
  content?: string;
  /** 诉求事项: a matter code of the pack's taxonomy. */
  matter?: string;
  /** 事发区划: a place code. */
  place?: string;
  location?: string;
  callerName?: string;
  callerPhone?: string;
  contactNeeded?: boolean;
  noReplyRequested?: boolean;
}

export function ticketFromRegistration(r: Registration): RegisterTicketInput {
  const summary = r.summary?.trim();
  const address = r.location?.trim();
  return {
    type: r.ticketType ?? '',
    ...(r.urgency ? { urgency: r.urgency } : {}),
    ...(r.channel ? { channel: r.channel } : {}),
    ...(summary ? { summary } : {}),
    content: r.content?.trim() ?? '',
    ...(r.matter ? { matter: r.matter } : {}),
    ...(r.place ? { place: r.place } : {}),
    ...(address ? { address } : {}),
    caller: { name: r.callerName?.trim() ?? '', phone: r.callerPhone?.trim() ?? '' },
  };
}

const TICKET_TO_FORM: Record<string, string> = {
  '/type': '/ticketType',
  '/caller/name': '/callerName',
  '/caller/phone': '/callerPhone',
  '/caller': '/callerName',
  '/address': '/location',
};

/** A problem the server found in the ticket, at the registration form's field. */
export function problemsOnRegistration(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, path: TICKET_TO_FORM[p.path] ?? p.path }));
}

/**
 * A refused registration's problems at the register form's fields, in Chinese naming each field by the
 * form's title: the server's field problems, or its one English sentence read for the fields it names.
 */
export function registrationProblems(error: { message: string; fieldProblems?: readonly FieldProblem[] }, schema: unknown): FieldProblem[] {
  const given = error.fieldProblems && error.fieldProblems.length > 0 ? error.fieldProblems : problemsOfMessage(error.message);
  return problemsOnRegistration(given).map((p) => problemInWords(p, schema));
}

/** The register form checked in the browser before it is sent (the city's own rules: required fields, the phone's pattern). */
export function checkRegistration(schema: Record<string, unknown>, data: Registration): FieldProblem[] {
  const result = new Validator(schema as Schema, '2020-12', false).validate(JSON.parse(JSON.stringify(data)));
  return result.valid ? [] : problemsOfCheck(result.errors, schema);
}
