// The registration form's data as the ticket the server registers, and the server's field problems
// back onto the form's fields. Pure: unit-tested.
import type { RegisterTicketInput } from '../../api/client';
import type { FieldProblem } from '../../api/types';

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
