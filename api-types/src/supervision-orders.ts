// 督办单 (supervision orders, server/src/modules/supervision): an order as the board lists it, what
// issuing one takes, and the 通报 list.
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';
import { TicketBody } from './tickets';

export const SupervisionOrderBody = StrictObject({
  id: Type.String(),
  status: Type.Union(
    [Type.Literal('waiting'), Type.Literal('issued'), Type.Literal('answered'), Type.Literal('escalated'), Type.Literal('reissued'), Type.Literal('closed'), Type.Literal('lapsed')],
    {
      description:
        "waiting: issued while the ticket was at a step that takes no order, delivered when it reaches one; issued / escalated / reissued: waiting for the unit; answered: waiting for the centre's review; closed; lapsed: the ticket ended before the order reached the unit",
    },
  ),
  waitingAt: Nullable(Type.String({ description: 'waiting: the step(s) the ticket was at when the order was issued' })),
  deliveredAt: Nullable(Timestamp),
  deliversAt: Type.Array(Type.String(), { description: "waiting: the steps of the city's process that take an order (its supervisionOrder boundary events)" }),
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
/**
 * A 督办单: issued / escalated / reissued wait for the unit, answered for the centre's review; waiting
 * for the ticket to reach a step that takes an order (`deliversAt`), lapsed when the ticket ended first.
 */
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

export const BulletinBody = StrictObject({
  from: LocalDate,
  to: LocalDate,
  repeatedFrom: Type.Integer(),
  source: Type.String({ description: "the pack's source of the threshold (seed file and article)" }),
  sourceText: Type.String({ description: 'the same as staff cite it: 《…》第二十四条' }),
  items: Type.Array(BulletinEntryBody),
});
export type Bulletin = Static<typeof BulletinBody>;
