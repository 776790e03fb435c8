// A conformance scenario: one ticket's life as the steps a person (or the clock) takes, with what
// each step expects to see. The same scenario runs on every engine; the driver records what it saw.
import type { Variables } from '@hotline/engine-adapters';
import type { PackFile } from '@hotline/rules';

export type CityId = 'tianjin' | 'hangzhou' | 'turpan';

/** The roles of the candidate groups in the city processes. */
export const ROLES = ['registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor', 'unitHandler', 'unitLeader'] as const;
export type Role = (typeof ROLES)[number];

/** The forms of the user tasks (`zeebe:formDefinition formKey="hotline:<form>"`). */
export const FORMS = [
  'register',
  'classify',
  'dispatch',
  'accept',
  'returnRequest',
  'returnReview',
  'extensionRequest',
  'extensionReview',
  'reply',
  'completionReview',
  'returnVisit',
  'rework',
  'supervisionNote',
  'supervisionAnswer',
  'supervisionReview',
  'dutyStatement',
  'dutyStatementReview',
  'filingReview',
  'answerLater',
  'extensionNotice',
] as const;

/** The forms of the subject processes' user tasks (knowledge-entry.bpmn, knowledge-update.bpmn, assessment-appeal.bpmn). */
export const SUBJECT_FORMS = ['knowledgeReview', 'knowledgeUpdate', 'appealReview'] as const;

export type Step =
  /**
   * A user task at `task` is open for `role`, its deadline (the variable its `due` header names) is `due`
   * (null: none), and it is completed with `complete` (omitted: only looked at, left open).
   * `where` picks one of several open tasks at the element (a multi-instance) by its variables.
   */
  | { task: string; role: Role; due: string | null; complete?: Variables; where?: Variables }
  /** Moves the engine's clock forward to this instant; due timers fire. */
  | { advanceTo: string }
  /**
   * A supervision record for this ticket: which stage, which trigger, the deadline it was about, and
   * (when given) the rule version it was recorded under and the instant it was recorded (a warning's
   * timer fired then: move the clock to just before it first, so an early timer shows).
   */
  | { supervised: { stage: string; trigger: string; due: string | null; ruleVersion?: string; at?: string } }
  /** A ticket event on the timeline with (at least) this data; a relative instant (`D0 09:00`) in it is resolved. */
  | { event: string; data?: Variables }
  /** The ticket ended this way (the closing ticket event), no task is left open and the instance has ended. */
  | { ended: 'closed' | 'answered' | 'redirected' }
  /**
   * A message published for this ticket (correlation key: the ticket id), as the server publishes
   * `supervisionOrder` when a supervisor issues a 督办单; relative instants in its variables are resolved.
   */
  | { message: string; variables: Variables }
  /** A subject process reached this outcome (its hotline.outcome step), no task is left open and the instance has ended. */
  | { outcome: string; variables?: Variables }
  /** The scenario stops here on purpose; the instance is cancelled. */
  | { cancel: string };

export interface Scenario {
  name: string;
  city: CityId;
  /** What it shows, in one sentence, for the report. */
  asserts: string;
  /** The engine's clock is pinned here before the ticket starts: a relative instant (`D0 09:00`). */
  start: string;
  /**
   * Start variables besides `ticketId` and `city`, e.g. a `registeredAt` supplied from the past (a
   * ticket migrated from a city's old system): the ticket runs in the present, registered back then.
   */
  variables?: Variables;
  /**
   * A policy officer's draft of the city's pack, not yet in the repository: the ticket runs on the
   * city's process under the shipped pack's files as `edit` changes them (validated as a draft is).
   */
  draft?: { name: string; edit: (files: PackFile[]) => PackFile[] };
  /**
   * A subject process of the city's pack (city.json subjectProcesses: e.g. `knowledge-entry`) instead of
   * the ticket's: started with subjectKind, subjectId, cityId, title as the server starts it.
   */
  subject?: { process: string; kind: string };
  steps: Step[];
}
