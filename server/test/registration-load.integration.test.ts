// Registration under load on the embedded engine with the server's own pools: 64 registrations in
// flight at once over HTTP (Tianjin complaints, classified with the registration) all succeed, with
// distinct numbers of the day in the city's format, and each ticket's process runs through its first task
// (受理, completed with the registration's data) and its classification to the dispatcher's 派单 — no
// "Acquire connection error" from a pool waiting on itself or on the engine's pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleWorld, complaint, lifecycleWorld, waitFor } from './support/lifecycle';

const IN_FLIGHT = 64;

describe('64 registrations in flight on the embedded engine', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('registers every ticket with its own number and brings each to its 派单', { timeout: 120_000 }, async () => {
    const registrar = await world.user('tj.registrar');
    const responses = await Promise.all(
      Array.from({ length: IN_FLIGHT }, (_, i) => registrar.post('/api/cities/tianjin/tickets', complaint({ content: `第 ${i + 1} 号来电：小区路灯不亮已有一周` }))),
    );
    const failed = responses.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${JSON.stringify(r.body)}`);
    expect(failed).toEqual([]);
    const numbers = responses.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(IN_FLIGHT);
    // the city's format: the day (YYYYMMDD) and a five-digit sequence of that day, with no gaps
    const days = new Set(numbers.map((n) => n.slice(0, 8)));
    expect(days.size).toBe(1);
    for (const n of numbers) expect(n).toMatch(/^\d{8}\d{5}$/);
    expect(numbers.map((n) => Number(n.slice(8))).sort((a, b) => a - b)).toEqual(Array.from({ length: IN_FLIGHT }, (_, i) => i + 1));

    // Each process reached its first task (受理, the registration's own step): announced to the server,
    // completed there with the registration's data and taken by the engine.
    await waitFor(
      `the ${IN_FLIGHT} tickets' first tasks completed`,
      async () => {
        const done = await world.knex('tasks').whereIn('ticket_number', numbers).andWhere({ form: 'register', status: 'completed' }).count({ n: '*' }).first();
        return Number(done?.n) === IN_FLIGHT;
      },
      90_000,
    );
    // ... and on to the dispatcher's 派单, each once
    await waitFor(
      `the ${IN_FLIGHT} tickets at 派单`,
      async () => {
        const waiting = await world.knex('tasks').whereIn('ticket_number', numbers).andWhere({ form: 'dispatch' }).whereIn('status', ['open', 'claimed']).count({ n: '*' }).first();
        return Number(waiting?.n) === IN_FLIGHT;
      },
      90_000,
    );
    const keys = await world.knex('tickets').whereIn('number', numbers).whereNotNull('process_instance_key').pluck('process_instance_key');
    expect(new Set(keys).size).toBe(IN_FLIGHT);
    expect(await world.workflow.engine.health()).toEqual({ status: 'up' });
  });
});
