// The Camunda 8.5 compatibility rules, imported one by one so a bundler can see them (bpmnlint's
// plugin index only lists them as paths for Node's require). The unit tests check that this map
// holds exactly the rules of the plugin's `camunda-cloud-8-5` config, so an upgrade cannot drop one.
import type { LintRuleFactory } from './plugin/types';
import calledElement from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/called-element.js';
import connectorProperties from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/connector-properties/index.js';
import duplicateTaskHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-task-headers.js';
import elementType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/element-type/index.js';
import errorReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/error-reference.js';
import escalationBoundaryEventAttachedToRef from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-boundary-event-attached-to-ref.js';
import escalationReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-reference.js';
import eventBasedGatewayTarget from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/event-based-gateway-target.js';
import executableProcess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/executable-process.js';
import feel from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel.js';
import feelCompatibility from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel-compatibility.js';
import implementation from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/implementation/index.js';
import inclusiveGateway from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/inclusive-gateway.js';
import ioMapping from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/io-mapping.js';
import linkEvent from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/link-event.js';
import loopCharacteristics from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/loop-characteristics.js';
import messageReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/message-reference.js';
import noBindingType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-binding-type.js';
import noBusinessId from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-business-id.js';
import noCancelExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-cancel-execution-listener.js';
import noExecutionListenerHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listener-headers.js';
import noExecutionListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listeners.js';
import noExpression from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-expression.js';
import noJobPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-job-priority-definition.js';
import noLoop from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-loop.js';
import noMultipleNoneStartEvents from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-multiple-none-start-events.js';
import noPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-priority-definition.js';
import noTaskListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-task-listeners.js';
import noVersionTag from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-version-tag.js';
import secrets from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/secrets.js';
import sequenceFlowCondition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/sequence-flow-condition.js';
import signalReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/signal-reference.js';
import startEventForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/start-event-form.js';
import subscription from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/subscription.js';
import taskSchedule from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/task-schedule.js';
import timer from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/timer/index.js';
import userTaskDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-definition.js';
import userTaskForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-form.js';
import variableName from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/variable-name.js';
import waitForCompletion from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/wait-for-completion.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';

/** Rules of bpmnlint-plugin-camunda-compat, by name. */
export const camundaCompatRules: Record<string, LintRuleFactory> = {
  'called-element': calledElement,
  'connector-properties': connectorProperties,
  'duplicate-task-headers': duplicateTaskHeaders,
  'element-type': elementType,
  'error-reference': errorReference,
  'escalation-boundary-event-attached-to-ref': escalationBoundaryEventAttachedToRef,
  'escalation-reference': escalationReference,
  'event-based-gateway-target': eventBasedGatewayTarget,
  'executable-process': executableProcess,
  'feel': feel,
  'feel-compatibility': feelCompatibility,
  'implementation': implementation,
  'inclusive-gateway': inclusiveGateway,
  'io-mapping': ioMapping,
  'link-event': linkEvent,
  'loop-characteristics': loopCharacteristics,
  'message-reference': messageReference,
  'no-binding-type': noBindingType,
  'no-business-id': noBusinessId,
  'no-cancel-execution-listener': noCancelExecutionListener,
  'no-execution-listener-headers': noExecutionListenerHeaders,
  'no-execution-listeners': noExecutionListeners,
  'no-expression': noExpression,
  'no-job-priority-definition': noJobPriorityDefinition,
  'no-loop': noLoop,
  'no-multiple-none-start-events': noMultipleNoneStartEvents,
  'no-priority-definition': noPriorityDefinition,
  'no-task-listeners': noTaskListeners,
  'no-version-tag': noVersionTag,
  'secrets': secrets,
  'sequence-flow-condition': sequenceFlowCondition,
  'signal-reference': signalReference,
  'start-event-form': startEventForm,
  'subscription': subscription,
  'task-schedule': taskSchedule,
  'timer': timer,
  'user-task-definition': userTaskDefinition,
  'user-task-form': userTaskForm,
  'variable-name': variableName,
  'wait-for-completion': waitForCompletion,
};

/** Rules of bpmnlint itself that the compat configs use. */
export const bpmnlintCoreRules: Record<string, LintRuleFactory> = {
  'start-event-required': startEventRequired,
};
