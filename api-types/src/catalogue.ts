// The dispatch catalogue (派单目录) and responsibility determinations (定责), server/src/modules/catalogue:
// a version, an entry as stored and as shown, a determination, the proposal for a matter and place.
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject, Timestamp } from './schemas';

export const VersionBody = StrictObject({
  id: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('review'), Type.Literal('published'), Type.Literal('retired')]),
  entryCount: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  submittedBy: Nullable(Type.String()),
  submittedAt: Nullable(Timestamp),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Timestamp),
  reviewComment: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
  revision: Type.Integer({ description: "counts the changes of a draft's entries; send it back with a save or an import to have it refused (409 CATALOGUE_CHANGED) if someone changed the draft since" }),
});

export const CatalogueEntryFields = {
  matter: Type.String({ maxLength: 64, title: '诉求事项编码', description: '诉求事项编码 (the pack’s matter taxonomy)' }),
  place: Nullable(Type.String({ maxLength: 64, title: '区划编码', description: '区划编码; null = the whole city' })),
  leadUnit: Type.String({ maxLength: 64, title: '主办单位编码', description: '主办单位 (unit code)' }),
  assistingUnits: Type.Array(Type.String({ maxLength: 64, title: '协办单位编码' }), { maxItems: 50, title: '协办单位编码', description: '协办单位 (unit codes)' }),
  basis: Type.String({ maxLength: 2000, title: '权责清单事项/依据', description: '权责清单事项 / 依据' }),
  effectiveFrom: Type.String({ maxLength: 10, title: '生效日期', description: 'YYYY-MM-DD, first day in force' }),
  effectiveTo: Nullable(Type.String({ maxLength: 10, title: '失效日期', description: 'YYYY-MM-DD, first day no longer in force' })),
};
export const CatalogueEntryBody = StrictObject(CatalogueEntryFields);
export const EntryViewBody = StrictObject({
  ...CatalogueEntryFields,
  row: Type.Integer(),
  matterLabel: Type.String(),
  placeName: Nullable(Type.String()),
  leadUnitName: Type.String(),
  assistingUnitNames: Type.Array(Type.String()),
});

export const DeterminationBody = StrictObject({
  id: Type.Integer(),
  ticketId: Type.String(),
  ticketNumber: Type.String(),
  matter: Nullable(Type.String()),
  matterLabel: Nullable(Type.String()),
  place: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('field'), Type.Literal('joint')]),
  reason: Type.Union([Type.Literal('disputed'), Type.Literal('noEntry')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('decided')]),
  note: Type.String({ description: 'the requester’s 说明' }),
  requestedBy: Type.String(),
  requestedAt: Timestamp,
  decision: Nullable(StrictObject({ leadUnit: Type.String(), assistingUnits: Type.Array(Type.String()), basis: Type.String(), note: Nullable(Type.String()) })),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  catalogueEntryAdded: Type.Boolean(),
});

export const CatalogueProposalBody = StrictObject({
  kind: Type.Literal('catalogue'),
  leadUnit: Type.String(),
  assistingUnits: Type.Array(Type.String()),
  basis: Type.String(),
  entryRow: Type.Integer(),
  versionId: Type.Integer(),
  matchedMatter: Type.String(),
  matchedPlace: Nullable(Type.String()),
});
export const DeterminationReason = Type.Union([Type.Literal('disputed'), Type.Literal('noEntry')]);
export const ProposalBody = Type.Union([CatalogueProposalBody, StrictObject({ kind: Type.Literal('determination'), reason: DeterminationReason })]);
/** The dispatch task's proposal: a determination's request or decision travels with it. */
export const DispatchProposalBody = Type.Union([CatalogueProposalBody, StrictObject({ kind: Type.Literal('determination'), reason: DeterminationReason, determination: Type.Optional(DeterminationBody) })]);

export type CatalogueVersion = Static<typeof VersionBody>;
export type CatalogueStatus = CatalogueVersion['status'];
/** An entry with the names of its matter, place and units, and its row (1-based). */
export type EntryView = Static<typeof EntryViewBody>;
export type Determination = Static<typeof DeterminationBody>;
/** 同一领域（市级行业主管部门意见） / 跨领域（联合研究确定） */
export type DeterminationKind = Determination['kind'];
export type DeterminationDecision = NonNullable<Determination['decision']>;
export type Proposal = Static<typeof ProposalBody>;
/** What the dispatch task's detail carries: the proposal, and the determination asked for it if any. */
export type DispatchProposal = Static<typeof DispatchProposalBody>;
