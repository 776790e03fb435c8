// Runs a scenario on one engine through the WorkflowEngine port, checks every step as it goes, and
// records what it saw: the tasks with their roles and deadlines, the supervision records, the ticket's
// timeline. Two engines conform when they record the same.
import { EngineError, type UserTaskCreated, type Variables } from '@hotline/engine-adapters';
import { anchoredTimeframe, isRelative, type Timeframe } from './instants';
import type { Scenario, Step } from './scenario';
import { CITIES, cityOf, rulesFor, type EngineTarget } from './target';

export interface ScenarioRun {
  scenario: string;
  engine: EngineTarget['kind'];
  /** The anchor Monday the relative instants were read from. */
  anchor: string;
  /** One line per step, as seen. */
  trace: string[];
  /** The ticket events, `<at> <type>` (deadlines with their instant), sorted: parallel branches may interleave differently. */
  timeline: string[];
  ms: number;
}

export interface DriverOptions {
  /** How long a step waits for the engine (a task to appear, a timer to fire). */
  stepTimeoutMs: number;
  /** How long the engine is given to finish after the ticket closed, before the instance must have ended. */
  settleMs: number;
}

const POLL_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLOSING = new Set(['closed', 'answered', 'redirected']);
let runCounter = 0;
const runId = Date.now().toString(36);

export async function runScenario(target: EngineTarget, scenario: Scenario, options: DriverOptions): Promise<ScenarioRun> {
  const started = Date.now();
  const { engine, sink, inbox } = target;
  const ticketId = `${scenario.name.replace(/[^A-Za-z0-9]+/g, '-')}-${target.kind}-${runId}-${++runCounter}`;
  const trace: string[] = [];
  const seenSupervisions = new Set<string>();
  let processInstanceKey = '';
  let ended = false;
  checkSteps(scenario);
  const time: Timeframe = anchoredTimeframe(await engine.clock.now(), CITIES.map(rulesFor));
  const expectDue = (what: string, actual: string | null, expected: string | null): void => {
    const wanted = expected === null ? null : time.resolve(expected);
    if (actual !== wanted) throw new Error(`${what} is due ${time.show(actual)} (${actual ?? 'never'}), expected ${time.show(wanted)} (${wanted ?? 'never'})`);
  };

  const waitUntil = async <T>(what: string, probe: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + options.stepTimeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what}: nothing within ${options.stepTimeoutMs} ms`);
      await sleep(POLL_MS);
    }
  };

  const dueOf = (task: UserTaskCreated): string | null => {
    const variable = task.customHeaders.due;
    if (variable === undefined) return null;
    const value = task.variables[variable];
    return typeof value === 'string' ? value : null;
  };

  /** Variables with their relative instants (`D2 24:00`) resolved. */
  const resolved = (variables: Variables): Variables => Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' && isRelative(v) ? time.resolve(v) : v]));

  const runStep = async (step: Step): Promise<void> => {
    if ('task' in step) {
      const task = await inbox.waitFor(processInstanceKey, step.task, step.where, options.stepTimeoutMs);
      const due = dueOf(task);
      const where = step.where ? ` ${JSON.stringify(step.where)}` : '';
      if (!task.candidateGroups.includes(step.role)) throw new Error(`task ${step.task} is for [${task.candidateGroups.join(', ')}], not ${step.role}`);
      expectDue(`task ${step.task}`, due, step.due);
      trace.push(`task ${step.task}${where} for ${task.candidateGroups.join(',')} (${task.formKey ?? 'no form'}) due ${time.show(due)}${step.complete ? '' : ', left open'}`);
      if (step.complete) {
        const completion = resolved(step.complete);
        const outcome = await engine.completeUserTask(task.key, completion);
        if (outcome !== 'completed') throw new Error(`completing task ${step.task} answered ${outcome}`);
        inbox.finish(task.key);
      }
    } else if ('advanceTo' in step) {
      const now = await engine.clock.now();
      const to = time.ms(step.advanceTo);
      if (to < now) throw new Error(`the engine clock is at ${new Date(now).toISOString()}, past ${step.advanceTo}`);
      await engine.clock.advance(to - now);
      trace.push(`clock to ${step.advanceTo}`);
    } else if ('supervised' in step) {
      const { stage, trigger, due, ruleVersion, at } = step.supervised;
      const record = await waitUntil(`supervision of ${stage} (${trigger})`, () =>
        sink.supervisionsOf(ticketId).find((s) => !seenSupervisions.has(s.key) && s.stage === stage && s.trigger === trigger),
      );
      seenSupervisions.add(record.key);
      expectDue(`the supervision of ${stage}`, record.due, due);
      if (ruleVersion !== undefined && record.ruleVersion !== ruleVersion) throw new Error(`the supervision of ${stage} was recorded under rule version ${record.ruleVersion}, expected ${ruleVersion}`);
      if (at !== undefined && record.at !== time.resolve(at)) throw new Error(`the supervision of ${stage} (${trigger}) was recorded ${time.show(record.at)} (${record.at}), expected ${at}`);
      trace.push(`supervised ${stage} (${trigger}) due ${time.show(record.due)} at ${time.show(record.at)} under ${record.ruleVersion}`);
    } else if ('event' in step) {
      const { event, data = {} } = step;
      const wanted = Object.entries(resolved(data));
      await waitUntil(`ticket event ${event} ${JSON.stringify(Object.fromEntries(wanted))}`, () =>
        sink.eventsOf(ticketId).find((e) => e.type === event && wanted.every(([k, v]) => JSON.stringify(e.data[k]) === JSON.stringify(v))),
      );
      trace.push(`event ${event}${Object.keys(data).length ? ` ${JSON.stringify(data)}` : ''}`);
    } else if ('message' in step) {
      const variables = resolved(step.variables);
      await engine.publishMessage(step.message, ticketId, variables, { messageId: `${ticketId}-${step.message}-${String(variables.supervisionOrderId ?? '')}`, timeToLiveMs: 60_000 });
      trace.push(`message ${step.message}`);
    } else if ('outcome' in step) {
      const heard = await waitUntil(`the outcome ${step.outcome}`, () => target.outcomes.find((o) => o.subjectId === ticketId));
      if (heard.outcome !== step.outcome) throw new Error(`the subject's outcome was "${heard.outcome}", expected "${step.outcome}"`);
      const wanted = Object.entries(step.variables ?? {});
      const differing = wanted.filter(([k, v]) => JSON.stringify(heard.variables[k]) !== JSON.stringify(v));
      if (differing.length > 0) throw new Error(`the outcome came with ${JSON.stringify(Object.fromEntries(differing.map(([k]) => [k, heard.variables[k]])))}, expected ${JSON.stringify(Object.fromEntries(differing))}`);
      const idle = (engine as { idle?: () => Promise<void> }).idle;
      if (idle) await idle.call(engine);
      await sleep(options.settleMs);
      const open = inbox.openTasks(processInstanceKey).map((t) => t.elementId);
      if (open.length > 0) throw new Error(`the outcome was reached but tasks are still open: ${open.join(', ')}`);
      await expectInstanceEnded(target, processInstanceKey);
      ended = true;
      trace.push(`outcome ${step.outcome}${wanted.length ? ` ${JSON.stringify(step.variables)}` : ''}`);
    } else if ('ended' in step) {
      const closing = await waitUntil(`the ticket to end (${step.ended})`, () => sink.eventsOf(ticketId).find((e) => CLOSING.has(e.type)));
      if (closing.type !== step.ended) throw new Error(`the ticket ended "${closing.type}", expected "${step.ended}"`);
      if (step.ended === 'closed') {
        await waitUntil('the deadline watch to be told the ticket closed', () =>
          target.published.find((m) => m.correlationKey === ticketId && m.variables.watchStage === 'closed'),
        );
      }
      // The embedded engine can say when it has nothing left to do; Zeebe is given a moment.
      const idle = (engine as { idle?: () => Promise<void> }).idle;
      if (idle) await idle.call(engine);
      await sleep(options.settleMs);
      // steps a period's interrupting timer ended, as their stamps say (the platform's inbox drops them so)
      for (const e of sink.eventsOf(ticketId)) if (typeof e.data.withdrawn === 'string') inbox.withdraw(processInstanceKey, e.data.withdrawn);
      const open = inbox.openTasks(processInstanceKey).map((t) => t.elementId);
      if (open.length > 0) throw new Error(`the ticket ended but tasks are still open: ${open.join(', ')}`);
      await expectInstanceEnded(target, processInstanceKey);
      ended = true;
      trace.push(`ended ${step.ended}`);
    } else {
      await engine.cancelInstance(processInstanceKey);
      ended = true;
      trace.push(`cancelled: ${step.cancel}`);
    }
  };

  await engine.clock.pin(time.ms(scenario.start));
  ({ processInstanceKey } = scenario.subject
    ? await engine.createInstance(`${scenario.subject.process}-${scenario.city}`, {
        ...resolved(scenario.variables ?? {}),
        subjectProcessId: ticketId,
        subjectKind: scenario.subject.kind,
        subjectId: ticketId,
        cityId: scenario.city,
        city: scenario.city,
        unitId: null,
        title: scenario.name,
      })
    : await engine.createInstance(`ticket-${scenario.city}`, { ...scenario.variables, ticketId, city: cityOf(scenario) }));
  try {
    for (const [index, step] of scenario.steps.entries()) {
      try {
        // A supervision is recorded by the deadline watch's job, which then re-arms the watch's timer for
        // its next rung: let it finish before the clock moves on, or the next rung's timer may come after
        // the move (on Zeebe's pinned clock it then waits for a further move).
        if ('advanceTo' in step && index > 0 && 'supervised' in scenario.steps[index - 1]!) await sleep(options.settleMs);
        await runStep(step);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `[${target.kind}] ${scenario.name}, step ${index + 1} ${JSON.stringify(step)}: ${message}\n` +
            `  seen so far:\n    ${trace.join('\n    ')}\n` +
            `  timeline:\n    ${timelineOf(target, ticketId, time).join('\n    ')}\n` +
            `  supervisions: ${JSON.stringify(sink.supervisionsOf(ticketId).map((s) => `${s.stage}/${s.trigger} at ${s.at}`))}`,
          { cause: error },
        );
      }
    }
    if (!ended) throw new Error(`[${target.kind}] ${scenario.name}: a scenario must end with "ended", "outcome" or "cancel"`);
    const unexpected = sink.supervisionsOf(ticketId).filter((s) => !seenSupervisions.has(s.key));
    if (unexpected.length > 0) {
      throw new Error(`[${target.kind}] ${scenario.name}: unexpected supervision records: ${unexpected.map((s) => `${s.stage}/${s.trigger} due ${time.show(s.due)} at ${time.show(s.at)}`).join('; ')}`);
    }
  } finally {
    if (!ended) await engine.cancelInstance(processInstanceKey).catch(() => undefined);
  }
  const anchor = time.resolve('D0 00:00').slice(0, 10);
  return { scenario: scenario.name, engine: target.kind, anchor, trace, timeline: timelineOf(target, ticketId, time), ms: Date.now() - started };
}

function timelineOf(target: EngineTarget, ticketId: string, time: Timeframe): string[] {
  return target.sink
    .eventsOf(ticketId)
    .map((e) => ({ at: Date.parse(e.at), line: `${time.show(e.at)} ${e.type}${e.type === 'deadlineSet' ? ` ${String(e.data.as)} ${time.show(String(e.data.due))}` : ''}` }))
    .sort((a, b) => a.at - b.at || a.line.localeCompare(b.line))
    .map((e) => e.line);
}

/**
 * The clock may only move once the engine has finished what the last completion set off: after a task
 * step that only looks (the next task is there, so every stamp before it read the clock already) or a
 * supervision. Otherwise a stamp could read the moved clock, and the run would depend on timing.
 */
function checkSteps(scenario: Scenario): void {
  if (!isRelative(scenario.start)) {
    throw new Error(
      `${scenario.name}: start "${scenario.start}" must be relative to the anchor (D0 09:00): Zeebe's clock cannot be pinned back to a given day. A ticket from the past is started with its registeredAt instead (scenario variables).`,
    );
  }
  scenario.steps.forEach((step, index) => {
    const before = scenario.steps[index - 1];
    if (!('advanceTo' in step) || before === undefined) return;
    if (('task' in before && before.complete === undefined) || 'supervised' in before || 'advanceTo' in before) return;
    throw new Error(`${scenario.name}, step ${index + 1}: move the clock only after a step that looks at the next task (or a supervision), not after ${JSON.stringify(before)}`);
  });
}

/** An instance that ended can no longer be cancelled: the engine answers NOT_FOUND. */
async function expectInstanceEnded(target: EngineTarget, processInstanceKey: string): Promise<void> {
  try {
    await target.engine.cancelInstance(processInstanceKey);
  } catch (error) {
    if (error instanceof EngineError && error.code === 'NOT_FOUND') return;
    throw error;
  }
  throw new Error(`the process instance ${processInstanceKey} was still active after the ticket ended (a token was left behind); it has been cancelled`);
}
