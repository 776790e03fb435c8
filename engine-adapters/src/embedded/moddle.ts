// Reading Zeebe BPMN with bpmn-moddle and the zeebe extension schema. The library's types describe
// plain BPMN only, so the elements we walk are typed structurally here.
import { createRequire } from 'node:module';

import BpmnModdle from 'bpmn-moddle';

// The zeebe schema is a JSON resource of the package, not a module export.
const zeebeSchema: unknown = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');

const moddleOptions = { zeebe: zeebeSchema };

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  [property: string]: unknown;
}

export interface ParsedBpmn {
  definitions: ModdleElement;
  /** Parser warnings: unknown elements, unresolved references. */
  warnings: { message: string; element?: ModdleElement }[];
}

/** A bpmn-moddle that knows the zeebe extension (one per parse: it keeps the ids it has seen). */
export function zeebeModdle(): BpmnModdle.BPMNModdle {
  return new BpmnModdle(moddleOptions);
}

export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  const moddle = zeebeModdle();
  const result = await moddle.fromXML(xml);
  return {
    definitions: result.rootElement as unknown as ModdleElement,
    warnings: result.warnings as unknown as ParsedBpmn['warnings'],
  };
}

export function children(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function child(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}

export function text(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

/** moddle's multi-line parse message as one line: what, the nested reason, and where. */
export function parseProblem(message: string): string {
  const [what = message, ...details] = message.split('\n').map((line) => line.trim());
  const detail = (name: string) => details.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
  const reason = detail('nested error');
  const line = detail('line');
  const column = detail('column');
  return `${what}${reason ? `: ${reason}` : ''}${line !== undefined && column !== undefined ? ` (line ${Number(line) + 1}, column ${Number(column) + 1})` : ''}`;
}

/** The `zeebe:*` (or other) extension elements of an element. */
export function extensions(element: ModdleElement): ModdleElement[] {
  const container = child(element, 'extensionElements');
  return container ? children(container, 'values') : [];
}

export function extension(element: ModdleElement, type: string): ModdleElement | undefined {
  return extensions(element).find((e) => e.$type === type);
}

/** `bpmn:ScriptTask` → `scriptTask`, the name modellers see in the XML. */
export function localTypeName(type: string): string {
  const local = type.slice(type.indexOf(':') + 1);
  return local.charAt(0).toLowerCase() + local.slice(1);
}

/** The body of a `bpmn:FormalExpression` property (conditions, timer values). */
export function expressionBody(element: ModdleElement, property: string): string | undefined {
  const expression = child(element, property);
  return expression ? text(expression, 'body')?.trim() : undefined;
}
