// The diagram a new process file starts from: a start event, the acceptance deadline, the
// acceptance task with its overdue timer, and an end — lint-clean against a pack with an `accept`
// form and an `accept` deadline rule.
export function newProcessXml(processId: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${processId}-definitions" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="received" name="工单登记">
      <bpmn:outgoing>f-received</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f-received" sourceRef="received" targetRef="acceptDeadline" />
    <bpmn:serviceTask id="acceptDeadline" name="计算签收时限">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="hotline.deadline" retries="3" />
        <zeebe:taskHeaders>
          <zeebe:header key="stage" value="accept" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>f-received</bpmn:incoming>
      <bpmn:outgoing>f-deadline</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f-deadline" sourceRef="acceptDeadline" targetRef="acceptTicket" />
    <bpmn:userTask id="acceptTicket" name="签收">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="hotline:accept" />
      </bpmn:extensionElements>
      <bpmn:incoming>f-deadline</bpmn:incoming>
      <bpmn:outgoing>f-accepted</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="acceptOverdue" name="签收超时" attachedToRef="acceptTicket">
      <bpmn:outgoing>f-overdue</bpmn:outgoing>
      <bpmn:timerEventDefinition id="acceptOverdue-timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">=acceptDue</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f-accepted" sourceRef="acceptTicket" targetRef="accepted" />
    <bpmn:endEvent id="accepted" name="已签收">
      <bpmn:incoming>f-accepted</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f-overdue" sourceRef="acceptOverdue" targetRef="overdue" />
    <bpmn:endEvent id="overdue" name="签收超时">
      <bpmn:incoming>f-overdue</bpmn:incoming>
    </bpmn:endEvent>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="${processId}-diagram">
    <bpmndi:BPMNPlane id="${processId}-plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="received_di" bpmnElement="received"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="acceptDeadline_di" bpmnElement="acceptDeadline"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="acceptTicket_di" bpmnElement="acceptTicket"><dc:Bounds x="400" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="accepted_di" bpmnElement="accepted"><dc:Bounds x="562" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="acceptOverdue_di" bpmnElement="acceptOverdue"><dc:Bounds x="432" y="142" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="overdue_di" bpmnElement="overdue"><dc:Bounds x="562" y="222" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f-received_di" bpmnElement="f-received"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f-deadline_di" bpmnElement="f-deadline"><di:waypoint x="340" y="120" /><di:waypoint x="400" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f-accepted_di" bpmnElement="f-accepted"><di:waypoint x="500" y="120" /><di:waypoint x="562" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f-overdue_di" bpmnElement="f-overdue"><di:waypoint x="450" y="178" /><di:waypoint x="450" y="240" /><di:waypoint x="562" y="240" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
