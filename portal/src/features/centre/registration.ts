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
  location?: string;
  callerName?: string;
  callerPhone?: string;
  contactNeeded?: boolean;
  noReplyRequested?: boolean;
}

export function ticketFromRegistration(r: Registration): RegisterTicketInput {
  const summary = r.summary?.trim();
  const location = r.location?.trim();
  // the ticket has no place of its own: the place goes with the content, as staff would write it
  const content = [r.content?.trim() ?? '', location ? `事发地点：${location}` : ''].filter(Boolean).join('\n');
  return {
    type: r.ticketType ?? '',
    ...(r.urgency ? { urgency: r.urgency } : {}),
    ...(r.channel ? { channel: r.channel } : {}),
    ...(summary ? { summary } : {}),
    content,
    caller: { name: r.callerName?.trim() ?? '', phone: r.callerPhone?.trim() ?? '' },
  };
}

const TICKET_TO_FORM: Record<string, string> = {
  '/type': '/ticketType',
  '/caller/name': '/callerName',
  '/caller/phone': '/callerPhone',
  '/caller': '/callerName',
};

/** A problem the server found in the ticket, at the registration form's field. */
export function problemsOnRegistration(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, path: TICKET_TO_FORM[p.path] ?? p.path }));
}
