// Deploying a published pack version's processes (`processes/*.bpmn`) on the engine in use, and
// remembering what each became (process id and engine version), so that a ticket starts exactly the
// process of the pack version it is registered under, even when another version of the same process
// id was deployed since. Deploying the same XML again gives back the same engine version (both engines).
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { EngineError, type WorkflowEngine } from '@hotline/engine-adapters';
import type { DeploymentResult, PackProcessDeployer } from '../packs/process-deployment';
import type { PackCatalog, PackEntry } from './pack-catalog';

export interface TicketProcess {
  bpmnProcessId: string;
  version: number;
}

/** The process a ticket starts: `processes/ticket.bpmn`, or the pack's only process. */
export const TICKET_PROCESS_FILE = 'processes/ticket.bpmn';

export class Deployments implements PackProcessDeployer {
  private readonly deploying = new Map<number, Promise<TicketProcess>>();

  get engine(): WorkflowEngine['kind'] {
    return this.workflowEngine.kind;
  }

  constructor(
    private readonly db: Knex,
    private readonly workflowEngine: WorkflowEngine,
    private readonly catalog: PackCatalog,
  ) {}

  /** Publishing a version (the pack routes): deploys its processes before the publication commits. */
  async deploy(version: { id: number; cityId: string; number: number }): Promise<DeploymentResult> {
    const entry = await this.catalog.entry(version.id);
    await this.deployEntry(entry);
    const rows: Array<{ resource: string; bpmn_process_id: string; process_version: number }> = await this.db('process_deployments')
      .where({ pack_version_id: entry.versionId, engine: this.engine })
      .orderBy('resource')
      .select('resource', 'bpmn_process_id', 'process_version');
    return { engine: this.engine, processes: rows.map((r) => ({ resource: r.resource, bpmnProcessId: r.bpmn_process_id, version: r.process_version })) };
  }

  /**
   * The ticket process of a pack version on this engine, deploying the version first if needed. Inside
   * a transaction pass it as `db`: a second connection of the same pool must never be awaited while one
   * is held (enough such waits at once exhaust the pool for good).
   */
  async ticketProcess(entry: PackEntry, db: Knex = this.db): Promise<TicketProcess> {
    const known = await this.recorded(entry, db);
    if (known) return known;
    let deploying = this.deploying.get(entry.versionId);
    if (!deploying) {
      deploying = this.deployEntry(entry, db).finally(() => this.deploying.delete(entry.versionId));
      this.deploying.set(entry.versionId, deploying);
    }
    return deploying;
  }

  /** A process file of a pack version (a subject process's) on this engine, deploying the version first if needed. */
  async processOf(entry: PackEntry, file: string, db: Knex = this.db): Promise<TicketProcess> {
    await this.ticketProcess(entry, db);
    const row: { bpmn_process_id: string; process_version: number } | undefined = await db('process_deployments')
      .where({ pack_version_id: entry.versionId, engine: this.engine, resource: file })
      .first('bpmn_process_id', 'process_version');
    if (!row) throw new Error(`pack version ${entry.cityId}/${entry.number} has no deployed ${file} on ${this.engine}`);
    return { bpmnProcessId: row.bpmn_process_id, version: row.process_version };
  }

  /** Every published version's processes, at start. A version the engine refuses is logged and skipped. */
  async deployPublished(log: Logger): Promise<void> {
    const versions: Array<{ id: number; city_id: string; number: number }> = await this.db('pack_versions')
      .where('status', 'published')
      .orderBy(['city_id', 'number'])
      .select('id', 'city_id', 'number');
    for (const version of versions) {
      try {
        const entry = await this.catalog.entry(version.id);
        const process = await this.ticketProcess(entry);
        log.info({ city: version.city_id, packVersion: version.number, process }, 'pack processes deployed');
      } catch (error) {
        if (!(error instanceof EngineError && error.code === 'DEPLOY_REJECTED') && !(error instanceof NoTicketProcessError)) throw error;
        log.warn({ city: version.city_id, packVersion: version.number, reason: error.message }, 'pack processes not deployed: tickets of this version cannot start');
      }
    }
  }

  private async recorded(entry: PackEntry, db: Knex): Promise<TicketProcess | null> {
    const rows: Array<{ resource: string; bpmn_process_id: string; process_version: number }> = await db('process_deployments')
      .where({ pack_version_id: entry.versionId, engine: this.engine })
      .select('resource', 'bpmn_process_id', 'process_version');
    if (rows.length === 0 || rows.length < entry.processes.length) return null;
    const row = pickTicketProcess(rows.map((r) => ({ ...r, name: r.resource })));
    return row ? { bpmnProcessId: row.bpmn_process_id, version: row.process_version } : null;
  }

  private async deployEntry(entry: PackEntry, db: Knex = this.db): Promise<TicketProcess> {
    if (entry.processes.length === 0) throw new NoTicketProcessError(entry);
    const deployed = await this.workflowEngine.deploy(entry.processes);
    // An engine that had the same XML already answers with the resource name it got then: match the
    // processes to the pack's files by process id instead.
    const fileOf = new Map(entry.processes.flatMap((p) => processIds(p.xml).map((id) => [id, p.name] as const)));
    await db('process_deployments')
      .insert(
        deployed.map((d) => ({
          pack_version_id: entry.versionId,
          engine: this.engine,
          resource: fileOf.get(d.bpmnProcessId) ?? d.resourceName,
          bpmn_process_id: d.bpmnProcessId,
          process_version: d.version,
          process_key: d.key,
        })),
      )
      .onConflict(['pack_version_id', 'engine', 'resource'])
      .merge(['bpmn_process_id', 'process_version', 'process_key', 'deployed_at']);
    const ticket = pickTicketProcess(deployed.map((d) => ({ name: fileOf.get(d.bpmnProcessId) ?? d.resourceName, bpmn_process_id: d.bpmnProcessId, process_version: d.version })));
    if (!ticket) throw new NoTicketProcessError(entry);
    return { bpmnProcessId: ticket.bpmn_process_id, version: ticket.process_version };
  }
}

/** The executable processes a BPMN file defines. */
export function processIds(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?process\b([^>]*)>/g)].flatMap((m) => {
    const id = /\bid\s*=\s*"([^"]+)"/.exec(m[1] ?? '')?.[1];
    return id === undefined ? [] : [id];
  });
}

function pickTicketProcess<T extends { name: string }>(rows: T[]): T | undefined {
  return rows.find((r) => r.name === TICKET_PROCESS_FILE) ?? (rows.length === 1 ? rows[0] : undefined);
}

export class NoTicketProcessError extends Error {
  constructor(entry: PackEntry) {
    super(`pack version ${entry.cityId}/${entry.number} has no ${TICKET_PROCESS_FILE} (and not exactly one process)`);
    this.name = 'NoTicketProcessError';
  }
}
