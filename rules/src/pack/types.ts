// The city pack as the rest of the platform sees it once validated.
// The JSON Schema in ./schema.ts is the source of truth for the shape on disk; these
// types mirror it and must be kept in step (the validation tests load every shipped pack).
import type { SubjectProcessDeclaration } from './subject-processes';
import type { AssessmentPlan } from '../assessment/types';
import type { KnowledgePolicy } from './knowledge';

/**
 * The core stages that carry a deadline (RULES.md "Vocabulary"): the platform's workers and checks
 * know these words (accept and handle must be covered; an extension extends handle). A pack adds its
 * own stages in `city.json` `stages` (e.g. Tianjin 2015 §17's answer within an hour); see VOCABULARY.md.
 */
import type { AnalysisPolicy } from './analysis';
export const STAGES = [
  'dispatch', // 派单
  'accept', // 签收/接收
  'return', // 申请退回 window
  'handle', // 办结
  'extension', // 延期: the length of one extension
  'rework', // 重办
  'returnVisit', // 回访
  'designatedHandle', // 指定承办后办理
] as const;
/** A core stage or one the pack declares. */
export type Stage = string;

/** 诉求类型: the pack's own keys (consult, complaint, … or a city's 企业诉求 `business`). */
export type TicketType = string;

/**
 * Roles of the platform itself, not of a pack: policy staff edit packs; the three administrators of
 * 等保 level 3 (三员分立) are kept apart — the system administrator (an implementer) runs accounts and
 * the city's set-up, the security administrator approves grants and watches for misuse, the audit
 * administrator reads the audit trail and changes nothing. Every other role (受理, 派单, 承办 …) is the
 * pack's (`city.json` `roles`).
 */
export const PLATFORM_ROLES = [
  'policy', // 政策人员
  'admin', // 系统管理员（实施人员）
  'security', // 安全管理员
  'auditor', // 审计管理员
] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/**
 * Whose tickets a pack role works on: the whole city (hotline centre), its own unit, or its unit and
 * the units below it (a unit leader).
 */
export const ROLE_SCOPES = ['centre', 'unit', 'unitTree'] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];

/** The portal's pages a role may be given, besides its inbox (我的待办), which everyone has. */
export const PORTAL_PAGES = [
  'register', // 受理登记
  'dispatch', // 派单
  'reviews', // 审核
  'returnVisits', // 回访
  'supervision', // 督办
  'catalogue', // 派单目录: view, edit drafts, import/export, submit for review
  'catalogueReview', // 派单目录审核: approve or reject a submitted version
  'determinations', // 定责: decide a responsibility determination
  'supervisionOrders', // 下达督办单: issue a supervision order from the 督办 board
  'search', // 工单查询: find any ticket of one's scope by number, caller phone, address, words …
  'deliveries', // 提醒发送情况: reminders not delivered (failed, waiting to be retried), and sending one again
  'assessment', // 考核: units' figures for a period (a unit role: its own unit's, and its appeals 申诉)
  'analysis', // 数据分析: the dashboard and briefings (a unit role: its own unit's figures only)
] as const;
export type PortalPage = (typeof PORTAL_PAGES)[number];
/** The pages a unit role may have too: they show only its own scope's tickets. */
export const UNIT_PAGES: readonly PortalPage[] = ['search', 'assessment', 'analysis'];

/**
 * When a role may reveal a caller's full name and number (always with a reason, always logged):
 * never; on a ticket for which the person holds or held a task; on any ticket of the role's scope.
 */
export const REVEAL_RULES = ['never', 'withTask', 'scope'] as const;
export type RevealRule = (typeof REVEAL_RULES)[number];

export interface RoleDefinition extends Partial<Sourced> {
  key: string;
  label: string;
  scope: RoleScope;
  pages: PortalPage[];
  revealCaller: RevealRule;
}

/**
 * 查看原因类别: why a person without a task of a ticket may still reveal its caller (a role whose rule
 * is `scope`), chosen with a text stating the concrete need; recorded with every reveal.
 */
export interface RevealReason extends Partial<Sourced> {
  key: string;
  label: string;
}

export interface StageDefinition extends Partial<Sourced> {
  key: string;
  label: string;
}

export const PERIOD_UNITS = ['minute', 'hour', 'day', 'workingDay'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** How working days are counted (RULES.md "Period arithmetic"). */
export const WORKING_DAY_MODES = ['civil-code', 'same-time', 'office-hours'] as const;
export type WorkingDayMode = (typeof WORKING_DAY_MODES)[number];

/** The instant a stage's period is counted from; tells a caller which instant to pass. */
export const COUNT_FROM = [
  'registration', // 登记/受理 by the centre
  'dispatch', // 派单
  'receipt', // 承办单位接收
  'periodEnd', // the end of the current period (extensions)
  'designation', // 指定承办
  'reply', // 承办单位反馈
  'rating', // 首次评价不满意
] as const;
export type CountFrom = (typeof COUNT_FROM)[number];

export const REDIRECT_ACTIONS = [
  'transfer', // 转接 110/119/120
  'tellChannel', // 告知诉求人通过相应渠道办理
  'explain', // 向诉求人解释
  'tellProgress', // 告知办理进度或结果
] as const;
export type RedirectAction = (typeof REDIRECT_ACTIONS)[number];

/** Every value of a pack says where it comes from; a value no regulation gives is an assumption. */
export interface Sourced {
  /** `file §article`, e.g. `tianjin-implementing-rules-2025.txt §9`. */
  source: string;
  /** Present when the value is ours, not the regulation's: says why and what to confirm. */
  assumption?: string;
  note?: string;
}

export interface Period {
  amount: number;
  unit: PeriodUnit;
  /** Overrides the version's working-day mode for this period (workingDay periods only). */
  mode?: WorkingDayMode;
}

export interface Label {
  key: string;
  label: string;
}

export interface DeadlineRuleBase extends Sourced {
  stage: Stage;
  /** Absent means every ticket type. */
  types?: TicketType[];
  /** Absent means every urgency class of the pack. */
  urgencies?: string[];
}
export interface AllowedDeadlineRule extends DeadlineRuleBase {
  period: Period;
  countFrom: CountFrom;
}
export interface ForbiddenDeadlineRule extends DeadlineRuleBase {
  /** Why this stage is not available, in the words staff will read. */
  notAllowed: string;
}
export type DeadlineRule = AllowedDeadlineRule | ForbiddenDeadlineRule;

export interface RedirectCategory extends Sourced {
  key: string;
  label: string;
  action: RedirectAction;
  /** For `transfer`: the numbers the call is handed to. */
  transferTo?: string[];
  /** What staff say to the caller (答复口径). */
  script: string;
  /** Codes of the pack's matters (matters.json) this category is about. */
  matters?: string[];
}

export interface RatingLevel {
  key: string;
  label: string;
  /** A first rating at this level sends the ticket back for rework (重办). */
  triggersRework: boolean;
  /**
   * A counting rating at this level is a negative rating of the unit (负面评价): where the version offers
   * a duty-performed statement (`policies.dutyStatement`), the unit may ask to be spared it.
   */
  negative?: boolean;
}
export interface RatingScale extends Sourced {
  /** Best first. */
  levels: RatingLevel[];
  notRatedTypes: TicketType[];
}

export interface ExtensionPolicy extends Sourced {
  /** null: no limit on the number of requests. */
  maxCount: number | null;
  /** Upper bound on all extensions of one ticket together, if the regulation sets one. */
  maxTotal?: Period;
  /** How long before the due time a request must arrive. */
  requestLeadTime?: Period;
  /** The sentence staff read when a request comes later than that (the rule's own words); required with requestLeadTime. */
  lateRequestRefusal?: string;
  /**
   * Who tells the caller of an approved extension (the progress, the measures and the new period):
   * `unit` (Tianjin 2025 §12 ¶2), `centre` (Tianjin 2015 §21, Turpan §18); absent: no such step.
   */
  informCaller?: ExtensionNoticePolicy;
}
export interface ExtensionNoticePolicy extends Sourced {
  by: 'unit' | 'centre';
}
export interface ReturnPolicy extends Sourced {
  /** Approved return → re-dispatch and the handling period restarts. */
  approvedRestartsClock: boolean;
  /** Rejected return → the unit continues, the period is not restarted. */
  rejectedRestartsClock: boolean;
  requiresSuggestedUnit: boolean;
  /**
   * The return window of a matter the unit declares 疑难复杂 (Tianjin 2024 §17: 2 working days instead of
   * 1), counted as the `return` deadline rule counts; absent: one window for every matter.
   */
  complexPeriod?: Period;
}
export interface DesignationPolicy extends Sourced {
  /** After this many returns the centre designates a unit (指定承办); null: never automatic. */
  afterReturns: number | null;
  designatedUnitMayReturn: boolean;
}
export interface ReworkPolicy extends Sourced {
  maxCount: number;
  extensionAllowed: boolean;
  /** Which rating counts once a rework was done. */
  countingRating: 'first' | 'last';
}
export interface MultiUnitPolicy extends Sourced {
  /** split: one ticket per unit; leadAndAssist: a lead unit 主办 with assisting units 会办. */
  modes: Array<'split' | 'leadAndAssist'>;
}
export interface CompletionReviewPolicy extends Sourced {
  /** The centre must approve a unit's reply before the ticket is complete (办结审核). */
  required: boolean;
}
export interface SupervisionTrigger extends Sourced {
  key: string;
  label: string;
}

/**
 * A warning 预警 on the way to a stage's deadline: when `fraction` of the stage's period has passed
 * (counted in working time for a working-day period), the ticket is recorded under `trigger`, one of
 * the version's supervision triggers, before it is overdue. Moves with the deadline (an extension).
 */
export interface DeadlineWarning extends Sourced {
  key: string;
  stage: Stage;
  /** Of the period, strictly between 0 and 1: 0.75 is "three quarters of the time has passed". */
  fraction: number;
  /** What the warning says, e.g. 办理时限已过四分之三. */
  label: string;
  trigger: string;
}

/** Units that must not receive a functional department's matter (Tianjin 2025 §8: 不得分派给基层). */
export interface GrassrootsGuard extends Sourced {
  /** Kinds of unit in the organisation (street, community …) that count as grassroots. */
  unitKinds: string[];
  /** The refusal staff read when they try, in the regulation's words. */
  refusal: string;
}
export interface DispatchPolicy extends Sourced {
  grassroots: GrassrootsGuard;
  /** Dispatching elsewhere than the catalogue proposes needs a reason. */
  overrideReasonRequired: boolean;
}

/**
 * The 督办单 (supervision order) the centre issues to a unit from the board: how long the unit has to give
 * the required response, and from how many orders in a period a unit is listed in the 通报.
 */
export interface SupervisionOrderPolicy extends Sourced {
  responsePeriod: Period;
  /** The period an escalated order (提级督办) gives the unit's leader, from the escalation; absent: `responsePeriod`. */
  escalationPeriod?: Period;
  /** A ticket with this many orders or more in a 通报 period counts as repeatedly supervised. */
  repeatedFrom: number;
}

/**
 * 履职尽责说明 (Tianjin 2024 §23, 2025 §24; Turpan §23 履责意见): after a negative counting rating the unit
 * may submit a written explanation with evidence, within the period of the version's `dutyStatement`
 * deadline rule (a stage the pack declares), or decline; the centre reviews it, and an accepted one
 * marks the ticket's negative rating exempt (`ratingExempted`). Absent or not `offered`: no such step.
 */
export interface DutyStatementPolicy extends Sourced {
  offered: boolean;
}
/**
 * 备案 of a matter that cannot be solved for objective reasons (Tianjin 2015 §22): the unit's reply may
 * say so, with what it explained to the caller; the centre files it (`unsolvableFiled`, the ticket goes
 * on to the return visit) or refuses, and the unit handles it again. Absent or not `offered`: the reply offers no filing (the
 * form's `x-showWhen: { policy: "unsolvableFiling.offered" }`).
 */
export interface UnsolvableFilingPolicy extends Sourced {
  offered: boolean;
}

export interface Policies {
  extension: ExtensionPolicy;
  return: ReturnPolicy;
  designation: DesignationPolicy;
  rework: ReworkPolicy;
  multiUnit: MultiUnitPolicy;
  completionReview: CompletionReviewPolicy;
  /** Dispatch by the catalogue (派单目录); absent: no guard, no reasons asked. */
  dispatch?: DispatchPolicy;
  /** The 督办单 the board issues; absent: the city issues none. */
  supervisionOrder?: SupervisionOrderPolicy;
  /** 履职尽责说明 after a negative rating; absent: not offered. */
  dutyStatement?: DutyStatementPolicy;
  /** 备案 of a matter that cannot be solved for objective reasons; absent: not offered. */
  unsolvableFiling?: UnsolvableFilingPolicy;
}

export interface OfficeHours {
  start: string; // HH:MM local
  end: string;
}
export interface OfficeDay extends Sourced {
  /** Office hours of a working day, in order, not overlapping. */
  periods: OfficeHours[];
}

export interface SourceDocument {
  file: string;
  title: string;
  inForce: string;
  note?: string;
}

/** One version of a city's rules, chosen by a ticket's registration time. */
export interface RuleVersion {
  id: string;
  name: string;
  /** Local date, inclusive. */
  effectiveFrom: string;
  /** Local date, inclusive; absent while in force without end. */
  effectiveTo?: string;
  /** A draft regulation (Hangzhou): usable, but flagged. */
  draft?: boolean;
  assumption?: string;
  note?: string;
  documents: SourceDocument[];
  workingDayMode: WorkingDayMode;
  /** Used by the `office-hours` mode. */
  officeHours: OfficeDay;
  channels: Array<Label & Sourced>;
  deadlines: DeadlineRule[];
  redirectCategories: RedirectCategory[];
  rating: RatingScale;
  policies: Policies;
  supervisionTriggers: SupervisionTrigger[];
  /** Warnings before a deadline passes; absent: none. */
  warnings?: DeadlineWarning[];
  /** Who is told of what, over which channels (reminders 提醒); absent: nobody is notified. */
  notifications?: NotificationRule[];
  /** Unit assessment 考核: indicators, scoring, grades (rules/src/assessment); absent: the version assesses nothing. */
  assessment?: AssessmentPlan;
  /** The knowledge base's categories, validity and update periods; absent: the city keeps no knowledge base here. */
  knowledge?: KnowledgePolicy;
}

/**
 * The platform's events a notification can follow (the outbox is written with the event): a task made
 * visible, a warning 预警 recorded, a supervision entry 督办 recorded (the watch's `overdue` and the like:
 * a rule picks them by `triggers`), a supervision order 督办单 issued, or escalated to the unit's leader.
 */
export const NOTIFICATION_EVENTS = ['taskAssigned', 'warned', 'supervised', 'supervisionOrderIssued', 'supervisionOrderEscalated'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Who a recipient is, in the unit it names: `candidates` — the people who may act on the task concerned
 * (its roles); `holder` — the person who claimed that task (办理人); `contact` — the unit's contact person
 * (联系人); `roles` — everyone holding one of `roles` there.
 */
export const RECIPIENT_PEOPLE = ['candidates', 'holder', 'contact', 'roles'] as const;
export type RecipientPeople = (typeof RECIPIENT_PEOPLE)[number];
/**
 * Which unit: `event` — the unit the event concerns (the task's, the warned ticket's, the order's);
 * `parent` — the unit above it in the organisation tree; `above` — every unit above it up to the root;
 * `city` — anywhere in the city (a centre role: the hotline centre's people on duty).
 */
export const RECIPIENT_UNITS = ['event', 'parent', 'above', 'city'] as const;
export type RecipientUnit = (typeof RECIPIENT_UNITS)[number];

/** A recipient a notification rule names (`to`): the core ones, and those a pack declares in city.json `notificationRecipients`. */
export interface NotificationRecipientDefinition extends Partial<Sourced> {
  key: string;
  label: string;
  people: RecipientPeople;
  /** With `people: "roles"`: the pack's roles told. */
  roles?: string[];
  unit: RecipientUnit;
}

/** The recipients every pack has (the platform's words since reminders began); a pack adds its own. */
export const CORE_NOTIFICATION_RECIPIENTS: readonly NotificationRecipientDefinition[] = [
  { key: 'candidates', label: '可办理该任务的人员', people: 'candidates', unit: 'event' },
  { key: 'unitContact', label: '承办单位联系人', people: 'contact', unit: 'event' },
];
/** The keys of CORE_NOTIFICATION_RECIPIENTS. */
export const NOTIFICATION_RECIPIENTS = ['candidates', 'unitContact'] as const;
export type NotificationRecipients = string;
/** The delivery channels the platform has: the portal's notification centre, SMS through the gateway. */
export const NOTIFICATION_CHANNELS = ['portal', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** What a notification's title and message may say: `{ticket}` its number, `{task}` the task's name, `{unit}`, `{due}`, `{label}` (the warning's or order's words). */
export const NOTIFICATION_PLACEHOLDERS = ['ticket', 'task', 'unit', 'due', 'label'] as const;

/** One reminder rule: on an event (some forms' tasks, some warnings, some supervision triggers), tell someone over some channels. */
export interface NotificationRule extends Sourced {
  key: string;
  on: NotificationEvent;
  /** `taskAssigned`: only tasks of these forms; absent: every task. */
  forms?: string[];
  /** `warned`: only these warnings of the version; absent: every warning. */
  warnings?: string[];
  /** `supervised`: only entries under these supervision triggers of the version; absent: every entry. */
  triggers?: string[];
  /** One recipient key or several (core or declared in city.json `notificationRecipients`). */
  to: string | string[];
  channels: NotificationChannel[];
  /** Templates with NOTIFICATION_PLACEHOLDERS, e.g. `工单{ticket}待签收，请于{due}前签收`. */
  title: string;
  message: string;
}

/**
 * How the registrar is offered open tickets a call may repeat (重复来电): a content shares at least
 * `minShare` of its character pairs with an open ticket's at the same place or address, among the
 * `pool` newest open tickets there; contents shorter than `minContentChars`, phones with fewer than
 * `minPhoneDigits` digits and addresses shorter than `minAddressChars` are not compared; at most
 * `maxCandidates` tickets of each kind are offered.
 */
export interface RepeatCallPolicy extends Sourced {
  minShare: number;
  pool: number;
  minContentChars: number;
  minPhoneDigits: number;
  minAddressChars: number;
  maxCandidates: number;
}

export interface CalendarEntry {
  date: string; // YYYY-MM-DD
  name: string;
}
/** One year of one calendar layer: the State Council's notice, or a region's overlay. */
export interface CalendarYear {
  layer: string;
  year: number;
  source: string;
  assumption?: string;
  /** Days off that would otherwise be working days. */
  holidays: CalendarEntry[];
  /** Make-up working days 调休 that would otherwise be days off. */
  workdays: CalendarEntry[];
}

export interface CityInfo {
  id: string;
  name: string;
  /** Fixed offset of the city's local time; China has had no DST since 1991. */
  utcOffset: string;
  /** Calendar layers applied in order, national first (Turpan: national, xinjiang). */
  calendarLayers: string[];
  ticketTypes: Array<{ key: TicketType; label: string } & Partial<Sourced>>;
  urgencyClasses: Array<Label & Sourced>;
  /** The pack's own deadline stages, beyond STAGES. */
  stages?: StageDefinition[];
  /** The pack's roles; absent: DEFAULT_ROLES. */
  roles?: RoleDefinition[];
  /** Reason categories for a reveal beyond one's tasks; absent: DEFAULT_REVEAL_REASONS. */
  revealReasons?: RevealReason[];
  /** Recipients the notification rules may name besides CORE_NOTIFICATION_RECIPIENTS. */
  notificationRecipients?: NotificationRecipientDefinition[];
  /** The repeat-call look-up's thresholds; absent: DEFAULT_REPEAT_CALLS. */
  repeatCalls?: RepeatCallPolicy;
  /** Processes about other subjects than tickets (a knowledge entry's review, an assessment appeal). */
  subjectProcesses?: SubjectProcessDeclaration[];
  /** The dashboard's and briefings' rules (./analysis.ts); absent: DEFAULT_ANALYSIS. */
  analysis?: AnalysisPolicy;
}

/** One class of the matter taxonomy (诉求事项分类), as in matters.json. */
export interface MatterNode {
  /** Digits; starts with the parent's code (two digits per level in the provincial standards). */
  code: string;
  label: string;
  /** A functional department's matter: never dispatched to a grassroots unit. Inherited down the tree. */
  functional?: boolean;
  /** Responsibility is known to be disputed: always goes to a determination. Inherited down the tree. */
  disputed?: boolean;
  children?: MatterNode[];
}

/** matters.json: the taxonomy and where it comes from. */
export interface MatterTaxonomyFile {
  /** The standard whose levels and codes it follows, e.g. 参照 DB44/T 2479—2024. */
  standard?: string;
  source?: string;
  /** Present while the city has not published its own: what the centre must confirm. */
  assumption?: string;
  note?: string;
  matters: MatterNode[];
}

export interface CityPack {
  city: CityInfo;
  versions: RuleVersion[];
  calendar: CalendarYear[];
  /** The matter taxonomy; absent when the pack has no matters.json. */
  matters?: MatterTaxonomyFile;
}
