// The live tickets bench:rss starts from: real lifecycles driven through the HTTP API (bench:lifecycle's
// scenario) and stopped at one of its stages — waiting at 派单 (dispatch), 签收 (accept), 办理 (reply)
// or 回访 (return visit) — each with the open task, timers and subscriptions the engine left there.
import { PROBES, type HandoffProbe } from '../lifecycle/handoff';
import { CITY, REGISTRAR, STEPS, USERS, completeStep, register } from '../lifecycle/scenario';
import { signIn, type Session } from '../lifecycle/session';

/** Stage s: the ticket waits at STEPS[s] (s steps done). */
export const STAGES = STEPS.map((step, s) => ({ stage: s, ...step }));
export type Stage = (typeof STAGES)[number];

export interface Driver {
  sessions: Record<string, Session>;
  probe: HandoffProbe;
  close(): Promise<void>;
}

/** The scenario's users signed in, with a polling probe (the inbox) to see each next task. */
export async function driver(base: string): Promise<Driver> {
  const sessions: Record<string, Session> = {};
  for (const user of USERS) sessions[user] = await signIn(base, user);
  const probe = await PROBES.poll!({ base, sessions, city: CITY, reader: REGISTRAR, pollMs: 50, stepTimeoutMs: 60_000 });
  return { sessions, probe, close: () => probe.close() };
}

/** Registers a ticket and completes its steps up to `stage`; its number. */
export async function driveTo({ sessions, probe }: Driver, stage: number, n: number): Promise<string> {
  const number = await register(sessions, n);
  for (const step of STEPS.slice(0, stage)) await completeStep(sessions, step, number, (await probe.task(step.user, number, step.form)).id);
  await probe.task(STEPS[stage]!.user, number, STEPS[stage]!.form); // the waiting task is in its inbox
  return number;
}

/** Drives `count` tickets, spread over the stages, `inFlight` at a time; their numbers by stage. */
export async function driveTemplates(d: Driver, count: number, inFlight: number): Promise<string[][]> {
  const byStage: string[][] = STAGES.map(() => []);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let n = next++; n < count; n = next++) byStage[n % STAGES.length]!.push(await driveTo(d, n % STAGES.length, n));
    }),
  );
  return byStage;
}

/**
 * Completes the open task of ticket `number` waiting at `stage` (task `taskId`) and waits for what
 * follows: the next stage's task in its user's inbox, or the ticket closed after the last.
 */
export async function advance({ sessions, probe }: Driver, stage: number, number: string, taskId: string): Promise<void> {
  await completeStep(sessions, STEPS[stage]!, number, taskId);
  const next = STEPS[stage + 1];
  if (next) await probe.task(next.user, number, next.form);
  else await probe.closed(number);
}
