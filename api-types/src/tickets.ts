// A ticket as the API shows it (caller masked), and the place and matter filter of the lists.
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject, Timestamp } from './schemas';

/** `?place=` and `?matter=` (or the same in a search's body): tickets of that place or matter and everything under it. */
export const SubjectQuery = {
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a place code: tickets in that place and everything under it' })),
  matter: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9]+$', description: 'a matter code: tickets of that matter and everything under it' })),
};

const MatterBody = StrictObject(
  { code: Type.String(), label: Type.String({ description: 'the path joined: 城乡建设 › 市容环境 › 占道经营' }), path: Type.Array(Type.String()) },
  "诉求事项: a matter of the pack's taxonomy",
);
const PlaceBody = StrictObject({ code: Type.String(), name: Type.String(), path: Type.Array(Type.String(), { description: 'names from the district down' }) }, '事发区划: a place of the city');
export const TicketBody = StrictObject({
  id: Type.String({ description: 'the ticket number: tickets/:id takes it' }),
  number: Type.String(),
  type: Type.String(),
  urgency: Type.String(),
  channel: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  content: Type.String(),
  matter: Nullable(MatterBody),
  place: Nullable(PlaceBody),
  address: Nullable(Type.String({ description: '事发地点, as the caller gave it' })),
  unitCode: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  packVersion: Type.Integer(),
  registeredAt: Timestamp,
  registeredBy: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]),
  outcome: Nullable(Type.String({ description: 'how it ended: closed, answered, redirected' })),
  closedAt: Nullable(Timestamp),
  markers: StrictObject(
    {
      negativeRatingExempt: Type.Boolean({ description: '不予负面评价: the centre accepted the unit\'s 履职尽责说明, so its negative rating does not count' }),
      unsolvableFiled: Type.Boolean({ description: '已备案: filed as a matter that cannot be solved for objective reasons' }),
    },
    'what the ticket\'s end means for the unit\'s assessment',
  ),
  caller: StrictObject(
    {
      name: Type.String(),
      phone: Type.String(),
      masked: Type.Literal(true),
      revealable: Type.Boolean({ description: 'whether the caller may reveal it (with a reason)' }),
      revealWith: Nullable(
        Type.Union([Type.Literal('task'), Type.Literal('category')], {
          description: "task: they hold or held a task of the ticket, a reason suffices; category: only in their role's scope, a reason category (GET …/reveal-reasons) and a text of at least 5 characters",
        }),
      ),
    },
    'masked: reveal it with a reason to see it in full',
  ),
});
/** A ticket as a person sees it: the caller masked (TASKS-API.md `Ticket`). */
export type ApiTicket = Static<typeof TicketBody>;
