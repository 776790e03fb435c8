// The knowledge base's rules as pure functions: what an entry may hold (Tianjin 2025 §19 validity, §20
// no secrets or personal data), when it is offered at registration, when an update is due (§17).
import { formatLocalDate, parseLocalDate } from '../calendar/local-date';
import { addPeriod, type PeriodContext } from '../deadline/periods';
import type { KnowledgeCategory, KnowledgePolicy } from '../pack/knowledge';

/** A declared classification: only `public` may be stored; the others are named to be refused. */
export const KNOWLEDGE_CLASSIFICATIONS = ['public', 'secret', 'personal'] as const;
export type KnowledgeClassification = (typeof KNOWLEDGE_CLASSIFICATIONS)[number];

export interface KnowledgeDraft {
  category: string;
  kind: string;
  title: string;
  content: string;
  basis: string;
  classification: KnowledgeClassification;
  effectiveFrom: string;
  expiresOn: string;
}

/** A problem with one field: its JSON pointer and a Chinese sentence naming the field and why. */
export interface KnowledgeProblem {
  where: string;
  message: string;
}

const REFUSED_CLASSIFICATION: Record<Exclude<KnowledgeClassification, 'public'>, string> = {
  secret: '涉密内容（国家秘密、工作秘密、商业秘密）不得上传至热线知识库（《天津市12345政务服务便民热线管理实施细则》第二十条）',
  personal: '涉及个人隐私、个人信息的内容不得上传至热线知识库（《天津市12345政务服务便民热线管理实施细则》第二十条）',
};

/** An 11-digit mainland mobile number, not part of a longer digit run. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
/** A resident identity card number: 17 digits and a digit or X, not part of a longer run. */
const ID_CARD = /(?<![\dXx])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/;

/** Personal data a text plainly holds (a mobile number, an ID-card number): the Chinese name of each kind found. */
export function personalDataIn(text: string): string[] {
  const found: string[] = [];
  if (MOBILE.test(text)) found.push('手机号码');
  if (ID_CARD.test(text)) found.push('身份证号码');
  return found;
}

/** Every category key of a tree, depth first. */
export function categoryKeys(tree: readonly KnowledgeCategory[]): string[] {
  return tree.flatMap((c) => [c.key, ...categoryKeys(c.children ?? [])]);
}

/** The labels from the root down to a category, e.g. 社会保障 / 医疗保险; null for a key the tree lacks. */
export function categoryPath(tree: readonly KnowledgeCategory[], key: string): string[] | null {
  for (const c of tree) {
    if (c.key === key) return [c.label];
    const below = categoryPath(c.children ?? [], key);
    if (below) return [c.label, ...below];
  }
  return null;
}

/** The last day an entry of `months` validity starting on `effectiveFrom` may run to (inclusive). */
export function latestExpiry(effectiveFrom: string, months: number): string {
  const [y, m, d] = effectiveFrom.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const sameDay = parseLocalDate(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastOfMonth)).padStart(2, '0')}`);
  return formatLocalDate((sameDay as number) - 1);
}

/** What is wrong with a version before it is stored (empty: nothing). */
export function knowledgeProblems(draft: KnowledgeDraft, policy: KnowledgePolicy): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  if (draft.classification !== 'public') problems.push({ where: '/classification', message: `密级/属性：${REFUSED_CLASSIFICATION[draft.classification]}` });
  for (const [field, label] of [['title', '标题'], ['content', '内容']] as const) {
    const found = personalDataIn(draft[field]);
    if (found.length > 0) {
      problems.push({ where: `/${field}`, message: `${label}含有${found.join('、')}，属个人信息，不得上传至热线知识库（实施细则第二十条），请删除后再保存` });
    }
  }
  if (!categoryKeys(policy.categories).includes(draft.category)) problems.push({ where: '/category', message: '目录：请选择知识库目录中的分类' });
  const kind = policy.kinds.find((k) => k.key === draft.kind);
  if (!kind) problems.push({ where: '/kind', message: `类型：请选择${policy.kinds.map((k) => k.label).join('、')}之一` });
  const from = parseLocalDate(draft.effectiveFrom);
  const to = parseLocalDate(draft.expiresOn);
  if (from === null) problems.push({ where: '/effectiveFrom', message: '生效日期：请填写有效的日期' });
  if (to === null) problems.push({ where: '/expiresOn', message: '失效日期：请填写有效的日期' });
  if (from !== null && to !== null) {
    if (to < from) problems.push({ where: '/expiresOn', message: '失效日期：不得早于生效日期' });
    else if (kind) {
      const latest = latestExpiry(draft.effectiveFrom, kind.maxValidityMonths);
      if (draft.expiresOn > latest) {
        problems.push({ where: '/expiresOn', message: `失效日期：${kind.label}的有效期不超过${monthsText(kind.maxValidityMonths)}，最晚为 ${latest}（实施细则第十九条）` });
      }
    }
  }
  return problems;
}

const monthsText = (months: number): string => (months % 12 === 0 ? `${months / 12}年` : `${months}个月`);

/** Whether a version may be offered at registration on `today` (a local date): published and within its dates. */
export function isOffered(version: { status: string; effectiveFrom: string; expiresOn: string }, today: string): boolean {
  return version.status === 'published' && version.effectiveFrom <= today && today <= version.expiresOn;
}

/** When an update flagged at `flaggedAtMs` is due: the pack's period, counted with the city's calendar (§17). */
export function updateDueAt(flaggedAtMs: number, emergency: boolean, policy: KnowledgePolicy, ctx: Omit<PeriodContext, 'anchor'>): number {
  const period = emergency ? policy.emergencyUpdatePeriod : policy.updatePeriod;
  return addPeriod(flaggedAtMs, period, { ...ctx, mode: period.mode ?? ctx.mode, anchor: 'instant' }).dueMs;
}

/**
 * Whether a policy change reached the centre in time (§18: at least the pack's lead before it is made
 * public): submitted at `submittedAtMs` for a publication at `publishAtMs`.
 */
export function policyNoticeInTime(submittedAtMs: number, publishAtMs: number, policy: KnowledgePolicy, ctx: Omit<PeriodContext, 'anchor'>): boolean {
  const lead = policy.policyNoticeLead;
  return addPeriod(submittedAtMs, lead, { ...ctx, mode: lead.mode ?? ctx.mode, anchor: 'instant' }).dueMs <= publishAtMs;
}

/** Whether an entry expiring on `expiresOn` should flag itself for update on `today` (the pack's notice days before). */
export function expiryDue(expiresOn: string, today: string, policy: KnowledgePolicy): boolean {
  const end = parseLocalDate(expiresOn);
  const now = parseLocalDate(today);
  return end !== null && now !== null && end - now <= policy.expiryNoticeDays;
}
