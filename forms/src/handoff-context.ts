// Hand-off context (交接信息): what the person on a task needs from earlier steps, declared per task
// kind in its form file's `context` section and resolved from the ticket's record. Pure: the server
// passes the ticket's visible fields, the completed steps (taskCompleted events) and the process
// variables; the portal renders the result as it comes, whatever the task.
// (No value import from form-file.ts, which imports contextSchema from here.)
import type { ContextItem, HandoffContext } from '@hotline/api-types';
import type { JsonObject } from './form-file';

/** The resolved context is the API's shape (GET tasks/:id `context`), defined once in api-types. */
export type { ContextItem, HandoffContext };

const isPlainObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Ticket fields a context item may show; `caller` comes masked unless the person may see it. */
export const CONTEXT_TICKET_FIELDS = ['content', 'summary', 'address', 'matter', 'place', 'caller', 'type', 'urgency', 'channel', 'unit', 'registeredAt'] as const;
export type ContextTicketField = (typeof CONTEXT_TICKET_FIELDS)[number];

export interface ContextItemDefinition {
  /** The label the person reads (zh-CN). */
  label: string;
  /** A field of the ticket. */
  ticket?: ContextTicketField;
  /** The latest completed step of this form (or of any of these forms) that holds `field`. */
  form?: string | string[];
  field?: string;
  /** A process variable. */
  variable?: string;
  /** Every completed step, each with its fields: the whole record (督办). */
  record?: true;
}

export interface ContextDefinition {
  /** The card's title; default 前序环节信息. */
  title?: string;
  items: ContextItemDefinition[];
  source?: string;
  assumption?: string;
}

export const DEFAULT_CONTEXT_TITLE = '前序环节信息';

export const contextSchema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1 },
    source: { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' },
    assumption: { type: 'string', minLength: 1 },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['label'],
        additionalProperties: false,
        properties: {
          label: { type: 'string', minLength: 1 },
          ticket: { enum: [...CONTEXT_TICKET_FIELDS] },
          form: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] },
          field: { type: 'string', minLength: 1 },
          variable: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          record: { const: true },
        },
      },
    },
  },
} as const;

/** A step completed earlier on the ticket, as the timeline recorded it. */
export interface CompletedStep {
  at: string;
  actor: string | null;
  form: string | null;
  taskName: string;
  /** The action's label when it was not the form's own (申请延期 …). */
  actionLabel?: string;
  data: Record<string, unknown>;
}

export interface ContextSources {
  /** The ticket's fields as the person may see them, already in words (caller masked per revealCaller). */
  ticket: Partial<Record<ContextTicketField, string | null>>;
  /** Completed steps, oldest first. */
  steps: readonly CompletedStep[];
  variables: Record<string, unknown>;
  /** The schemas of the forms the steps used (resolved where possible), for field titles and option labels. */
  schemas: Record<string, JsonObject | undefined>;
}

/** The property schema of `field` in an object schema, its conditional branches included. */
export function fieldSchema(schema: unknown, field: string): JsonObject | undefined {
  if (!isPlainObject(schema)) return undefined;
  const props = schema.properties;
  if (isPlainObject(props) && isPlainObject(props[field])) return props[field] as JsonObject;
  for (const key of ['then', 'else']) {
    const found = fieldSchema(schema[key], field);
    if (found) return found;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) {
      for (const branch of list) {
        const found = fieldSchema(branch, field);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The field names of a form schema in its order (properties, then those its branches add). */
function fieldNames(schema: unknown, out: string[] = []): string[] {
  if (!isPlainObject(schema)) return out;
  if (isPlainObject(schema.properties)) for (const k of Object.keys(schema.properties)) if (!out.includes(k)) out.push(k);
  for (const key of ['then', 'else']) fieldNames(schema[key], out);
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[key])) for (const b of schema[key] as unknown[]) fieldNames(b, out);
  return out;
}

function optionTitle(schema: JsonObject | undefined, value: unknown): string | undefined {
  const choices = schema?.oneOf ?? (isPlainObject(schema?.items) ? (schema.items as JsonObject).oneOf : undefined);
  if (!Array.isArray(choices)) return undefined;
  const hit = choices.find((c) => isPlainObject(c) && c.const === value);
  return isPlainObject(hit) && typeof hit.title === 'string' ? hit.title : undefined;
}

/** A value in words: an option's label, 是/否, an instant as `2026-11-24 09:30`, a list joined with 、. */
export function valueInWords(value: unknown, schema?: JsonObject): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    const parts = value.map((v) => valueInWords(v, schema)).filter((v): v is string => v !== null);
    return parts.length > 0 ? parts.join('、') : null;
  }
  const title = optionTitle(schema, value);
  if (title !== undefined) return title;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    const instant = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/.exec(value);
    return instant ? `${instant[1]} ${instant[2]}` : value;
  }
  if (typeof value === 'number') return String(value);
  if (isPlainObject(value) && 'amount' in value && 'unit' in value) return `${String(value.amount)} ${String(value.unit)}`;
  return JSON.stringify(value);
}

function fieldTitle(schema: JsonObject | undefined, field: string): string {
  const s = fieldSchema(schema, field);
  return typeof s?.title === 'string' ? s.title : field;
}

/** The context a task's person reads, from its form file's `context` declaration. */
export function resolveHandoffContext(definition: ContextDefinition, sources: ContextSources): HandoffContext {
  const items = definition.items.map((item): ContextItem => {
    if (item.record) {
      return {
        label: item.label,
        value: null,
        record: sources.steps.map((step) => {
          const schema = step.form ? sources.schemas[step.form] : undefined;
          const names = [...fieldNames(schema), ...Object.keys(step.data)].filter((n, i, all) => all.indexOf(n) === i && n in step.data);
          return {
            at: step.at,
            actor: step.actor,
            title: step.actionLabel ? `${step.taskName}：${step.actionLabel}` : step.taskName,
            fields: names
              .map((name) => ({ label: name === 'note' ? '说明' : fieldTitle(schema, name), value: valueInWords(step.data[name], fieldSchema(schema, name)) }))
              .filter((f) => f.value !== null),
          };
        }),
      };
    }
    if (item.ticket) return { label: item.label, value: sources.ticket[item.ticket] ?? null };
    if (item.variable) return { label: item.label, value: valueInWords(sources.variables[item.variable]) };
    const forms = typeof item.form === 'string' ? [item.form] : (item.form ?? []);
    const field = item.field as string;
    for (let i = sources.steps.length - 1; i >= 0; i -= 1) {
      const step = sources.steps[i]!;
      if (step.form === null || !forms.includes(step.form) || !(field in step.data)) continue;
      const schema = sources.schemas[step.form];
      return {
        label: item.label,
        value: valueInWords(step.data[field], fieldSchema(schema, field)),
        from: { taskName: step.taskName, at: step.at, actor: step.actor },
      };
    }
    return { label: item.label, value: null };
  });
  return { title: definition.title ?? DEFAULT_CONTEXT_TITLE, items };
}

/**
 * Problems of a form file's `context` (its shape already checked): each item takes its value from
 * exactly one place, names forms of the pack and fields those forms have. `report(path, message)`.
 */
export function checkContext(
  definition: ContextDefinition,
  forms: Record<string, { schema: unknown } | undefined>,
  report: (path: string, message: string) => void,
): void {
  definition.items.forEach((item, i) => {
    const at = `/context/items/${i}`;
    const sources = (['ticket', 'form', 'variable', 'record'] as const).filter((k) => item[k] !== undefined);
    if (sources.length !== 1) {
      report(at, `须且只能取自一处：ticket、form（及 field）、variable 或 record 之一，现有 ${sources.length === 0 ? '无' : sources.join('、')}`);
      return;
    }
    if (item.form === undefined) {
      if (item.field !== undefined) report(`${at}/field`, '只与 form 一起使用：field 是前序环节表单中的字段');
      return;
    }
    if (item.field === undefined) {
      report(at, '取自前序环节表单（form）时须写明字段（field）');
      return;
    }
    const names = typeof item.form === 'string' ? [item.form] : item.form;
    names.forEach((name, j) => {
      const where = typeof item.form === 'string' ? `${at}/form` : `${at}/form/${j}`;
      const form = forms[name];
      if (!form) {
        report(where, `"${name}" 不是本城市包的表单（forms/${name}.json 不存在）`);
        return;
      }
      if (!fieldSchema(form.schema, item.field as string)) {
        report(`${at}/field`, `"${item.field}" 不是表单 forms/${name}.json 的字段（字段：${fieldNames(form.schema).join('、')}）`);
      }
    });
  });
}
