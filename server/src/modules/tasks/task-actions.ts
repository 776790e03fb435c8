// What a person may do on a task, and what the process hears when they do it. The city processes
// branch on a few decision variables (acceptDecision, replyAction, classification, returnDecision, …);
// the forms say the same things in their own words (outcome, decision, handlingRating, …). This is the
// one place that says how a submitted form becomes process variables, the same for every city: the
// words are the platform's task vocabulary (form keys of TASK_FORMS), never a city's.
//
// A task's actions come from its form: the accept task may also ask to return the ticket, the handling
// task to extend it. Each action says whether the rules of the ticket's pack version allow it now and,
// when not, why (the pack's own sentence: 咨询类事项不得延期).
import { type CityRules, type RuleVersion, parseInstant } from '@hotline/rules';
import type { Variables } from '@hotline/engine-adapters';

export interface ActionContext {
  form: string | null;
  customHeaders: Record<string, string>;
  variables: Variables;
  rules: CityRules;
  version: RuleVersion;
  ticket: { type: string; urgency: string };
  /** Engine time, epoch ms. */
  now: number;
}

export interface TaskAction {
  key: string;
  label: string;
  allowed: boolean;
  reason?: string;
  /** The default action: the task's form is filled in. The others carry only an optional note. */
  primary: boolean;
  /** Merged into the process variables when this action completes the task. */
  variables: Variables;
}

/** What a non-primary action takes: an optional note, nothing else. */
export const NOTE_SCHEMA = {
  type: 'object',
  title: '说明',
  properties: { note: { type: 'string', title: '说明', minLength: 1, maxLength: 2000 } },
  additionalProperties: false,
} as const;

const allowed = (key: string, label: string, primary: boolean, variables: Variables): TaskAction => ({ key, label, allowed: true, primary, variables });
const refused = (action: TaskAction, reason: string): TaskAction => ({ ...action, allowed: false, reason });

export function taskActions(context: ActionContext): TaskAction[] {
  const { form, variables, rules, version, ticket } = context;
  switch (form) {
    case 'accept': {
      const accept = allowed('accept', '签收', true, { acceptDecision: 'accept' });
      let ret = allowed('return', '申请退回', false, { acceptDecision: 'return' });
      const designated = (variables.designatedAt !== undefined && variables.designatedAt !== null) || variables.designated === true;
      const mayReturn = variables.designatedUnitMayReturn ?? version.policies.designation.designatedUnitMayReturn;
      const window = rules.resolve(version, { stage: 'return', type: ticket.type, urgency: ticket.urgency });
      const returnDue = typeof variables.returnDue === 'string' ? parseInstant(variables.returnDue) : null;
      if (designated && mayReturn === false) ret = refused(ret, '经研究确定或指定的承办单位不得退回');
      else if (!window.allowed) ret = refused(ret, window.reason);
      else if (returnDue?.ok && context.now > returnDue.ms) ret = refused(ret, `已超过退回申请时限（${String(variables.returnDue)}），应当办理`);
      return [accept, ret];
    }
    case 'reply': {
      const reply = allowed('reply', '答复', true, { replyAction: 'reply' });
      // An assisting unit's part (multi-instance 会办) has no extension of its own.
      if (context.customHeaders.role === 'assist') return [reply];
      let extension = allowed('extension', '申请延期', false, { replyAction: 'extension' });
      const rule = rules.resolve(version, { stage: 'extension', type: ticket.type, urgency: ticket.urgency });
      const count = typeof variables.extensionCount === 'number' ? variables.extensionCount : 0;
      const max = variables.extensionMaxCount === undefined ? version.policies.extension.maxCount : (variables.extensionMaxCount as number | null);
      if (!rule.allowed) extension = refused(extension, rule.reason);
      else if (max !== null && count >= max) extension = refused(extension, `已延期 ${count} 次，延期不得超过 ${max} 次`);
      return [reply, extension];
    }
    case 'rework': {
      const actions = [allowed('complete', '提交重办结果', true, {})];
      if (!version.policies.rework.extensionAllowed) actions.push(refused(allowed('extension', '申请延期', false, {}), '重办事项不得延期'));
      return actions;
    }
    default:
      return [allowed('complete', '提交', true, {})];
  }
}

/** Names the process keeps apart from any form field: a form may not overwrite them. */
const RESERVED = new Set([
  'ticketId',
  'city',
  'packVersion',
  'ticketNumber',
  'type',
  'urgency',
  'registeredAt',
  'ruleVersion',
  'returnCount',
  'extensionCount',
  'reworkCount',
  'watchStage',
  'watchDue',
  'watchWarnings',
  'watchNextAt',
  'watchNextKind',
]);

/**
 * The process variables of a completion: the form's fields (except reserved names), the decision
 * variables the processes branch on, in their words, and the action's own variables.
 */
export function completionVariables(form: string | null, action: TaskAction, data: Record<string, unknown>): Variables {
  const out: Variables = {};
  if (!action.primary) {
    if (typeof data.note === 'string') out[`${action.key}Note`] = data.note;
    return { ...out, ...action.variables };
  }
  for (const [key, value] of Object.entries(data)) if (!RESERVED.has(key)) out[key] = value;
  switch (form) {
    case 'register':
      if (typeof data.ticketType === 'string') out.type = data.ticketType;
      if (typeof data.urgency === 'string') out.urgency = data.urgency;
      break;
    case 'classify':
      out.classification = ({ directAnswer: 'answer', redirect: 'redirect', dispatch: 'dispatch' } as Record<string, string>)[String(data.outcome)] ?? data.outcome;
      break;
    case 'dispatch':
      // 分别派单: this ticket goes to the first unit; the server registers a ticket for each other unit
      // (tickets/ticket-split.ts), so this process continues as a single-unit dispatch.
      if (data.mode === 'split') {
        const units = Array.isArray(data.units) ? data.units : [];
        return { ...out, unit: units[0] ?? null, splitUnits: units, assistingUnits: [], designated: data.designated === true, ...action.variables };
      }
      out.unit = data.unit ?? data.leadUnit ?? null;
      out.assistingUnits = Array.isArray(data.assistingUnits) ? data.assistingUnits : [];
      out.designated = data.designated === true;
      break;
    case 'returnReview':
      out.returnDecision = data.decision;
      break;
    case 'extensionReview':
      out.extensionDecision = data.decision;
      break;
    case 'completionReview':
      out.completionDecision = data.decision;
      break;
    case 'returnVisit':
      out.rating = data.handlingRating ?? null;
      break;
    case 'reply':
    case 'rework':
      if (typeof data.result === 'string') out.reply = data.result;
      break;
  }
  return { ...out, ...action.variables };
}
