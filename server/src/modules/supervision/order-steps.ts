// Where a 督办单 can reach the unit, read from the city's process definition (not a list of task kinds):
// the user tasks that carry a boundary event of the `supervisionOrder` message, and who acts on the
// user task a step leads to (the escalation's leader). Read once per published pack version.
import type { PackEntry } from '../workflow/pack-catalog';

export interface OrderSteps {
  /** User task element id → its name, for every task carrying a boundary of the message. */
  readonly carrying: ReadonlyMap<string, string>;
  /** The candidate groups of the user task the element's outgoing flow leads to; [] when none. */
  rolesAfter(elementId: string): string[];
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`);
const attr = (attributes: string, name: string) => ATTRIBUTE(name).exec(attributes)?.[1];
/** `<x:tag …>…</x:tag>` or `<x:tag …/>`: [attributes, body]. */
const elements = (xml: string, tag: string): Array<[string, string]> =>
  [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w-]+:)?${tag}>)`, 'g'))].map((m) => [m[1] ?? '', m[2] ?? '']);

/** The steps of the process files that a message of this name reaches. */
export function orderStepsOf(processes: ReadonlyArray<{ xml: string }>, messageName: string, taskName: (id: string) => string | undefined): OrderSteps {
  const carrying = new Map<string, string>();
  const next = new Map<string, string[]>();
  const groups = new Map<string, string[]>();
  for (const { xml } of processes) {
    const messageIds = new Set(elements(xml, 'message').filter(([a]) => attr(a, 'name') === messageName).map(([a]) => attr(a, 'id')));
    for (const [attributes, body] of elements(xml, 'boundaryEvent')) {
      const attached = attr(attributes, 'attachedToRef');
      const definition = elements(body, 'messageEventDefinition')[0];
      if (attached && definition && messageIds.has(attr(definition[0], 'messageRef'))) carrying.set(attached, taskName(attached) ?? attached);
    }
    for (const [attributes, body] of elements(xml, 'userTask')) {
      const id = attr(attributes, 'id');
      const candidates = elements(body, 'assignmentDefinition').map(([a]) => attr(a, 'candidateGroups'))[0];
      if (id) groups.set(id, (candidates ?? '').split(',').map((g) => g.trim()).filter(Boolean));
    }
    for (const [attributes] of elements(xml, 'sequenceFlow')) {
      const source = attr(attributes, 'sourceRef');
      const target = attr(attributes, 'targetRef');
      if (source && target) next.set(source, [...(next.get(source) ?? []), target]);
    }
  }
  return {
    carrying,
    rolesAfter: (elementId) => [...new Set((next.get(elementId) ?? []).flatMap((target) => groups.get(target) ?? []))],
  };
}

const cache = new WeakMap<PackEntry, OrderSteps>();

/** The order steps of a pack version's processes (kept with the catalogue's entry). */
export function orderSteps(entry: PackEntry, messageName: string): OrderSteps {
  let found = cache.get(entry);
  if (!found) {
    found = orderStepsOf(entry.processes, messageName, (id) => entry.taskName(id));
    cache.set(entry, found);
  }
  return found;
}
