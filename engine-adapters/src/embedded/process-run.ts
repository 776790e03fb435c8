// One process instance in memory for the length of one step: a bpmn-engine Engine started or
// recovered from the database, acted on (a task completed, a timer fired, a message delivered), then
// settled. Settling recovers the new state into a fresh engine: what that engine waits on after its
// resume is exactly what a restarted adapter would wait on, so the side tables are derived from it
// rather than from bookkeeping of every way an element can be left. (A resume fires nothing: timers
// only fire when the scheduler says so, see engine-elements.ts.)
import { EventEmitter } from 'node:events';

import { Engine } from 'bpmn-engine';

import type { Variables } from '../port';
import type { RunClock } from './engine-elements';
import { evaluateFeel, isFeel } from './feel';
import type { ProcessModel } from './process-model';
import { applyCompletion } from './variable-scopes';

/** bpmn-engine's getState() without the definition source (the model holds it). */
export type EngineState = Record<string, unknown>;

/** A multi-instance iteration as bpmn-elements runs it. */
export interface Iteration {
  index: number;
  cardinality: number;
  item: unknown;
}

export interface OpenTask {
  executionId: string;
  elementId: string;
  iteration?: Iteration;
  signal(): void;
}

export interface OpenSubscription {
  executionId: string;
  elementId: string;
  signal(): void;
}

export interface OpenTimer {
  executionId: string;
  elementId: string;
  dueAt: Date;
  fire(): unknown;
}

interface WaitApi {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown>;
  /** The waiting activity's message broker (bpmn-elements). */
  broker: { publish(exchange: string, routingKey: string, content: Record<string, unknown>): void };
  signal(message?: unknown): void;
}

interface TimerOwner {
  id: string;
  executionId: string;
  expireAt: Date;
}

/** bpmn-elements' Timer record; never scheduled on the wall clock, hence no `timerRef`. */
interface TimerRef {
  owner: TimerOwner;
  callback: CallableFunction;
  delay: number;
  args: unknown[];
  timerId: string;
  timerRef: null;
}

/**
 * bpmn-elements' timers interface. Nothing here runs on the wall clock: a timer is only recorded,
 * and the adapter's scheduler fires it when the adapter's clock says it is due.
 */
class RecordedTimers {
  private readonly pending = new Map<string, TimerRef>();

  get executing(): TimerRef[] {
    return [...this.pending.values()];
  }

  register(owner: TimerOwner) {
    return {
      setTimeout: (callback: CallableFunction, delay: number, ...args: unknown[]): TimerRef => {
        const ref: TimerRef = { owner, callback, delay, args, timerId: owner.executionId, timerRef: null };
        this.pending.set(owner.executionId, ref);
        return ref;
      },
      clearTimeout: (ref: TimerRef | undefined) => this.clearTimeout(ref),
    };
  }

  setTimeout(): never {
    throw new Error('the embedded engine only runs the timers of timer event definitions');
  }

  clearTimeout(ref: TimerRef | undefined): void {
    if (ref && this.pending.get(ref.owner.executionId) === ref) this.pending.delete(ref.owner.executionId);
  }

  open(): OpenTimer[] {
    return this.executing.map(({ owner, callback, args }) => ({
      executionId: owner.executionId,
      elementId: owner.id,
      dueAt: new Date(owner.expireAt),
      fire: () => callback(...args) as unknown,
    }));
  }
}

export class ProcessRun {
  readonly tasks = new Map<string, OpenTask>();
  readonly subscriptions = new Map<string, OpenSubscription>();
  private readonly timers = new RecordedTimers();
  completed = false;
  failure?: Error;
  private readonly engine: Engine;

  private constructor(
    readonly model: ProcessModel,
    /** The root scope, shared by every run of one step and mutated by its actions. */
    readonly variables: Variables,
    private readonly clock: RunClock,
    instanceKey: string,
  ) {
    this.engine = new Engine({
      name: instanceKey,
      sourceContext: model.sourceContext,
      timers: this.timers,
      clock,
      settings: { disableTrackState: true },
      expressions: {
        resolveExpression: (expression: unknown) =>
          typeof expression === 'string' && isFeel(expression) ? evaluateFeel(expression, this.variables, clock.nowMs()) : expression,
      },
    });
    this.engine.on('error', (error: Error) => (this.failure ??= error));
    this.engine.on('end', () => (this.completed = true));
  }

  static async start(model: ProcessModel, instanceKey: string, variables: Variables, clock: RunClock): Promise<ProcessRun> {
    const run = new ProcessRun(model, variables, clock, instanceKey);
    await run.engine.execute({ listener: run.listener() });
    return run;
  }

  static async resume(model: ProcessModel, instanceKey: string, state: EngineState, variables: Variables, clock: RunClock): Promise<ProcessRun> {
    const run = new ProcessRun(model, variables, clock, instanceKey);
    run.engine.recover(state);
    await run.engine.resume({ listener: run.listener() });
    return run;
  }

  openTimers(): OpenTimer[] {
    return this.timers.open();
  }

  /** Completes a job or user task with its variables; false when the engine no longer waits on it. */
  completeTask(executionId: string, locals: Variables, result: Variables): boolean {
    const task = this.tasks.get(executionId);
    const spec = task && this.model.tasks.get(task.elementId);
    if (!task || !spec) return false;
    applyCompletion(this.variables, spec, locals, result, task.iteration, this.clock.nowMs());
    this.tasks.delete(executionId);
    task.signal();
    return true;
  }

  /** Correlates a message: its variables go to the root scope, as on Zeebe without output mappings. */
  deliverMessage(executionId: string, variables: Variables): boolean {
    const subscription = this.subscriptions.get(executionId);
    if (!subscription) return false;
    Object.assign(this.variables, variables);
    this.subscriptions.delete(executionId);
    subscription.signal();
    return true;
  }

  fireTimer(executionId: string): boolean {
    const timer = this.timers.open().find((t) => t.executionId === executionId);
    timer?.fire();
    return Boolean(timer);
  }

  /** The state to store: JSON, as a restart will read it. */
  async snapshot(): Promise<EngineState> {
    const { definitions, ...engineState } = await this.engine.getState();
    const withoutSource = definitions.map(({ source: _source, ...definition }) => definition);
    return JSON.parse(JSON.stringify({ ...engineState, definitions: withoutSource })) as EngineState;
  }

  /** The run to persist: this state recovered into a fresh engine (or this run, if it is over). */
  async settle(): Promise<ProcessRun> {
    if (this.failure || this.completed) return this;
    return ProcessRun.resume(this.model, this.engine.name, await this.snapshot(), this.variables, this.clock);
  }

  /** Collects what the engine waits on, from the events every wait (re)publishes when it starts. */
  private listener(): EventEmitter {
    const listener = new EventEmitter();
    listener.on('activity.wait', (api: WaitApi) => {
      if (api.type === 'bpmn:ServiceTask' || api.type === 'bpmn:UserTask') {
        this.tasks.set(api.executionId, { executionId: api.executionId, elementId: api.id, iteration: this.iterationOf(api), signal: () => api.signal() });
      } else if (api.type === 'bpmn:MessageEventDefinition') {
        // A non-interrupting message boundary is armed again when it fires, as a repeating timer cycle is
        // (bpmn-elements' execute.repeat): Zeebe keeps such a subscription open while the activity runs.
        const repeats = this.model.messageCatches.get(api.id)?.repeats === true;
        this.subscriptions.set(api.executionId, {
          executionId: api.executionId,
          elementId: api.id,
          signal: () => {
            if (repeats) api.broker.publish('execution', 'execute.repeat', { ...api.content, repeat: -1 });
            api.signal();
          },
        });
      }
    });
    return listener;
  }

  private iterationOf(api: WaitApi): Iteration | undefined {
    const { content } = api;
    if (!content.isMultiInstance) return undefined;
    const inputElement = this.model.tasks.get(api.id)?.loop?.inputElement ?? '';
    return { index: Number(content.index), cardinality: Number(content.loopCardinality), item: content[inputElement] ?? null };
  }
}
