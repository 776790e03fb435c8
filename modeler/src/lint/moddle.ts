// A BPMN reader with the Zeebe extension, for linting outside bpmn-js (tests, the server).
// The browser app uses the modeler's own moddle instead, so bpmn-moddle is not bundled twice.
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { XmlReader } from './lint-process';

export function createBpmnReader(): XmlReader {
  return BpmnModdle({ zeebe: zeebeModdle });
}
