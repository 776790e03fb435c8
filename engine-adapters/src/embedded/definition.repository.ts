// Deployed process definitions: one row per version, the XML kept so that a restart can rebuild the
// engine's source. Deploying the same XML again returns the same version, as Zeebe does.
import { createHash } from 'node:crypto';

import type { Knex } from 'knex';

import { allocateKeys } from './keys';

export interface DefinitionRow {
  key: string;
  bpmn_process_id: string;
  version: number;
  resource_name: string;
  xml: string;
}

const TABLE = 'engine_process_definition';
const COLUMNS = ['key', 'bpmn_process_id', 'version', 'resource_name', 'xml'];

export async function definitionByKey(db: Knex, key: string): Promise<DefinitionRow | undefined> {
  return db(TABLE).where({ key }).first(COLUMNS);
}

/** The latest version of a process, or the given one. */
export async function findDefinition(db: Knex, bpmnProcessId: string, version?: number): Promise<DefinitionRow | undefined> {
  const query = db(TABLE).where({ bpmn_process_id: bpmnProcessId });
  if (version !== undefined) query.andWhere({ version });
  return query.orderBy('version', 'desc').first(COLUMNS);
}

/** Stores a new version unless the latest one has the same XML. */
export async function saveDefinition(trx: Knex.Transaction, process: { bpmnProcessId: string; resourceName: string; xml: string }): Promise<DefinitionRow> {
  // Concurrent deployments of one process must not both take the same next version.
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`engine-definition:${process.bpmnProcessId}`]);
  const checksum = createHash('sha256').update(process.xml).digest('hex');
  const latest = await trx(TABLE).where({ bpmn_process_id: process.bpmnProcessId }).orderBy('version', 'desc').first([...COLUMNS, 'checksum']);
  if (latest?.checksum === checksum) {
    const { checksum: _checksum, ...row } = latest as DefinitionRow & { checksum: string };
    return row;
  }
  const [key] = await allocateKeys(trx, 1);
  const row: DefinitionRow = {
    key: key as string,
    bpmn_process_id: process.bpmnProcessId,
    version: ((latest as DefinitionRow | undefined)?.version ?? 0) + 1,
    resource_name: process.resourceName,
    xml: process.xml,
  };
  await trx(TABLE).insert({ ...row, checksum });
  return row;
}
