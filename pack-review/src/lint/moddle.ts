// A BPMN reader with the Zeebe extension, for linting outside bpmn-js (tests, the server).
// The browser app uses the modeler's own moddle instead, so bpmn-moddle is not bundled twice.
// Typed here rather than by an ambient `declare module`: the server's type-check also sees
// engine-adapters, whose bpmn-moddle 9 has other types (@types/bpmn-moddle).
import * as bpmnModdle from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { XmlReader } from './lint-process';

/** bpmn-moddle 10: a factory, called with or without `new`. */
const { BpmnModdle } = bpmnModdle as unknown as { BpmnModdle: (packages?: Record<string, unknown>) => XmlReader };

export function createBpmnReader(): XmlReader {
  return BpmnModdle({ zeebe: zeebeModdle });
}
