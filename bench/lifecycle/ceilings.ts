// The ceilings the lifecycle figures are compared with, measured in the same run on the same machine:
// - plain `pg` transactions/s on the bench's database (BEGIN; INSERT; UPDATE; COMMIT from a few
//   connections at once), what PostgreSQL gives when nothing else is done per transaction;
// - the Zeebe broker's own process instances/s for a process of one service task, created and worked as
//   fast as @camunda8/sdk allows (instances created with their result awaited, jobs streamed).
import pg from 'pg';
import { Zeebe } from '@camunda8/sdk';
import { cpuSeconds } from './cpu';

export async function pgTransactionsPerSecond(url: string, seconds: number, clients: number): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('create table bench_pg_ceiling (id bigserial primary key, n integer not null)');
  try {
    const connections = await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    let transactions = 0;
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < until) {
          await client.query('begin');
          const { rows } = await client.query<{ id: string }>('insert into bench_pg_ceiling (n) values ($1) returning id', [transactions]);
          await client.query('update bench_pg_ceiling set n = n + 1 where id = $1', [rows[0]!.id]);
          await client.query('commit');
          transactions += 1;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    await Promise.all(connections.map((client) => client.end()));
    return transactions / elapsed;
  } finally {
    await setup.query('drop table bench_pg_ceiling');
    await setup.end();
  }
}

const ONE_TASK_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench-one-task-definitions" targetNamespace="http://hotline.local/bench">
  <bpmn:process id="bench-one-task" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>toTask</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="bench-one-task" /></bpmn:extensionElements>
      <bpmn:incoming>toTask</bpmn:incoming><bpmn:outgoing>toEnd</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>toEnd</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

export interface BrokerCeiling {
  /** One-task process instances completed per second. */
  perSecond: number;
  /** The broker's CPU seconds per instance (null without its pid). */
  brokerCpuPerInstance: number | null;
}

export async function zeebeOneTaskPerSecond(address: string, brokerPid: number | null, seconds: number, inFlight: number): Promise<BrokerCeiling> {
  const client = new Zeebe.ZeebeGrpcClient({
    config: {
      ZEEBE_ADDRESS: address,
      ZEEBE_GRPC_ADDRESS: address,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_SECURE_CONNECTION: false,
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    },
  });
  try {
    await client.deployResource({ name: 'bench-one-task.bpmn', process: Buffer.from(ONE_TASK_PROCESS, 'utf8') });
    const stream = await client.streamJobs({ type: 'bench-one-task', worker: 'bench', timeout: 30_000, tenantIds: [], fetchVariables: [], taskHandler: (job) => job.complete() });
    // jobs created before the stream is registered are not pushed to it: a polling worker takes those
    const poller = client.createWorker({ taskType: 'bench-one-task', pollInterval: 100, fetchVariable: [], taskHandler: (job) => job.complete() });
    const once = () => client.createProcessInstanceWithResult({ bpmnProcessId: 'bench-one-task', variables: {}, requestTimeout: 30_000, fetchVariables: [] });
    await once(); // the deployment is live and both workers take jobs
    let completed = 0;
    const cpu0 = brokerPid === null ? null : cpuSeconds(brokerPid);
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() < until) {
          await once();
          completed += 1;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = brokerPid === null ? null : cpuSeconds(brokerPid);
    stream.close();
    await poller.close();
    return { perSecond: completed / elapsed, brokerCpuPerInstance: cpu0 === null || cpu1 === null || completed === 0 ? null : (cpu1 - cpu0) / completed };
  } finally {
    await client.close();
  }
}
