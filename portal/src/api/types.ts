// The shapes of the tickets/tasks API (server/TASKS-API.md), as the portal reads them.
import type { PortalPage, RoleScope } from '@hotline/rules';
import type { ApiSubjectCard, ApiTask as Task, ApiTaskAction as TaskAction, HandoffContext } from '@hotline/api-types';
import type { DispatchProposal } from './catalogue-types';

export interface UnitRef {
  code: string;
  name: string;
}

export interface PersonRef {
  username: string;
  name: string;
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';

/** A task as the inbox and the task page read it: the API's shape, defined once in api-types. */
export type { ApiTask as Task } from '@hotline/api-types';
export type TaskTicketRef = Task['ticket'];

export interface MaskedCaller {
  name: string;
  phone: string;
  /** Whether this user may reveal the caller (with a reason, logged). */
  revealable?: boolean;
  /** task: they hold or held a task of the ticket, a reason suffices; category: a reason category and a concrete text are needed. */
  revealWith?: 'task' | 'category' | null;
}

/** A reason category (查看原因类别) of the city's pack. */
export interface RevealReason {
  key: string;
  label: string;
}

export interface RevealRequest {
  reasonCategory?: string;
  reason: string;
}

/** A security alert (安全告警) for the security administrator. */
export interface SecurityAlert {
  id: string;
  kind: string;
  label: string;
  person: { username: string; name: string };
  details: { summary?: string; ticket?: string } & Record<string, unknown>;
  raisedAt: string;
  closedAt: string | null;
  closedBy: { username: string; name: string } | null;
  closeNote: string | null;
}

/** A ticket as the API shows it: the caller masked. Fields beyond the contract's are shown when present. */
export interface Ticket {
  id?: string;
  number: string;
  type: string;
  urgency: string;
  channel?: string | null;
  summary?: string | null;
  content: string;
  /** 诉求事项: its path in the pack's taxonomy. */
  matter?: { code: string; label: string; path: string[] } | null;
  /** 事发区划: its path from the district down. */
  place?: { code: string; name: string; path: string[] } | null;
  /** 事发地点 as the caller gave it. */
  address?: string | null;
  status?: string;
  unit?: UnitRef | null;
  unitCode?: string | null;
  unitName?: string | null;
  registeredAt: string;
  dueAt?: string | null;
  /** What the ticket's end means for the unit's assessment: 不予负面评价, 已备案. */
  markers?: { negativeRatingExempt: boolean; unsolvableFiled: boolean };
  /** Where an open ticket stands (GET tickets/:id only): its open steps, oldest first. */
  openSteps?: Array<{ form: string | null; name: string; unit: UnitRef | null }>;
  caller: MaskedCaller;
  [key: string]: unknown;
}

export interface TicketEvent {
  id: string;
  at: string;
  kind: string;
  actor: PersonRef | null;
  unit: UnitRef | null;
  /** What happened, in Chinese. */
  summary: string;
  data?: unknown;
}

/** A task's action now (allowed, or refused with the rule's sentence); the primary one submits the form: the API's shape, from api-types. */
export type { ApiTaskAction as TaskAction } from '@hotline/api-types';

/** 交接信息 and one of its items: the API's shape, defined once in api-types. */
export type { HandoffContext, ContextItem as HandoffContextItem } from '@hotline/api-types';

export interface TaskDetail {
  task: Task;
  /** null for a subject process's task (知识审核, 申诉核查): `subject` is its card instead. */
  ticket: Ticket | null;
  subject?: ApiSubjectCard;
  /** null: the ticket's pack version has no such form (the page says so and offers nothing to submit). */
  form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } | null;
  actions: TaskAction[];
  timeline: TicketEvent[];
  /** 交接信息: what this task kind's pack form declares its person needs from earlier steps (null: nothing declared). */
  context?: HandoffContext | null;
  /** On a dispatch task: the catalogue's proposal for the ticket's matter and place (派单建议). */
  dispatchProposal?: DispatchProposal | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The inbox's page: a large inbox is counted only so far past the page (`totalExact` false: at least `total`). */
export interface TaskPage extends Page<Task> {
  totalExact: boolean;
}

export interface SupervisionReason {
  kind: string;
  trigger: string;
  /** Why, in Chinese: the pack's trigger label or the rating given. */
  label: string;
  stage: string | null;
  due: string | null;
  at: string;
}

/** overdue: 超期; dissatisfied: 不满意; supervised: every supervision entry, by the pack's triggers. */
export type BoardKind = 'overdue' | 'dissatisfied' | 'supervised';

export interface SupervisionTrigger {
  key: string;
  label: string;
  source: string;
}

/** 督办单, issuing one, the 通报 list: the API's shapes, defined once in api-types. */
export type { Bulletin, BulletinEntry, IssueOrderInput, SupervisionOrder } from '@hotline/api-types';

/** A 通报 period: dates, or the week or month holding a day. */
export type BulletinPeriod = { from: string; to: string } | { period: 'week' | 'month'; of?: string };

export interface SupervisionItem {
  ticket: Ticket;
  reason: SupervisionReason | string;
}

export interface SignedInUser {
  username: string;
  name: string;
  roles: string[];
  /** What the roles grant under the city's pack in force: the portal pages besides the inbox. */
  pages: PortalPage[];
  /** Whose tickets: the whole city, the own unit and those below, the own unit; null: none. */
  scope: RoleScope | null;
  /** Each role in the pack's words. */
  roleLabels: Record<string, string>;
  /** A role of theirs may ever see a caller (the pack's revealCaller not never): only then may they search or match by a caller's phone. */
  seesCallers: boolean;
  unit: UnitRef | null;
  city: { id: string; name: string };
  /** An initial, reset or expired password: the person must change it before anything else. */
  mustChangePassword?: boolean;
}

/** A person's account as the account administration page sees it (`GET /api/cities/{city}/accounts`): the API's shape, from api-types. */
export type { Account } from '@hotline/api-types';

/** What an administrator may do to an account (the last segment of its route). */
export type AccountAction = 'disable' | 'enable' | 'end-sessions' | 'reset-password' | 'unlock';

/** A division of the city (区划), as `GET places` gives it. */
export interface Place {
  code: string;
  name: string;
  kind: 'district' | 'street' | 'community';
  parent: string | null;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export interface PackVersionInfo {
  cityId: string;
  number: number;
  status: 'draft' | 'validated' | 'published';
  effectiveFrom: string | null;
}

export interface PackFileText {
  path: string;
  text: string;
}

export interface FieldProblem {
  /** JSON pointer of the field (`/caseFiling/caseNumber`), `` for the whole form. */
  path: string;
  message: string;
}

/** One event of the city's audit trail (审计日志). */
export interface AuditEvent {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** The audit page's filters; `from` inclusive, `to` exclusive (instants). */
export interface AuditQuery {
  action?: string;
  actor?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

/** A role one may ask for, and whether a security administrator must approve it (三员分立). */
export interface GrantableRole {
  key: string;
  label: string;
  needsApproval: boolean;
}

export interface RoleGrantRequest {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  requestedByName: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
}

/** A reminder in the notification centre (提醒): one person's own; the API's shape, defined once in api-types. */
export type { PortalNotification } from '@hotline/api-types';
