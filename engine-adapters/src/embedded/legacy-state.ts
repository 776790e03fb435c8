// Instances stored before the interpreter (bpmn-engine's state) are rebuilt from their side tables on
// their next step: the open user tasks, jobs, timers and subscriptions are exactly what such an
// instance waits in, under the same execution ids, so their rows, keys and due instants carry on.
// What the tables cannot say is approximated: a multi-instance body's collection is read again from the
// variables, and tokens waiting at a parallel join are lost (no shipped process joins; an instance that
// did is then stuck at that join, as the audit of `incidents()` would not show — say so in the upgrade
// notes).
import type { Variables } from '../port';
import { resolveValue } from './feel';
import type { InstanceWaits } from './instance.repository';
import type { GraphElement } from './process-graph';
import { ROOT_SCOPE } from './process-graph';
import type { ProcessModel } from './process-model';
import { STATE_FORMAT } from './process-run';
import type { Activity, EngineState, RunState } from './process-run';

export function isCurrentState(state: EngineState): boolean {
  return state.format === STATE_FORMAT;
}

export function rebuildState(model: ProcessModel, waits: InstanceWaits, variables: Variables, nowMs: number): EngineState {
  const { elements } = model.graph;
  const activities: Activity[] = [];
  const byElement = new Map<string, Activity>();
  const element = (id: string): GraphElement => {
    const found = elements.get(id);
    if (!found) throw new Error(`process '${model.bpmnProcessId}' has no element '${id}'`);
    return found;
  };
  const add = (activity: Activity): Activity => {
    activities.push(activity);
    if (!byElement.has(activity.elementId)) byElement.set(activity.elementId, activity);
    return activity;
  };
  /** The sub-process activities around an element, made once each; returns the scope id to use. */
  const scopeOf = (graphElement: GraphElement): string => {
    if (graphElement.scope === ROOT_SCOPE) return ROOT_SCOPE;
    const existing = byElement.get(graphElement.scope);
    if (existing) return existing.id;
    const subProcess = element(graphElement.scope);
    return add({ id: `${subProcess.id}_rebuilt`, elementId: subProcess.id, scopeId: scopeOf(subProcess), kind: 'subProcess' }).id;
  };

  for (const task of [...waits.userTasks, ...waits.jobs]) {
    const graphElement = element(task.element_id);
    const scopeId = scopeOf(graphElement);
    const loopCounter = task.local_variables.loopCounter;
    if (!graphElement.multi || typeof loopCounter !== 'number') {
      add({ id: task.execution_id, elementId: task.element_id, scopeId, kind: 'task' });
      continue;
    }
    let body = activities.find((a) => a.kind === 'multi' && a.elementId === task.element_id);
    if (!body) {
      const items = resolveValue(graphElement.multi.inputCollection, variables, nowMs);
      const list = Array.isArray(items) ? items : [];
      body = add({ id: `${task.element_id}_rebuilt`, elementId: task.element_id, scopeId, kind: 'multi', items: list, started: 0, done: list.length });
    }
    const index = loopCounter - 1;
    const cardinality = body.items?.length ?? 0;
    body.started = Math.max(body.started ?? 0, index + 1);
    body.done = (body.done ?? 0) - 1;
    activities.push({ id: task.execution_id, elementId: task.element_id, scopeId, kind: 'task', bodyId: body.id, iteration: { index, cardinality, item: body.items?.[index] ?? null } });
  }
  // a sequential body has done every iteration before the open one; a parallel one all but the open ones
  for (const body of activities.filter((a) => a.kind === 'multi' && element(a.elementId).multi?.sequential)) body.done = (body.started ?? 1) - 1;

  // the event-based gateway each catch event waits behind, if any
  const gatewayOf = new Map<string, string>();
  for (const gateway of elements.values()) {
    if (gateway.type !== 'eventBasedGateway') continue;
    for (const flow of gateway.outgoing) gatewayOf.set(model.graph.flows.get(flow)?.target ?? '', gateway.id);
  }
  const catches = [...waits.timers.map((t) => ({ row: t, dueAt: new Date(t.due_at).getTime() })), ...waits.subscriptions.map((s) => ({ row: s, dueAt: undefined }))];
  for (const { row, dueAt } of catches) {
    const graphElement = element(row.element_id);
    const catchEvent: Activity = { id: row.execution_id, elementId: row.element_id, scopeId: scopeOf(graphElement), kind: 'catch', ...(dueAt !== undefined && { dueAt }) };
    if (graphElement.attachedTo) {
      const host = byElement.get(graphElement.attachedTo);
      if (!host) continue; // its host no longer waits: the boundary went with it
      catchEvent.hostId = host.id;
    }
    const gateway = gatewayOf.get(row.element_id);
    if (gateway) catchEvent.gateId = `${gateway}_rebuilt`;
    activities.push(catchEvent);
  }
  const state: RunState = { format: STATE_FORMAT, seq: 0, activities, joins: [] };
  return state as unknown as EngineState;
}
