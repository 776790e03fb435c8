// One process instance in memory for the length of one step: the interpreter of the BPMN subset
// (BPMN-SUBSET.md) over the compiled graph (process-graph.ts). Its state is what the instance waits
// in (tasks, catch events, multi-instance bodies, sub-processes, each with the id its side-table row
// keeps) plus the tokens that arrived at a parallel join: small JSON, read and written whole each step.
// An action (a task completed, a timer fired, a message delivered) moves tokens until every one waits
// or ended; nothing runs on the wall clock. Joins count tokens per incoming flow, as Zeebe does (no
// dead-path elimination). An error (FEEL that fails, no flow to take) leaves `failure` set: the step
// then stores an incident and keeps the instance's previous state.
import type { Variables } from '../port';
import { evaluateFeel, resolveValue } from './feel';
import type { GraphElement } from './process-graph';
import { ROOT_SCOPE } from './process-graph';
import type { ProcessModel } from './process-model';
import { applyCompletion } from './variable-scopes';

/** The adapter's clock: real time plus an offset, or the instant tests pinned it at. */
export interface RunClock {
  nowMs(): number;
}

/** The stored state (`engine_process_instance.state`): RunState as JSON. */
export type EngineState = Record<string, unknown>;

/** A multi-instance iteration (0-based index). */
export interface Iteration {
  index: number;
  cardinality: number;
  item: unknown;
}

export interface OpenTask {
  executionId: string;
  elementId: string;
  iteration?: Iteration;
}

export interface OpenSubscription {
  executionId: string;
  elementId: string;
}

export interface OpenTimer {
  executionId: string;
  elementId: string;
  dueAt: Date;
}

/** Something the instance waits in; `id` is the execution id its side-table row is keyed on. */
export interface Activity {
  id: string;
  elementId: string;
  /** The sub-process activity it runs in, or ROOT_SCOPE. */
  scopeId: string;
  kind: 'task' | 'multi' | 'subProcess' | 'catch';
  /** A multi-instance iteration: its body and position. */
  bodyId?: string;
  iteration?: Iteration;
  /** A multi-instance body: the input collection, iterations started and done. */
  items?: unknown[];
  started?: number;
  done?: number;
  /** A catch event behind an event-based gateway: the gateway's pass (its siblings share it). */
  gateId?: string;
  /** A boundary event: the activity it is attached to. */
  hostId?: string;
  /** A timer: when it falls due (epoch ms). */
  dueAt?: number;
}

/** Tokens waiting at a parallel join, per incoming flow. */
interface Join {
  gatewayId: string;
  scopeId: string;
  arrived: Record<string, number>;
}

export const STATE_FORMAT = 'tokens/1';

export interface RunState {
  format: typeof STATE_FORMAT;
  /** The last number given to an execution id. */
  seq: number;
  activities: Activity[];
  joins: Join[];
}

interface Token {
  elementId: string;
  scopeId: string;
  flowId?: string;
}

/** A wait the step closed: its execution id and which side table holds it. */
export interface ClosedWait {
  executionId: string;
  table: 'userTask' | 'job' | 'timer' | 'subscription';
}

export class ProcessRun {
  completed = false;
  failure?: Error;
  private readonly queue: Token[] = [];
  /** The waits the step started from: what the side tables hold. */
  private readonly initial: ReadonlyMap<string, Activity>;

  private constructor(
    readonly model: ProcessModel,
    private readonly state: RunState,
    /** The root scope, mutated by the step's actions. */
    readonly variables: Variables,
    private readonly clock: RunClock,
  ) {
    this.initial = new Map(state.activities.map((a) => [a.id, a]));
  }

  static start(model: ProcessModel, variables: Variables, clock: RunClock): ProcessRun {
    const run = new ProcessRun(model, { format: STATE_FORMAT, seq: 0, activities: [], joins: [] }, variables, clock);
    run.act(() => run.queue.push({ elementId: model.graph.start, scopeId: ROOT_SCOPE }));
    return run;
  }

  /** The stored state on this model (which may be another version of the process: a migration). */
  static resume(model: ProcessModel, state: EngineState, variables: Variables, clock: RunClock): ProcessRun {
    const run = new ProcessRun(model, state as unknown as RunState, variables, clock);
    if (state.format !== STATE_FORMAT) {
      run.failure = new Error(`the stored state is not in the format ${STATE_FORMAT} this engine runs`);
      return run;
    }
    const missing = run.state.activities.filter((a) => model.graph.elements.get(a.elementId) === undefined).map((a) => a.elementId);
    if (missing.length) run.failure = new Error(`process '${model.bpmnProcessId}' has no element ${[...new Set(missing)].join(', ')}`);
    return run;
  }

  /** Tasks, subscriptions and timers opened since the step began (or all of them: `since` none). */
  opened(since: 'step' | 'always' = 'step'): { tasks: OpenTask[]; subscriptions: OpenSubscription[]; timers: OpenTimer[] } {
    const fresh = this.state.activities.filter((a) => since === 'always' || !this.initial.has(a.id));
    const catches = (test: (element: GraphElement) => boolean) => fresh.filter((a) => a.kind === 'catch' && test(this.element(a.elementId)));
    return {
      tasks: fresh.filter((a) => a.kind === 'task').map((a) => ({ executionId: a.id, elementId: a.elementId, ...(a.iteration && { iteration: a.iteration }) })),
      subscriptions: catches((e) => e.message === true).map((a) => ({ executionId: a.id, elementId: a.elementId })),
      timers: catches((e) => e.timer !== undefined).map((a) => ({ executionId: a.id, elementId: a.elementId, dueAt: new Date(a.dueAt ?? 0) })),
    };
  }

  /** Waits the step began with that are gone now. */
  closed(): ClosedWait[] {
    const live = new Set(this.state.activities.map((a) => a.id));
    const closed: ClosedWait[] = [];
    for (const activity of this.initial.values()) {
      if (live.has(activity.id)) continue;
      const element = this.model.graph.elements.get(activity.elementId);
      const table = activity.kind === 'task' ? (element?.type === 'userTask' ? 'userTask' : 'job') : activity.kind === 'catch' ? (element?.message ? 'subscription' : 'timer') : undefined;
      if (table) closed.push({ executionId: activity.id, table });
    }
    return closed;
  }

  /** Completes a job or user task with its variables; false when the instance no longer waits on it. */
  completeTask(executionId: string, locals: Variables, result: Variables): boolean {
    const task = this.activity(executionId, 'task');
    const spec = task && this.model.tasks.get(task.elementId);
    if (!task || !spec) return false;
    this.act(() => {
      applyCompletion(this.variables, spec, locals, result, task.iteration, this.clock.nowMs());
      this.terminate(task);
      const body = task.bodyId === undefined ? undefined : this.activity(task.bodyId, 'multi');
      if (!body) return this.leave(this.element(task.elementId), task.scopeId);
      body.done = (body.done ?? 0) + 1;
      const items = body.items ?? [];
      if (body.done === items.length) {
        this.terminate(body);
        this.leave(this.element(body.elementId), body.scopeId);
      } else if (this.element(body.elementId).multi?.sequential) {
        this.startIteration(body);
      }
    });
    return true;
  }

  /** Correlates a message: its variables go to the root scope, as on Zeebe without output mappings. */
  deliverMessage(executionId: string, variables: Variables): boolean {
    const subscription = this.activity(executionId, 'catch');
    if (!subscription || !this.element(subscription.elementId).message) return false;
    this.act(() => {
      Object.assign(this.variables, variables);
      this.trigger(subscription);
    });
    return true;
  }

  fireTimer(executionId: string): boolean {
    const timer = this.activity(executionId, 'catch');
    if (!timer || timer.dueAt === undefined) return false;
    this.act(() => this.trigger(timer));
    return true;
  }

  /** The state to store (JSON). */
  snapshot(): EngineState {
    return this.state as unknown as EngineState;
  }

  /** Runs an action and moves every token it made until all wait or ended; an error becomes `failure`. */
  private act(action: () => void): void {
    if (this.failure) return;
    try {
      action();
      for (;;) {
        for (let token = this.queue.shift(); token; token = this.queue.shift()) this.enter(token);
        if (!this.completeFinishedSubProcesses()) break;
      }
      this.completed = this.state.activities.length === 0 && this.state.joins.length === 0;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  private enter({ elementId, scopeId, flowId }: Token): void {
    const element = this.element(elementId);
    switch (element.type) {
      case 'startEvent':
        return this.leave(element, scopeId);
      case 'endEvent':
        return;
      case 'serviceTask':
      case 'userTask':
        return element.multi ? this.startMultiInstance(element, scopeId) : void this.activate(element, scopeId, { kind: 'task' });
      case 'subProcess': {
        const subProcess = this.activate(element, scopeId, { kind: 'subProcess' });
        this.queue.push({ elementId: element.start ?? '', scopeId: subProcess.id });
        return;
      }
      case 'exclusiveGateway':
        return this.take(this.chooseFlow(element), scopeId);
      case 'parallelGateway':
        return this.passParallel(element, scopeId, flowId);
      case 'eventBasedGateway': {
        const gateId = this.nextId(element.id);
        for (const flow of element.outgoing) this.addCatch(this.element(this.flowTarget(flow)), scopeId, { gateId });
        return;
      }
      case 'intermediateCatchEvent':
        return void this.addCatch(element, scopeId, {});
      case 'boundaryEvent':
        throw new Error(`boundary event '${element.id}' cannot be reached by a sequence flow`);
    }
  }

  /** Takes every outgoing flow (an element with none ends its token). */
  private leave(element: GraphElement, scopeId: string): void {
    for (const flow of element.outgoing) this.take(flow, scopeId);
  }

  private take(flowId: string, scopeId: string): void {
    this.queue.push({ elementId: this.flowTarget(flowId), scopeId, flowId });
  }

  /** The first outgoing flow (in model order) whose condition is true, else the default flow. */
  private chooseFlow(gateway: GraphElement): string {
    const now = this.clock.nowMs();
    for (const flowId of gateway.outgoing) {
      if (flowId === gateway.defaultFlow) continue;
      const condition = this.model.graph.flows.get(flowId)?.condition;
      if (condition === undefined || evaluateFeel(condition, this.variables, now) === true) return flowId;
    }
    if (gateway.defaultFlow) return gateway.defaultFlow;
    throw new Error(`exclusive gateway '${gateway.id}': no outgoing flow's condition is true, and it has no default flow`);
  }

  /** A parallel gateway forks once a token arrived on each incoming flow. */
  private passParallel(gateway: GraphElement, scopeId: string, flowId: string | undefined): void {
    if (gateway.incoming.length > 1) {
      let join = this.state.joins.find((j) => j.gatewayId === gateway.id && j.scopeId === scopeId);
      if (!join) {
        join = { gatewayId: gateway.id, scopeId, arrived: {} };
        this.state.joins.push(join);
      }
      if (flowId) join.arrived[flowId] = (join.arrived[flowId] ?? 0) + 1;
      const { arrived } = join;
      if (!gateway.incoming.every((flow) => (arrived[flow] ?? 0) > 0)) return;
      for (const flow of gateway.incoming) arrived[flow] = (arrived[flow] ?? 0) - 1;
      if (Object.values(arrived).every((n) => n === 0)) this.state.joins = this.state.joins.filter((j) => j !== join);
    }
    this.leave(gateway, scopeId);
  }

  private startMultiInstance(element: GraphElement, scopeId: string): void {
    const expression = element.multi?.inputCollection ?? '';
    const items = resolveValue(expression, this.variables, this.clock.nowMs());
    if (!Array.isArray(items)) throw new Error(`inputCollection '${expression}' of '${element.id}' gave ${JSON.stringify(items)}, not a list`);
    const body = this.activate(element, scopeId, { kind: 'multi', items, started: 0, done: 0 });
    if (!items.length) {
      this.terminate(body);
      return this.leave(element, scopeId);
    }
    do this.startIteration(body);
    while (!element.multi?.sequential && (body.started ?? 0) < items.length);
  }

  private startIteration(body: Activity): void {
    const items = body.items ?? [];
    const index = body.started ?? 0;
    body.started = index + 1;
    this.state.activities.push({
      id: this.nextId(body.elementId),
      elementId: body.elementId,
      scopeId: body.scopeId,
      kind: 'task',
      bodyId: body.id,
      iteration: { index, cardinality: items.length, item: items[index] ?? null },
    });
  }

  /** An activity waits: recorded, with its boundary events armed. */
  private activate(element: GraphElement, scopeId: string, fields: Pick<Activity, 'kind' | 'items' | 'started' | 'done'>): Activity {
    const activity: Activity = { id: this.nextId(element.id), elementId: element.id, scopeId, ...fields };
    this.state.activities.push(activity);
    for (const boundary of element.boundaries) this.addCatch(this.element(boundary), scopeId, { hostId: activity.id });
    return activity;
  }

  private addCatch(element: GraphElement, scopeId: string, link: Pick<Activity, 'gateId' | 'hostId'>): Activity {
    const activity: Activity = { id: this.nextId(element.id), elementId: element.id, scopeId, kind: 'catch', ...link };
    if (element.timer) activity.dueAt = this.dueAt(element);
    this.state.activities.push(activity);
    return activity;
  }

  /** A catch event's timer fired or its message came. */
  private trigger(event: Activity): void {
    const element = this.element(event.elementId);
    const host = event.hostId === undefined ? undefined : this.state.activities.find((a) => a.id === event.hostId);
    if (!host) {
      // an intermediate catch: behind an event-based gateway, the first to trigger closes the others
      for (const other of this.state.activities.filter((a) => a === event || (event.gateId !== undefined && a.gateId === event.gateId))) this.terminate(other);
      return this.leave(element, event.scopeId);
    }
    // a boundary event: an interrupting one ends its host (and itself with it); a non-interrupting timer
    // fires once, and a non-interrupting message keeps taking messages while the host runs (Zeebe's rule)
    if (element.interrupting) this.terminate(host);
    else if (!element.message) this.terminate(event);
    this.leave(element, host.scopeId);
  }

  /** Ends an activity with everything that depends on it: boundary events, iterations, contents. */
  private terminate(activity: Activity): void {
    const dependants = this.state.activities.filter((a) => a.hostId === activity.id || a.bodyId === activity.id || a.scopeId === activity.id);
    for (const dependant of dependants) this.terminate(dependant);
    this.state.activities = this.state.activities.filter((a) => a !== activity);
    if (activity.kind === 'subProcess') this.state.joins = this.state.joins.filter((j) => j.scopeId !== activity.id);
  }

  /** A sub-process with nothing left inside completes and leaves; true when one did. */
  private completeFinishedSubProcesses(): boolean {
    const { activities, joins } = this.state;
    const finished = activities.filter((s) => s.kind === 'subProcess' && !activities.some((a) => a.scopeId === s.id) && !joins.some((j) => j.scopeId === s.id));
    for (const subProcess of finished) {
      this.terminate(subProcess);
      this.leave(this.element(subProcess.elementId), subProcess.scopeId);
    }
    return finished.length > 0;
  }

  private dueAt(element: GraphElement): number {
    const timer = element.timer;
    const now = this.clock.nowMs();
    const value = resolveValue(timer?.value ?? '', this.variables, now);
    const due = typeof value !== 'string' ? NaN : timer?.kind === 'date' ? Date.parse(value) : now + durationMs(value, now);
    if (Number.isNaN(due)) throw new Error(`timer '${timer?.value ?? ''}' of '${element.id}' gave ${JSON.stringify(value)}, not an ISO-8601 date-time or duration`);
    return due;
  }

  private activity(id: string, kind: Activity['kind']): Activity | undefined {
    if (this.failure) return undefined;
    return this.state.activities.find((a) => a.id === id && a.kind === kind);
  }

  private element(id: string): GraphElement {
    const element = this.model.graph.elements.get(id);
    if (!element) throw new Error(`process '${this.model.bpmnProcessId}' has no element '${id}'`);
    return element;
  }

  private flowTarget(flowId: string): string {
    const flow = this.model.graph.flows.get(flowId);
    if (!flow) throw new Error(`process '${this.model.bpmnProcessId}' has no sequence flow '${flowId}'`);
    return flow.target;
  }

  private nextId(elementId: string): string {
    this.state.seq += 1;
    return `${elementId}_${this.state.seq.toString(36)}`;
  }
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO-8601 duration from `fromMs`: years and months on the calendar (UTC), the rest exact. */
function durationMs(value: string, fromMs: number): number {
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return NaN;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number, number];
  const from = new Date(fromMs);
  const calendar = new Date(fromMs);
  calendar.setUTCMonth(from.getUTCMonth() + 12 * years + months);
  return calendar.getTime() - fromMs + ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
