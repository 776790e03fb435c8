// What a form file of a city pack is: `cities/<id>/forms/<form>.json` holds one task's JSON Schema
// (2020-12) with a few `x-` annotations the resolver fills from the pack, the @rjsf uiSchema, and
// the article of the regulation the form follows.
import { type ContextDefinition, contextSchema } from './handoff-context';
import type { ActionDefinition } from './task-kind';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface FormFile {
  /** JSON Schema 2020-12 with the annotations of FORM_ANNOTATIONS. */
  schema: JsonObject;
  /** @rjsf uiSchema (`ui:order`, `ui:widget`, `ui:help`, …), titles and help in zh-CN. */
  uiSchema: JsonObject;
  /** `<seed file> §<article>`, several joined with `; `. */
  source: string;
  /** Present when a field is ours, not the regulation's: what was assumed and what to confirm. */
  assumption?: string;
  note?: string;
  /** What a person may do on this task (task-kind.ts); absent: one primary action, 提交. */
  actions?: ActionDefinition[];
  /** Process variables set from the submitted form: name → FEEL over its fields (`"rating": "handlingRating"`). */
  variables?: Record<string, string>;
  /** What the person needs from earlier steps (handoff-context.ts): shown above the form. */
  context?: ContextDefinition;
}

/** A form ready for @rjsf and for validateSubmission: plain JSON Schema, no annotations left. */
export interface ResolvedForm {
  schema: JsonObject;
  uiSchema: JsonObject;
}

export const JSON_SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** The forms of the ticket process, one per user task (`formKey="hotline:<form>"`). */
export const TASK_FORMS = [
  'register', // 登记
  'classify', // 分类处理: direct answer, redirect, dispatch
  'dispatch', // 派单
  'accept', // 签收
  'returnRequest', // 申请退回
  'returnReview', // 退回审核
  'extensionRequest', // 申请延期
  'extensionReview', // 延期审核
  'reply', // 办理结果反馈 / 申请办结
  'completionReview', // 办结审核
  'returnVisit', // 回访
  'rework', // 重办
  'supervisionNote', // 督办
  'supervisionAnswer', // 督办单反馈 (the unit)
  'supervisionReview', // 督办单审核 (the centre: close, escalate, re-issue)
  'answerLater', // 稍后答复 (the centre calls back within the answer period, or hands the ticket on to dispatch)
  'extensionNotice', // 延期告知诉求人 (after an approved extension: who told the caller, when, how, what)
] as const;
/**
 * Forms of steps a city's rules may lack, so its pack may leave them out: the 履职尽责说明 and its review
 * (Tianjin 2024 §23, 2025 §24; Turpan §23 — Hangzhou's draft has none), the review of a filing of an
 * unsolvable matter (Tianjin 2015 §22 only).
 */
export const OPTIONAL_TASK_FORMS = [
  'dutyStatement', // 履职尽责说明 (the unit, after a negative rating)
  'dutyStatementReview', // 履职尽责说明审核 (the centre)
  'filingReview', // 无法解决事项备案审核 (the centre)
] as const;
export type TaskForm = (typeof TASK_FORMS)[number] | (typeof OPTIONAL_TASK_FORMS)[number];

/** A form's name: the file name without `.json`, the `<form>` of `formKey="hotline:<form>"`. */
export const FORM_NAME_RE = /^[a-z][A-Za-z0-9]*$/;
export const FORM_FILE_RE = /^forms\/([^/]+)\.json$/;

/**
 * The annotations a form file may carry; the resolver replaces every one of them.
 *
 * - `x-options: <source>` on a string schema: the choices, from the pack or the context, become
 *   `oneOf: [{ const: key, title: label }]`. `x-optionLabels: { key: label }` overrides labels.
 * - `x-showWhen: <condition>` on a property: removed from the form when the condition is false.
 * - `x-requiredWhen: <condition>` on a property: required when the condition is true.
 * - `x-trueWhen: <condition>` on a boolean property: required and must be ticked when the condition is
 *   true (a return asked after the ordinary window must be declared 疑难复杂, Tianjin 2024 §17).
 * - `x-requiredIfOption: { field, where }` on a property: required when the sibling `field` (which
 *   has `x-options`) holds an option whose pack attributes match `where` (`{ "triggersRework": true }`).
 * - `x-defaultFromOption: { field, attr }` on a property: its default is the `attr` of the option
 *   chosen in the sibling `field` (the redirect category's answer script).
 * - `x-period: <stage>` on an `{ amount, unit }` object: the unit and the largest amount the pack
 *   allows for that stage, for this ticket (extension: also the policy's count and total caps).
 *
 * A condition is an object whose keys must all hold: `ticketTypes: [...]`, `urgencies: [...]`
 * (the ticket's), `ratedTicket: true|false` (the ticket type is rated, per `rating.notRatedTypes`),
 * `reworkAvailable: true|false` (the rework stage is allowed for the ticket and not used up),
 * `policy: "<path>"` (a boolean of the rule version's `policies`, e.g. `return.requiresSuggestedUnit`),
 * `returnLate: true|false` (the unit asked to return the ticket after its ordinary return window),
 * `stageAllowed: "<stage>"` (the ticket's rule version gives the stage a period for its type and urgency).
 * `x-showWhen` may also sit on an option of a `oneOf` list (`{ "const", "title", "x-showWhen" }`): the
 * option is offered only when the condition is not false (稍后答复 only where a version has an answer stage).
 */
export const FORM_ANNOTATIONS = [
  'x-options',
  'x-optionLabels',
  'x-showWhen',
  'x-requiredWhen',
  'x-trueWhen',
  'x-requiredIfOption',
  'x-defaultFromOption',
  'x-period',
] as const;
export type FormAnnotation = (typeof FORM_ANNOTATIONS)[number];

/** Annotations that belong to a property and are read by the object that holds it. */
export const PROPERTY_ANNOTATIONS = ['x-showWhen', 'x-requiredWhen', 'x-trueWhen', 'x-requiredIfOption', 'x-defaultFromOption'] as const;

export interface FormCondition {
  ticketTypes?: string[];
  urgencies?: string[];
  ratedTicket?: boolean;
  reworkAvailable?: boolean;
  policy?: string;
  returnLate?: boolean;
  /** A stage the ticket's rule version gives a period to, for its type and urgency (Tianjin 2015's `answer`). */
  stageAllowed?: string;
}
export const CONDITION_KEYS = ['ticketTypes', 'urgencies', 'ratedTicket', 'reworkAvailable', 'policy', 'returnLate', 'stageAllowed'] as const;

/** Shape of a form file (the schema inside is checked separately, keyword by keyword). */
export const formFileSchema = {
  type: 'object',
  required: ['schema', 'uiSchema', 'source'],
  additionalProperties: false,
  properties: {
    schema: {
      type: 'object',
      required: ['type', 'title', 'properties'],
      properties: { type: { const: 'object' }, title: { type: 'string', minLength: 1 } },
    },
    uiSchema: { type: 'object' },
    source: { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' },
    assumption: { type: 'string', minLength: 1 },
    note: { type: 'string', minLength: 1 },
    actions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
          label: { type: 'string', minLength: 1 },
          primary: { type: 'boolean' },
          offeredWhen: { type: 'string', minLength: 1 },
          guards: {
            type: 'array',
            items: {
              type: 'object',
              required: ['allow', 'refusal'],
              additionalProperties: false,
              properties: { allow: { type: 'string', minLength: 1 }, refusal: { type: 'string', minLength: 1 } },
            },
          },
          set: { $ref: '#/$defs/variableMap' },
          splitInto: { type: 'string', minLength: 1 },
          source: { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' },
        },
      },
    },
    variables: { $ref: '#/$defs/variableMap' },
    context: contextSchema,
  },
  $defs: {
    variableMap: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
  },
} as const;

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
