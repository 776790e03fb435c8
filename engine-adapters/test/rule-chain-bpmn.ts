// Small BPMN processes for the rule-chain tests, with a diagram: nodes in a row, flows between them.
export type Node =
  | { id: string; kind: 'start' | 'end' | 'gateway' }
  | { id: string; kind: 'user' }
  | { id: string; kind: 'service'; type: string; headers?: Record<string, string>; retries?: number; timerBoundary?: boolean };

export interface Flow {
  from: string;
  to: string;
  condition?: string;
}

export function processXml(processId: string, nodes: Node[], flows: Flow[]): string {
  const flowId = (f: Flow) => `f-${f.from}-${f.to}`;
  const refs = (id: string) =>
    [...flows.filter((f) => f.to === id).map((f) => `<bpmn:incoming>${flowId(f)}</bpmn:incoming>`), ...flows.filter((f) => f.from === id).map((f) => `<bpmn:outgoing>${flowId(f)}</bpmn:outgoing>`)].join('');
  const element = (n: Node): string => {
    switch (n.kind) {
      case 'start':
        return `<bpmn:startEvent id="${n.id}">${refs(n.id)}</bpmn:startEvent>`;
      case 'end':
        return `<bpmn:endEvent id="${n.id}">${refs(n.id)}</bpmn:endEvent>`;
      case 'gateway':
        return `<bpmn:exclusiveGateway id="${n.id}">${refs(n.id)}</bpmn:exclusiveGateway>`;
      case 'user':
        return `<bpmn:userTask id="${n.id}" name="${n.id}"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:${n.id}" /></bpmn:extensionElements>${refs(n.id)}</bpmn:userTask>`;
      case 'service': {
        const headers = Object.entries(n.headers ?? {}).map(([key, value]) => `<zeebe:header key="${key}" value="${value}" />`).join('');
        const boundary = n.timerBoundary
          ? `<bpmn:boundaryEvent id="${n.id}-timer" attachedToRef="${n.id}" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`
          : '';
        return `<bpmn:serviceTask id="${n.id}" name="${n.id}"><bpmn:extensionElements><zeebe:taskDefinition type="${n.type}" retries="${n.retries ?? 3}" />${headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : ''}</bpmn:extensionElements>${refs(n.id)}</bpmn:serviceTask>${boundary}`;
      }
    }
  };
  const flow = (f: Flow) =>
    f.condition
      ? `<bpmn:sequenceFlow id="${flowId(f)}" sourceRef="${f.from}" targetRef="${f.to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${f.condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${flowId(f)}" sourceRef="${f.from}" targetRef="${f.to}" />`;
  const x = new Map(nodes.map((n, i) => [n.id, 100 + i * 150] as const));
  const shapes = nodes.map((n) => `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${x.get(n.id)}" y="100" width="100" height="80" /></bpmndi:BPMNShape>`);
  const boundaryShapes = nodes.flatMap((n) => (n.kind === 'service' && n.timerBoundary ? [`<bpmndi:BPMNShape id="${n.id}-timer_di" bpmnElement="${n.id}-timer"><dc:Bounds x="${(x.get(n.id) ?? 0) + 40}" y="162" width="36" height="36" /></bpmndi:BPMNShape>`] : []));
  const edges = flows.map(
    (f) => `<bpmndi:BPMNEdge id="${flowId(f)}_di" bpmnElement="${flowId(f)}"><di:waypoint x="${(x.get(f.from) ?? 0) + 100}" y="140" /><di:waypoint x="${x.get(f.to)}" y="140" /></bpmndi:BPMNEdge>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="urn:hotline:test">
  <bpmn:process id="${processId}" isExecutable="true">
    ${nodes.map(element).join('\n    ')}
    ${flows.map(flow).join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${processId}">
    <bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}">
      ${[...shapes, ...boundaryShapes, ...edges].join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Nodes linked one after the other by plain flows. */
export function inRow(nodes: Node[]): Flow[] {
  return nodes.slice(1).map((node, i) => ({ from: (nodes[i] as Node).id, to: node.id }));
}
