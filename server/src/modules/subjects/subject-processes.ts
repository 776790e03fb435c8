// Running a subject through its pack process (SubjectProcessStarter) and hearing what it decided.
//
// start: the city's pack version in force declares the kind (city.json `subjectProcesses`: kind →
//   processes/<file>.bpmn); its process, deployed with the ticket process on the engine in use, is started
//   in the caller's transaction with the variables subjectKind, subjectId, cityId (and `city`,
//   `packVersion` as a ticket's instance has them), unitId, title and `subjectProcessId` (the row of
//   `subject_processes` that records the instance). If the caller rolls back, the row is gone and the
//   instance's tasks never reach an inbox.
// outcome: a service task of type `hotline.outcome` with a header `outcome` (BPMN-SUBSET.md). Its worker
//   records the outcome on the row once (keyed on the job) and calls the kind's onOutcome in the same
//   transaction, with the process variables (the reviewers' form fields), then writes the audit entry.
//   A re-delivered job finds the outcome recorded and calls nobody again.
import type { Knex } from 'knex';
import type { ServiceJob, WorkflowEngine } from '@hotline/engine-adapters';
import { HotlineError, formatInstant, subjectProcessesOf } from '@hotline/rules';
import { ApiError } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import type { Deployments } from '../workflow/deployments.service';
import type { PackCatalog, PackEntry } from '../workflow/pack-catalog';
import type { SubjectKind, SubjectProcessStarter } from './subject-kind';
import type { SubjectKinds } from './subject-registry';
import { isUuid } from '../../database/ids';

/** The job type of a subject process's outcome step. */
export const OUTCOME_JOB_TYPE = 'hotline.outcome';

export interface SubjectProcessRow {
  id: string;
  city_id: string;
  kind: string;
  subject_id: string;
  unit_id: string | null;
  title: string;
  pack_version_id: number | string;
  engine: string;
  process_instance_key: string | null;
  outcome: string | null;
}

export async function findSubjectProcess(db: Knex, id: unknown): Promise<SubjectProcessRow | null> {
  if (!isUuid(id)) return null;
  return (await db('subject_processes').where({ id }).first()) ?? null;
}

/** A unit given by its id or its code, in the city; null when there is none. */
async function unitOf(db: Knex, cityId: string, unit: string | null | undefined): Promise<{ id: string; code: string } | null> {
  if (!unit) return null;
  const byId = isUuid(unit);
  const row = await db('units').where({ city_id: cityId, ...(byId ? { id: unit } : { code: unit }) }).first('id', 'code');
  return row ?? null;
}

/** The pack's declaration of a kind's process file; null when the pack version declares none for it. */
export function subjectProcessFile(entry: PackEntry, kind: string): string | null {
  return subjectProcessesOf(entry.pack.city).find((d) => d.kind === kind)?.process ?? null;
}

export class PackSubjectProcessStarter implements SubjectProcessStarter {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly catalog: PackCatalog,
    private readonly deployments: Deployments,
  ) {}

  async start(
    trx: Knex.Transaction,
    request: { kind: string; cityId: string; subjectId: string; unitId?: string | null; title: string; variables?: Record<string, unknown>; actor?: AuditActor | null },
  ): Promise<{ processInstanceKey: string }> {
    const entry = await this.catalog.inForce(request.cityId, trx);
    if (!entry) throw new ApiError(409, 'NO_PACK_IN_FORCE', `${request.cityId} has no published pack version in force: a ${request.kind} process cannot start`);
    const file = subjectProcessFile(entry, request.kind);
    if (!file) {
      throw new ApiError(409, 'SUBJECT_PROCESS_UNKNOWN', `pack version ${entry.cityId}/${entry.number} declares no process for "${request.kind}" (city.json subjectProcesses)`);
    }
    const process = await this.deployments.processOf(entry, file, trx);
    const unit = await unitOf(trx, request.cityId, request.unitId);
    if (request.unitId && !unit) throw new ApiError(422, 'UNIT_UNKNOWN', `unit ${request.unitId} is not a unit of ${request.cityId}`);
    const actor = request.actor ?? null;
    const [row] = await trx('subject_processes')
      .insert({
        city_id: request.cityId,
        kind: request.kind,
        subject_id: request.subjectId,
        unit_id: unit?.id ?? null,
        title: request.title,
        pack_version_id: entry.versionId,
        engine: this.engine.kind,
        bpmn_process_id: process.bpmnProcessId,
        process_version: process.version,
        started_by: actor?.userId ?? null,
      })
      .returning(['id']);
    const now = await this.engine.clock.now();
    const variables = {
      ...(request.variables ?? {}),
      subjectProcessId: row.id,
      subjectKind: request.kind,
      subjectId: request.subjectId,
      cityId: request.cityId,
      city: request.cityId,
      packVersion: entry.number,
      unitId: unit?.id ?? null,
      ...(unit ? { unit: unit.code } : {}),
      title: request.title,
      startedAt: formatInstant(now, entry.rules.offsetMinutes),
    };
    const started = await this.engine.createInstance(process.bpmnProcessId, variables, { version: process.version });
    await trx('subject_processes').where({ id: row.id }).update({ process_instance_key: started.processInstanceKey });
    await recordEvent(trx, {
      cityId: request.cityId,
      actor: actor ?? { userId: null, name: 'system' },
      action: 'subject.processStarted',
      subjectType: request.kind,
      subjectId: request.subjectId,
      details: { process: file, packVersion: entry.number, processInstanceKey: started.processInstanceKey },
    });
    return { processInstanceKey: started.processInstanceKey };
  }
}

/**
 * The `hotline.outcome` worker: records the outcome its `outcome` header names on the instance's row
 * (once) and tells the subject's kind, in one transaction, with an audit entry.
 */
export function outcomeWorker(db: Knex, kinds: SubjectKinds, engine: Pick<WorkflowEngine, 'kind'>) {
  return async (job: ServiceJob): Promise<void> => {
    const outcome = job.customHeaders.outcome;
    if (!outcome) throw new Error(`${OUTCOME_JOB_TYPE} at ${job.bpmnProcessId}/${job.elementId} (job ${job.key}): the header "outcome" is missing`);
    const process = await findSubjectProcess(db, job.variables.subjectProcessId);
    if (!process) throw new Error(`${OUTCOME_JOB_TYPE} (job ${job.key}): no subject process ${String(job.variables.subjectProcessId)} is recorded here`);
    const kind: SubjectKind | undefined = kinds.get(process.kind);
    if (!kind) throw new HotlineError('SUBJECT_KIND_UNKNOWN', `${OUTCOME_JOB_TYPE} (job ${job.key}): no module registered the subject kind "${process.kind}"`, 'operational');
    await db.transaction(async (trx) => {
      const recorded = await trx('subject_processes')
        .where({ id: process.id })
        .whereNull('outcome')
        .update({ outcome, outcome_at: trx.fn.now(), outcome_key: `${engine.kind}:${job.key}` })
        .returning('id');
      if (recorded.length === 0) return; // recorded before: a re-delivered job
      const actor = await lastActor(trx, process.id);
      await kind.onOutcome(trx, { cityId: process.city_id, subjectId: process.subject_id }, outcome, job.variables, actor);
      await recordEvent(trx, {
        cityId: process.city_id,
        actor: actor ?? { userId: null, name: 'system' },
        action: 'subject.outcome',
        subjectType: process.kind,
        subjectId: process.subject_id,
        details: { outcome, element: job.elementId, processInstanceKey: job.processInstanceKey },
      });
    });
  };
}

/** Who completed the instance's last task (the decision the outcome follows), by username; null when nobody did. */
async function lastActor(trx: Knex.Transaction, subjectProcessId: string): Promise<AuditActor | null> {
  const row = await trx('tasks as k')
    .join('users as u', 'u.id', 'k.completed_by')
    .where('k.subject_process_id', subjectProcessId)
    .whereIn('k.status', ['completing', 'completed'])
    .orderBy('k.completing_at', 'desc')
    .first('u.id', 'u.username');
  return row ? { userId: row.id, name: row.username } : null; // the audit trail's actor is the username
}
