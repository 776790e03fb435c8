// Our conventions on a selected BPMN element, read and written through bpmn-js's modeling service
// (so each change is undoable): the form of a user task, the deadline a timer reads, the stage a
// `hotline.deadline` service task computes. The low-code shortcut beside the properties panel.
import { DEADLINE_JOB_TYPE, expressionText, extensionOf, formNameOf, is, stageOfTimeDate, taskHeaderOf, type ModdleElement } from '@hotline/pack-review';

export interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleElement;
}

export interface Modeling {
  updateProperties(element: DiagramElement, properties: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, target: ModdleElement, properties: Record<string, unknown>): void;
}

export interface ModdleFactory {
  create(type: string, attributes?: Record<string, unknown>): ModdleElement;
}

export interface DiagramServices {
  modeling: Modeling;
  moddle: ModdleFactory;
}

export type HotlineElementInfo =
  | { kind: 'userTask'; id: string; formKey: string | null; form: string | null }
  | { kind: 'timer'; id: string; timeDate: string | null; stage: string | null }
  | { kind: 'serviceTask'; id: string; jobType: string | null; stage: string | null }
  | { kind: 'other'; id: string };

function timerOf(bo: ModdleElement): ModdleElement | undefined {
  const definitions = bo.eventDefinitions;
  return Array.isArray(definitions) ? (definitions as ModdleElement[]).find((d) => is(d, 'bpmn:TimerEventDefinition')) : undefined;
}

export function describeElement(element: DiagramElement): HotlineElementInfo {
  const bo = element.businessObject;
  if (is(bo, 'bpmn:UserTask')) {
    const key = extensionOf(bo, 'zeebe:FormDefinition')?.formKey;
    const formKey = typeof key === 'string' && key !== '' ? key : null;
    return { kind: 'userTask', id: element.id, formKey, form: formKey === null ? null : formNameOf(formKey) };
  }
  const timer = timerOf(bo);
  if (timer) {
    const timeDate = expressionText(timer.timeDate) ?? null;
    return { kind: 'timer', id: element.id, timeDate, stage: timeDate === null ? null : stageOfTimeDate(timeDate) };
  }
  if (is(bo, 'bpmn:ServiceTask')) {
    const type = extensionOf(bo, 'zeebe:TaskDefinition')?.type;
    return { kind: 'serviceTask', id: element.id, jobType: typeof type === 'string' ? type : null, stage: taskHeaderOf(bo, 'stage') ?? null };
  }
  return { kind: 'other', id: element.id };
}

function extensionElements(element: DiagramElement, services: DiagramServices): ModdleElement {
  const bo = element.businessObject;
  const existing = bo.extensionElements as ModdleElement | undefined;
  if (existing) return existing;
  const created = services.moddle.create('bpmn:ExtensionElements', { values: [] });
  created.$parent = bo;
  services.modeling.updateProperties(element, { extensionElements: created });
  return created;
}

/** The extension element of `type`, created (with `attributes`) when the element has none. */
function ensureExtension(element: DiagramElement, services: DiagramServices, type: string, attributes: Record<string, unknown> = {}): ModdleElement {
  const found = extensionOf(element.businessObject, type);
  if (found) return found;
  const container = extensionElements(element, services);
  const created = services.moddle.create(type, attributes);
  created.$parent = container;
  const values = Array.isArray(container.values) ? (container.values as ModdleElement[]) : [];
  services.modeling.updateModdleProperties(element, container, { values: [...values, created] });
  return created;
}

export function setUserTaskForm(element: DiagramElement, services: DiagramServices, form: string): void {
  const definition = ensureExtension(element, services, 'zeebe:FormDefinition');
  services.modeling.updateModdleProperties(element, definition, { formKey: `hotline:${form}`, formId: undefined, externalReference: undefined });
}

export function setTimerStage(element: DiagramElement, services: DiagramServices, stage: string): void {
  const timer = timerOf(element.businessObject);
  if (!timer) return;
  const expression = services.moddle.create('bpmn:FormalExpression', { body: `=${stage}Due` });
  expression.$parent = timer;
  services.modeling.updateModdleProperties(element, timer, { timeDate: expression, timeDuration: undefined, timeCycle: undefined });
}

/** Makes a service task a `hotline.deadline` job computing `stage` (task header `stage`). */
export function setDeadlineStage(element: DiagramElement, services: DiagramServices, stage: string): void {
  const definition = ensureExtension(element, services, 'zeebe:TaskDefinition', { type: DEADLINE_JOB_TYPE, retries: '3' });
  if (definition.type !== DEADLINE_JOB_TYPE) services.modeling.updateModdleProperties(element, definition, { type: DEADLINE_JOB_TYPE });
  const headers = ensureExtension(element, services, 'zeebe:TaskHeaders', { values: [] });
  const values = Array.isArray(headers.values) ? (headers.values as ModdleElement[]) : [];
  const header = values.find((h) => h.key === 'stage');
  if (header) {
    services.modeling.updateModdleProperties(element, header, { value: stage });
  } else {
    const created = services.moddle.create('zeebe:Header', { key: 'stage', value: stage });
    created.$parent = headers;
    services.modeling.updateModdleProperties(element, headers, { values: [...values, created] });
  }
}
