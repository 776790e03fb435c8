// 督办单 (supervision orders, server/src/modules/supervision): an order as the board lists it, what
// issuing one takes, and the 通报 list.
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';
import { TicketBody } from './tickets';

export const SupervisionOrderBody = StrictObject({
  id: Type.String(),
  status: Type.Union([Type.Literal('issued'), Type.Literal('answered'), Type.Literal('escalated'), Type.Literal('reissued'), Type.Literal('closed')], {
    description: 'issued / escalated / reissued: waiting for the unit; answered: waiting for the centre\'s review; closed',
  }),
  overdue: Type.Boolean({ description: 'waiting for the unit past its deadline (engine time)' }),
  requiredResponse: Type.String(),
  opinion: Type.String(),
  dueAt: Timestamp,
  dueSource: Type.String({ description: 'the pack article of the response period, or 督办人指定' }),
  issuedAt: Timestamp,
  issuedBy: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
  response: Nullable(Type.String()),
  escalations: Type.Integer(),
  reissues: Type.Integer(),
  closedAt: Nullable(Timestamp),
  unit: Nullable(UnitRefBody),
  ticket: Nullable(TicketBody),
});
/** A 督办单: issued / escalated / reissued wait for the unit, answered for the centre's review. */
export type SupervisionOrder = Static<typeof SupervisionOrderBody>;

export const IssueOrderBody = StrictObject({
  ticket: Type.String({ minLength: 1, maxLength: 64, description: 'the ticket number' }),
  requiredResponse: Type.String({ minLength: 1, maxLength: 2000, description: '要求反馈的内容' }),
  opinion: Type.String({ minLength: 1, maxLength: 2000, description: '督办意见' }),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'a deadline the supervisor sets instead of the pack\'s period' })),
});
export type IssueOrderInput = Static<typeof IssueOrderBody>;

export const BulletinEntryBody = StrictObject({
  unit: UnitRefBody,
  orders: Type.Integer(),
  overdueOrders: Type.Integer(),
  overdueTickets: Type.Integer(),
  repeatedTickets: Type.Integer(),
  tickets: Type.Array(Type.String()),
});
/** One unit of the 通报 list. */
export type BulletinEntry = Static<typeof BulletinEntryBody>;

export const BulletinBody = StrictObject({ from: LocalDate, to: LocalDate, repeatedFrom: Type.Integer(), source: Type.String(), items: Type.Array(BulletinEntryBody) });
export type Bulletin = Static<typeof BulletinBody>;
