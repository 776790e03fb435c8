// The open vocabularies of a pack: the words a city declares itself (its ticket types, stages and
// roles) beside the small core the platform's own code understands. VOCABULARY.md says which is which.
import { STAGE_LABELS } from './labels-zh';
import {
  CORE_NOTIFICATION_RECIPIENTS,
  type CityInfo,
  type NotificationRecipientDefinition,
  type NotificationRule,
  PLATFORM_ROLES,
  type PlatformRole,
  type RepeatCallPolicy,
  type RevealReason,
  type RoleDefinition,
  STAGES,
  type StageDefinition,
} from './types';

/**
 * The roles of a pack that declares none: the nine roles of RULES.md "Roles" less the platform's two,
 * with the access the platform gave them before roles were pack data.
 */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  { key: 'registrar', label: '受理', scope: 'centre', pages: ['register', 'supervision', 'search'], revealCaller: 'scope' },
  { key: 'dispatcher', label: '派单', scope: 'centre', pages: ['dispatch', 'supervision', 'catalogue', 'determinations', 'search'], revealCaller: 'never' },
  { key: 'reviewer', label: '审核', scope: 'centre', pages: ['reviews', 'supervision', 'search'], revealCaller: 'never' },
  { key: 'returnVisit', label: '回访', scope: 'centre', pages: ['returnVisits', 'search'], revealCaller: 'scope' },
  { key: 'supervisor', label: '督办', scope: 'centre', pages: ['supervision', 'supervisionOrders', 'catalogueReview', 'determinations', 'search', 'deliveries', 'assessment', 'analysis'], revealCaller: 'scope' },
  { key: 'unitHandler', label: '承办单位经办人', scope: 'unit', pages: ['search'], revealCaller: 'scope' },
  { key: 'unitLeader', label: '承办单位负责人', scope: 'unitTree', pages: ['search', 'assessment', 'analysis'], revealCaller: 'scope' },
];

/**
 * The reason categories of a pack that declares none: what the hotline centre commonly needs a caller's
 * identity for when the person holds no task of the ticket (RULES.md "Personal data").
 */
export const DEFAULT_REVEAL_REASONS: readonly RevealReason[] = [
  { key: 'repeatCall', label: '重复来电核实身份' },
  { key: 'callback', label: '回访联系诉求人' },
  { key: 'supervision', label: '督办核查' },
  { key: 'legal', label: '依法协助调查' },
];

/** The pack's reveal reason categories (DEFAULT_REVEAL_REASONS when it declares none). */
export function revealReasonsOf(city: Pick<CityInfo, 'revealReasons'>): readonly RevealReason[] {
  return city.revealReasons ?? DEFAULT_REVEAL_REASONS;
}

/** Every stage a pack may give a deadline: the core ones, then its own. */
export function stagesOf(city: Pick<CityInfo, 'stages'>): StageDefinition[] {
  return [...STAGES.map((key) => ({ key, label: STAGE_LABELS[key] })), ...(city.stages ?? [])];
}

/** The pack's roles (DEFAULT_ROLES when it declares none). */
export function rolesOf(city: Pick<CityInfo, 'roles'>): readonly RoleDefinition[] {
  return city.roles ?? DEFAULT_ROLES;
}

export const isPlatformRole = (role: string): boolean => (PLATFORM_ROLES as readonly string[]).includes(role);

/** The platform's own roles are in no pack, so their words are here. */
export const PLATFORM_ROLE_LABELS: Readonly<Record<PlatformRole, string>> = {
  policy: '政策人员',
  admin: '系统管理员',
  security: '安全管理员',
  auditor: '审计管理员',
};

/** Every recipient a notification rule of the pack may name: the core ones, then the pack's own. */
export function notificationRecipientsOf(city: Pick<CityInfo, 'notificationRecipients'>): readonly NotificationRecipientDefinition[] {
  return [...CORE_NOTIFICATION_RECIPIENTS, ...(city.notificationRecipients ?? [])];
}

/** A rule's `to` as a list of recipient keys (one key may be written alone). */
export const recipientKeys = (rule: Pick<NotificationRule, 'to'>): string[] => (typeof rule.to === 'string' ? [rule.to] : [...rule.to]);

/**
 * The repeat-call look-up's thresholds of a pack that declares none (an assumption of the platform: no
 * regulation says how alike two calls must be): half the character pairs, among the 300 newest open
 * tickets at the place.
 */
export const DEFAULT_REPEAT_CALLS: RepeatCallPolicy = {
  minShare: 0.5,
  pool: 300,
  minContentChars: 4,
  minPhoneDigits: 5,
  minAddressChars: 2,
  maxCandidates: 10,
  source: 'tianjin-hotline-measures-2024.txt §13',
  assumption: 'No regulation says how alike two calls must be; the platform offers tickets sharing half the character pairs among the 300 newest open tickets at the place.',
};

/** The pack's repeat-call thresholds (DEFAULT_REPEAT_CALLS when it declares none). */
export function repeatCallsOf(city: Pick<CityInfo, 'repeatCalls'>): RepeatCallPolicy {
  return city.repeatCalls ?? DEFAULT_REPEAT_CALLS;
}
