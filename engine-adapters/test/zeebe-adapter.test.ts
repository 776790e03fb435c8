// The Zeebe adapter's pure parts, no broker: job mapping, configuration, the clock without an endpoint.
import { describe, expect, it } from 'vitest';
import { EngineError, zeebeConfigFromEnv } from '../src/index';
import { createActuatorClock } from '../src/zeebe/actuator-clock';
import { parseCandidateGroups, toServiceJob, toUserTaskCreated, type ActivatedJob } from '../src/zeebe/zeebe-job.mapping';

const userTaskJob: ActivatedJob = {
  key: '2251799813685269',
  type: 'io.camunda.zeebe:userTask',
  processInstanceKey: '2251799813685251',
  bpmnProcessId: 'ticket-deadlines',
  processDefinitionVersion: 3,
  elementId: 'acceptTicket',
  elementInstanceKey: '2251799813685267',
  customHeaders: {
    'io.camunda.zeebe:formKey': 'hotline:accept',
    'io.camunda.zeebe:candidateGroups': '["dispatcher","unit-staff"]',
    stage: 'accept',
  },
  variables: { ticketId: 'T-1' },
  retries: 1,
};

describe('zeebe job mapping', () => {
  it('turns a job-worker user task into UserTaskCreated, keeping only the modelled headers', () => {
    expect(toUserTaskCreated(userTaskJob)).toEqual({
      key: '2251799813685269',
      processInstanceKey: '2251799813685251',
      bpmnProcessId: 'ticket-deadlines',
      processVersion: 3,
      elementId: 'acceptTicket',
      elementInstanceKey: '2251799813685267',
      formKey: 'hotline:accept',
      candidateGroups: ['dispatcher', 'unit-staff'],
      customHeaders: { stage: 'accept' },
      variables: { ticketId: 'T-1' },
    });
  });

  it('leaves out a form key the model does not give', () => {
    const { 'io.camunda.zeebe:formKey': _formKey, ...headers } = userTaskJob.customHeaders;
    expect(toUserTaskCreated({ ...userTaskJob, customHeaders: headers })).not.toHaveProperty('formKey');
  });

  it('reads candidate groups written as a JSON array or as a plain list', () => {
    expect(parseCandidateGroups('["dispatcher", "unit-staff"]')).toEqual(['dispatcher', 'unit-staff']);
    expect(parseCandidateGroups('dispatcher, unit-staff')).toEqual(['dispatcher', 'unit-staff']);
    expect(parseCandidateGroups(undefined)).toEqual([]);
  });

  it('turns a service job into ServiceJob with string headers', () => {
    const job = { ...userTaskJob, type: 'hotline.deadline', elementId: 'computeDeadlines', customHeaders: { stage: 'accept', attempt: 2 }, retries: 3 };
    expect(toServiceJob(job)).toMatchObject({ key: job.key, type: 'hotline.deadline', customHeaders: { stage: 'accept', attempt: '2' }, retries: 3 });
  });
});

describe('zeebe configuration', () => {
  it('reads the address and clock endpoint from the env object it is given', () => {
    expect(zeebeConfigFromEnv({ ZEEBE_ADDRESS: '127.0.0.1:26500', ZEEBE_CLOCK_URL: 'http://127.0.0.1:9600/actuator/clock' })).toMatchObject({
      address: '127.0.0.1:26500',
      clockUrl: 'http://127.0.0.1:9600/actuator/clock',
      workerName: 'hotline',
      fuseRuleChains: true,
    });
    expect(zeebeConfigFromEnv({ ZEEBE_ADDRESS: '127.0.0.1:26500', ZEEBE_FUSE_RULE_CHAINS: 'false' }).fuseRuleChains).toBe(false);
  });

  it('fails fast without an address or with one that is not host:port', () => {
    expect(() => zeebeConfigFromEnv({})).toThrow(/ZEEBE_ADDRESS is not set/);
    expect(() => zeebeConfigFromEnv({ ZEEBE_ADDRESS: 'http://zeebe' })).toThrow(/host:port/);
  });
});

describe('zeebe clock without an endpoint', () => {
  it('reads system time and refuses to move', async () => {
    const clock = createActuatorClock(undefined);
    expect(Math.abs((await clock.now()) - Date.now())).toBeLessThan(1_000);
    const refusal = await clock.advance(1_000).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EngineError);
    expect((refusal as EngineError).code).toBe('CLOCK_NOT_CONTROLLED');
  });
});
