// 热线知识库 (server/src/modules/knowledge): an entry with its versions, what a unit writes, the search
// at registration, the units' 待更新 list and an answer's use of an entry on a ticket.
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';

export const KnowledgeStatusBody = Type.Union([Type.Literal('draft'), Type.Literal('review'), Type.Literal('published'), Type.Literal('superseded')], {
  description: 'draft: being written (or returned by the reviewer, with the reason); review: in the centre\'s 知识库条目审核; published: the version offered at registration; superseded: an older published version, still readable',
});

/** What a unit writes: one version's fields. */
export const KnowledgeDraftBody = StrictObject({
  category: Type.String({ minLength: 1, maxLength: 64, description: "a category key of the rule version's knowledge.categories" }),
  kind: Type.String({ minLength: 1, maxLength: 64, description: 'a kind key of knowledge.kinds (规范性文件, 办事指南 …): it bounds the validity' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  basis: Type.String({ minLength: 1, maxLength: 500, description: '依据: the law, regulation or document the entry rests on' }),
  classification: Type.Union([Type.Literal('public'), Type.Literal('secret'), Type.Literal('personal')], {
    description: 'public: may be stored; secret (涉密) and personal (个人隐私) are refused (Tianjin 2025 §20)',
  }),
  effectiveFrom: LocalDate,
  expiresOn: LocalDate,
  policyPublishAt: Type.Optional(Nullable(Type.String({ format: 'date-time', description: '政策公开发布时间: a policy the entry announces is reported to the centre at least the pack\'s lead before (Tianjin 2025 §18)' }))),
});
export type KnowledgeDraft = Static<typeof KnowledgeDraftBody>;

export const KnowledgeVersionBody = StrictObject({
  version: Type.Integer(),
  status: KnowledgeStatusBody,
  category: Type.String(),
  categoryPath: Type.Array(Type.String(), { description: 'the category labels from the root down' }),
  kind: Type.String(),
  kindLabel: Type.String(),
  title: Type.String(),
  content: Type.String(),
  basis: Type.String(),
  effectiveFrom: LocalDate,
  expiresOn: LocalDate,
  returnReason: Nullable(Type.String()),
  policyPublishAt: Nullable(Timestamp),
  policyNotice: Nullable(Type.Union([Type.Literal('inTime'), Type.Literal('late')], { description: 'submitted at least the pack\'s lead before the policy is made public (§18), or not; null: no policy, or not yet submitted' })),
  createdAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  publishedAt: Nullable(Timestamp),
});
export type KnowledgeVersion = Static<typeof KnowledgeVersionBody>;

export const KnowledgeUpdateDueBody = StrictObject({
  reason: Type.String(),
  emergency: Type.Boolean(),
  flaggedAt: Timestamp,
  dueAt: Timestamp,
  overdue: Type.Boolean(),
  source: Type.String({ description: 'the pack article of the period' }),
});

export const KnowledgeEntryBody = StrictObject({
  id: Type.String(),
  code: Type.String({ description: 'KB-000123: how an answer cites the entry' }),
  unit: UnitRefBody,
  publishedVersion: Nullable(Type.Integer()),
  /** The newest version (a draft or one in review when there is one). */
  latest: KnowledgeVersionBody,
  offered: Type.Boolean({ description: 'its published version is offered at registration today (published, effective, not expired)' }),
  updateDue: Nullable(KnowledgeUpdateDueBody),
  views: Type.Integer(),
  mayEdit: Type.Boolean(),
  mayFlag: Type.Boolean(),
});
export type KnowledgeEntry = Static<typeof KnowledgeEntryBody>;

export const KnowledgeEntryPageBody = StrictObject({ items: Type.Array(KnowledgeEntryBody), total: Type.Integer() });
export type KnowledgeEntryPage = Static<typeof KnowledgeEntryPageBody>;

export const KnowledgeEntryDetailBody = StrictObject({
  entry: KnowledgeEntryBody,
  versions: Type.Array(KnowledgeVersionBody, { description: 'every version, newest first' }),
});
export type KnowledgeEntryDetail = Static<typeof KnowledgeEntryDetailBody>;

/** The category tree, flat: each category with its parent's key (null at the root), in the tree's order. */
export const KnowledgeCategoryBody = StrictObject({ key: Type.String(), label: Type.String(), parent: Nullable(Type.String()), depth: Type.Integer() });
export const KnowledgeSettingsBody = StrictObject({
  categories: Type.Array(KnowledgeCategoryBody),
  kinds: Type.Array(StrictObject({ key: Type.String(), label: Type.String(), maxValidityMonths: Type.Integer() })),
  source: Type.String(),
  updatePeriodText: Type.String(),
  emergencyUpdatePeriodText: Type.String(),
  policyNoticeLeadText: Type.String(),
});
export type KnowledgeSettings = Static<typeof KnowledgeSettingsBody>;

export const KnowledgeListQuery = StrictObject({
  scope: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('mine'), Type.Literal('due')], { description: 'due: 待更新 only' })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const KnowledgeFlagBody = StrictObject({
  reason: Type.String({ minLength: 1, maxLength: 500, description: '需更新的原因（变更、错误、遗漏、到期、表述不清）' }),
  emergency: Type.Optional(Type.Boolean({ description: '涉及突发事件: 1 day, working days or not (§17)' })),
});

export const KnowledgeHitBody = StrictObject({
  id: Type.String(),
  code: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  excerpt: Type.String(),
  categoryPath: Type.Array(Type.String()),
  unit: UnitRefBody,
  expiresOn: LocalDate,
});
export type KnowledgeHit = Static<typeof KnowledgeHitBody>;
export const KnowledgeSearchBody = StrictObject({
  q: Type.String({ minLength: 2, maxLength: 100, description: 'words (each ≥ 2 characters) in the title or content' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
export const KnowledgeHitsBody = StrictObject({ items: Type.Array(KnowledgeHitBody) });
export type KnowledgeHits = Static<typeof KnowledgeHitsBody>;

/** The published version as the registrar reads it (each reading counted). */
export const KnowledgeReadingBody = StrictObject({
  id: Type.String(),
  code: Type.String(),
  unit: UnitRefBody,
  views: Type.Integer(),
  version: KnowledgeVersionBody,
  reference: Type.String({ description: 'what an answer cites: 〔KB-000123 第2版〕 and the title' }),
});
export type KnowledgeReading = Static<typeof KnowledgeReadingBody>;

export const KnowledgeUseBody = StrictObject({
  code: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  usedAt: Timestamp,
});
export type KnowledgeUse = Static<typeof KnowledgeUseBody>;
