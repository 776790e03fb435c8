// Fewer job hops on Zeebe: a chain of consecutive quick rule steps (service tasks whose job type has a
// handler registered `inStep`, the same flag the embedded engine runs inside its step) is deployed as ONE
// service task of type `hotline.chain`, whose `steps` header lists the original steps in order; the chain
// worker (chain.worker.ts) runs their handlers one after the other. Policy staff's BPMN is unchanged: the
// rewrite happens only on the way to the broker, and a process with nothing to fuse is sent as it is.
//
// Fused only where the chain behaves as its steps did: each step has exactly one incoming and one
// outgoing sequence flow, the flows between steps are unconditional, no step hosts a boundary event, is
// multi-instance or for compensation, has input/output mappings or any extension besides its task
// definition (a static type) and headers, and all steps have the same retries. The chain keeps the
// first step's id (a migration or a trace naming it still finds it), the last step's outgoing flow leaves
// it, and the diagram drops the shapes and edges of the elements removed.
import type BpmnModdle from 'bpmn-moddle';

import type { ModdleElement } from '../embedded/moddle';
import { child, children, extension, extensions, text, zeebeModdle } from '../embedded/moddle';

/** The job type of a fused chain; its worker is registered by the adapter itself. */
export const CHAIN_JOB_TYPE = 'hotline.chain';
/** The task header carrying the chain's steps (JSON array of ChainStep). */
export const CHAIN_STEPS_HEADER = 'steps';

export interface ChainStep {
  /** The step's own element id: its jobs' side effects and the traces name it. */
  elementId: string;
  type: string;
  headers: Record<string, string>;
}

export interface FusedChain {
  processId: string;
  /** The chain's element id: its first step's. */
  id: string;
  steps: ChainStep[];
}

export interface FusionResult {
  xml: string;
  chains: FusedChain[];
}

const ALLOWED_EXTENSIONS = new Set(['zeebe:TaskDefinition', 'zeebe:TaskHeaders']);

/** `xml` with every fusable chain of `inStepTypes` fused; unchanged (the same string) when none is. */
export async function fuseRuleChains(xml: string, inStepTypes: ReadonlySet<string>): Promise<FusionResult> {
  if (inStepTypes.size === 0) return { xml, chains: [] };
  const moddle = zeebeModdle();
  const { rootElement } = await moddle.fromXML(xml);
  const definitions = rootElement as unknown as ModdleElement;
  const chains: FusedChain[] = [];
  const removed = new Set<string>();
  for (const process of children(definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process')) {
    fuseIn(process, String(process.id), inStepTypes, moddle, chains, removed);
  }
  if (chains.length === 0) return { xml, chains };
  dropDiagramElements(definitions, removed);
  const { xml: fused } = await moddle.toXML(rootElement, { format: true });
  return { xml: fused, chains };
}

/** Fuses the chains of one flow-element container (a process or a sub-process), sub-processes first. */
function fuseIn(container: ModdleElement, processId: string, inStepTypes: ReadonlySet<string>, moddle: BpmnModdle.BPMNModdle, chains: FusedChain[], removed: Set<string>): void {
  const elements = children(container, 'flowElements');
  for (const element of elements) if (Array.isArray(element.flowElements)) fuseIn(element, processId, inStepTypes, moddle, chains, removed);

  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const incoming = groupBy(flows, (f) => refId(f, 'targetRef'));
  const outgoing = groupBy(flows, (f) => refId(f, 'sourceRef'));
  const hosts = new Set(elements.filter((e) => e.$type === 'bpmn:BoundaryEvent').map((e) => refId(e, 'attachedToRef')));
  const referenced = new Set(children(container, 'artifacts').flatMap((a) => [refId(a, 'sourceRef'), refId(a, 'targetRef')]));
  const defaults = new Set(elements.map((e) => refId(e, 'default')).filter(Boolean));

  const eligible = (element: ModdleElement | undefined): element is ModdleElement =>
    element !== undefined &&
    element.$type === 'bpmn:ServiceTask' &&
    !hosts.has(String(element.id)) &&
    !referenced.has(String(element.id)) &&
    element.loopCharacteristics === undefined &&
    element.isForCompensation !== true &&
    element.default === undefined &&
    (incoming.get(String(element.id))?.length ?? 0) === 1 &&
    (outgoing.get(String(element.id))?.length ?? 0) === 1 &&
    extensions(element).every((e) => ALLOWED_EXTENSIONS.has(e.$type)) &&
    inStepTypes.has(jobType(element) ?? '');
  /** The next step when `element`'s one flow leads plainly to another eligible task. */
  const next = (element: ModdleElement): ModdleElement | undefined => {
    const flow = outgoing.get(String(element.id))?.[0];
    const target = flow ? (flow.targetRef as ModdleElement | undefined) : undefined;
    if (!flow || flow.conditionExpression !== undefined || defaults.has(String(flow.id))) return undefined;
    return eligible(target) && retries(target) === retries(element) ? target : undefined;
  };
  const hasPrevious = new Set<string>();
  for (const element of elements) if (eligible(element)) {
    const following = next(element);
    if (following) hasPrevious.add(String(following.id));
  }

  const drop = new Set<ModdleElement>();
  for (const first of elements) {
    if (!eligible(first) || hasPrevious.has(String(first.id))) continue;
    const steps = [first];
    for (let step = next(first); step && !steps.includes(step); step = next(step)) steps.push(step);
    if (steps.length < 2) continue;
    const last = steps[steps.length - 1] as ModdleElement;
    const exit = outgoing.get(String(last.id))?.[0] as ModdleElement;
    for (const step of steps.slice(1)) {
      const inFlow = incoming.get(String(step.id))?.[0] as ModdleElement;
      drop.add(step).add(inFlow);
      removed.add(String(step.id)).add(String(inFlow.id));
    }
    exit.sourceRef = first;
    first.outgoing = [exit];
    const chainSteps = steps.map((step) => ({ elementId: String(step.id), type: jobType(step) as string, headers: headersOf(step) }));
    rewriteAsChain(first, chainSteps, moddle);
    chains.push({ processId, id: String(first.id), steps: chainSteps });
  }
  if (drop.size > 0) container.flowElements = elements.filter((e) => !drop.has(e));
}

/** The first step becomes the chain: type `hotline.chain`, one header with the steps, its own retries. */
function rewriteAsChain(first: ModdleElement, steps: ChainStep[], moddle: BpmnModdle.BPMNModdle): void {
  const definition = extension(first, 'zeebe:TaskDefinition') as ModdleElement;
  definition.type = CHAIN_JOB_TYPE;
  const header = moddle.create('zeebe:Header', { key: CHAIN_STEPS_HEADER, value: JSON.stringify(steps) });
  const headers = moddle.create('zeebe:TaskHeaders', { values: [header] });
  const container = child(first, 'extensionElements') as ModdleElement;
  container.values = [definition, headers as unknown as ModdleElement];
}

function dropDiagramElements(definitions: ModdleElement, removed: ReadonlySet<string>): void {
  for (const diagram of children(definitions, 'diagrams')) {
    const plane = child(diagram, 'plane');
    if (!plane) continue;
    plane.planeElement = children(plane, 'planeElement').filter((shape) => !removed.has(refId(shape, 'bpmnElement')));
  }
}

function jobType(element: ModdleElement): string | undefined {
  const type = text(extension(element, 'zeebe:TaskDefinition') ?? { $type: '' }, 'type');
  return type === undefined || type.startsWith('=') ? undefined : type;
}

function retries(element: ModdleElement): string | undefined {
  return text(extension(element, 'zeebe:TaskDefinition') ?? { $type: '' }, 'retries');
}

function headersOf(element: ModdleElement): Record<string, string> {
  const headers = extension(element, 'zeebe:TaskHeaders');
  return Object.fromEntries((headers ? children(headers, 'values') : []).map((h) => [String(h.key), String(h.value ?? '')]));
}

function refId(element: ModdleElement, property: string): string {
  const ref = element[property];
  return ref && typeof ref === 'object' ? String((ref as ModdleElement).id) : '';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
