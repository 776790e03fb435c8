// Changes policy staff make without code, made exactly as they would make them: a draft of the
// city's pack through the API, files edited there (no file of the repository touched), published
// with today's date, then tickets run through the result. Run on each engine by its own test file.
import { expect } from 'vitest';
import { CityRules, parsePack } from '@hotline/rules';
import { FORM_DATA, type Json, type LifecycleWorld, complaint, inboxTask, waitFor } from './lifecycle';

const TJ = '/api/cities/tianjin';
const VERSIONS = `${TJ}/pack-versions`;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Policy staff's side: a draft, its files, publication. */
export function policyDesk(world: LifecycleWorld) {
  const policy = () => world.user('tj.policy');
  const put = async (draft: number, path: string, text: string) => {
    const token = (await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tj.policy', password: 'hotline-demo' } })).json().token as string;
    const response = await world.app.inject({ method: 'PUT', url: `${VERSIONS}/${draft}/files/${path}`, headers: { authorization: `Bearer ${token}` }, payload: { text } });
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  const read = async (draft: number, path: string): Promise<string> => {
    const response = await (await policy()).get(`${VERSIONS}/${draft}/files/${path}`);
    expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    return response.body.text as string;
  };
  return {
    async draftFromInForce(): Promise<number> {
      const versions = (await (await policy()).get(VERSIONS)).body as Json[];
      const published = versions.filter((v) => v.status === 'published').map((v) => v.number as number);
      const response = await (await policy()).post(`${VERSIONS}/${Math.max(...published)}/drafts`);
      expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
      return response.body.number as number;
    },
    read,
    put,
    async editJson(draft: number, path: string, edit: (value: Json) => void): Promise<void> {
      const value = JSON.parse(await read(draft, path));
      edit(value);
      await put(draft, path, `${JSON.stringify(value, null, 2)}\n`);
    },
    async publish(draft: number): Promise<void> {
      const response = await (await policy()).post(`${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
      expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    },
    async rules(draft: number): Promise<CityRules> {
      const files = ((await (await policy()).get(`${VERSIONS}/${draft}`)).body.files as Json[]).map((f) => ({ path: f.path as string, text: f.text as string }));
      return new CityRules(parsePack(files));
    },
  };
}

async function register(world: LifecycleWorld, overrides: Record<string, unknown>): Promise<string> {
  const registrar = await world.user('tj.registrar');
  const created = await registrar.post(`${TJ}/tickets`, complaint(overrides));
  expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
  return created.body.number as string;
}

async function complete(world: LifecycleWorld, username: string, ticket: string, form: string, data: object, action?: string): Promise<Json> {
  const caller = await world.user(username);
  const task = await inboxTask(caller, 'tianjin', ticket, form);
  const response = await caller.post(`${TJ}/tasks/${task.id}/complete`, { data, requestId: `${form}-${action ?? 'primary'}-${ticket}-${Math.random()}`, ...(action ? { action } : {}) });
  expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Dispatched and accepted: the reply task waits at the street office. */
async function toReply(world: LifecycleWorld, ticket: string): Promise<void> {
  await complete(world, 'tj.dispatcher', ticket, 'dispatch', FORM_DATA.dispatch);
  await complete(world, 'tj.handler', ticket, 'accept', FORM_DATA.accept);
}

/**
 * 企业诉求: a ticket type the platform never heard of, with its own handling period of 3 working days
 * (the complaint's is longer), offered at registration and applied to the ticket.
 */
export async function newTicketType(world: LifecycleWorld): Promise<void> {
  const desk = policyDesk(world);
  const draft = await desk.draftFromInForce();
  await desk.editJson(draft, 'city.json', (city) => city.ticketTypes.push({ key: 'business', label: '企业诉求', assumption: '营商环境诉求并入12345后新增的类型；时限待确认' }));
  await desk.editJson(draft, 'versions/2025.json', (version) =>
    version.deadlines.unshift({ stage: 'handle', types: ['business'], period: { amount: 3, unit: 'workingDay' }, countFrom: 'receipt', source: 'tianjin-implementing-rules-2025.txt §11', assumption: '企业诉求 3 个工作日办结' }),
  );
  // Validation asks every rule version to say what a business ticket's handling is; the 2015 rules knew none.
  await desk.editJson(draft, 'versions/2015.json', (version) =>
    version.deadlines.unshift({ stage: 'handle', types: ['business'], notAllowed: '2015年规则未设企业诉求类型', source: 'tianjin-implementing-rules-2015.txt §18' }),
  );
  await desk.publish(draft);

  // The registration form offers it, with its label.
  const registrar = await world.user('tj.registrar');
  const versions = (await registrar.get(VERSIONS)).body as Json[];
  expect(versions.some((v) => v.number === draft && v.status === 'published')).toBe(true);

  const ticket = await register(world, { type: 'business', content: '企业开办登记材料被反复退回，请求协调' });
  expect((await registrar.get(`${TJ}/tickets/${ticket}`)).body).toMatchObject({ type: 'business', packVersion: draft });
  await toReply(world, ticket);
  const handler = await world.user('tj.handler');
  const reply = await inboxTask(handler, 'tianjin', ticket, 'reply');
  const timeline = (await handler.get(`${TJ}/tickets/${ticket}/timeline`)).body.items as Json[];
  const accepted = timeline.find((i) => i.kind === 'accepted');
  expect(accepted, JSON.stringify(timeline.map((i) => i.kind))).toBeDefined();
  const rules = await desk.rules(draft);
  const expected = rules.deadline({ stage: 'handle', type: 'business', urgency: 'general', from: accepted!.at as string });
  expect(expected.period).toEqual({ amount: 3, unit: 'workingDay' });
  expect(Date.parse(reply.dueAt as string)).toBe(expected.dueMs);
  const complaintRule = rules.deadline({ stage: 'handle', type: 'complaint', urgency: 'general', from: accepted!.at as string });
  expect(complaintRule.dueMs).toBeGreaterThan(expected.dueMs);
}

const SUSPENSION_FORM = {
  schema: {
    type: 'object',
    title: '挂起审核',
    properties: {
      decision: { type: 'string', title: '审核意见', oneOf: [{ const: 'approve', title: '同意挂起' }, { const: 'reject', title: '不同意挂起' }] },
      opinion: { type: 'string', title: '说明', minLength: 1, maxLength: 500 },
    },
    required: ['decision'],
    additionalProperties: false,
  },
  uiSchema: { 'ui:order': ['decision', 'opinion'] },
  source: 'tianjin-implementing-rules-2025.txt §12',
  assumption: '等待法院裁判等客观原因期间，承办单位可申请挂起',
};

const SUSPEND_ACTION = {
  key: 'suspend',
  label: '申请挂起',
  set: { replyAction: '"suspend"', suspendCount: 'if suspendCount = null then 1 else suspendCount + 1' },
  guards: [{ allow: 'suspendCount = null or suspendCount < 1', refusal: '每张工单只能申请挂起一次（已申请 {suspendCount} 次）' }],
};

/** The process change: a branch from 申请延期? to a review by the centre, then back to the reply. */
function withSuspension(xml: string): string {
  const flowIn = '<bpmn:sequenceFlow id="Flow_suspend_in" sourceRef="gwReplyAction" targetRef="suspensionReview"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=replyAction = "suspend"</bpmn:conditionExpression></bpmn:sequenceFlow>';
  const flowOut = '<bpmn:sequenceFlow id="Flow_suspend_out" sourceRef="suspensionReview" targetRef="gwReplyMerge" />';
  const task = `<bpmn:userTask id="suspensionReview" name="挂起审核 Suspension review"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:suspensionReview" /><zeebe:assignmentDefinition candidateGroups="reviewer" /></bpmn:extensionElements><bpmn:incoming>Flow_suspend_in</bpmn:incoming><bpmn:outgoing>Flow_suspend_out</bpmn:outgoing></bpmn:userTask>`;
  // BPMN's schema wants a flow node's incoming before its outgoing: add the new outgoing last.
  let out = xml.replace(/(<bpmn:exclusiveGateway id="gwReplyAction"[^>]*>[\s\S]*?)(\s*<\/bpmn:exclusiveGateway>)/, '$1<bpmn:outgoing>Flow_suspend_in</bpmn:outgoing>$2');
  out = out.replace(/(<bpmn:exclusiveGateway id="gwReplyMerge"[^>]*>)/, '$1<bpmn:incoming>Flow_suspend_out</bpmn:incoming>');
  out = out.replace('</bpmn:process>', `${task}${flowIn}${flowOut}</bpmn:process>`);
  expect(out).not.toBe(xml);
  return out;
}

/**
 * 申请挂起: a new kind of request on the reply task, with a guard (once per ticket) and its refusal
 * sentence, a new form and a new step for the centre — data only.
 */
export async function newSecondaryAction(world: LifecycleWorld): Promise<void> {
  const desk = policyDesk(world);
  const draft = await desk.draftFromInForce();
  await desk.editJson(draft, 'forms/reply.json', (form) => form.actions.push(SUSPEND_ACTION));
  await desk.put(draft, 'forms/suspensionReview.json', `${JSON.stringify(SUSPENSION_FORM, null, 2)}\n`);
  await desk.put(draft, 'processes/ticket.bpmn', withSuspension(await desk.read(draft, 'processes/ticket.bpmn')));
  await desk.publish(draft);

  const ticket = await register(world, {});
  await toReply(world, ticket);
  const handler = await world.user('tj.handler');
  const actionsNow = async () => (await handler.get(`${TJ}/tasks/${(await inboxTask(handler, 'tianjin', ticket, 'reply')).id}`)).body.actions as Json[];
  expect(await actionsNow()).toContainEqual({ key: 'suspend', label: '申请挂起', allowed: true, primary: false });

  await complete(world, 'tj.handler', ticket, 'reply', { note: '等待法院判决' }, 'suspend');
  await complete(world, 'tj.reviewer', ticket, 'suspensionReview', { decision: 'approve', opinion: '同意' });

  // Back at the reply: the guard now refuses a second suspension with the pack's sentence.
  const refused = await waitFor('the reply task again, with suspend refused', async () => {
    const reply = (await handler.get(`${TJ}/tasks?q=${ticket}&form=reply`)).body.items as Json[];
    if (reply.length === 0) return undefined;
    const actions = (await handler.get(`${TJ}/tasks/${reply[0]!.id}`)).body.actions as Json[];
    return actions.find((a) => a.key === 'suspend');
  });
  expect(refused).toEqual({ key: 'suspend', label: '申请挂起', allowed: false, reason: '每张工单只能申请挂起一次（已申请 1 次）', primary: false });
  const reply = (await handler.get(`${TJ}/tasks?q=${ticket}&form=reply`)).body.items[0] as Json;
  const second = await handler.post(`${TJ}/tasks/${reply.id}/complete`, { data: {}, requestId: `again-${ticket}`, action: 'suspend' });
  expect(second.statusCode).toBe(422);
  expect(second.body.error).toMatchObject({ code: 'ACTION_NOT_ALLOWED', message: expect.stringContaining('每张工单只能申请挂起一次') });

  // The ordinary reply still ends the handling.
  await complete(world, 'tj.handler', ticket, 'reply', FORM_DATA.reply);
  await inboxTask(await world.user('tj.returnvisit'), 'tianjin', ticket, 'returnVisit');
  const kinds = ((await handler.get(`${TJ}/tickets/${ticket}/timeline`)).body.items as Json[]).map((i) => i.kind);
  expect(kinds).toEqual(expect.arrayContaining(['replied']));
}

/** The process change for a stage of the pack's own: its deadline computed after registration, read by the classification task. */
function withCallbackStage(xml: string): string {
  const task = '<bpmn:serviceTask id="callbackDeadline" name="回电时限 Call-back deadline"><bpmn:extensionElements><zeebe:taskDefinition type="hotline.deadline" retries="3" /><zeebe:taskHeaders><zeebe:header key="stage" value="callback" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>Flow_dispatchDeadline_classify</bpmn:incoming><bpmn:outgoing>Flow_callbackDeadline_classify</bpmn:outgoing></bpmn:serviceTask>';
  const flow = '<bpmn:sequenceFlow id="Flow_callbackDeadline_classify" sourceRef="callbackDeadline" targetRef="classify" />';
  let out = xml.replace('<bpmn:sequenceFlow id="Flow_dispatchDeadline_classify" sourceRef="dispatchDeadline" targetRef="classify" />', '<bpmn:sequenceFlow id="Flow_dispatchDeadline_classify" sourceRef="dispatchDeadline" targetRef="callbackDeadline" />');
  out = out.replace(/(<bpmn:userTask id="classify"[\s\S]*?)<zeebe:header key="due" value="dispatchDue" \/>([\s\S]*?)<bpmn:incoming>Flow_dispatchDeadline_classify<\/bpmn:incoming>/, '$1<zeebe:header key="due" value="callbackDue" />$2<bpmn:incoming>Flow_callbackDeadline_classify</bpmn:incoming>');
  out = out.replace('</bpmn:process>', `${task}${flow}</bpmn:process>`);
  expect(out.match(/callbackDeadline/g)?.length).toBeGreaterThanOrEqual(4);
  expect(out).toContain('<zeebe:header key="due" value="callbackDue" />');
  return out;
}

/**
 * A stage of the pack's own (the shipped pack has 2015 §17's answer stage already: this one is a policy
 * officer's call-back within the hour for every help matter under the 2025 rules), declared in city.json,
 * given a period, computed by the process and shown as the classification task's due time.
 */
export async function newStage(world: LifecycleWorld): Promise<void> {
  const desk = policyDesk(world);
  const draft = await desk.draftFromInForce();
  await desk.editJson(draft, 'city.json', (city) => {
    city.stages = [...(city.stages ?? []), { key: 'callback', label: '1小时内回电', source: 'tianjin-implementing-rules-2015.txt §17' }];
  });
  await desk.editJson(draft, 'versions/2025.json', (version) =>
    version.deadlines.push({ stage: 'callback', types: ['help'], period: { amount: 1, unit: 'hour' }, countFrom: 'registration', source: 'tianjin-implementing-rules-2025.txt §9', assumption: '沿用2015年细则第十七条：不能即时答复的求助类诉求1小时内答复' }),
  );
  await desk.put(draft, 'processes/ticket.bpmn', withCallbackStage(await desk.read(draft, 'processes/ticket.bpmn')));
  await desk.publish(draft);

  const registrar = await world.user('tj.registrar');
  const created = await registrar.post(`${TJ}/tickets`, { ...complaint({ type: 'help', content: '老人走失，家属求助寻找' }), classify: undefined });
  expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
  const ticket = created.body.number as string;
  const classify = await inboxTask(registrar, 'tianjin', ticket, 'classify');
  const timeline = (await registrar.get(`${TJ}/tickets/${ticket}/timeline`)).body.items as Json[];
  const registered = timeline.find((i) => i.kind === 'registered');
  const answer = timeline.find((i) => i.kind === 'deadlineSet' && i.data.stage === 'callback');
  expect(answer, JSON.stringify(timeline.map((i) => [i.kind, i.data.stage]))).toBeDefined();
  expect(Date.parse(answer!.data.due as string) - Date.parse(registered!.at as string)).toBe(3600_000);
  expect(Date.parse(classify.dueAt as string)).toBe(Date.parse(answer!.data.due as string));
}
