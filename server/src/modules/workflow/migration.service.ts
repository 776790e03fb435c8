// Open tickets moved onto a newer pack version when policy staff choose to (a regulation that applies
// to tickets already open). The plan (engine-adapters' planMigration) maps the old process's waiting
// elements to the new one's by id; the preview lists, per ticket, its open tasks, their mapping and the
// deadlines the new rules would change; applying migrates each ticket in its own transaction (engine
// call last, so an engine refusal rolls the ticket's rows back), records its new pack version, its
// recomputed deadlines and an audit entry, and reports refusals per ticket.
//
// Deadlines: the workers compute a stage's deadline from the rule version in force at `registeredAt`.
// With `recomputeDeadlines` the ticket gets `ruleVersionOverride` = the new pack's rule version in force
// today, which the deadline, policy and supervise workers honour from then on; the deadlines already set
// are counted again under it (same stage, same start instant) and handed to the process and the inbox.
import type { Knex } from 'knex';
import { type ElementMapping, type MigrationProblem, RULE_VERSION_OVERRIDE_VARIABLE, type WorkflowEngine, inTransaction, planMigration } from '@hotline/engine-adapters';
import { notFound } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import { type RecordedDeadline, recomputeTicket, recordedOf } from '../rollout/provisional-deadlines';
import { Deployments, TICKET_PROCESS_FILE } from './deployments.service';
import type { PackCatalog, PackEntry } from './pack-catalog';

export interface MigrationRequest {
  recomputeDeadlines: boolean;
}

export interface DeadlineChange {
  stage: string;
  as: string;
  previousDue: string;
  due: string;
  provisional: boolean;
}

export interface TicketMigration {
  ticket: string;
  fromPackVersion: number;
  tasks: Array<{ elementId: string; name: string }>;
  mappings: ElementMapping[];
  problems: MigrationProblem[];
  deadlines: DeadlineChange[];
}

export interface MigrationPreview {
  packVersion: number;
  /** The rule version the recomputed deadlines use (null without recomputation). */
  ruleVersion: string | null;
  tickets: TicketMigration[];
}

export interface MigrationResult {
  packVersion: number;
  migrated: TicketMigration[];
  /** zh-CN reasons, per ticket; those tickets are unchanged. */
  refused: Array<{ ticket: string; reasons: string[] }>;
}

interface TicketRow {
  id: string;
  number: string;
  type: string;
  urgency: string;
  pack_version_id: number;
  process_instance_key: string;
  registered_at: Date;
}

interface Planned extends TicketMigration {
  row: TicketRow;
  watch: { stage: string | null; due: string | null };
}

export class TicketMigrations {
  private readonly deployments: Deployments;

  constructor(
    private readonly db: Knex,
    private readonly engine: WorkflowEngine,
    private readonly catalog: PackCatalog,
  ) {
    this.deployments = new Deployments(db, engine, catalog);
  }

  async preview(cityId: string, number: number, request: MigrationRequest): Promise<MigrationPreview> {
    const { target, ruleVersion, planned } = await this.plan(cityId, number, request);
    return { packVersion: target.number, ruleVersion, tickets: planned.map(publicView) };
  }

  async apply(cityId: string, number: number, request: MigrationRequest, actor: AuditActor): Promise<MigrationResult> {
    const { target, ruleVersion, planned } = await this.plan(cityId, number, request);
    await this.deployments.ticketProcess(target);
    const deployed = await this.db('process_deployments').where({ pack_version_id: target.versionId, engine: this.engine.kind, resource: TICKET_PROCESS_FILE }).first('process_key');
    const result: MigrationResult = { packVersion: target.number, migrated: [], refused: [] };
    for (const ticket of planned) {
      if (ticket.problems.length) {
        result.refused.push({ ticket: ticket.ticket, reasons: ticket.problems.map((p) => p.reason) });
        continue;
      }
      try {
        const variables: Record<string, unknown> = { packVersion: target.number };
        if (ruleVersion) variables[RULE_VERSION_OVERRIDE_VARIABLE] = ruleVersion;
        for (const change of ticket.deadlines) Object.assign(variables, { [`${change.as}Due`]: change.due, [`${change.as}DueProvisional`]: change.provisional });
        const running = await this.db('process_deployments').where({ pack_version_id: ticket.row.pack_version_id, engine: this.engine.kind, resource: TICKET_PROCESS_FILE }).first('process_key');
        const migration = {
          processDefinitionKey: String(deployed?.process_key),
          sameDefinition: running !== undefined && String(running.process_key) === String(deployed?.process_key),
          mappings: ticket.mappings,
          variables,
          watch: { correlationKey: ticket.row.id, ...ticket.watch },
        };
        const joined = this.engine.migrateInstanceIn?.bind(this.engine);
        await inTransaction(this.db, async (trx) => {
          if (!(await trx('tickets').where({ id: ticket.row.id, status: 'open', pack_version_id: ticket.row.pack_version_id }).first('id'))) throw new Error('工单已办结或已迁移');
          // The embedded engine migrates in this transaction, its instance lock first as in every step (a
          // completion holds it while it locks the task's row: the rows below must come after it).
          if (joined) await joined(trx, ticket.row.process_instance_key, migration);
          const still = await trx('tickets').where({ id: ticket.row.id, status: 'open', pack_version_id: ticket.row.pack_version_id }).forUpdate().first('id');
          if (!still) throw new Error('工单已办结或已迁移');
          await trx('tickets').where({ id: ticket.row.id }).update({ pack_version_id: target.versionId });
          for (const change of ticket.deadlines) {
            await trx('tasks')
              .where({ ticket_id: ticket.row.id })
              .whereIn('status', ['open', 'claimed'])
              .andWhereRaw("custom_headers->>'due' = ?", [`${change.as}Due`])
              .update({ due_at: new Date(change.due), due_provisional: change.provisional });
          }
          // the open tasks' copy of the process variables follows the engine's: their actions, a 督办单 and
          // the reminders read the ticket's rule version (a migration's override) from it
          await trx('tasks')
            .where({ ticket_id: ticket.row.id })
            .whereIn('status', ['open', 'claimed'])
            .update({ variables: trx.raw('variables || ?::jsonb', [JSON.stringify(variables)]) });
          await recordEvent(trx, {
            cityId,
            actor,
            action: 'ticket.migrated',
            subjectType: 'ticket',
            subjectId: ticket.row.id,
            details: { ticket: ticket.ticket, fromPackVersion: ticket.fromPackVersion, toPackVersion: target.number, ruleVersion, mappings: ticket.mappings, deadlines: ticket.deadlines },
          });
          // Zeebe's last: a refusal rolls back every row above; the engine migrates all or nothing.
          if (!joined) await this.engine.migrateInstance(ticket.row.process_instance_key, migration);
        });
        result.migrated.push(publicView(ticket));
      } catch (error) {
        result.refused.push({ ticket: ticket.ticket, reasons: [`迁移失败：${error instanceof Error ? error.message : String(error)}`] });
      }
    }
    return result;
  }

  private async plan(cityId: string, number: number, request: MigrationRequest): Promise<{ target: PackEntry; ruleVersion: string | null; planned: Planned[] }> {
    const target = await this.catalog.byNumber(cityId, number);
    if (!target || !target.published) throw notFound(`published pack version ${cityId}/${number}`);
    const targetXml = ticketXml(target);
    const nowMs = await this.engine.clock.now();
    const ruleVersion = request.recomputeDeadlines ? target.rules.versionAt(nowMs).id : null;

    const rows: Array<TicketRow & { number_of_version: number }> = await this.db('tickets as t')
      .join('pack_versions as v', 'v.id', 't.pack_version_id')
      .where({ 't.city_id': cityId, 't.status': 'open', 't.engine': this.engine.kind })
      .andWhere('v.number', '<', number)
      .whereNotNull('t.process_instance_key')
      .orderBy('t.number')
      .select('t.id', 't.number', 't.type', 't.urgency', 't.pack_version_id', 't.process_instance_key', 't.registered_at', 'v.number as number_of_version');
    const planned: Planned[] = [];
    for (const row of rows) {
      const source = await this.catalog.entry(row.pack_version_id);
      const tasks: Array<{ element_id: string; name: string; variables: Record<string, unknown> | null }> = await this.db('tasks')
        .where({ ticket_id: row.id })
        .whereIn('status', ['open', 'claimed'])
        .orderBy('created_at')
        .select('element_id', 'name', 'variables');
      const plan = await planMigration(ticketXml(source), targetXml, tasks.map((t) => t.element_id));
      const deadlines = ruleVersion ? await this.recomputed(row, target, ruleVersion) : [];
      // What the watch looks at: the stage the latest open task saw, its (possibly recomputed) instant.
      const seen = tasks.at(-1)?.variables ?? {};
      const stage = typeof seen.watchStage === 'string' ? seen.watchStage : null;
      const changed = deadlines.find((d) => d.as === stage);
      const due = changed ? changed.due : typeof seen.watchDue === 'string' ? seen.watchDue : null;
      planned.push({
        row,
        ticket: row.number,
        fromPackVersion: row.number_of_version,
        tasks: tasks.map((t) => ({ elementId: t.element_id, name: t.name })),
        mappings: plan.mappings,
        problems: plan.problems,
        deadlines,
        watch: { stage, due },
      });
    }
    return { target, ruleVersion, planned };
  }

  /** The ticket's deadlines counted again under `ruleVersion` of the target pack; only those that change. */
  private async recomputed(row: TicketRow, target: PackEntry, ruleVersion: string): Promise<DeadlineChange[]> {
    const events: Array<{ at: Date; data: Record<string, unknown> }> = await this.db('ticket_events').where({ ticket_id: row.id, kind: 'deadlineSet' }).orderBy('id').select('at', 'data');
    const deadlines = events.map(recordedOf).filter((d): d is RecordedDeadline => d !== null);
    const ticket = { ticketId: row.id, type: row.type, urgency: row.urgency, registeredAtMs: row.registered_at.getTime(), deadlines };
    return recomputeTicket(ticket, target.rules, { underVersion: ruleVersion }).map(({ stage, as, previousDue, due, provisional }) => ({ stage, as, previousDue, due, provisional }));
  }
}

function ticketXml(entry: PackEntry): string {
  const file = entry.processes.find((p) => p.name === TICKET_PROCESS_FILE) ?? (entry.processes.length === 1 ? entry.processes[0] : undefined);
  if (!file) throw notFound(`${TICKET_PROCESS_FILE} of pack version ${entry.cityId}/${entry.number}`);
  return file.xml;
}

function publicView(planned: Planned): TicketMigration {
  const active = new Set(planned.tasks.map((t) => t.elementId));
  return {
    ticket: planned.ticket,
    fromPackVersion: planned.fromPackVersion,
    tasks: planned.tasks,
    mappings: planned.mappings.filter((m) => active.has(m.sourceElementId)),
    problems: planned.problems,
    deadlines: planned.deadlines,
  };
}
