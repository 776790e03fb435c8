// Pure translation of activated Zeebe jobs into the port's ServiceJob and UserTaskCreated.
import type { ServiceJob, UserTaskCreated, Variables } from '../port';

/** Job-worker user tasks (Zeebe 8.5) are jobs of this type; the modelled details travel as headers. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
const ZEEBE_HEADER_PREFIX = 'io.camunda.zeebe:';
const FORM_KEY_HEADER = 'io.camunda.zeebe:formKey';
const CANDIDATE_GROUPS_HEADER = 'io.camunda.zeebe:candidateGroups';

/** The fields of an activated job the adapter reads (the SDK's `Job` has these and more). */
export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Readonly<Record<string, string | number>>;
  variables: Readonly<Variables>;
  retries: number;
}

export function toServiceJob(job: ActivatedJob): ServiceJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: modelledHeaders(job.customHeaders),
    variables: { ...job.variables },
    retries: job.retries,
  };
}

export function toUserTaskCreated(job: ActivatedJob): UserTaskCreated {
  const formKey = job.customHeaders[FORM_KEY_HEADER];
  return {
    key: job.key,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processVersion: job.processDefinitionVersion,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    ...(formKey === undefined ? {} : { formKey: String(formKey) }),
    candidateGroups: parseCandidateGroups(job.customHeaders[CANDIDATE_GROUPS_HEADER]),
    customHeaders: modelledHeaders(job.customHeaders),
    variables: { ...job.variables },
  };
}

/** Only the `zeebe:taskHeaders` the modeller wrote; Zeebe's own `io.camunda.zeebe:*` headers are mapped to fields. */
function modelledHeaders(headers: Readonly<Record<string, string | number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !name.startsWith(ZEEBE_HEADER_PREFIX))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** Zeebe writes the groups as a JSON array (`["dispatcher","unit-staff"]`); accept a plain list too. */
export function parseCandidateGroups(header: string | number | undefined): string[] {
  if (header === undefined || header === '') return [];
  const text = String(header).trim();
  const groups: unknown = text.startsWith('[') ? JSON.parse(text) : text.split(',');
  return Array.isArray(groups) ? groups.map((group) => String(group).trim()).filter(Boolean) : [];
}
