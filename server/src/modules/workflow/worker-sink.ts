// Where the job workers write (engine-adapters' WorkerSink): the ticket's timeline and the supervision
// records, in PostgreSQL (inside the embedded engine's step when the worker runs in one). Both are keyed on the job key (with the engine's kind: keys are per engine),
// so a re-delivered job finds its row and writes nothing twice. A warning's reminders (the outbox) are
// written in the transaction that records it. A ticket event that ends the ticket,
// or says where it went, also updates the ticket in the same transaction.
import type { Knex } from 'knex';
import { type CityInfo, stagesOf } from '@hotline/rules';
import { stepTransaction, type SupervisionRecord, type TicketEvent, type WorkerSink, type WorkflowEngine } from '@hotline/engine-adapters';
import { enqueueNotifications } from '../notifications/outbox';
import { type EngineTicket, findEngineTicket, unitIdOf } from './engine-tickets.repository';
import type { PackCatalog } from './pack-catalog';
import { CLOSING_KINDS, MARKER_KINDS, summarise } from './timeline';
import { followOrderStep } from '../supervision/supervision-orders.service';
import { GroupWrite } from './group-write';

/** The pack's own stage words (city.json `stages`), for the timeline. */
function stageLabelOf(city: CityInfo): (key: string) => string | undefined {
  const labels = new Map(stagesOf(city).map((stage) => [stage.key, stage.label] as const));
  return (key) => labels.get(key);
}

/** A ticket event made ready to write: its ticket and unit looked up, its row composed. */
interface PreparedEvent {
  event: TicketEvent;
  ticket: EngineTicket;
  unit: { id: string; name: string } | null;
  row: Record<string, unknown> & { key: string };
}

export class PostgresWorkerSink implements WorkerSink {
  /** Ticket events that arrive together (several jobs completing at once) are written in one transaction. */
  private readonly events = new GroupWrite<PreparedEvent>((batch) => this.writeEvents(batch));

  constructor(
    private readonly db: Knex,
    private readonly engine: Pick<WorkflowEngine, 'kind'>,
    private readonly catalog: PackCatalog,
  ) {}

  /** The embedded engine's step when the worker runs inside one (its writes commit with it), else the pool. */
  private writer(): Knex {
    return stepTransaction() ?? this.db;
  }

  async ticketEvent(event: TicketEvent): Promise<void> {
    const ticket = await findEngineTicket(this.writer(), event.ticketId);
    if (!ticket) throw new Error(`ticket ${event.ticketId} does not exist (job ${event.key} of ${event.processInstanceKey})`);
    const unit = await unitIdOf(this.writer(), ticket.cityId, event.data.unit);
    const entry = await this.catalog.entry(ticket.packVersionId);
    const labels = new Map(entry.pack.versions.flatMap((v) => v.rating.levels.map((l) => [l.key, l.label] as const)));
    const stageLabel = stageLabelOf(entry.pack.city);
    const row = {
      key: `${this.engine.kind}:${event.key}`,
      ticket_id: ticket.id,
      city_id: ticket.cityId,
      kind: event.type,
      at: event.at,
      unit_id: unit?.id ?? null,
      summary: summarise(event.type, event.data, { unitName: unit?.name ?? null, label: (key) => labels.get(key), stageLabel }),
      data: event.data,
      process_instance_key: event.processInstanceKey,
      element_id: event.elementId,
    };
    const prepared = { event, ticket, unit, row };
    // in a step the event commits with it; grouping would take it out of the step's transaction
    const inStep = stepTransaction();
    await (inStep ? this.writeEvents([prepared], inStep) : this.events.write(prepared));
  }

  /** One multi-row insert keyed on the job key; what it inserted (not written before by a re-delivered job) is followed up. */
  private async writeEvents(batch: PreparedEvent[], db: Knex = this.db): Promise<void> {
    await db.transaction(async (trx) => {
      const inserted: Array<{ key: string }> = await trx('ticket_events')
        .insert(batch.map((prepared) => prepared.row))
        .onConflict('key')
        .ignore()
        .returning('key');
      const fresh = new Set(inserted.map((row) => row.key));
      for (const prepared of batch) {
        // the same job twice in one batch is followed up once
        if (fresh.delete(prepared.row.key)) await this.followEvent(trx, prepared);
      }
    });
  }

  private async followEvent(trx: Knex.Transaction, { event, ticket, unit, row }: PreparedEvent): Promise<void> {
    await followOrderStep(
      trx,
      this.catalog,
      { id: ticket.id, cityId: ticket.cityId, packVersionId: ticket.packVersionId, closing: CLOSING_KINDS.has(event.type) },
      { kind: event.type, data: event.data, at: event.at, elementId: event.elementId ?? null },
    );
    if (CLOSING_KINDS.has(event.type)) {
      await trx('tickets').where({ id: ticket.id, status: 'open' }).update({ status: 'closed', outcome: event.type, closed_at: event.at });
    }
    // a step an interrupting boundary ended (its period ran out): out of the inbox, as the engine no longer has it
    if (typeof event.data.withdrawn === 'string') {
      await trx('tasks').where({ ticket_id: ticket.id, element_id: event.data.withdrawn }).whereIn('status', ['open', 'claimed']).update({ status: 'cancelled' });
    }
    const marker = MARKER_KINDS[event.type];
    if (marker !== undefined) await trx('tickets').where({ id: ticket.id }).update({ [marker]: true });
    if ((event.type === 'dispatched' || event.type === 'designated') && unit) {
      await trx('tickets').where({ id: ticket.id }).update({ unit_id: unit.id });
    }
    if (event.type === 'warned') await this.remind(trx, ticket, row.key, event.data);
  }

  /**
   * A warning 预警 recorded: the pack's reminders of it (`notifications`, on `warned`) go into the outbox
   * with it, under the rule version the watch judged it by (the worker's ruleVersionOf: registration, or a
   * migration's override).
   */
  private async remind(trx: Knex.Transaction, ticket: EngineTicket, key: string, data: Record<string, unknown>): Promise<void> {
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const ruleVersion = text(data.ruleVersion) ?? (await trx('supervisions').where({ key }).first('rule_version'))?.rule_version;
    if (typeof ruleVersion !== 'string') return;
    await enqueueNotifications(trx, this.catalog, {
      on: 'warned',
      key: `warned:${key}`,
      cityId: ticket.cityId,
      ticketId: ticket.id,
      packVersionId: ticket.packVersionId,
      ruleVersion: { id: ruleVersion },
      warning: text(data.warning) ?? '',
      values: { ticket: ticket.number, due: text(data.due), label: text(data.label) },
    });
  }

  async supervision(record: SupervisionRecord): Promise<void> {
    const ticket = await findEngineTicket(this.writer(), record.ticketId);
    if (!ticket) throw new Error(`ticket ${record.ticketId} does not exist (job ${record.key} of ${record.processInstanceKey})`);
    const key = `${this.engine.kind}:${record.key}`;
    await this.writer().transaction(async (trx) => {
      const inserted = await trx('supervisions')
        .insert({
          key,
          ticket_id: ticket.id,
          city_id: ticket.cityId,
          trigger: record.trigger,
          trigger_label: record.triggerLabel,
          trigger_source: record.triggerSource,
          stage: record.stage,
          due: record.due,
          at: record.at,
          rule_version: record.ruleVersion,
          process_instance_key: record.processInstanceKey,
          element_id: record.elementId,
        })
        .onConflict('key')
        .ignore()
        .returning('id');
      if (inserted.length === 0) return;
      const data = { trigger: record.trigger, triggerLabel: record.triggerLabel, stage: record.stage, due: record.due, ruleVersion: record.ruleVersion };
      const stageLabel = stageLabelOf((await this.catalog.entry(ticket.packVersionId)).pack.city);
      await trx('ticket_events').insert({
        key: `supervision:${key}`,
        ticket_id: ticket.id,
        city_id: ticket.cityId,
        kind: 'supervised',
        at: record.at,
        summary: summarise('supervised', data, { stageLabel }),
        data,
        process_instance_key: record.processInstanceKey,
        element_id: record.elementId,
      });
      // an entry 督办 (overdue …): the pack's reminders of it, e.g. the leaders up the tree, with it
      await enqueueNotifications(trx, this.catalog, {
        on: 'supervised',
        key: `supervised:${key}`,
        cityId: ticket.cityId,
        ticketId: ticket.id,
        packVersionId: ticket.packVersionId,
        ruleVersion: { id: record.ruleVersion },
        trigger: record.trigger,
        values: { ticket: ticket.number, due: record.due, label: record.triggerLabel },
      });
    });
  }
}
