// The broker's clock through its actuator (`/actuator/clock`, Zeebe 8.3+): GET reads it, POST `add`
// with `{ offsetMilli }` moves it, POST `pin` with `{ epochMilli }` stops it at an instant, DELETE
// returns to system time. Changing it answers 403 unless the broker runs with
// ZEEBE_CLOCK_CONTROLLED=true. Without an endpoint the engine's time is the system time.
//
// Zeebe's clock must only move forward while the broker runs: its periodic work (job time-outs, the
// health heartbeat) is scheduled on that clock, and after a jump back it waits until the clock has
// caught up again. So `pin` refuses an instant before the broker's now, and `reset` after an advance is
// for the end of a run, just before the broker stops.
import { EngineError, type EngineClock } from '../port';

const JSON_BODY = { 'content-type': 'application/json' };

interface ClockReading {
  epochMilli: number;
}

export function createActuatorClock(clockUrl: string | undefined): EngineClock {
  if (clockUrl === undefined) {
    const fixed = (): Promise<never> =>
      Promise.reject(new EngineError('CLOCK_NOT_CONTROLLED', 'No Zeebe clock endpoint is configured; the engine runs on system time'));
    return { now: async () => Date.now(), advance: fixed, pin: fixed, reset: fixed };
  }
  const url = clockUrl.replace(/\/+$/, '');
  return {
    now: async () => (await call(url, { method: 'GET' })).epochMilli,
    advance: async (ms) => {
      if (!Number.isInteger(ms) || ms < 0) throw new EngineError('INVALID_ARGUMENT', `The clock only moves forward by whole milliseconds, got ${ms}`);
      await call(`${url}/add`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ offsetMilli: ms }) });
    },
    pin: async (epochMs) => {
      if (!Number.isInteger(epochMs)) throw new EngineError('INVALID_ARGUMENT', `The clock pins to a whole millisecond, got ${epochMs}`);
      const { epochMilli: now } = await call(url, { method: 'GET' });
      if (epochMs < now) {
        throw new EngineError('INVALID_ARGUMENT', `Zeebe's clock only moves forward: cannot pin ${new Date(epochMs).toISOString()}, it reads ${new Date(now).toISOString()}`);
      }
      await call(`${url}/pin`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ epochMilli: epochMs }) });
    },
    reset: async () => {
      await call(url, { method: 'DELETE' });
    },
  };
}

async function call(url: string, init: RequestInit): Promise<ClockReading> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new EngineError('UNAVAILABLE', `Zeebe clock endpoint ${url} did not answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = await response.text();
  if (response.status === 403) throw new EngineError('CLOCK_NOT_CONTROLLED', `Zeebe refused to move its clock (start the broker with ZEEBE_CLOCK_CONTROLLED=true): ${body}`);
  if (!response.ok) throw new EngineError('UNAVAILABLE', `Zeebe clock endpoint ${url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as ClockReading;
}
