// 迁移在办工单: the server's migration preview (or result) as the rows the dialog shows — the tickets
// that move, each with its waiting steps and where they map, the deadlines that change (China time),
// and apart from them the tickets that cannot move, with the server's Chinese reasons.
import { STAGE_LABELS, formatInstant } from '@hotline/rules';
import type { MigrationPreview, MigrationResult, TicketMigration } from '../api';

/** China Standard Time, UTC+8: the hotline's deadlines are read in it wherever the browser runs. */
const CHINA_OFFSET_MINUTES = 480;

export interface MigrationStep {
  name: string;
  elementId: string;
  /** The element of the new process it maps to; null when it has none (the ticket is then refused). */
  targetElementId: string | null;
}

export interface DeadlineRow {
  /** The stage's Chinese name (the key itself for a pack's own stage). */
  stage: string;
  from: string;
  to: string;
  provisional: boolean;
}

export interface MovingTicket {
  ticket: string;
  fromPackVersion: number;
  steps: MigrationStep[];
  deadlines: DeadlineRow[];
}

export interface RefusedTicket {
  ticket: string;
  /** Unknown for a ticket the apply refused (the result names only the ticket). */
  fromPackVersion: number | null;
  reasons: string[];
}

export interface MigrationRows {
  moving: MovingTicket[];
  refused: RefusedTicket[];
}

/** `2026-03-02T10:00:00Z` → `2026-03-02 18:00` (China time); a text that is no instant stays as it is. */
export function chinaTime(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : formatInstant(ms, CHINA_OFFSET_MINUTES).slice(0, 16).replace('T', ' ');
}

const stageLabel = (stage: string): string => (STAGE_LABELS as Record<string, string>)[stage] ?? stage;

function movingTicket(t: TicketMigration): MovingTicket {
  const target = new Map(t.mappings.map((m) => [m.sourceElementId, m.targetElementId]));
  return {
    ticket: t.ticket,
    fromPackVersion: t.fromPackVersion,
    steps: t.tasks.map((task) => ({ name: task.name, elementId: task.elementId, targetElementId: target.get(task.elementId) ?? null })),
    deadlines: t.deadlines.map((d) => ({ stage: stageLabel(d.stage), from: chinaTime(d.previousDue), to: chinaTime(d.due), provisional: d.provisional })),
  };
}

/** The preview split: a ticket with a problem cannot move, the others would. */
export function previewRows(preview: MigrationPreview): MigrationRows {
  return {
    moving: preview.tickets.filter((t) => t.problems.length === 0).map(movingTicket),
    refused: preview.tickets.filter((t) => t.problems.length > 0).map((t) => ({ ticket: t.ticket, fromPackVersion: t.fromPackVersion, reasons: t.problems.map((p) => p.reason) })),
  };
}

/** What applying did: the tickets moved, and those left as they were with the reasons. */
export function resultRows(result: MigrationResult): MigrationRows {
  return {
    moving: result.migrated.map(movingTicket),
    refused: result.refused.map((r) => ({ ticket: r.ticket, fromPackVersion: null, reasons: r.reasons })),
  };
}
