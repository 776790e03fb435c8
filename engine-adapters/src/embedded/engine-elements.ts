// How bpmn-elements runs the subset here: service tasks wait for their job like user tasks do (the
// job runs outside the engine, at least once, and completes the task with a signal), and timers run on
// the adapter's clock instead of the wall clock.
import * as Elements from 'bpmn-elements';
import { TypeResolver } from 'moddle-context-serializer';

/** What every element of one run reads from its environment options. */
export interface RunClock {
  /** The adapter's clock: real time plus an offset, or the instant tests pinned it at. */
  nowMs(): number;
}

interface ParsedTimer {
  expireAt?: Date;
  repeat?: number;
  delay?: number;
}

interface ResolvedTimers {
  expireAt?: Date;
  timeout?: number;
}

interface TimerEnvironment {
  resolveExpression(expression: string, message: unknown): unknown;
}

interface TimerDefinition {
  environment: TimerEnvironment;
  parse(timerType: string, value: string): ParsedTimer;
  _getTimers(message: unknown): ResolvedTimers;
}

interface TimerActivity {
  id: string;
  environment: { options: { clock?: RunClock } };
}

// The library types declare its constructors as instance types; this is the shape we call.
const TimerEventDefinition = Elements.TimerEventDefinition as unknown as new (activity: unknown, definition: unknown) => TimerDefinition;

/**
 * A timer event definition on the adapter's clock. bpmn-elements reads `new Date()` twice: to start
 * a `timeDuration` (overridden through `parse`, its documented extension point), and to fire a timer
 * that is already due at once, even while an instance is being resumed (before an event-based gateway
 * listens again). Here no timer fires by itself: each is handed to the adapter's timers, and the
 * scheduler fires the due ones in steps of their own. And where bpmn-elements fires a timer whose
 * expression yields nothing, Zeebe raises an incident.
 */
function ClockedTimerEventDefinition(activity: TimerActivity, definition: unknown): TimerDefinition {
  const timer = new TimerEventDefinition(activity, definition);
  const nowMs = (): number => {
    const clock = activity.environment.options.clock;
    if (!clock) throw new Error('the embedded engine runs every engine with its clock');
    return clock.nowMs();
  };

  const environment = timer.environment;
  timer.environment = Object.assign(Object.create(environment) as TimerEnvironment, {
    resolveExpression(expression: string, message: unknown): unknown {
      const value = environment.resolveExpression(expression, message);
      if (typeof value !== 'string' || !value) {
        throw new Error(`timer '${expression}' of '${activity.id}' gave ${JSON.stringify(value)}, not an ISO-8601 date-time or duration`);
      }
      return value;
    },
  });

  const parseOnWallClock = timer.parse.bind(timer);
  timer.parse = (timerType, value) => {
    const parsed = parseOnWallClock(timerType, value);
    if (timerType !== 'timeDuration' || !parsed.expireAt) return parsed;
    return { ...parsed, expireAt: new Date(parsed.expireAt.getTime() + nowMs() - Date.now()) };
  };

  const resolveOnWallClock = timer._getTimers.bind(timer);
  timer._getTimers = (message) => {
    const resolved = resolveOnWallClock(message);
    if (resolved.expireAt) resolved.timeout = Math.max(1, new Date(resolved.expireAt).getTime() - nowMs());
    return resolved;
  };
  return timer;
}

const engineElements: Record<string, unknown> = {
  ...Elements,
  ServiceTask: Elements.SignalTask,
  TimerEventDefinition: ClockedTimerEventDefinition,
};

export const engineTypeResolver = TypeResolver(engineElements);
