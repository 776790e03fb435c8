// The three city processes as files: what bpmn-js and the engines read. No engine is needed here.
import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import { HOTLINE_JOB_TYPES } from '@hotline/engine-adapters';
import { loadShippedPack } from '@hotline/cities';
import { stagesOf } from '@hotline/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMS, ROLES } from './scenario';
import { CITIES, cityProcesses } from './target';

interface Element {
  $type: string;
  id: string;
  [property: string]: unknown;
}

/** What a flow node or sequence flow is, in a form two files can be compared on. */
interface Summary {
  type: string;
  name?: string;
  form?: string;
  groups?: string;
  job?: string;
  headers?: Record<string, string>;
  condition?: string;
  timer?: string;
  message?: string;
  multi?: string;
  from?: string;
  to?: string;
  isDefault?: boolean;
}

const zeebeSchema: unknown = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
/** Elements only Turpan has: §24, a rework still rated dissatisfied is supervised. */
const TURPAN_ONLY = ['gwStillDissatisfied', 'superviseDissatisfied', 'dissatisfiedNote'];
/** The 履职尽责说明 after a negative rating (Tianjin 2024 §23, 2025 §24; Turpan §23): Hangzhou's draft has no such article. */
const DUTY_STATEMENT = ['gwDutyStatement', 'dutyStatement', 'gwDutyMerge', 'stampRatingExempted'];
/** 备案 of a matter that cannot be solved for objective reasons: only Tianjin's 2015 rules (§22) have it. */
const UNSOLVABLE_FILING = ['gwFiling', 'stampFilingRequested', 'filingReview', 'stampUnsolvableFiled', 'stampFilingRefused', 'watchFilingRefused', 'gwFiledMerge'];
/** Steps of Tianjin's process a city's rules do not have, and the flows that go straight on instead. */
const ABSENT: Record<string, { steps: string[]; instead: string[] }> = {
  tianjin: { steps: [], instead: [] },
  hangzhou: { steps: [...DUTY_STATEMENT, ...UNSOLVABLE_FILING], instead: ['Flow_gwClose_stampClosed', 'Flow_gwReviewed_gwVisitMerge'] },
  turpan: { steps: UNSOLVABLE_FILING, instead: ['Flow_gwReviewed_gwVisitMerge'] },
};
const absentIn = (city: string, id: string) => (ABSENT[city]?.steps ?? []).some((x) => id.toLowerCase().includes(x.toLowerCase()));
/** The forms of steps a city does not have. */
const ABSENT_FORMS: Record<string, string[]> = { hangzhou: ['dutyStatement', 'dutyStatementReview', 'filingReview'], turpan: ['filingReview'] };

const list = (value: unknown): Element[] => (Array.isArray(value) ? (value as Element[]) : []);
const extension = (element: Element, type: string): Element | undefined =>
  list((element.extensionElements as Element | undefined)?.values).find((v) => v.$type === type);

function summarize(element: Element, defaults: Map<string, string>): Summary {
  const summary: Summary = { type: element.$type.replace('bpmn:', '') };
  const form = extension(element, 'zeebe:FormDefinition');
  if (form) summary.form = String(form.formKey);
  const assignment = extension(element, 'zeebe:AssignmentDefinition');
  if (assignment) summary.groups = String(assignment.candidateGroups);
  const job = extension(element, 'zeebe:TaskDefinition');
  if (job) summary.job = `${String(job.type)} retries=${String(job.retries)}`;
  const headers = extension(element, 'zeebe:TaskHeaders');
  if (headers) summary.headers = Object.fromEntries(list(headers.values).map((h) => [String(h.key), String(h.value)]));
  const condition = element.conditionExpression as Element | undefined;
  if (condition) summary.condition = String(condition.body);
  for (const definition of list(element.eventDefinitions)) {
    if (definition.$type === 'bpmn:TimerEventDefinition') summary.timer = String((definition.timeDate as Element | undefined)?.body);
    if (definition.$type === 'bpmn:MessageEventDefinition') summary.message = String((definition.messageRef as Element | undefined)?.name);
  }
  const loop = element.loopCharacteristics as Element | undefined;
  if (loop) {
    const zeebeLoop = extension(loop, 'zeebe:LoopCharacteristics');
    summary.multi = `${String(zeebeLoop?.inputCollection)} as ${String(zeebeLoop?.inputElement)} ${loop.isSequential ? 'sequential' : 'parallel'}`;
  }
  if (element.$type === 'bpmn:SequenceFlow') {
    summary.from = (element.sourceRef as Element).id;
    summary.to = (element.targetRef as Element).id;
    summary.isDefault = defaults.get(summary.from) === element.id;
  }
  return summary;
}

interface ParsedProcess {
  city: string;
  process: Element;
  warnings: string[];
  elements: Map<string, Summary>;
  shapes: Set<string>;
}

const parsed = new Map<string, ParsedProcess>();

beforeAll(async () => {
  for (const [index, resource] of cityProcesses().entries()) {
    const city = CITIES[index] as string;
    const { rootElement, warnings } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(resource.xml);
    const definitions = rootElement as unknown as Element;
    const process = list(definitions.rootElements).find((e) => e.$type === 'bpmn:Process') as Element;
    const flowElements = list(process.flowElements);
    const defaults = new Map(flowElements.filter((e) => e.default).map((e) => [e.id, (e.default as Element).id]));
    const plane = list(definitions.diagrams)[0]?.plane as Element | undefined;
    parsed.set(city, {
      city,
      process,
      warnings: (warnings as unknown[]).map((w) => String((w as { message?: unknown }).message ?? w)),
      elements: new Map(flowElements.map((e) => [e.id, summarize(e, defaults)])),
      shapes: new Set(list(plane?.planeElement).map((di) => (di.bpmnElement as Element).id)),
    });
  }
});

const each = (): ParsedProcess[] => [...parsed.values()];

describe('the city processes', () => {
  it('parse without warnings, one executable process per city named ticket-<city>', () => {
    for (const { city, process, warnings } of each()) {
      expect(warnings, city).toEqual([]);
      expect(process.id).toBe(`ticket-${city}`);
      expect(process.isExecutable, city).toBe(true);
    }
  });

  it('have a diagram: a shape for every flow node and an edge for every sequence flow (bpmn-js opens them as drawn)', () => {
    for (const { city, elements, shapes } of each()) {
      expect([...elements.keys()].filter((id) => !shapes.has(id)), city).toEqual([]);
    }
  });

  it('give every user task a hotline form, the platform roles, and a due header naming a deadline variable', () => {
    const forms = new Set(FORMS.map((form) => `hotline:${form}`));
    for (const { city, elements } of each()) {
      for (const [id, element] of elements) {
        if (element.type !== 'UserTask') continue;
        expect(forms.has(element.form ?? ''), `${city} ${id} form ${element.form}`).toBe(true);
        for (const role of (element.groups ?? '').split(',')) expect(ROLES as readonly string[], `${city} ${id}`).toContain(role);
        const due = element.headers?.due;
        // a stage's deadline (the core's or the city's own, Tianjin 2015's answer), or the 督办单's (set by
        // the supervisionOrder message, moved by a re-issue)
        const stageDues = stagesOf(loadShippedPack(city).city).map((stage) => `${stage.key}Due`);
        if (due !== undefined) expect([...stageDues, 'supervisionOrderDue'], `${city} ${id}`).toContain(due);
      }
    }
  });

  it('use every form of the platform', () => {
    for (const { city, elements } of each()) {
      const used = new Set([...elements.values()].map((e) => e.form).filter(Boolean));
      expect(FORMS.filter((form) => !used.has(`hotline:${form}`)), city).toEqual(ABSENT_FORMS[city] ?? []);
    }
  });

  it('call only the platform job workers, with stages the rules know', () => {
    for (const { city, elements } of each()) {
      for (const [id, element] of elements) {
        if (element.type !== 'ServiceTask') continue;
        const [type] = (element.job ?? '').split(' ');
        expect(HOTLINE_JOB_TYPES as readonly string[], `${city} ${id}`).toContain(type);
        if (type === 'hotline.deadline') expect(stagesOf(loadShippedPack(city).city).map((stage) => stage.key), `${city} ${id}`).toContain(element.headers?.stage);
      }
    }
  });

  it('hold no number the pack holds: timers read deadline variables, conditions compare with pack limits', () => {
    for (const { city, elements } of each()) {
      for (const [id, element] of elements) {
        if (element.timer !== undefined) expect(element.timer, `${city} ${id}`).toMatch(/^=[A-Za-z]+$/);
        if (element.condition !== undefined) {
          expect(element.condition, `${city} ${id}`).toMatch(/^=/);
          expect(element.condition.replace(/"[^"]*"/g, ''), `${city} ${id}: a literal number other than 0`).not.toMatch(/[1-9]/);
        }
      }
    }
  });

  it('move deadlines with the deadlineChanged message: one timer, in the deadline watch (and the statement period, which nothing moves)', () => {
    for (const { city, elements } of each()) {
      const timers = [...elements].filter(([, e]) => e.timer !== undefined).map(([id, e]) => `${id} ${e.timer}`);
      // the 履职尽责说明's period ends the step itself: no extension or re-dispatch ever moves it
      const statement = absentIn(city, 'dutyStatementTimeout') ? [] : ['dutyStatementTimeout =dutyStatementDue'];
      expect(timers.sort(), city).toEqual([...statement, 'watchTimer =watchNextAt']);
      const messages = [...elements].filter(([, e]) => e.message !== undefined).map(([id, e]) => `${id} ${e.message}`);
      // besides, the 督办单 the board issues, caught around the unit's steps (non-interrupting)
      expect(messages.sort(), city).toEqual(['orderOnAccept supervisionOrder', 'orderOnReply supervisionOrder', 'orderOnRework supervisionOrder', 'watchIdle deadlineChanged', 'watchMoved deadlineChanged']);
    }
  });

  it('give every exclusive gateway that branches a default flow', () => {
    for (const { city, elements } of each()) {
      const outgoing = new Map<string, Summary[]>();
      for (const element of elements.values()) if (element.from) outgoing.set(element.from, [...(outgoing.get(element.from) ?? []), element]);
      for (const [id, element] of elements) {
        const flows = outgoing.get(id) ?? [];
        if (element.type !== 'ExclusiveGateway' || flows.length < 2) continue;
        expect(flows.filter((f) => f.isDefault).length, `${city} ${id}`).toBe(1);
        expect(flows.filter((f) => !f.isDefault && f.condition === undefined), `${city} ${id}`).toEqual([]);
      }
    }
  });

  it('are alike: the same step has the same id and definition in every city; only Turpan supervises a rework still rated dissatisfied, only Tianjin files unsolvable matters, Hangzhou has no duty statement', () => {
    const tianjin = parsed.get('tianjin') as ParsedProcess;
    for (const other of each()) {
      const extra = other.city === 'turpan' ? TURPAN_ONLY : [];
      const own = [...other.elements.keys()].filter((id) => !tianjin.elements.has(id));
      const referencesExtra = (id: string) => extra.some((x) => id.includes(x));
      expect(own.filter((id) => !referencesExtra(id)).sort(), other.city).toEqual([...(ABSENT[other.city]?.instead ?? [])].sort());
      expect(TURPAN_ONLY.filter((id) => other.elements.has(id)), other.city).toEqual(extra);
      for (const [id, element] of tianjin.elements) {
        if (absentIn(other.city, id)) {
          expect(other.elements.has(id), `${other.city} ${id}`).toBe(false);
          continue;
        }
        if (id === 'Flow_gwRework_gwClose') continue; // Turpan's flow goes through gwStillDissatisfied instead
        const { name: _name, ...definition } = element;
        const { name: _otherName, ...otherDefinition } = other.elements.get(id) ?? ({} as Summary);
        expect(otherDefinition, `${other.city} ${id}`).toEqual(definition);
      }
    }
  });
});
