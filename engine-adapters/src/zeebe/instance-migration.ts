// Process-instance migration on Zeebe 8.5 (MigrateProcessInstance), around the one thing 8.5 refuses:
// an active event-based gateway, or a catch event waiting behind one. Every ticket's deadline watch
// waits exactly there (BPMN-SUBSET.md, "Timers"), so a plain migration of a ticket almost always fails.
// The watch is therefore parked first: a `deadlineChanged` carrying `watchStage = "closed"` (time-to-live
// 0, so it only reaches a watch waiting now) ends the watch branch at `watchEnd`; the migration is then
// tried again until the broker takes it (bounded); the new variables are set; and the watch is re-armed
// on the target by activating its loop entry (`watchMerge`) with the stage and instant to watch. The
// main branch (user and service tasks) is migrated in place: task keys survive. The embedded adapter
// moves the watch in place instead and hands it the same stage and instant: the same end state.
import { setTimeout as sleep } from 'node:timers/promises';

import { renamedMappings } from '../migration-plan';
import { EngineError, type InstanceMigration, type Variables } from '../port';
import { DEADLINE_CHANGED_MESSAGE, WATCH_ENTRY_ELEMENT } from '../workers/watch.worker';
import { GrpcStatus, grpcDetails, grpcStatus, toEngineError } from './grpc-error';
import type { ZeebeClient, ZeebeVariables } from './zeebe-sdk';

/** How long the watch may take to reach its end after the parking message (it may be inside a job). */
const PARK_WITHIN_MS = 15_000;
const RETRY_EVERY_MS = 100;
/** A watch inside its job when the notice comes still gets it. */
const WATCH_NOTICE_TTL_MS = 60_000;
/** Zeebe 8.5's refusals that the parked watch lifts. */
const PARKED: Variables = { watchStage: 'closed', watchDue: null };
/** Zeebe 8.5's refusal of a mapping naming an element the definition lacks. */
const FUSED_AWAY = /non-existing (source|target) element id '([^']+)'/;
const WATCH_REFUSAL = /event-based gateway|EVENT_BASED_GATEWAY|INTERMEDIATE_CATCH_EVENT|intermediate catch event/i;

export async function migrateZeebeInstance(client: ZeebeClient, processInstanceKey: string, migration: InstanceMigration): Promise<void> {
  const renamed = renamedMappings(migration.mappings);
  if (renamed.length) throw new EngineError('INVALID_ARGUMENT', `elements are migrated by id; these mappings rename: ${renamed.map((m) => `${m.sourceElementId} → ${m.targetElementId}`).join(', ')}`);
  const { watch } = migration;
  // "Migrating active elements with mapped catch events is not possible yet" (8.5): the host is
  // mapped, its boundary events are not, and the broker subscribes it to the target's own
  let mappings = migration.mappings.filter((m) => !m.catchEvent).map(({ sourceElementId, targetElementId }) => ({ sourceElementId, targetElementId }));
  const migrateOnce = () => client.migrateProcessInstance({ processInstanceKey, migrationPlan: { targetProcessDefinitionKey: migration.processDefinitionKey, mappingInstructions: mappings } });
  const migrate = async (): Promise<void> => {
    for (;;) {
      try {
        await migrateOnce();
        return;
      } catch (error) {
        // The plan maps the steps of the pack's BPMN; on the broker, steps after the first of a fused rule
        // chain (rule-chains.ts) do not exist, and no instance can wait in them: their mappings go.
        const missing = grpcStatus(error) === GrpcStatus.INVALID_ARGUMENT ? FUSED_AWAY.exec(grpcDetails(error)) : null;
        const fewer = missing ? mappings.filter((m) => (missing[1] === 'source' ? m.sourceElementId : m.targetElementId) !== missing[2]) : mappings;
        if (fewer.length === mappings.length) throw error;
        mappings = fewer;
      }
    }
  };
  const rearm = async (): Promise<void> => {
    if (!watch) return;
    await client.modifyProcessInstance({
      processInstanceKey,
      activateInstructions: [{ elementId: WATCH_ENTRY_ELEMENT, ancestorElementInstanceKey: '-1', variableInstructions: [{ variables: { watchStage: watch.stage, watchDue: watch.due } as ZeebeVariables, scopeId: '' }] }],
    });
  };

  if (migration.sameDefinition) {
    // Nothing to move (Zeebe 8.5 would refuse an active task with a message boundary event anyway):
    // the new variables, and the watch told its instant as when a deadline moves.
    try {
      await setVariables(client, processInstanceKey, migration.variables);
      if (watch && watch.stage !== null) {
        await client.publishMessage({
          name: DEADLINE_CHANGED_MESSAGE,
          correlationKey: watch.correlationKey,
          variables: { watchStage: watch.stage, watchDue: watch.due } as ZeebeVariables,
          timeToLive: WATCH_NOTICE_TTL_MS,
          messageId: `migration-${processInstanceKey}-${Date.now()}`,
        });
      }
    } catch (error) {
      throw toEngineError(error, `Process instance ${processInstanceKey}: setting its new variables failed`);
    }
    return;
  }
  let parked = false;
  const giveUpAt = Date.now() + PARK_WITHIN_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate();
      break;
    } catch (error) {
      const refusedForWatch = watch !== undefined && grpcStatus(error) === GrpcStatus.FAILED_PRECONDITION && WATCH_REFUSAL.test(grpcDetails(error));
      if (!refusedForWatch || Date.now() > giveUpAt) {
        // The instance was not migrated: give the old version its watch back before saying why.
        if (parked) await rearm().catch(() => undefined);
        throw toEngineError(error, `Migrating process instance ${processInstanceKey}`);
      }
      await client.publishMessage({
        name: DEADLINE_CHANGED_MESSAGE,
        correlationKey: watch.correlationKey,
        variables: PARKED as ZeebeVariables,
        timeToLive: 0,
        messageId: `migration-${processInstanceKey}-${Date.now()}-${attempt}`,
      });
      parked = true;
      await sleep(RETRY_EVERY_MS);
    }
  }
  try {
    await setVariables(client, processInstanceKey, migration.variables);
    if (parked) await rearm();
  } catch (error) {
    throw toEngineError(error, `Process instance ${processInstanceKey} migrated, but setting its variables or re-arming its deadline watch failed`);
  }
}

async function setVariables(client: ZeebeClient, processInstanceKey: string, variables: Variables | undefined): Promise<void> {
  if (variables && Object.keys(variables).length) {
    await client.setVariables({ elementInstanceKey: processInstanceKey, variables: variables as ZeebeVariables, local: false });
  }
}
