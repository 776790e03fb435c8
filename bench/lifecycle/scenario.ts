// One ticket's lifecycle as the portal drives it: the registrar registers a Tianjin complaint
// (classified for dispatch in the same request), then the dispatcher dispatches it, the street office's
// handler accepts and replies, the centre's return visitor calls back, and the ticket closes.
import type { HandoffProbe } from './handoff';
import type { Session } from './session';

export const CITY = 'tianjin';
export const REGISTRAR = 'tj.registrar';

export const STEPS = [
  { user: 'tj.dispatcher', form: 'dispatch', data: { mode: 'single', unit: 'heping.quanyechang' } },
  { user: 'tj.handler', form: 'accept', data: { handler: '李四', handlerPhone: '13900001111' } },
  {
    user: 'tj.handler',
    form: 'reply',
    data: { policyBasis: '城市照明管理规定', progress: '已派人维修', result: '路灯已修复', process: '现场更换灯具', contactedAt: '2026-11-21T10:00:00+08:00', callerFeedback: '满意' },
  },
  { user: 'tj.returnvisit', form: 'returnVisit', data: { visitedAt: '2026-11-22T10:00:00+08:00', method: 'phone', handlingRating: 'satisfied', callerWords: '谢谢' } },
] as const;

export const USERS = [REGISTRAR, ...new Set(STEPS.map((step) => step.user))];

/** Where a lifecycle's timings go (the load generator keeps those that end inside the measured window). */
export interface Recorder {
  registration(ms: number): void;
  /** The POST that completes a task. */
  completion(ms: number): void;
  /** From the response that hands the ticket on to the next task seen by the probe. */
  handoff(ms: number): void;
}

/** The registrar registers ticket `n` (classified for dispatch in the same request); its number. */
export async function register(sessions: Record<string, Session>, n: number): Promise<string> {
  const registered = await sessions[REGISTRAR]!.post(`/api/cities/${CITY}/tickets`, {
    type: 'complaint',
    channel: 'phone',
    content: `基准测试工单 ${n}：小区路灯不亮`,
    caller: { name: '张三', phone: '13812345678' },
    classify: { outcome: 'dispatch' },
  });
  if (registered.status !== 201) throw new Error(`registration: ${registered.status} ${JSON.stringify(registered.body)}`);
  return registered.body.number!;
}

/** The step's user completes its task (`taskId`) of ticket `number` with the step's form data. */
export async function completeStep(sessions: Record<string, Session>, step: (typeof STEPS)[number], number: string, taskId: string): Promise<void> {
  const done = await sessions[step.user]!.post(`/api/cities/${CITY}/tasks/${taskId}/complete`, { data: step.data, requestId: `bench-${number}-${step.form}` });
  if (done.status !== 200) throw new Error(`completing ${step.form} of ${number}: ${done.status} ${JSON.stringify(done.body)}`);
}

export async function lifecycle(sessions: Record<string, Session>, probe: HandoffProbe, n: number, record: Recorder): Promise<void> {
  let t0 = performance.now();
  const number = await register(sessions, n);
  let handedOn = performance.now();
  record.registration(handedOn - t0);
  for (const step of STEPS) {
    const task = await probe.task(step.user, number, step.form);
    record.handoff(performance.now() - handedOn);
    t0 = performance.now();
    await completeStep(sessions, step, number, task.id);
    handedOn = performance.now();
    record.completion(handedOn - t0);
  }
  await probe.closed(number);
}
