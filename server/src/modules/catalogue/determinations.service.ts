// Responsibility determinations (定责, Tianjin 2025 §8): a disputed matter, or one the catalogue does not
// cover, is sent from its dispatch task to the municipal department of its field (field) or to a joint
// determination by the centre and the departments concerned (joint). The decision becomes the dispatch
// task's proposal and, in one step, an entry of the catalogue's draft.
import type { Knex } from 'knex';
import { type Place, grassrootsRefused, placeChain } from '@hotline/dispatch-catalogue';
import { type ApiError, conflict, notFoundZh, refusedAtField } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../audit/audit.repository';
import { chinaToday } from '../../local-day';
import type { PackCatalog } from '../workflow/pack-catalog';
import { taxonomyOf, packInForce } from './catalogue-context';
import { type CatalogueContextData, addEntry, contextOf, insertDraft, proposalFor } from './catalogue.service';
import * as repo from './catalogue.repository';

export interface DeterminationView {
  id: number;
  ticketId: string;
  ticketNumber: string;
  matter: string | null;
  matterLabel: string | null;
  place: string | null;
  kind: 'field' | 'joint';
  reason: 'disputed' | 'noEntry';
  status: 'open' | 'decided';
  /** The requester's 说明: why the ticket needs a determination. */
  note: string;
  requestedBy: string;
  requestedAt: string;
  decision: { leadUnit: string; assistingUnits: string[]; basis: string; note: string | null } | null;
  decidedBy: string | null;
  decidedAt: string | null;
  catalogueEntryAdded: boolean;
}

/** The form of the dispatch task (TASK_FORMS): the one that proposes units from the catalogue. */
export const DISPATCH_FORM = 'dispatch';

const selectDeterminations = (db: Knex, cityId: string) =>
  db('determinations as d').join('tickets as t', 't.id', 'd.ticket_id').where('d.city_id', cityId).select('d.*', 't.number as ticket_number');

async function viewsOf(db: Knex, catalog: PackCatalog, cityId: string, rows: Array<Record<string, unknown>>): Promise<DeterminationView[]> {
  if (rows.length === 0) return [];
  const taxonomy = taxonomyOf(await packInForce(catalog, cityId));
  return rows.map((r) => ({
    id: r.id as number,
    ticketId: r.ticket_number as string,
    ticketNumber: r.ticket_number as string,
    matter: (r.matter as string | null) ?? null,
    matterLabel: r.matter ? taxonomy.label(r.matter as string) : null,
    place: (r.place as string | null) ?? null,
    kind: r.kind as 'field' | 'joint',
    reason: r.reason as 'disputed' | 'noEntry',
    status: r.status as 'open' | 'decided',
    note: r.note as string,
    requestedBy: r.requested_by_name as string,
    requestedAt: (r.requested_at as Date).toISOString(),
    decision: r.status === 'decided' ? { leadUnit: r.lead_unit as string, assistingUnits: r.assisting_units as string[], basis: r.basis as string, note: (r.decision_note as string | null) ?? null } : null,
    decidedBy: (r.decided_by_name as string | null) ?? null,
    decidedAt: r.decided_at ? (r.decided_at as Date).toISOString() : null,
    catalogueEntryAdded: r.catalogue_entry_added as boolean,
  }));
}

export async function listDeterminations(db: Knex, catalog: PackCatalog, cityId: string, status?: 'open' | 'decided'): Promise<DeterminationView[]> {
  const rows = await selectDeterminations(db, cityId)
    .modify((q) => {
      if (status) q.where('d.status', status);
    })
    .orderBy('d.requested_at', 'desc');
  return viewsOf(db, catalog, cityId, rows);
}

async function determinationById(db: Knex, catalog: PackCatalog, cityId: string, id: number): Promise<DeterminationView> {
  const [view] = await viewsOf(db, catalog, cityId, await selectDeterminations(db, cityId).where('d.id', id));
  if (!view) throw notFoundZh(`定责申请 ${id} 不存在`);
  return view;
}

/** The ticket's latest determination (a decided one before an open one); null without any. */
export async function determinationOfTicket(db: Knex, catalog: PackCatalog, cityId: string, ticketId: string): Promise<DeterminationView | null> {
  const rows = await selectDeterminations(db, cityId).where('d.ticket_id', ticketId).orderByRaw("d.status = 'decided' desc, d.id desc").limit(1);
  return (await viewsOf(db, catalog, cityId, rows))[0] ?? null;
}

const variable = (variables: Record<string, unknown>, name: string): string | null => (typeof variables[name] === 'string' && variables[name] !== '' ? (variables[name] as string) : null);

/** The ticket's matter and place, as its registration set the process variables `matter` and `place`. */
export const subjectOf = (variables: Record<string, unknown>) => ({ matter: variable(variables, 'matter'), place: variable(variables, 'place') });

export async function requestDetermination(db: Knex, catalog: PackCatalog, actor: Actor, input: { ticketId: string; kind: 'field' | 'joint'; note: string }): Promise<DeterminationView> {
  const task = await db('tasks')
    .where({ city_id: actor.cityId, ticket_number: input.ticketId, form: DISPATCH_FORM })
    .whereIn('status', ['open', 'claimed'])
    .first('id', 'ticket_id', 'variables');
  if (!task) throw notFoundZh(`工单 ${input.ticketId} 没有待派单的任务`);
  const subject = subjectOf(task.variables);
  const proposal = await proposalFor(db, catalog, actor.cityId, { ...subject, at: chinaToday() });
  if (proposal.kind !== 'determination') {
    throw conflict('CATALOGUE_HAS_ENTRY', `工单 ${input.ticketId} 的诉求事项在派单目录中已有承办单位（第 ${proposal.entryRow} 行），无需定责`);
  }
  const alreadyOpen = () => conflict('DETERMINATION_OPEN', `工单 ${input.ticketId} 已有待定责申请`);
  const id = await db.transaction(async (trx) => {
    const open = await trx('determinations').where({ ticket_id: task.ticket_id, status: 'open' }).first('id');
    if (open) throw conflict('DETERMINATION_OPEN', `工单 ${input.ticketId} 已有待定责申请（${open.id}）`);
    const [row] = await trx('determinations')
      .insert({
        city_id: actor.cityId,
        ticket_id: task.ticket_id,
        task_id: task.id,
        matter: subject.matter,
        place: subject.place,
        kind: input.kind,
        reason: proposal.reason,
        status: 'open',
        note: input.note,
        requested_by: actor.userId,
        requested_by_name: actor.displayName,
      })
      .returning('id');
    await recordEvent(trx, { cityId: actor.cityId, actor: { userId: actor.userId, name: actor.username }, action: 'determination.requested', subjectType: 'ticket', subjectId: input.ticketId, details: { determination: row.id, kind: input.kind, reason: proposal.reason } });
    return row.id as number;
  }).catch((error: unknown) => {
    // two requests at once: the database's one-open-per-ticket index refuses the second
    throw (error as { code?: string }).code === UNIQUE_VIOLATION ? alreadyOpen() : error;
  });
  return determinationById(db, catalog, actor.cityId, id);
}

const UNIQUE_VIOLATION = '23505';

export interface DecisionInput {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note?: string | undefined;
  addToCatalogue: boolean;
  /** The place scope of the catalogue entry added: the ticket's place (default) or a place above it; null = the whole city. */
  place?: string | null | undefined;
}

/** The place scope of the entry a decision adds: the ticket's place or one above it, or the whole city (null). */
function entryPlace(chosen: string | null | undefined, ticketPlace: string | null, places: readonly Place[]): string | null {
  if (chosen === undefined) return ticketPlace;
  if (chosen === null || chosen === '') return null; // the request's coercion may turn null into ""

  const allowed = ticketPlace === null ? [] : placeChain(places, ticketPlace);
  if (allowed.includes(chosen)) return chosen;
  const names = allowed.map((code) => places.find((p) => p.code === code)?.name ?? code);
  const message = `适用区划“${places.find((p) => p.code === chosen)?.name ?? chosen}”不是工单的事发区划或其上级区划（可选：${[...names, '全市'].join('、')}）`;
  throw refusedAtField('PLACE_NOT_ALLOWED', '/place', message);
}

/** A functional matter's determination may not decide on a grassroots unit (§8), as dispatch would refuse it. */
function refuseGrassroots(context: CatalogueContextData, matter: string | null, input: DecisionInput): void {
  if (!context.grassroots) return;
  const guard = { taxonomy: context.taxonomy, unitKinds: context.grassroots.unitKinds };
  const units = (codes: readonly string[]) => codes.flatMap((code) => context.units.filter((u) => u.code === code));
  for (const [field, codes] of [['/leadUnit', [input.leadUnit]], ['/assistingUnits', input.assistingUnits]] as const) {
    const refused = grassrootsRefused(matter, units(codes), guard);
    if (refused.length > 0) {
      const names = units(refused).map((u) => u.name).join('、');
      throw refusedAtField('GRASSROOTS_REFUSED', field, `${context.grassroots.refusal}（${names}是基层单位）`);
    }
  }
}

export async function decideDetermination(db: Knex, catalog: PackCatalog, actor: Actor, id: number, input: DecisionInput): Promise<DeterminationView> {
  const context = await contextOf(db, catalog, actor.cityId);
  const unknown = [input.leadUnit, ...input.assistingUnits].filter((code) => !context.units.some((u) => u.code === code));
  if (unknown.length > 0) throw refusedAtField('UNIT_UNKNOWN', '/leadUnit', `不是本市的承办单位：${unknown.join('、')}`);
  const audit = { userId: actor.userId, name: actor.username };
  await db.transaction(async (trx) => {
    const row = await trx('determinations').where({ city_id: actor.cityId, id }).forUpdate().first();
    if (!row) throw notFoundZh(`定责申请 ${id} 不存在`);
    if (row.status !== 'open') throw conflict('DETERMINATION_DECIDED', `定责申请 ${id} 已有结论`);
    refuseGrassroots(context, (row.matter as string | null) ?? null, input);
    let added = false;
    if (input.addToCatalogue) {
      if (!row.matter) throw refusedAtField('MATTER_MISSING', '/addToCatalogue', '工单没有诉求事项，结论不能加入派单目录');
      const place = entryPlace(input.place, (row.place as string | null) ?? null, context.places);
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:${actor.cityId}`]);
      if (await repo.versionIn(trx, actor.cityId, ['review'])) {
        throw refusedAtField('CATALOGUE_IN_REVIEW', '/addToCatalogue', '派单目录有待审核的版本，审核完成前不能加入草稿：请先不勾选“加入派单目录草稿”作出结论，审核后再补充条目');
      }
      const draft = (await repo.versionIn(trx, actor.cityId, ['draft']))?.id ?? (await insertDraft(trx, actor.cityId, actor));
      await repo.lockVersion(trx, actor.cityId, draft);
      const entry = { matter: row.matter as string, place, leadUnit: input.leadUnit, assistingUnits: input.assistingUnits, basis: input.basis, effectiveFrom: chinaToday(), effectiveTo: null };
      await addEntry(trx, context, actor.cityId, audit, draft, entry).catch((error: unknown) => {
        const issues = ((error as ApiError).details as { issues?: Array<{ message: string }> } | undefined)?.issues;
        if (!issues?.length) throw error;
        throw refusedAtField('CATALOGUE_ENTRY_REFUSED', '/addToCatalogue', `结论不能加入派单目录草稿：${issues.map((i) => i.message).join('；')}`);
      });
      added = true;
    }
    await trx('determinations').where({ id }).update({
      status: 'decided',
      lead_unit: input.leadUnit,
      assisting_units: input.assistingUnits,
      basis: input.basis,
      decision_note: input.note ?? null,
      decided_by: actor.userId,
      decided_by_name: actor.displayName,
      decided_at: trx.fn.now(),
      catalogue_entry_added: added,
    });
    await recordEvent(trx, { cityId: actor.cityId, actor: audit, action: 'determination.decided', subjectType: 'determination', subjectId: String(id), details: { leadUnit: input.leadUnit, assistingUnits: input.assistingUnits, basis: input.basis, addedToCatalogue: added } });
  });
  return determinationById(db, catalog, actor.cityId, id);
}
