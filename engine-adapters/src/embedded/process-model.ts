// A deployed process as the embedded engine needs it: the graph the interpreter walks (compiled once,
// shared by every step of every instance) and the zeebe properties of the elements the adapter
// handles itself (jobs, user tasks, message subscriptions).

import type { ProcessResource } from '../port';
import { checkSubset } from './bpmn-subset';
import type { SubsetProblem } from './bpmn-subset';
import { buildGraph } from './process-graph';
import type { ProcessGraph } from './process-graph';
import type { ModdleElement } from './moddle';
import { child, children, extension, parseBpmn, parseProblem, text } from './moddle';

export interface Mapping {
  source: string;
  target: string;
}

export interface TaskSpec {
  kind: 'serviceTask' | 'userTask';
  elementId: string;
  jobType?: string;
  retries?: string;
  customHeaders: Record<string, string>;
  formKey?: string;
  candidateGroups?: string;
  inputs: Mapping[];
  outputs: Mapping[];
  loop?: { inputElement?: string; outputCollection?: string; outputElement?: string };
}

export interface MessageCatchSpec {
  elementId: string;
  messageName: string;
  correlationKey: string;
  /** A non-interrupting boundary event: it takes every message while its activity runs, as on Zeebe. */
  repeats: boolean;
}

export interface ProcessModel {
  bpmnProcessId: string;
  graph: ProcessGraph;
  tasks: ReadonlyMap<string, TaskSpec>;
  messageCatches: ReadonlyMap<string, MessageCatchSpec>;
}

/** A resource refused at deploy time, with every problem found. */
export class ProcessRejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ProcessRejected';
  }
}

const DEFAULT_INPUT_ELEMENT = 'item';

/** Parses, checks against the subset and compiles one resource; throws ProcessRejected. */
export async function compileProcess(resource: ProcessResource): Promise<ProcessModel> {
  const reject = (problems: SubsetProblem[]): never => {
    const lines = problems.map((p) => (p.element ? `${resource.name}: element '${p.element.id}' (${p.element.type}): ${p.why}` : `${resource.name}: ${p.why}`));
    throw new ProcessRejected([...new Set(lines)]);
  };

  let parsed: Awaited<ReturnType<typeof parseBpmn>>;
  try {
    parsed = await parseBpmn(resource.xml);
  } catch (error) {
    return reject([{ why: `unparsable XML: ${parseProblem(error instanceof Error ? error.message : String(error))}` }]);
  }
  const { process, problems } = checkSubset(parsed);
  if (!process || problems.length) return reject(problems);

  const tasks = new Map<string, TaskSpec>();
  const messageCatches = new Map<string, MessageCatchSpec>();
  collect(process, tasks, messageCatches);

  return {
    bpmnProcessId: process.id ?? '',
    graph: buildGraph(process),
    tasks,
    messageCatches,
  };
}

function collect(scope: ModdleElement, tasks: Map<string, TaskSpec>, messageCatches: Map<string, MessageCatchSpec>): void {
  for (const element of children(scope, 'flowElements')) {
    const id = element.id ?? '';
    if (element.$type === 'bpmn:ServiceTask' || element.$type === 'bpmn:UserTask') tasks.set(id, taskSpec(element));
    if (element.$type === 'bpmn:SubProcess') collect(element, tasks, messageCatches);
    const message = children(element, 'eventDefinitions').find((d) => d.$type === 'bpmn:MessageEventDefinition');
    const messageRef = message && child(message, 'messageRef');
    if (messageRef) {
      const subscription = extension(messageRef, 'zeebe:Subscription');
      messageCatches.set(id, {
        elementId: id,
        messageName: text(messageRef, 'name') ?? '',
        correlationKey: (subscription && text(subscription, 'correlationKey')) ?? '',
        repeats: element.$type === 'bpmn:BoundaryEvent' && (element as { cancelActivity?: boolean }).cancelActivity === false,
      });
    }
  }
}

function taskSpec(element: ModdleElement): TaskSpec {
  const definition = extension(element, 'zeebe:TaskDefinition');
  const form = extension(element, 'zeebe:FormDefinition');
  const assignment = extension(element, 'zeebe:AssignmentDefinition');
  const headers = extension(element, 'zeebe:TaskHeaders');
  const ioMapping = extension(element, 'zeebe:IoMapping');
  const loop = child(element, 'loopCharacteristics');
  const zeebeLoop = loop && extension(loop, 'zeebe:LoopCharacteristics');
  const mappings = (property: string): Mapping[] =>
    (ioMapping ? children(ioMapping, property) : []).map((p) => ({ source: text(p, 'source') ?? '', target: text(p, 'target') ?? '' }));

  return {
    kind: element.$type === 'bpmn:ServiceTask' ? 'serviceTask' : 'userTask',
    elementId: element.id ?? '',
    jobType: definition && text(definition, 'type'),
    retries: definition && text(definition, 'retries'),
    customHeaders: Object.fromEntries((headers ? children(headers, 'values') : []).map((h) => [text(h, 'key') ?? '', text(h, 'value') ?? ''])),
    formKey: form && text(form, 'formKey'),
    candidateGroups: assignment && text(assignment, 'candidateGroups'),
    inputs: mappings('inputParameters'),
    outputs: mappings('outputParameters'),
    ...(zeebeLoop && {
      loop: {
        inputElement: text(zeebeLoop, 'inputElement') ?? DEFAULT_INPUT_ELEMENT,
        outputCollection: text(zeebeLoop, 'outputCollection'),
        outputElement: text(zeebeLoop, 'outputElement'),
      },
    }),
  };
}
