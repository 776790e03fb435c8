// Reading BPMN elements the way our conventions (BPMN-SUBSET.md) write them.
import type { ModdleElement } from './types';

/** Whether an element is of a BPMN type; narrows an unknown value (a reference) to an element. */
export function is(element: ModdleElement, type: string): boolean;
export function is(element: unknown, type: string): element is ModdleElement;
export function is(element: unknown, type: string): boolean {
  return typeof element === 'object' && element !== null && typeof (element as ModdleElement).$instanceOf === 'function' && (element as ModdleElement).$instanceOf(type);
}

function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export const flowElementsOf = (container: ModdleElement): ModdleElement[] => list(container, 'flowElements');
export const eventDefinitionsOf = (event: ModdleElement): ModdleElement[] => list(event, 'eventDefinitions');

export function extensionOf(element: ModdleElement, type: string): ModdleElement | undefined {
  const extensions = element.extensionElements as ModdleElement | undefined;
  return list(extensions, 'values').find((v) => is(v, type));
}

/** `zeebe:taskDefinition type`, or undefined. */
export function jobTypeOf(element: ModdleElement): string | undefined {
  const definition = extensionOf(element, 'zeebe:TaskDefinition');
  return typeof definition?.type === 'string' ? definition.type : undefined;
}

/** The value of a `zeebe:taskHeaders` header, or undefined. */
export function taskHeaderOf(element: ModdleElement, key: string): string | undefined {
  const header = list(extensionOf(element, 'zeebe:TaskHeaders'), 'values').find((h) => h.key === key);
  return typeof header?.value === 'string' ? header.value : undefined;
}

/** `“Accept the ticket” (acceptTicket)`, or the id alone for an unnamed element. */
export function describeElement(element: ModdleElement): string {
  const name = typeof element.name === 'string' ? element.name.trim() : '';
  return name ? `“${name}”（${element.id ?? '?'}）` : (element.id ?? element.$type);
}

/** The text of a FEEL or ISO expression property (`bpmn:FormalExpression` body). */
export function expressionText(expression: unknown): string | undefined {
  if (!is(expression, 'bpmn:Expression')) return undefined;
  const body = expression.body;
  return typeof body === 'string' ? body.trim() : undefined;
}
