// The platform's job workers (engine-adapters/src/workers) with their real dependencies: the rules of
// the pack version the ticket started under (the `packVersion` start variable), the engine's clock, the
// PostgreSQL sink, and the engine's message publication.
import { HOTLINE_JOB_TYPES, type HotlineJobType, type JobHandler, type ServiceJob, type WorkerSink, type WorkflowEngine, createHotlineWorkers } from '@hotline/engine-adapters';
import type { PackCatalog, PackEntry } from './pack-catalog';

export function registerPlatformWorkers(engine: WorkflowEngine, catalog: PackCatalog, sink: WorkerSink): void {
  const workersOf = new WeakMap<PackEntry, Record<HotlineJobType, JobHandler>>();
  const workers = (entry: PackEntry) => {
    let found = workersOf.get(entry);
    if (!found) {
      found = createHotlineWorkers({
        rulesFor: (city) => {
          if (city !== entry.cityId) throw new Error(`pack version ${entry.cityId}/${entry.number} has no rules for ${city}`);
          return entry.rules;
        },
        now: () => engine.clock.now(),
        sink,
        publish: (message) =>
          engine.publishMessage(message.name, message.correlationKey, message.variables, { messageId: message.messageId, timeToLiveMs: message.timeToLiveMs }),
      });
      workersOf.set(entry, found);
    }
    return found;
  };
  for (const type of HOTLINE_JOB_TYPES) {
    // quick rule steps that write only through the sink: the embedded engine runs them inside the step
    engine.registerJobWorker(type, async (job) => workers(await packOf(catalog, job))[type](job), { inStep: true });
  }
}

/** The pack version a job's ticket started under; the version in force for an instance without one. */
async function packOf(catalog: PackCatalog, job: ServiceJob): Promise<PackEntry> {
  const { city, packVersion } = job.variables;
  if (typeof city !== 'string' || city === '') throw new Error(`${job.type} at ${job.bpmnProcessId}/${job.elementId} (job ${job.key}): the variable "city" is missing`);
  const entry = typeof packVersion === 'number' ? await catalog.byNumber(city, packVersion) : await catalog.inForce(city);
  if (!entry) throw new Error(`${job.type} (job ${job.key}): ${city} has no pack version ${typeof packVersion === 'number' ? packVersion : 'in force'}`);
  return entry;
}
