// Graphs over a process's flow nodes, for the rules that ask "can the token get there?".
// Pure: built from moddle elements once, then answered with plain breadth-first searches.
import { eventDefinitionsOf, flowElementsOf, is } from './model';
import type { ModdleElement } from './types';

/** The virtual node a process instance starts from. */
export const ROOT = '\u0000root';

export class Digraph {
  private readonly successors = new Map<string, string[]>();

  addEdge(from: string, to: string): void {
    const list = this.successors.get(from);
    if (list) list.push(to);
    else this.successors.set(from, [to]);
  }

  next(node: string): readonly string[] {
    return this.successors.get(node) ?? [];
  }

  /** Every node reachable from `from` (itself included) without passing through any node of `avoid`. */
  reachable(from: Iterable<string>, avoid: ReadonlySet<string> = new Set()): Set<string> {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const start of from) {
      if (!avoid.has(start) && !seen.has(start)) {
        seen.add(start);
        queue.push(start);
      }
    }
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const n of this.next(node)) {
        if (avoid.has(n) || seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    return seen;
  }

  /**
   * The strongly connected components of the sub-graph on `nodes` that no edge leaves for another
   * component of that sub-graph (Tarjan). In the part of a process that cannot finish, these are
   * where the trouble is: a node with no way on, or a loop with no way out.
   */
  sinkComponents(nodes: Iterable<string>): string[][] {
    const inside = new Set(nodes);
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const componentOf = new Map<string, number>();
    const components: string[][] = [];
    let counter = 0;
    const connect = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      for (const w of this.next(v)) {
        if (!inside.has(w)) continue;
        if (!index.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          componentOf.set(w, components.length);
          component.push(w);
        } while (w !== v);
        components.push(component.reverse());
      }
    };
    for (const v of inside) if (!index.has(v)) connect(v);
    return components.filter((component, i) =>
      component.every((v) => this.next(v).every((w) => !inside.has(w) || componentOf.get(w) === i)),
    );
  }

  reversed(): Digraph {
    const r = new Digraph();
    for (const [from, tos] of this.successors) for (const to of tos) r.addEdge(to, from);
    return r;
  }
}

export const isFlowNode = (e: ModdleElement): boolean => is(e, 'bpmn:FlowNode');
export const isEventSubProcess = (e: ModdleElement): boolean => is(e, 'bpmn:SubProcess') && e.triggeredByEvent === true;
const idOf = (e: unknown): string | undefined => (is(e, 'bpmn:BaseElement') && typeof e.id === 'string' ? e.id : undefined);

/**
 * How a token can move through a whole process, sub-processes included: sequence flows, an activity
 * to the boundary events attached to it, a container (process or sub-process) to its start events
 * and to its event sub-processes.
 */
export function executionGraph(process: ModdleElement): { graph: Digraph; nodes: Map<string, ModdleElement> } {
  const graph = new Digraph();
  const nodes = new Map<string, ModdleElement>();
  const visit = (container: ModdleElement, entry: string) => {
    for (const element of flowElementsOf(container)) {
      const id = idOf(element);
      if (id === undefined) continue;
      if (is(element, 'bpmn:SequenceFlow')) {
        const source = idOf(element.sourceRef);
        const target = idOf(element.targetRef);
        if (source !== undefined && target !== undefined) graph.addEdge(source, target);
        continue;
      }
      if (!isFlowNode(element)) continue;
      nodes.set(id, element);
      if (is(element, 'bpmn:StartEvent')) graph.addEdge(entry, id);
      if (is(element, 'bpmn:BoundaryEvent')) {
        const host = idOf(element.attachedToRef);
        if (host !== undefined) graph.addEdge(host, id);
      }
      if (isEventSubProcess(element)) graph.addEdge(entry, id);
      if (is(element, 'bpmn:SubProcess')) visit(element, id);
    }
  };
  visit(process, ROOT);
  return { graph, nodes };
}

/**
 * The flow nodes and sequence flows directly inside one container (not inside its sub-processes):
 * `forward` moves along sequence flows and from an activity to its boundary events (how a token can
 * arrive somewhere); `flows` along sequence flows only (how an element, once done, goes on).
 */
export function scopeGraph(container: ModdleElement): {
  nodes: ModdleElement[];
  sequenceFlows: ModdleElement[];
  forward: Digraph;
  flows: Digraph;
} {
  const elements = flowElementsOf(container);
  const nodes = elements.filter(isFlowNode);
  const sequenceFlows = elements.filter((e) => is(e, 'bpmn:SequenceFlow'));
  const forward = new Digraph();
  const flows = new Digraph();
  for (const flow of sequenceFlows) {
    const source = idOf(flow.sourceRef);
    const target = idOf(flow.targetRef);
    if (source === undefined || target === undefined) continue;
    forward.addEdge(source, target);
    flows.addEdge(source, target);
  }
  for (const node of nodes) {
    const host = idOf(node.attachedToRef);
    if (is(node, 'bpmn:BoundaryEvent') && host !== undefined && node.id) forward.addEdge(host, node.id);
  }
  return { nodes, sequenceFlows, forward, flows };
}

export function timerDefinitionOf(event: ModdleElement): ModdleElement | undefined {
  return eventDefinitionsOf(event).find((d) => is(d, 'bpmn:TimerEventDefinition'));
}
