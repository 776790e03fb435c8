// What a completed step decided, in words for the ticket's timeline ("派单至劝业场街道", "回访：电话，不满意",
// "申请延期"), from data only: the action's or the form's label, the labels of the choices made (the
// resolved form's options: the pack's words and the city's unit names) and the handling unit the
// completion sets (the platform variable `unit`). No task kind is named here.
import type { FormFile, JsonObject } from './form-file';
import { fieldSchema, valueInWords } from './handoff-context';

export interface DecisionInput {
  /** The task kind's form file (its title, whether it declares actions, its field order). */
  form: FormFile | undefined;
  /** The form as resolved for the ticket (options with their labels); the form file's schema will do. */
  schema: JsonObject | undefined;
  action: { key: string; label: string; primary: boolean };
  data: Record<string, unknown>;
  /** The process variables the completion sets. */
  variables: Record<string, unknown>;
}

export interface DecisionWords {
  /** What was done: the action (申请延期, 派单, 签收) or, for a form without declared actions, its title (回访). */
  verb: string;
  /** What was decided, ready to follow the verb: "至劝业场街道", "：电话，不满意", or "". */
  decided: string;
}

function choices(schema: JsonObject | undefined, order: readonly string[], data: Record<string, unknown>, skip: ReadonlySet<string>): string[] {
  const words: string[] = [];
  for (const name of order) {
    if (skip.has(name) || !(name in data)) continue;
    const s = fieldSchema(schema, name);
    const options = s?.oneOf ?? (s?.items && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as JsonObject).oneOf : undefined);
    if (!Array.isArray(options)) continue;
    const said = valueInWords(data[name], s);
    if (said !== null) words.push(said);
  }
  return words;
}

/** The label of a unit code among the schema's options (the resolved form lists the city's units). */
function optionLabel(schema: unknown, value: string): string | undefined {
  if (Array.isArray(schema)) {
    for (const s of schema) {
      const hit = optionLabel(s, value);
      if (hit) return hit;
    }
    return undefined;
  }
  if (schema === null || typeof schema !== 'object') return undefined;
  const node = schema as Record<string, unknown>;
  if (node.const === value && typeof node.title === 'string') return node.title;
  for (const v of Object.values(node)) {
    const hit = optionLabel(v, value);
    if (hit) return hit;
  }
  return undefined;
}

export function decisionWords(input: DecisionInput): DecisionWords {
  const { form, schema, action, data, variables } = input;
  const title = typeof form?.schema.title === 'string' ? form.schema.title : '';
  const verb = !action.primary || form?.actions !== undefined ? action.label : title || action.label;
  if (!action.primary) return { verb, decided: '' };
  const order = [...((form?.uiSchema['ui:order'] as string[] | undefined) ?? []).filter((n) => n !== '*'), ...Object.keys(data)].filter((n, i, all) => all.indexOf(n) === i);
  const unit = typeof variables.unit === 'string' ? variables.unit : null;
  if (unit !== null) {
    const name = optionLabel(schema, unit) ?? unit;
    const assisting = Array.isArray(variables.assistingUnits) ? variables.assistingUnits.filter((u): u is string => typeof u === 'string').map((u) => optionLabel(schema, u) ?? u) : [];
    return { verb, decided: `至${name}${assisting.length > 0 ? `（协办：${assisting.join('、')}）` : ''}` };
  }
  const said = choices(schema, order, data, new Set());
  return { verb, decided: said.length > 0 ? `：${said.join('，')}` : '' };
}
