// What the platform's job workers need from outside: the city's rules, the engine's clock, somewhere to
// write the ticket's timeline and supervision records, and a way to move the live deadline timer.
// Everything is injected, so the workers are plain functions of the job and tests run them without an engine.
import type { CityRules } from '@hotline/rules';
import type { Variables } from '../port';

/** One entry of a ticket's timeline (append-only ticket events). */
export interface TicketEvent {
  /** The job key of the step that wrote it: a re-delivered job writes the same key, and the sink keeps one. */
  key: string;
  ticketId: string;
  city: string;
  /** `registered`, `dispatched`, `deadlineSet`, `returnApproved`, `closed`, … (the stamp's `event` header). */
  type: string;
  /** Engine time, ISO-8601 in the city's offset. */
  at: string;
  processInstanceKey: string;
  elementId: string;
  data: Variables;
}

/** A supervision entry 督办 (Tianjin 2024 §22, Hangzhou §19, Turpan §28). */
export interface SupervisionRecord {
  /** The job key: recording the same job twice keeps one entry. */
  key: string;
  ticketId: string;
  city: string;
  /** The pack's supervision trigger key, e.g. `overdue`. */
  trigger: string;
  /** The trigger's label and source in the ticket's rule version; null when that version has no such trigger. */
  triggerLabel: string | null;
  triggerSource: string | null;
  /** The stage whose deadline passed (`accept`, `handle`, `rework`), when the record is about one. */
  stage: string | null;
  due: string | null;
  at: string;
  ruleVersion: string;
  processInstanceKey: string;
  elementId: string;
}

/** Where the workers write. Both methods must be idempotent on `key` (an upsert, a unique index). */
export interface WorkerSink {
  ticketEvent(event: TicketEvent): Promise<void>;
  supervision(record: SupervisionRecord): Promise<void>;
}

export interface OutgoingMessage {
  name: string;
  correlationKey: string;
  variables: Variables;
  /** Derived from the job key, so a re-delivered job's message is refused by the engine as a duplicate. */
  messageId: string;
  timeToLiveMs: number;
}

export interface WorkerDeps {
  /** The rules of a city (its validated pack). Throws for an unknown city. */
  rulesFor(city: string): CityRules;
  /** The engine's clock (Zeebe's controlled clock in tests), never the machine's. */
  now(): Promise<number>;
  sink: WorkerSink;
  /** Publishes a message to the engine (`WorkflowEngine.publishMessage`). */
  publish(message: OutgoingMessage): Promise<void>;
}
