// A minimal ticket: registered by the centre, read within the reader's scope. The caller's name and
// phone are shown masked; the full values only to roles whose work needs them, each time with a
// reason, and each reveal is written to the audit trail before the data leaves (Tianjin 2025 §28–§29).
import type { Knex } from 'knex';
import { InputRejectedError, type Issue, conflict, forbidden, notFound } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, CENTRE_ROLES, type Role, UNIT_ROLES, auditActorOf, hasAnyRole } from '../auth/actor';
import { findUnit, unitSubtree } from '../organisations/organisations.service';
import { packInForce } from '../packs/packs.service';
import { maskName, maskPhone } from './masking';
import * as tickets from './tickets.repository';
import type { Caller, Ticket, TicketScope } from './tickets.repository';

/** Roles that see the caller in full on any ticket of their city; unit staff only on their unit's own. */
const REVEAL_ROLES: readonly Role[] = ['registrar', 'returnVisit', 'supervisor'];

export interface TicketInput {
  type: string;
  urgency?: string | undefined;
  content: string;
  /** Code of the handling unit, when already known at registration. */
  unit?: string | undefined;
  caller: Caller;
}

export interface TicketView extends Omit<Ticket, 'id' | 'unitId'> {
  caller: Caller & { masked: true };
}

async function scopeOf(db: Knex, actor: Actor): Promise<TicketScope> {
  if (hasAnyRole(actor, CENTRE_ROLES)) return { all: true };
  const unitIds = new Set<string>();
  if (actor.roles.includes('unitLeader')) for (const id of await unitSubtree(db, actor.unitId)) unitIds.add(id);
  if (actor.roles.includes('unitHandler')) unitIds.add(actor.unitId);
  return { unitIds: [...unitIds] };
}

const masked = (caller: Caller | undefined): TicketView['caller'] => ({
  name: maskName(caller?.name ?? ''),
  phone: maskPhone(caller?.phone ?? ''),
  masked: true,
});

const view = ({ id: _id, unitId: _unitId, ...ticket }: Ticket, caller: Caller | undefined): TicketView => ({ ...ticket, caller: masked(caller) });

export async function registerTicket(db: Knex, actor: Actor, input: TicketInput): Promise<TicketView> {
  const today = chinaToday();
  const inForce = await packInForce(db, actor.cityId, today);
  if (!inForce) throw conflict('NO_PUBLISHED_PACK', `${actor.cityId} has no published pack in force on ${today}: publish one first`);
  const { city } = inForce.pack;
  const urgency = input.urgency ?? 'general';
  const issues: Issue[] = [];
  if (!city.ticketTypes.some((t) => t.key === input.type)) {
    issues.push({ where: '/type', message: `"${input.type}" is not a ticket type of ${city.id}: ${city.ticketTypes.map((t) => t.key).join(', ')}` });
  }
  if (!city.urgencyClasses.some((u) => u.key === urgency)) {
    issues.push({ where: '/urgency', message: `"${urgency}" is not an urgency class of ${city.id}: ${city.urgencyClasses.map((u) => u.key).join(', ')}` });
  }
  const unit = input.unit === undefined ? null : await findUnit(db, actor.cityId, input.unit);
  if (input.unit !== undefined && (unit === null || unit.kind === 'centre')) {
    issues.push({ where: '/unit', message: `"${input.unit}" is not a handling unit of ${city.id}` });
  }
  if (issues.length > 0) throw new InputRejectedError('TICKET_INVALID', 'the ticket', issues);

  const number = await db.transaction(async (trx) => {
    const sequence = await tickets.nextSequence(trx, actor.cityId, today);
    const ticketNumber = `${today.replaceAll('-', '')}${String(sequence).padStart(5, '0')}`;
    const ticketId = await tickets.insertTicket(trx, {
      cityId: actor.cityId,
      number: ticketNumber,
      type: input.type,
      urgency,
      content: input.content,
      unitId: unit?.id ?? null,
      packVersionId: inForce.version.id,
      registeredBy: actor.userId,
    });
    await tickets.insertCaller(trx, ticketId, input.caller);
    // no personal data in the trail: the number says which ticket
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.registered',
      subjectType: 'ticket',
      subjectId: ticketNumber,
      details: { type: input.type, urgency, unit: input.unit ?? null, packVersion: inForce.version.number },
    });
    return ticketNumber;
  });
  return getTicket(db, actor, number);
}

export async function getTicket(db: Knex, actor: Actor, number: string): Promise<TicketView> {
  const ticket = await tickets.findTicket(db, actor.cityId, number, await scopeOf(db, actor));
  if (!ticket) throw notFound(`ticket ${number}`);
  return view(ticket, (await tickets.readCallers(db, [ticket.id])).get(ticket.id));
}

export async function listTickets(db: Knex, actor: Actor, limit: number): Promise<TicketView[]> {
  const found = await tickets.listTickets(db, actor.cityId, await scopeOf(db, actor), limit);
  const callers = await tickets.readCallers(db, found.map((t) => t.id));
  return found.map((t) => view(t, callers.get(t.id)));
}

/** The caller in full, for a stated reason; the reveal is logged in the same transaction as the read. */
export async function revealCaller(db: Knex, actor: Actor, number: string, reason: string): Promise<Caller> {
  const why = reason.trim();
  if (why.length < 2) throw new InputRejectedError('REASON_REQUIRED', 'the reveal', [{ where: '/reason', message: 'say why you need the caller’s identity' }]);
  return db.transaction(async (trx) => {
    const ticket = await tickets.findTicket(trx, actor.cityId, number, await scopeOf(trx, actor));
    if (!ticket) throw notFound(`ticket ${number}`);
    const ownUnitTicket = hasAnyRole(actor, UNIT_ROLES) && ticket.unitId === actor.unitId;
    if (!hasAnyRole(actor, REVEAL_ROLES) && !ownUnitTicket) {
      throw forbidden('only the registrar, return-visit and supervisor roles, or the handling unit itself, may see the caller');
    }
    const caller = (await tickets.readCallers(trx, [ticket.id])).get(ticket.id);
    if (!caller) throw notFound(`caller of ticket ${number}`);
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.callerRevealed',
      subjectType: 'ticket',
      subjectId: number,
      details: { reason: why, fields: ['name', 'phone'] },
    });
    return caller;
  });
}
