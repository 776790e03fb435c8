// A WorkerSink in memory, idempotent on the key like the database one must be: for tests, the
// conformance suite and a laptop demo.
import type { SupervisionRecord, TicketEvent, WorkerSink } from './worker-deps';

export interface MemorySink extends WorkerSink {
  readonly events: readonly TicketEvent[];
  readonly supervisions: readonly SupervisionRecord[];
  eventsOf(ticketId: string): TicketEvent[];
  supervisionsOf(ticketId: string): SupervisionRecord[];
}

export function createMemorySink(): MemorySink {
  const events: TicketEvent[] = [];
  const supervisions: SupervisionRecord[] = [];
  const eventKeys = new Set<string>();
  const supervisionKeys = new Set<string>();
  return {
    events,
    supervisions,
    async ticketEvent(event) {
      if (eventKeys.has(event.key)) return;
      eventKeys.add(event.key);
      events.push(event);
    },
    async supervision(record) {
      if (supervisionKeys.has(record.key)) return;
      supervisionKeys.add(record.key);
      supervisions.push(record);
    },
    eventsOf: (ticketId) => events.filter((e) => e.ticketId === ticketId),
    supervisionsOf: (ticketId) => supervisions.filter((s) => s.ticketId === ticketId),
  };
}
