// BPMN-SUBSET.md as code: which elements, attributes and expressions the embedded engine runs.
// Anything else is reported with the element it concerns, so that a deployment is refused as a whole
// instead of failing in the middle of a ticket's life.
import { feelSyntaxError, isFeel } from './feel';
import type { ModdleElement, ParsedBpmn } from './moddle';
import { child, children, expressionBody, extension, extensions, localTypeName, parseProblem, text } from './moddle';

export interface SubsetProblem {
  element?: { id: string; type: string };
  why: string;
}

const NOT_IN_SUBSET = 'not in the BPMN subset the embedded engine runs (see BPMN-SUBSET.md)';

/** Extension elements each kind of element may carry; `zeebe:properties` is modeller metadata, ignored. */
const ALLOWED_EXTENSIONS: Record<string, string[]> = {
  'bpmn:Process': ['zeebe:VersionTag'],
  'bpmn:ServiceTask': ['zeebe:TaskDefinition', 'zeebe:TaskHeaders', 'zeebe:IoMapping'],
  'bpmn:UserTask': ['zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:TaskHeaders', 'zeebe:IoMapping'],
  'bpmn:MultiInstanceLoopCharacteristics': ['zeebe:LoopCharacteristics'],
  'bpmn:Message': ['zeebe:Subscription'],
};

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const ISO_DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks a parsed file; returns its one executable process when there is exactly one. */
export function checkSubset(parsed: ParsedBpmn): { process?: ModdleElement; problems: SubsetProblem[] } {
  const problems: SubsetProblem[] = parsed.warnings.map((w) => ({
    ...(w.element?.id && { element: describe(w.element) }),
    why: `unparsable XML: ${parseProblem(w.message)}`,
  }));

  const processes = children(parsed.definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process' && e.isExecutable === true);
  if (processes.length !== 1) {
    problems.push({ why: `expected exactly one executable process (isExecutable="true"), found ${processes.length}` });
    return { problems };
  }
  const process = processes[0] as ModdleElement;
  const check = new SubsetCheck(problems);
  check.extensionsOf(process);
  check.scope(process);
  return { process, problems };
}

class SubsetCheck {
  constructor(private readonly problems: SubsetProblem[]) {}

  private report(element: ModdleElement, why: string): void {
    this.problems.push({ element: describe(element), why });
  }

  /** A process or an embedded sub-process: its flow elements, and exactly one none start event. */
  scope(container: ModdleElement): void {
    const elements = children(container, 'flowElements');
    const starts = elements.filter((e) => e.$type === 'bpmn:StartEvent');
    if (starts.length !== 1) this.report(container, `needs exactly one none start event, has ${starts.length}`);
    for (const element of elements) this.flowElement(element);
  }

  private flowElement(element: ModdleElement): void {
    this.extensionsOf(element);
    this.loopOf(element);
    switch (element.$type) {
      case 'bpmn:StartEvent':
      case 'bpmn:EndEvent':
        if (children(element, 'eventDefinitions').length) this.report(element, `only none ${localTypeName(element.$type)}s are in the subset`);
        return;
      case 'bpmn:ServiceTask':
        return this.serviceTask(element);
      case 'bpmn:UserTask':
        return this.userTask(element);
      case 'bpmn:ExclusiveGateway':
        return this.exclusiveGateway(element);
      case 'bpmn:ParallelGateway':
        return;
      case 'bpmn:EventBasedGateway':
        return this.eventBasedGateway(element);
      case 'bpmn:IntermediateCatchEvent':
        return this.eventDefinition(element);
      case 'bpmn:BoundaryEvent':
        return this.boundaryEvent(element);
      case 'bpmn:SubProcess':
        if (element.triggeredByEvent === true) return this.report(element, `event sub-processes are ${NOT_IN_SUBSET}`);
        return this.scope(element);
      case 'bpmn:SequenceFlow':
        return this.sequenceFlow(element);
      default:
        return this.report(element, NOT_IN_SUBSET);
    }
  }

  extensionsOf(element: ModdleElement): void {
    const allowed = ALLOWED_EXTENSIONS[element.$type] ?? [];
    for (const ext of extensions(element)) {
      if (ext.$type !== 'zeebe:Properties' && !allowed.includes(ext.$type)) {
        this.report(element, `extension ${localTypeName(ext.$type)} is ${NOT_IN_SUBSET}`);
      }
    }
  }

  private loopOf(element: ModdleElement): void {
    const loop = child(element, 'loopCharacteristics');
    if (!loop) return;
    if (element.$type !== 'bpmn:UserTask' || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      return this.report(element, `${localTypeName(loop.$type)} is only in the subset as multi-instance on a userTask`);
    }
    this.extensionsOf(loop);
    if (child(loop, 'loopCardinality') || child(loop, 'completionCondition')) {
      this.report(element, `loopCardinality and completionCondition are ${NOT_IN_SUBSET}`);
    }
    const zeebeLoop = extension(loop, 'zeebe:LoopCharacteristics');
    const inputCollection = zeebeLoop && text(zeebeLoop, 'inputCollection');
    if (!zeebeLoop || !inputCollection) return this.report(element, 'multi-instance needs zeebe:loopCharacteristics inputCollection');
    this.expression(element, 'inputCollection', inputCollection, { feelOnly: true });
    const outputCollection = text(zeebeLoop, 'outputCollection');
    const outputElement = text(zeebeLoop, 'outputElement');
    if (Boolean(outputCollection) !== Boolean(outputElement)) this.report(element, 'outputCollection and outputElement go together');
    if (outputElement) this.expression(element, 'outputElement', outputElement);
  }

  private serviceTask(element: ModdleElement): void {
    const definition = extension(element, 'zeebe:TaskDefinition');
    const type = definition && text(definition, 'type');
    if (!definition || !type?.trim()) this.report(element, 'missing job type (zeebe:taskDefinition type="…")');
    else this.expression(element, 'job type', type);
    const retries = definition && text(definition, 'retries');
    if (retries !== undefined && !isFeel(retries) && !/^\d+$/.test(retries)) this.report(element, `retries '${retries}' is not a whole number`);
    else if (retries !== undefined) this.expression(element, 'retries', retries);
    this.ioMapping(element);
  }

  private userTask(element: ModdleElement): void {
    const form = extension(element, 'zeebe:FormDefinition');
    if (form && (text(form, 'formId') || text(form, 'externalReference'))) {
      this.report(element, 'only zeebe:formDefinition formKey is in the subset (job-worker user tasks)');
    }
    const assignment = extension(element, 'zeebe:AssignmentDefinition');
    if (assignment && (text(assignment, 'assignee') || text(assignment, 'candidateUsers'))) {
      this.report(element, 'only candidateGroups of zeebe:assignmentDefinition is in the subset');
    }
    const groups = assignment && text(assignment, 'candidateGroups');
    if (groups) this.expression(element, 'candidateGroups', groups);
    this.ioMapping(element);
  }

  private ioMapping(element: ModdleElement): void {
    const mapping = extension(element, 'zeebe:IoMapping');
    if (!mapping) return;
    for (const parameter of [...children(mapping, 'inputParameters'), ...children(mapping, 'outputParameters')]) {
      const target = text(parameter, 'target');
      if (!target?.trim()) this.report(element, 'an ioMapping parameter has no target');
      this.expression(element, `ioMapping source of '${target ?? ''}'`, text(parameter, 'source') ?? '');
    }
  }

  private exclusiveGateway(element: ModdleElement): void {
    const outgoing = children(element, 'outgoing');
    const defaultFlow = child(element, 'default');
    if (outgoing.length < 2) return;
    for (const flow of outgoing) {
      if (flow !== defaultFlow && !child(flow, 'conditionExpression')) {
        this.report(flow, `leaves exclusive gateway '${element.id ?? ''}' without a condition and is not its default flow`);
      }
    }
  }

  private eventBasedGateway(element: ModdleElement): void {
    const targets = children(element, 'outgoing').map((flow) => child(flow, 'targetRef'));
    if (targets.length < 2) this.report(element, 'needs at least two outgoing flows');
    for (const target of targets) {
      const definition = target?.$type === 'bpmn:IntermediateCatchEvent' ? children(target, 'eventDefinitions')[0] : undefined;
      if (!definition || !['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'].includes(definition.$type)) {
        this.report(element, `may only lead to timer or message intermediate catch events, not '${target?.id ?? '?'}'`);
      }
    }
  }

  private boundaryEvent(element: ModdleElement): void {
    const host = child(element, 'attachedToRef');
    if (!host || !['bpmn:ServiceTask', 'bpmn:UserTask', 'bpmn:SubProcess'].includes(host.$type)) {
      this.report(element, 'must be attached to a serviceTask, userTask or subProcess');
    }
    this.eventDefinition(element);
  }

  /** Exactly one timer (timeDate or timeDuration) or message definition. */
  private eventDefinition(element: ModdleElement): void {
    const definitions = children(element, 'eventDefinitions');
    const definition = definitions[0];
    if (definitions.length !== 1 || !definition) return this.report(element, 'needs exactly one timer or message event definition');
    if (definition.$type === 'bpmn:TimerEventDefinition') return this.timer(element, definition);
    if (definition.$type === 'bpmn:MessageEventDefinition') return this.message(element, definition);
    this.report(element, `${localTypeName(definition.$type)} is ${NOT_IN_SUBSET}`);
  }

  private timer(element: ModdleElement, definition: ModdleElement): void {
    if (child(definition, 'timeCycle')) return this.report(element, `timeCycle is ${NOT_IN_SUBSET}`);
    const timeDate = expressionBody(definition, 'timeDate');
    const timeDuration = expressionBody(definition, 'timeDuration');
    if (Boolean(timeDate) === Boolean(timeDuration)) return this.report(element, 'a timer needs either timeDate or timeDuration');
    if (timeDate && !isFeel(timeDate) && !ISO_DATE_TIME_WITH_OFFSET.test(timeDate)) {
      return this.report(element, `timeDate '${timeDate}' is not an ISO-8601 date-time with an offset`);
    }
    if (timeDuration && !isFeel(timeDuration) && !ISO_DURATION.test(timeDuration)) {
      return this.report(element, `timeDuration '${timeDuration}' is not an ISO-8601 duration`);
    }
    this.expression(element, timeDate ? 'timeDate' : 'timeDuration', (timeDate ?? timeDuration) as string);
  }

  private message(element: ModdleElement, definition: ModdleElement): void {
    const message = child(definition, 'messageRef');
    const name = message && text(message, 'name');
    if (!message || !name) return this.report(element, 'needs a message with a name (messageRef)');
    this.extensionsOf(message);
    this.expression(element, 'message name', name);
    const subscription = extension(message, 'zeebe:Subscription');
    const correlationKey = subscription && text(subscription, 'correlationKey');
    if (!correlationKey) return this.report(element, `message '${name}' needs zeebe:subscription correlationKey`);
    this.expression(element, 'correlationKey', correlationKey);
  }

  private sequenceFlow(element: ModdleElement): void {
    const condition = expressionBody(element, 'conditionExpression');
    if (condition === undefined) return;
    if (child(element, 'sourceRef')?.$type !== 'bpmn:ExclusiveGateway') {
      return this.report(element, 'conditions are only in the subset on flows leaving an exclusive gateway');
    }
    this.expression(element, 'condition', condition, { feelOnly: true });
  }

  private expression(element: ModdleElement, what: string, value: string, options: { feelOnly?: boolean } = {}): void {
    if (!isFeel(value)) {
      if (options.feelOnly) this.report(element, `${what} '${value}' must be a FEEL expression (=…)`);
      return;
    }
    const error = feelSyntaxError(value);
    if (error) this.report(element, `${what} '${value}' is not valid FEEL: ${error}`);
  }
}

function describe(element: ModdleElement): { id: string; type: string } {
  return { id: element.id ?? '?', type: localTypeName(element.$type) };
}
