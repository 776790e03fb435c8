// 工单查询 and 重复来电 (server/src/modules/search): the search's criteria, a found ticket as a person
// sees it (caller masked, or none), the repeat-call candidates, a linked call and the figures.
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject } from './schemas';
import { SubjectQuery } from './tickets';


/** A caller's phone as typed: digits, spaces, dashes, a leading +. */
export const PhoneBody = Type.String({ minLength: 3, maxLength: 25, pattern: '^[0-9+][0-9 -]{2,24}$' });

export const FoundTicketBody = StrictObject({
  number: Type.String(),
  type: Type.String(),
  urgency: Type.String(),
  status: Type.String(),
  summary: Nullable(Type.String()),
  address: Nullable(Type.String()),
  place: Nullable(Type.String({ description: "the place's name" })),
  unitCode: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  registeredAt: Type.String(),
  closedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String({ description: "the earliest due instant of the ticket's open tasks" })),
  repeatCalls: Type.Integer({ description: '重复来电 linked to it' }),
  caller: Nullable(
    StrictObject({ name: Type.String(), phone: Type.String(), masked: Type.Literal(true) }, 'masked; null for a person none of whose roles may ever see a caller (revealCaller never)'),
  ),
});
export type FoundTicket = Static<typeof FoundTicketBody>;

/** What to search by (each criterion narrows); the page apart. */
export const SearchCriteriaFields = {
  number: Type.Optional(Type.String({ maxLength: 20, description: 'a ticket number or its leading digits (≥ 4)' })),
  phone: Type.Optional(PhoneBody),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '事发地点: words that must all occur in it' })),
  words: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words (space-separated, each ≥ 2 characters) that must all occur in the content' })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "the handling unit's code" })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the channel the ticket came in by (受理渠道), a key of the pack' })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')])),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  ...SubjectQuery,
};
export const SearchBody = StrictObject({
  ...SearchCriteriaFields,
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const SearchCriteriaBody = StrictObject(SearchCriteriaFields);
/** The criteria of a search, registration days as YYYY-MM-DD (China's calendar), both inclusive. */
export type SearchCriteria = Static<typeof SearchCriteriaBody>;

export const SearchPageBody = StrictObject({ items: Type.Array(FoundTicketBody), page: Type.Integer(), pageSize: Type.Integer(), hasMore: Type.Boolean() });
export type SearchPage = Static<typeof SearchPageBody>;

export const RepeatCandidateBody = StrictObject({
  ticket: FoundTicketBody,
  reasons: Type.Array(Type.Union([Type.Literal('sameCaller'), Type.Literal('similarContent')])),
  tellCaller: Type.String({ description: 'what to tell the caller, zh-CN' }),
});
export type RepeatCandidate = Static<typeof RepeatCandidateBody>;
export type RepeatReason = RepeatCandidate['reasons'][number];

/** The call being registered, as far as typed: what candidates are looked up by. */
export const CallInProgressBody = StrictObject({
  phone: Type.Optional(Type.String({ maxLength: 25 })),
  content: Type.Optional(Type.String({ maxLength: 10_000 })),
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
});
export type CallInProgress = Static<typeof CallInProgressBody>;

export const RepeatCandidatesBody = StrictObject({ items: Type.Array(RepeatCandidateBody) });
export type RepeatCandidates = Static<typeof RepeatCandidatesBody>;

/** The call linked to an open ticket instead of a new one. */
export const RepeatCallBody = StrictObject({
  caller: StrictObject({ name: Type.String({ minLength: 1, maxLength: 64 }), phone: PhoneBody }),
  content: Type.String({ minLength: 1, maxLength: 10_000, description: 'what the caller said this time' }),
  channel: Type.Optional(Type.String({ maxLength: 32 })),
});
export type RepeatCallInput = Static<typeof RepeatCallBody>;

export const LinkedCallBody = StrictObject({ ticket: FoundTicketBody, sameCaller: Type.Boolean(), tellCaller: Type.String(), repeatCalls: Type.Integer() });
export type LinkedCall = Static<typeof LinkedCallBody>;

export const RepeatCallFiguresBody = StrictObject({
  from: Type.String(),
  to: Type.String(),
  calls: Type.Integer(),
  tickets: Type.Integer(),
  sameCaller: Type.Integer(),
  byUnit: Type.Array(StrictObject({ unitCode: Nullable(Type.String()), unitName: Nullable(Type.String()), calls: Type.Integer(), tickets: Type.Integer() })),
});
export type RepeatCallFigures = Static<typeof RepeatCallFiguresBody>;
