// The WorkflowEngine port on a real Zeebe broker, through @camunda8/sdk's gRPC client.
import { Zeebe } from '@camunda8/sdk';
import {
  EngineError,
  type CompletionOutcome,
  type DeployedProcess,
  type EngineHealth,
  type JobHandler,
  type ProcessResource,
  type UserTaskListener,
  type Variables,
  type WorkflowEngine,
} from '../port';
import { createActuatorClock } from './actuator-clock';
import { GrpcStatus, grpcDetails, grpcStatus, toEngineError } from './grpc-error';
import { chainWorker } from './chain.worker';
import { migrateZeebeInstance } from './instance-migration';
import { createJobFeeds } from './job-feed';
import { createJobStreams } from './job-stream';
import { CHAIN_JOB_TYPE, fuseRuleChains } from './rule-chains';
import { startServiceJobWorker } from './service-job.worker';
import { startUserTaskWorker } from './user-task.worker';
import { withZeebeDefaults, type ZeebeEngineConfig, type ZeebeEngineOptions } from './zeebe.config';
import type { ProcessDeployment, TopologyResponse, ZeebeClient, ZeebeVariables } from './zeebe-sdk';

// The client retries an unreachable gateway for a while; a health probe must answer sooner.
const HEALTH_TIMEOUT_MS = 5_000;

export function createZeebeEngine(options: ZeebeEngineOptions): WorkflowEngine {
  const config = withZeebeDefaults(options);
  const client = connect(config);
  const feeds = createJobFeeds(client, config.jobStreaming ? createJobStreams(config.address, config.log) : null, config);
  const handlers = new Map<string, JobHandler>();
  // Job types whose handlers are quick rule steps (`inStep`): consecutive ones are deployed as one job.
  const inStepTypes = new Set<string>();
  const listeners: UserTaskListener[] = [];
  // Workers and listeners are fixed at start(); the client cannot be reopened after stop().
  let registering = true;

  const beforeStart = (what: string): void => {
    if (!registering) throw new EngineError('INVALID_ARGUMENT', `${what} must happen before start()`);
  };

  return {
    kind: 'zeebe',

    registerJobWorker(type, handler, options) {
      beforeStart(`Registering the job worker for "${type}"`);
      if (handlers.has(type) || type === CHAIN_JOB_TYPE) throw new EngineError('INVALID_ARGUMENT', `A job worker for "${type}" is registered already`);
      handlers.set(type, handler);
      if (options?.inStep) inStepTypes.add(type);
    },

    onUserTaskCreated(listener) {
      beforeStart('Registering a user-task listener');
      listeners.push(listener);
    },

    async start() {
      beforeStart('Starting the engine');
      registering = false;
      for (const [type, handler] of handlers) startServiceJobWorker(client, feeds, type, handler, config);
      // Chains deployed by an earlier run (even one with fusion on when it is off now) are run too, as
      // long as their steps' workers are registered.
      if (inStepTypes.size > 0) startServiceJobWorker(client, feeds, CHAIN_JOB_TYPE, chainWorker((type) => handlers.get(type)), config);
      // Without listeners nobody would hear of the tasks, so they are left for a process that listens.
      if (listeners.length > 0) startUserTaskWorker(client, feeds, listeners, config);
    },

    async stop() {
      registering = false;
      await feeds.stop();
      await client.close();
    },

    async health(): Promise<EngineHealth> {
      try {
        return describeTopology(await withinMs(HEALTH_TIMEOUT_MS, client.topology()));
      } catch (error) {
        return { status: 'down', detail: grpcDetails(error) };
      }
    },

    async deploy(resources: ProcessResource[]): Promise<DeployedProcess[]> {
      try {
        // The fused set is the in-step types registered when deploy() is called: the server registers its
        // workers first; a process deployed before any is registered keeps a job per step.
        // XML the rewrite cannot read goes as it is, for the broker to say what is wrong with it.
        const fused = (xml: string) => (config.fuseRuleChains ? fuseRuleChains(xml, inStepTypes).then((r) => r.xml, () => xml) : Promise.resolve(xml));
        const sent = await Promise.all(resources.map(async ({ name, xml }) => ({ name, xml: await fused(xml) })));
        const response = await client.deployResources(sent.map(({ name, xml }) => ({ name, process: Buffer.from(xml, 'utf8') })));
        return (response.deployments as Array<Partial<ProcessDeployment>>).flatMap(({ process }) =>
          process ? [{ bpmnProcessId: process.bpmnProcessId, version: process.version, key: process.processDefinitionKey, resourceName: process.resourceName }] : [],
        );
      } catch (error) {
        // Zeebe refuses the whole deployment, naming the file and element: "'x.bpmn': - Element: acceptTicket ...".
        if (grpcStatus(error) === GrpcStatus.INVALID_ARGUMENT) throw new EngineError('DEPLOY_REJECTED', grpcDetails(error), { cause: error });
        throw toEngineError(error, `Deploying ${resources.map((r) => r.name).join(', ')}`);
      }
    },

    async createInstance(bpmnProcessId, variables, { version } = {}) {
      try {
        const created = await client.createProcessInstance({ bpmnProcessId, variables: variables as ZeebeVariables, ...(version === undefined ? {} : { version }) });
        return { processInstanceKey: created.processInstanceKey, version: created.version };
      } catch (error) {
        throw toEngineError(error, `Starting ${bpmnProcessId}${version === undefined ? '' : ` version ${version}`}`);
      }
    },

    async cancelInstance(processInstanceKey) {
      try {
        await client.cancelProcessInstance(processInstanceKey);
      } catch (error) {
        throw toEngineError(error, `Cancelling process instance ${processInstanceKey}`);
      }
    },

    migrateInstance: (processInstanceKey, migration) => migrateZeebeInstance(client, processInstanceKey, migration),

    async completeUserTask(key: string, variables: Variables): Promise<CompletionOutcome> {
      try {
        await client.completeJob({ jobKey: key, variables: variables as ZeebeVariables });
        return 'completed';
      } catch (error) {
        // Completed before (or cancelled with its scope): the job no longer exists.
        if (grpcStatus(error) === GrpcStatus.NOT_FOUND) return 'already-completed';
        throw toEngineError(error, `Completing user task ${key}`);
      }
    },

    async publishMessage(name, correlationKey, variables = {}, { messageId, timeToLiveMs = 0 } = {}) {
      try {
        await client.publishMessage({ name, correlationKey, variables: variables as ZeebeVariables, timeToLive: timeToLiveMs, ...(messageId === undefined ? {} : { messageId }) });
      } catch (error) {
        // The same messageId within its time-to-live: published already, nothing to do twice.
        if (grpcStatus(error) === GrpcStatus.ALREADY_EXISTS) return;
        throw toEngineError(error, `Publishing message ${name} for ${correlationKey}`);
      }
    },

    clock: createActuatorClock(config.clockUrl),
  };
}

function connect(config: ZeebeEngineConfig): ZeebeClient {
  return new Zeebe.ZeebeGrpcClient({
    config: {
      // The SDK prefers ZEEBE_ADDRESS (and defaults it), so both are set to the configured address.
      ZEEBE_ADDRESS: config.address,
      ZEEBE_GRPC_ADDRESS: config.address,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_SECURE_CONNECTION: false,
      zeebeGrpcSettings: {
        ZEEBE_CLIENT_LOG_LEVEL: config.logLevel,
        ZEEBE_GRPC_CLIENT_RETRY: true,
        ZEEBE_GRPC_CLIENT_MAX_RETRIES: config.commandRetries,
        ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 5,
        ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: Math.max(1, Math.round(config.workerLongPollMs / 1000)),
      },
    },
  });
}

function describeTopology(topology: TopologyResponse): EngineHealth {
  const partitions = topology.brokers.flatMap((broker) => broker.partitions);
  // The SDK's proto loader hands enums over by name, whatever its typings say.
  const unhealthy = partitions.filter((partition) => (partition.health as unknown) !== 'HEALTHY');
  if (partitions.length === 0) return { status: 'down', detail: 'the gateway knows no partition yet' };
  if (unhealthy.length > 0) return { status: 'down', detail: `partitions not healthy: ${unhealthy.map((p) => p.partitionId).join(', ')}` };
  return { status: 'up', detail: `Zeebe ${topology.gatewayVersion}, ${topology.brokers.length} broker(s), ${partitions.length} partition(s)` };
}

function withinMs<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the gateway did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
