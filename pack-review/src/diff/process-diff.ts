// What changed in a process between two pack versions, by element id: elements added, removed, and
// changed (which of their properties: name, form key, timer, condition, task headers, flows in and
// out, ...). Both files are parsed with bpmn-moddle (Zeebe extension included); the diagram layout
// (BPMN DI) is not compared, so moving a shape is not a change of the process.
import type { XmlReader } from '../lint/lint-process';
import type { ModdleElement } from '../lint/plugin/types';

export interface ProcessElementSummary {
  id: string;
  /** `bpmn:UserTask`, `bpmn:SequenceFlow`, ... */
  type: string;
  name: string | null;
}

export interface ChangedElement extends ProcessElementSummary {
  /** The properties that differ: `name`, `timeDate`, `extensionElements`, `incoming`, ... */
  properties: string[];
}

export interface ProcessDiff {
  file: string;
  status: 'added' | 'removed' | 'changed' | 'unreadable';
  added: ProcessElementSummary[];
  removed: ProcessElementSummary[];
  changed: ChangedElement[];
  /** Why a side could not be read, when `unreadable`. */
  error?: string;
}

interface Descriptor {
  properties: Array<{ name: string; isMany?: boolean; isReference?: boolean }>;
}

/** Properties that hold other elements listed on their own, or the diagram. */
const SEPARATE = new Set(['flowElements', 'artifacts', 'laneSets', 'rootElements', 'diagrams', 'documentation', 'di']);

function descriptorOf(element: ModdleElement): Descriptor | undefined {
  return (element as unknown as { $descriptor?: Descriptor }).$descriptor;
}

const hasId = (v: unknown): v is ModdleElement => v !== null && typeof v === 'object' && typeof (v as ModdleElement).$type === 'string';

/** A canonical, comparable form of a value: references as ids, child elements inline. */
function canonical(value: unknown, asReference: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, asReference));
  if (hasId(value)) return asReference ? `#${value.id ?? '?'}` : describe(value);
  return value ?? null;
}

/** The element's own properties (inherited ones included), child elements folded in. */
function describe(element: ModdleElement): Record<string, unknown> {
  const out: Record<string, unknown> = { $type: element.$type };
  for (const property of descriptorOf(element)?.properties ?? []) {
    if (SEPARATE.has(property.name) || property.name === 'id') continue;
    const value = element.get(property.name);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[property.name] = canonical(value, Boolean(property.isReference));
  }
  const attrs = (element as unknown as { $attrs?: Record<string, unknown> }).$attrs;
  if (attrs && Object.keys(attrs).length > 0) out.$attrs = { ...attrs };
  return out;
}

/** Every element of the process model with an id: root elements, flow elements in any depth. */
export function processElements(definitions: ModdleElement): Map<string, ModdleElement> {
  const found = new Map<string, ModdleElement>();
  const visit = (element: ModdleElement) => {
    if (element.id) found.set(element.id, element);
    for (const key of ['flowElements', 'artifacts'] as const) {
      const children = element.get(key);
      if (Array.isArray(children)) for (const child of children) if (hasId(child)) visit(child);
    }
    const laneSets = element.get('laneSets');
    if (Array.isArray(laneSets)) {
      for (const set of laneSets as ModdleElement[]) {
        if (set.id) found.set(set.id, set);
        for (const lane of (set.get('lanes') as ModdleElement[] | undefined) ?? []) if (lane.id) found.set(lane.id, lane);
      }
    }
  };
  const roots = definitions.get('rootElements');
  if (Array.isArray(roots)) for (const root of roots) if (hasId(root)) visit(root);
  return found;
}

const summary = (element: ModdleElement): ProcessElementSummary => ({
  id: element.id ?? '',
  type: element.$type,
  name: typeof element.name === 'string' && element.name !== '' ? element.name : null,
});

const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

export function diffElements(before: Map<string, ModdleElement>, after: Map<string, ModdleElement>): Pick<ProcessDiff, 'added' | 'removed' | 'changed'> {
  const byId = (a: ProcessElementSummary, b: ProcessElementSummary) => a.id.localeCompare(b.id);
  const added = [...after.values()].filter((e) => !before.has(e.id!)).map(summary).sort(byId);
  const removed = [...before.values()].filter((e) => !after.has(e.id!)).map(summary).sort(byId);
  const changed: ChangedElement[] = [];
  for (const [id, element] of after) {
    const old = before.get(id);
    if (!old) continue;
    const a = describe(old);
    const b = describe(element);
    const properties = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => stable(a[k]) !== stable(b[k]));
    if (properties.length > 0) changed.push({ ...summary(element), properties: properties.map((p) => (p === '$type' ? 'type' : p)).sort() });
  }
  return { added, removed, changed: changed.sort(byId) };
}

async function read(reader: XmlReader, xml: string): Promise<Map<string, ModdleElement>> {
  const { rootElement } = await reader.fromXML(xml, 'bpmn:Definitions');
  return processElements(rootElement);
}

/** One process file in two versions (either side may be missing). */
export async function diffProcessFile(file: string, before: string | undefined, after: string | undefined, reader: XmlReader): Promise<ProcessDiff | null> {
  if (before === after) return null;
  let oldElements: Map<string, ModdleElement>;
  let newElements: Map<string, ModdleElement>;
  try {
    oldElements = before === undefined ? new Map() : await read(reader, before);
    newElements = after === undefined ? new Map() : await read(reader, after);
  } catch (e) {
    return { file, status: 'unreadable', added: [], removed: [], changed: [], error: e instanceof Error ? e.message : String(e) };
  }
  const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  return { file, status, ...diffElements(oldElements, newElements) };
}
