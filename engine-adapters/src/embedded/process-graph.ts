// A checked process compiled once into the graph the interpreter walks: every element of the subset
// by id, with its flows in model order, its boundary events, its timer or multi-instance settings.
// Built from the moddle tree after `checkSubset` accepted it, so it only meets what the subset allows.
import type { ModdleElement } from './moddle';
import { child, children, expressionBody, extension, text } from './moddle';

export type ElementType =
  | 'startEvent'
  | 'endEvent'
  | 'serviceTask'
  | 'userTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'eventBasedGateway'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'subProcess';

export interface TimerSpec {
  /** `timeDate` (an instant) or `timeDuration` (from activation). */
  kind: 'date' | 'duration';
  /** Static ISO-8601 text or `=expr`. */
  value: string;
}

export interface GraphElement {
  id: string;
  type: ElementType;
  /** The embedded sub-process it lies in, or ROOT_SCOPE. */
  scope: string;
  /** Sequence flow ids, in document order (as Zeebe reads them; `bpmn:outgoing` refs are not used). */
  incoming: string[];
  outgoing: string[];
  /** An exclusive gateway's default flow. */
  defaultFlow?: string;
  /** Boundary events attached to this activity. */
  boundaries: string[];
  /** A boundary event's host activity. */
  attachedTo?: string;
  /** A boundary event that cancels its host (`cancelActivity`, true unless "false"). */
  interrupting?: boolean;
  timer?: TimerSpec;
  /** Catches a message (intermediate or boundary); its name and key are in ProcessModel.messageCatches. */
  message?: boolean;
  /** Multi-instance on a task. */
  multi?: { sequential: boolean; inputCollection: string };
  /** A sub-process's start event. */
  start?: string;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  /** `=expr`, on flows leaving an exclusive gateway. */
  condition?: string;
}

export interface ProcessGraph {
  /** The process's none start event. */
  start: string;
  elements: ReadonlyMap<string, GraphElement>;
  flows: ReadonlyMap<string, GraphFlow>;
}

export const ROOT_SCOPE = 'root';

const TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:SubProcess': 'subProcess',
};

export function buildGraph(process: ModdleElement): ProcessGraph {
  const elements = new Map<string, GraphElement>();
  const flows = new Map<string, GraphFlow>();
  const start = collect(process, ROOT_SCOPE, elements, flows);
  for (const flow of flows.values()) {
    elements.get(flow.source)?.outgoing.push(flow.id);
    elements.get(flow.target)?.incoming.push(flow.id);
  }
  for (const element of elements.values()) {
    if (element.attachedTo) elements.get(element.attachedTo)?.boundaries.push(element.id);
  }
  return { start, elements, flows };
}

/** Adds a scope's elements and flows; returns its start event's id. */
function collect(container: ModdleElement, scope: string, elements: Map<string, GraphElement>, flows: Map<string, GraphFlow>): string {
  let start = '';
  for (const element of children(container, 'flowElements')) {
    const id = element.id ?? '';
    if (element.$type === 'bpmn:SequenceFlow') {
      const condition = expressionBody(element, 'conditionExpression');
      flows.set(id, { id, source: child(element, 'sourceRef')?.id ?? '', target: child(element, 'targetRef')?.id ?? '', ...(condition && { condition }) });
      continue;
    }
    const type = TYPES[element.$type];
    if (!type) continue;
    const node: GraphElement = {
      id,
      type,
      scope,
      incoming: [],
      outgoing: [],
      boundaries: [],
    };
    const defaultFlow = child(element, 'default')?.id;
    if (defaultFlow) node.defaultFlow = defaultFlow;
    const host = child(element, 'attachedToRef')?.id;
    if (host) {
      node.attachedTo = host;
      node.interrupting = (element as { cancelActivity?: boolean }).cancelActivity !== false;
    }
    const definition = children(element, 'eventDefinitions')[0];
    if (definition?.$type === 'bpmn:TimerEventDefinition') {
      const timeDate = expressionBody(definition, 'timeDate');
      node.timer = timeDate ? { kind: 'date', value: timeDate } : { kind: 'duration', value: expressionBody(definition, 'timeDuration') ?? '' };
    }
    if (definition?.$type === 'bpmn:MessageEventDefinition') node.message = true;
    const loop = child(element, 'loopCharacteristics');
    const zeebeLoop = loop && extension(loop, 'zeebe:LoopCharacteristics');
    if (loop) node.multi = { sequential: loop.isSequential === true, inputCollection: (zeebeLoop && text(zeebeLoop, 'inputCollection')) ?? '' };
    if (type === 'subProcess') node.start = collect(element, id, elements, flows);
    if (type === 'startEvent') start = id;
    elements.set(id, node);
  }
  return start;
}
