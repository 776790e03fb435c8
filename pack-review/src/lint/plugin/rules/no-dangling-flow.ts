// No dangling flow: every sequence flow has both ends, every flow node can be reached from a start
// event of its process or sub-process, and from every flow node a path leads to an end event.
// Event sub-processes are entered by their event, not by a flow: only their inside is checked.
import { isEventSubProcess, scopeGraph } from '../flow-graph';
import { describeElement, is } from '../model';
import type { LintReporter, LintRule, ModdleElement } from '../types';

function checkScope(container: ModdleElement, reporter: LintReporter): void {
  const { nodes, sequenceFlows, forward, flows } = scopeGraph(container);

  for (const flow of sequenceFlows) {
    if (!flow.id) continue;
    const missing = [!is(flow.sourceRef, 'bpmn:FlowNode') && '起点', !is(flow.targetRef, 'bpmn:FlowNode') && '终点'].filter(Boolean);
    if (missing.length > 0) reporter.report(flow.id, `顺序流 ${flow.id} 缺少${missing.join('和')}`, { code: 'FLOW_UNCONNECTED' });
  }

  const checked = nodes.filter((n) => n.id && !isEventSubProcess(n));
  if (checked.length === 0) return;
  const starts = nodes.filter((n) => is(n, 'bpmn:StartEvent')).map((n) => n.id!);
  // A scope without a start event is reported by bpmnlint's start-event-required (in the compat config).
  if (starts.length === 0) return;
  const reached = forward.reachable(starts);
  const ends = nodes.filter((n) => is(n, 'bpmn:EndEvent')).map((n) => n.id!);
  const finishing = flows.reversed().reachable(ends);
  const byId = new Map(checked.map((n) => [n.id!, n]));
  const isolated = (id: string) =>
    flows.next(id).length === 0 && !sequenceFlows.some((f) => is(f.targetRef, 'bpmn:FlowNode') && f.targetRef.id === id);

  // Report where each problem starts, not every element it drags along: the first unreachable
  // elements (nothing unreachable leads into them), and the last elements that cannot finish
  // (a node with no way on, or a loop with no way out).
  const unconnected = new Set<string>();
  for (const node of checked) {
    const id = node.id!;
    if (isolated(id) && !is(node, 'bpmn:StartEvent') && !is(node, 'bpmn:BoundaryEvent') && !is(node, 'bpmn:EndEvent')) {
      unconnected.add(id);
      reporter.report(id, `${describeElement(node)}没有连接任何顺序流`, { code: 'NODE_UNCONNECTED' });
    }
  }
  const unreachable = checked.map((n) => n.id!).filter((id) => !reached.has(id) && !unconnected.has(id));
  for (const component of forward.reversed().sinkComponents(unreachable)) {
    for (const id of component) {
      reporter.report(id, `${describeElement(byId.get(id)!)}无法从开始事件到达`, { code: 'NODE_UNREACHABLE' });
    }
  }
  const stuck = checked.filter((n) => !is(n, 'bpmn:EndEvent') && !finishing.has(n.id!) && !unconnected.has(n.id!)).map((n) => n.id!);
  for (const component of flows.sinkComponents(stuck)) {
    if (component.length === 1 && !flows.next(component[0]!).includes(component[0]!)) {
      const id = component[0]!;
      reporter.report(id, `${describeElement(byId.get(id)!)}之后没有通往结束事件的路径`, { code: 'NODE_DEAD_END' });
      continue;
    }
    for (const id of component) {
      reporter.report(id, `${describeElement(byId.get(id)!)}处在一个走不出去的循环里（${component.join(' → ')}），到不了结束事件`, {
        code: 'NODE_ENDLESS_LOOP',
      });
    }
  }
}

export default function noDanglingFlow(): LintRule {
  return {
    check: (node, reporter) => {
      if (is(node, 'bpmn:Process') || is(node, 'bpmn:SubProcess')) checkScope(node, reporter);
    },
  };
}
