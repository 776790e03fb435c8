// The versions the migration tests move a ticket between, derived from fixtures/migration-watch.bpmn.
import { readFileSync } from 'node:fs';

import type { ProcessResource } from '../src/index';

const V1 = readFileSync(new URL('./fixtures/migration-watch.bpmn', import.meta.url), 'utf8');

export const version1: ProcessResource = { name: 'migration-watch.bpmn', xml: V1 };

/** The new rules: a review step (复核) after the reply. */
export const withReview: ProcessResource = {
  name: 'migration-watch.bpmn',
  xml: V1.replace(
    '<bpmn:sequenceFlow id="f-reply-end" sourceRef="reply" targetRef="replied" />',
    `<bpmn:sequenceFlow id="f-reply-review" sourceRef="reply" targetRef="review" />
    <bpmn:userTask id="review" name="复核 Review">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="hotline:review" />
        <zeebe:assignmentDefinition candidateGroups="reviewer" />
      </bpmn:extensionElements>
      <bpmn:incoming>f-reply-review</bpmn:incoming>
      <bpmn:outgoing>f-review-end</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f-review-end" sourceRef="review" targetRef="replied" />`,
  )
    .replace('<bpmn:outgoing>f-reply-end</bpmn:outgoing>', '<bpmn:outgoing>f-reply-review</bpmn:outgoing>')
    .replace('<bpmn:incoming>f-reply-end</bpmn:incoming>', '<bpmn:incoming>f-review-end</bpmn:incoming>'),
};

/** A version whose reply step is another element (`answer`): a ticket waiting in `reply` cannot move. */
export const replyRenamed: ProcessResource = {
  name: 'migration-watch.bpmn',
  xml: V1.replaceAll('"reply"', '"answer"').replace('办理答复 Handle and reply', '答复 Answer'),
};
