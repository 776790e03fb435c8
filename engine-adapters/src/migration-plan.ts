// A migration plan: which waiting elements of a running ticket's process map onto the new version's.
// Pure (the XML in, the plan out): the server previews it for policy staff, and both adapters enforce
// the same rule when they migrate, so a preview never promises what an engine then refuses.
//
// The default (and only) mapping is by id: an element keeps its id across versions, or it has no
// counterpart. An active element without one is an error naming the element in Chinese, for the
// policy staff who read the preview.
import type { ModdleElement } from './embedded/moddle';
import { children, parseBpmn } from './embedded/moddle';

/** An element a process instance can wait in (or be inside) between two steps. */
const WAITING_TYPES = new Set([
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ReceiveTask',
  'bpmn:SubProcess',
  'bpmn:IntermediateCatchEvent',
  'bpmn:EventBasedGateway',
  'bpmn:BoundaryEvent',
]);

export interface ElementMapping {
  sourceElementId: string;
  targetElementId: string;
  /** A boundary event: Zeebe 8.5 moves its host and subscribes it anew, but refuses it mapped itself. */
  catchEvent?: true;
}

export interface MigrationProblem {
  elementId: string;
  /** zh-CN, for the policy staff who read the preview. */
  reason: string;
}

export interface MigrationPlan {
  /** Every waiting element of the source that the target has with the same id and type. */
  mappings: ElementMapping[];
  /** Active elements that cannot be migrated; empty when the plan applies. */
  problems: MigrationProblem[];
}

interface WaitingElement {
  id: string;
  type: string;
  name: string;
}

/**
 * The plan from `sourceXml` to `targetXml` for an instance whose active (waiting) elements are
 * `activeElementIds`. Elements of other kinds (gateways, end events) never wait, so they need no mapping.
 */
export async function planMigration(sourceXml: string, targetXml: string, activeElementIds: readonly string[] = []): Promise<MigrationPlan> {
  const [source, target] = await Promise.all([waitingElements(sourceXml), waitingElements(targetXml)]);
  const mappings: ElementMapping[] = [];
  for (const element of source.values()) {
    if (target.get(element.id)?.type === element.type) {
      mappings.push({ sourceElementId: element.id, targetElementId: element.id, ...(element.type === 'bpmn:BoundaryEvent' ? { catchEvent: true as const } : {}) });
    }
  }
  const problems: MigrationProblem[] = [];
  for (const id of new Set(activeElementIds)) {
    const element = source.get(id);
    const counterpart = target.get(id);
    const label = element?.name ? `“${element.name}”（${id}）` : `“${id}”`;
    if (!counterpart) {
      problems.push({ elementId: id, reason: `当前环节${label}在新版流程中不存在，无法迁移` });
    } else if (element && counterpart.type !== element.type) {
      problems.push({ elementId: id, reason: `当前环节${label}在新版流程中类型不同（原为 ${local(element.type)}，新版为 ${local(counterpart.type)}），无法迁移` });
    }
  }
  return { mappings, problems };
}

/** Refuses a mapping that renames an element: both adapters migrate by id only (see BPMN-SUBSET.md). */
export function renamedMappings(mappings: readonly ElementMapping[]): ElementMapping[] {
  return mappings.filter((m) => m.sourceElementId !== m.targetElementId);
}

async function waitingElements(xml: string): Promise<Map<string, WaitingElement>> {
  const { definitions } = await parseBpmn(xml);
  const found = new Map<string, WaitingElement>();
  const walk = (container: ModdleElement): void => {
    for (const element of children(container, 'flowElements')) {
      if (element.id && WAITING_TYPES.has(element.$type)) found.set(element.id, { id: element.id, type: element.$type, name: chinesePart(element.name ?? '') });
      if (element.$type === 'bpmn:SubProcess') walk(element);
    }
  };
  for (const root of children(definitions, 'rootElements')) if (root.$type === 'bpmn:Process') walk(root);
  return found;
}

/** "签收或申请退回 Accept or return" → "签收或申请退回". */
function chinesePart(name: string): string {
  return /^(.*[\u3400-\u9fff）)])\s+[A-Za-z][^\u3400-\u9fff]*$/u.exec(name.trim())?.[1] ?? name.trim();
}

function local(type: string): string {
  return type.slice(type.indexOf(':') + 1);
}
