// Validation of a pack's forms (`forms/<form>.json`), given the pack's files as text like
// @hotline/rules' validatePack: each file parses, has the form-file shape, uses only JSON Schema
// keywords and known annotations, resolves under every rule version and ticket to a schema ajv
// compiles, has a uiSchema that fits it; and every user task of `processes/*.bpmn` names a form
// that exists. Problems come back as PackIssues: file, JSON path, what is wrong.
import type { ErrorObject } from 'ajv';
import { ajvToMessages, type CityPack, HotlineError, type PackFile, type PackIssue, parseJson, stagesOf } from '@hotline/rules';
import { createFormsAjv, FORMATS } from './ajv';
import { userTaskForms } from './bpmn-form-keys';
import { type FormContext, policyValue } from './context';
import {
  CONDITION_KEYS,
  FORM_ANNOTATIONS,
  FORM_FILE_RE,
  FORM_NAME_RE,
  type FormFile,
  formFileSchema,
  isPlainObject,
  PROPERTY_ANNOTATIONS,
} from './form-file';
import { checkContext } from './handoff-context';
import { isOptionSource, OPTION_SOURCES } from './options';
import { FormAnnotationError, resolveForm } from './resolve';
import { feelProblem, PROTECTED_VARIABLES, templateExpressions } from './task-kind';

export interface PackFormsOptions {
  /** Shown before each file name, like validatePack's label (`cities/tianjin`). */
  label?: string;
}

/** Every keyword of JSON Schema 2020-12 (core, applicator, unevaluated, validation, meta-data, format, content). */
const KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment', '$defs',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'prefixItems', 'items', 'contains',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties',
  'type', 'const', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties',
  'minProperties', 'required', 'dependentRequired',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
]); // prettier-ignore
const ONE_SCHEMA = ['if', 'then', 'else', 'not', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'items', 'contains', 'unevaluatedItems', 'contentSchema'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];
/** Keywords whose schemas apply to the same instance as the schema holding them. */
const BRANCHES = ['if', 'then', 'else', 'not', 'allOf', 'anyOf', 'oneOf'];

/** A unit list for resolving forms that choose units: validation needs a shape, not real units. */
const SAMPLE_UNITS = [{ key: 'sampleUnit', label: '示例承办单位' }];
/** Likewise a place list, for forms that choose a place (区划). */
const SAMPLE_PLACES = [{ key: 'samplePlace', label: '示例区 › 示例街道' }];

type Node = Record<string, unknown>;
type Report = (path: string, message: string) => void;

function child(pointer: string, ...parts: Array<string | number>): string {
  return pointer + parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The pack's forms by name, parsed. Throws PACK_FORM_INVALID for a file that is not JSON. */
export function packForms(files: readonly PackFile[]): Record<string, FormFile> {
  const out: Record<string, FormFile> = {};
  for (const file of files) {
    const m = FORM_FILE_RE.exec(file.path);
    if (!m) continue;
    const parsed = parseJson(file.text);
    if (!parsed.ok) throw new HotlineError('PACK_FORM_INVALID', `${file.path} ${parsed.message}`);
    out[m[1] as string] = parsed.value as FormFile;
  }
  return out;
}

export function validatePackForms(files: readonly PackFile[], pack: CityPack, options: PackFormsOptions = {}): PackIssue[] {
  const issues: PackIssue[] = [];
  const seen = new Set<string>();
  const prefix = options.label ? `${options.label.replace(/\/$/, '')}/` : '';
  const reportIn = (file: string): Report => (path, message) => {
    const id = `${file}\u0000${path}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    issues.push({ file: prefix + file, path, message });
  };
  const ajv = createFormsAjv();
  const shape = ajv.compile(formFileSchema);
  const forms = new Set<string>();
  const parsedForms: Record<string, { schema: unknown } | undefined> = {};
  for (const file of files) {
    const name = FORM_FILE_RE.exec(file.path)?.[1];
    const parsed = name === undefined ? null : parseJson(file.text);
    if (name !== undefined && parsed?.ok && isPlainObject(parsed.value)) parsedForms[name] = parsed.value as { schema: unknown };
  }

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!file.path.startsWith('forms/') || !file.path.endsWith('.json')) continue;
    const report = reportIn(file.path);
    const name = FORM_FILE_RE.exec(file.path)?.[1];
    if (name === undefined || !FORM_NAME_RE.test(name)) {
      report('', 'is not a form file name: forms are forms/<form>.json with <form> in camelCase, e.g. forms/returnVisit.json');
      continue;
    }
    forms.add(name);
    const parsed = parseJson(file.text);
    if (!parsed.ok) {
      report('', parsed.message);
      continue;
    }
    if (!shape(parsed.value)) {
      for (const m of ajvToMessages(shape.errors ?? [], parsed.value)) report(m.path, m.message);
      continue;
    }
    const form = parsed.value as FormFile;
    const before = issues.length;
    checkSchema(form.schema, '/schema', report, pack, null);
    checkUi(form.schema, form.uiSchema, '/uiSchema', report);
    checkActions(form, report);
    if (form.context) checkContext(form.context, parsedForms, report);
    // With the schema's own words already refused, only the meta-schema's complaints add anything.
    checkResolved(form, pack, ajv, report, issues.length > before);
  }

  for (const file of files) {
    if (!/^processes\/[^/]+\.bpmn$/.test(file.path)) continue;
    const report = reportIn(file.path);
    for (const task of userTaskForms(file.text)) {
      const at = `//userTask[@id="${task.taskId}"]`;
      if (task.formKey === null) {
        report(at, `has no form (line ${task.line}): give it <zeebe:formDefinition formKey="hotline:<form>" />`);
      } else if (task.form === null) {
        report(at, `formKey "${task.formKey}" (line ${task.line}) is not of the form "hotline:<form>"`);
      } else if (!forms.has(task.form)) {
        report(at, `formKey "${task.formKey}" (line ${task.line}) names no form of this pack: forms/${task.form}.json does not exist`);
      }
    }
  }
  return issues;
}

/** A task kind's actions and variable mapping: one primary action, unique keys, FEEL that parses, no platform variable set. */
function checkActions(form: FormFile, report: Report): void {
  const expression = (at: string, text: string) => {
    const problem = feelProblem(text);
    if (problem) report(at, `${problem}：${text}`);
  };
  const mapping = (at: string, map: Record<string, string> | undefined) => {
    for (const [name, text] of Object.entries(map ?? {})) {
      if (PROTECTED_VARIABLES.has(name)) report(child(at, name), `变量 "${name}" 由平台维护，表单和操作不得设置`);
      expression(child(at, name), text);
    }
  };
  mapping('/variables', form.variables);
  if (form.actions === undefined) return;
  const primaries = form.actions.filter((a) => a.primary === true).length;
  if (primaries !== 1) report('/actions', `须有且只有一个主操作（"primary": true，填写本表单），现有 ${primaries} 个`);
  const keys = new Set<string>();
  form.actions.forEach((action, i) => {
    const at = `/actions/${i}`;
    if (keys.has(action.key)) report(`${at}/key`, `操作 "${action.key}" 重复`);
    keys.add(action.key);
    if (action.offeredWhen !== undefined) expression(`${at}/offeredWhen`, action.offeredWhen);
    action.guards?.forEach((guard, j) => {
      expression(`${at}/guards/${j}/allow`, guard.allow);
      for (const part of templateExpressions(guard.refusal)) expression(`${at}/guards/${j}/refusal`, part);
    });
    mapping(`${at}/set`, action.set);
    if (action.splitInto !== undefined) expression(`${at}/splitInto`, action.splitInto);
  });
}

/** Keywords and annotations of a form's schema, recursively. `siblings`: the properties map a property sits in. */
function checkSchema(node: unknown, pointer: string, report: Report, pack: CityPack, siblings: Node | null, branch = false): void {
  if (typeof node === 'boolean') return;
  if (!isPlainObject(node)) {
    report(pointer, 'must be a schema (an object)');
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const at = child(pointer, key);
    if (key.startsWith('x-')) {
      if (!(FORM_ANNOTATIONS as readonly string[]).includes(key)) {
        report(at, `is not a form annotation; annotations are ${FORM_ANNOTATIONS.join(', ')}`);
        continue;
      }
      const onOption = key === 'x-showWhen' && 'const' in node;
      if ((PROPERTY_ANNOTATIONS as readonly string[]).includes(key) && siblings === null && !onOption) {
        report(at, 'belongs on a property (a schema inside "properties")');
        continue;
      }
      checkAnnotation(key, value, node, pointer, report, pack, siblings);
      continue;
    }
    if (!KEYWORDS.has(key)) {
      report(at, 'is not a JSON Schema 2020-12 keyword (check the spelling) nor a form annotation (x-…)');
      continue;
    }
    if (key === 'format' && !(typeof value === 'string' && value in FORMATS)) {
      report(at, `is not a format the forms check: use one of ${Object.keys(FORMATS).join(', ')}`);
    }
    // A conditional branch is checked with the object it belongs to.
    if (key === 'properties' && isPlainObject(value) && !branch) checkRequired(node, pointer, report);
    const sameInstance = BRANCHES.includes(key);
    if (ONE_SCHEMA.includes(key)) checkSchema(value, at, report, pack, null, sameInstance);
    else if (SCHEMA_LISTS.includes(key)) {
      if (Array.isArray(value)) value.forEach((v, i) => checkSchema(v, child(at, i), report, pack, null, sameInstance));
    } else if (SCHEMA_MAPS.includes(key) && isPlainObject(value)) {
      for (const [name, v] of Object.entries(value)) checkSchema(v, child(at, name), report, pack, key === 'properties' ? value : null);
    }
  }
}

function checkAnnotation(key: string, value: unknown, node: Node, pointer: string, report: Report, pack: CityPack, siblings: Node | null): void {
  const at = child(pointer, key);
  switch (key) {
    case 'x-options':
      if (!isOptionSource(value)) report(at, `names no option source: ${JSON.stringify(value)}; sources are ${OPTION_SOURCES.join(', ')}`);
      if (value === 'matters' && pack.matters === undefined) report(at, 'chooses a matter, but the pack has no matters.json (the matter taxonomy)');
      if (node.type !== undefined && node.type !== 'string') report(child(pointer, 'type'), 'must be "string" where x-options gives the choices');
      if ('enum' in node || 'oneOf' in node || 'const' in node) report(at, 'cannot be combined with enum, const or oneOf: the options replace them');
      return;
    case 'x-optionLabels':
      if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string' && v.length > 0)) {
        report(at, 'must map option keys to labels (non-empty text)');
      }
      if (!('x-options' in node)) report(at, 'needs x-options beside it');
      return;
    case 'x-showWhen':
    case 'x-requiredWhen':
      checkCondition(value, at, report, pack);
      return;
    case 'x-trueWhen':
      checkCondition(value, at, report, pack);
      if (node.type !== 'boolean') report(child(pointer, 'type'), 'must be "boolean" where x-trueWhen asks for the box to be ticked');
      return;
    case 'x-requiredIfOption':
    case 'x-defaultFromOption': {
      const other = key === 'x-requiredIfOption' ? 'where' : 'attr';
      if (!isPlainObject(value) || typeof value.field !== 'string') {
        report(at, `must be { "field": <sibling with x-options>, "${other}": … }`);
        return;
      }
      const sibling = siblings?.[value.field];
      if (!isPlainObject(sibling) || !('x-options' in sibling)) report(child(at, 'field'), `"${value.field}" is not a sibling property with x-options`);
      if (key === 'x-requiredIfOption' && !isPlainObject(value.where)) report(child(at, 'where'), 'must be an object of option attributes, e.g. { "triggersRework": true }');
      if (key === 'x-defaultFromOption' && typeof value.attr !== 'string') report(child(at, 'attr'), 'must name an attribute of the option, e.g. "script"');
      return;
    }
    case 'x-period': {
      const stages = stagesOf(pack.city).map((s) => s.key);
      if (typeof value !== 'string' || !stages.includes(value)) report(at, `must name a stage: ${stages.join(', ')}`);
      const props = node.properties;
      if (node.type !== 'object' || !isPlainObject(props) || !isPlainObject(props.amount) || !isPlainObject(props.unit)) {
        report(at, 'belongs on an object schema with "amount" and "unit" properties');
      }
      return;
    }
  }
}

function checkCondition(value: unknown, at: string, report: Report, pack: CityPack): void {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    report(at, `must be a condition: an object with one or more of ${CONDITION_KEYS.join(', ')}`);
    return;
  }
  const types = pack.city.ticketTypes.map((t) => t.key as string);
  const urgencies = pack.city.urgencyClasses.map((u) => u.key);
  for (const [key, v] of Object.entries(value)) {
    const here = child(at, key);
    if (!(CONDITION_KEYS as readonly string[]).includes(key)) {
      report(here, `is not a condition; conditions are ${CONDITION_KEYS.join(', ')}`);
    } else if (key === 'ticketTypes' || key === 'urgencies') {
      const known = key === 'ticketTypes' ? types : urgencies;
      if (!Array.isArray(v) || v.length === 0) report(here, `must list ${key === 'ticketTypes' ? 'ticket types' : 'urgency classes'}`);
      else v.forEach((x, i) => known.includes(x as string) || report(child(here, i), `${JSON.stringify(x)} is not one of the pack's: ${known.join(', ')}`));
    } else if (key === 'ratedTicket' || key === 'reworkAvailable' || key === 'returnLate') {
      if (typeof v !== 'boolean') report(here, 'must be true or false');
    } else if (key === 'stageAllowed') {
      const stages = stagesOf(pack.city).map((s) => s.key);
      if (typeof v !== 'string' || !stages.includes(v)) report(here, `must name a stage of the pack: ${stages.join(', ')}`);
    } else if (key === 'policy') {
      for (const version of pack.versions) {
        if (typeof v !== 'string' || typeof policyValue(version, v) !== 'boolean') {
          report(here, `must name a yes/no setting of the rule version's policies, like "return.requiresSuggestedUnit"; rule version ${version.id} has ${JSON.stringify(typeof v === 'string' ? policyValue(version, v) : v)} there`);
          break;
        }
      }
    }
  }
}

/** Every name an object schema or its branches require (or test in an `if`) is one of its fields. */
function checkRequired(node: Node, pointer: string, report: Report): void {
  const fields = fieldsOf(node);
  const visit = (n: unknown, at: string) => {
    if (!isPlainObject(n)) return;
    if (Array.isArray(n.required)) {
      n.required.forEach((name, i) => {
        if (typeof name === 'string' && !fields.has(name)) report(child(at, 'required', i), `"${name}" is not a field of the form (check the spelling)`);
      });
    }
    for (const key of ['if', 'then', 'else']) visit(n[key], child(at, key));
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(n[key])) (n[key] as unknown[]).forEach((b, i) => visit(b, child(at, key, i)));
  };
  visit(node, pointer);
}

/** ajv's complaints about a schema, without the alternatives of its meta-schema's `anyOf`s after the first. */
function firstAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  return errors.filter(
    (e) =>
      e.keyword !== 'anyOf' &&
      !anyOfs.some((a) => e.instancePath === a.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`) && !e.schemaPath.startsWith(`${a.schemaPath}/0/`)),
  );
}

/** The properties of an object schema, with those its conditional branches add. */
function fieldsOf(schema: unknown): Map<string, unknown[]> {
  const fields = new Map<string, unknown[]>();
  const visit = (n: unknown) => {
    if (!isPlainObject(n)) return;
    if (isPlainObject(n.properties)) for (const [k, v] of Object.entries(n.properties)) fields.set(k, [...(fields.get(k) ?? []), v]);
    for (const key of ['then', 'else']) visit(n[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(n[key])) (n[key] as unknown[]).forEach(visit);
  };
  visit(schema);
  return fields;
}

/** A uiSchema names only fields the schema has, and a `ui:order` @rjsf will accept. */
function checkUi(schema: unknown, ui: unknown, pointer: string, report: Report): void {
  if (!isPlainObject(ui)) {
    report(pointer, 'must be an object (an @rjsf uiSchema)');
    return;
  }
  const fields = fieldsOf(schema);
  const order = ui['ui:order'];
  if (order !== undefined) {
    if (!Array.isArray(order) || !order.every((o) => typeof o === 'string')) {
      report(child(pointer, 'ui:order'), 'must list field names (and "*" for the rest)');
    } else {
      order.forEach((o, i) => o === '*' || fields.has(o) || report(child(pointer, 'ui:order', i), `"${o}" is not a field of the form`));
      const missing = [...fields.keys()].filter((f) => !order.includes(f));
      if (!order.includes('*') && missing.length > 0) {
        report(child(pointer, 'ui:order'), `leaves out ${missing.join(', ')}: list every field or end with "*" (@rjsf refuses the form otherwise)`);
      }
    }
  }
  for (const [key, value] of Object.entries(ui)) {
    if (key.startsWith('ui:')) continue;
    const at = child(pointer, key);
    if (key === 'items' && isPlainObject(schema) && isPlainObject(schema.items)) {
      checkUi(schema.items, value, at, report);
      continue;
    }
    const schemas = fields.get(key);
    if (!schemas) {
      report(at, `is not a field of the form (fields: ${[...fields.keys()].join(', ')})`);
      continue;
    }
    for (const s of schemas) {
      if (isPlainObject(s) && (s.type === 'object' || s.type === 'array')) checkUi(s, value, at, report);
    }
  }
}

/** Resolves the form as every rule version and every ticket would see it, and compiles the results. */
function checkResolved(form: FormFile, pack: CityPack, ajv: ReturnType<typeof createFormsAjv>, report: Report, quiet: boolean): void {
  const types = [undefined, ...pack.city.ticketTypes.map((t) => t.key as string)];
  const urgencies = [undefined, ...pack.city.urgencyClasses.map((u) => u.key)];
  const done = new Set<string>();
  for (const version of pack.versions) {
    for (const type of types) {
      for (const urgency of urgencies) {
        const ticket = { ...(type ? { type } : {}), ...(urgency ? { urgency } : {}) };
        const context: FormContext = {
          pack,
          versionId: version.id,
          units: SAMPLE_UNITS,
          places: SAMPLE_PLACES,
          ticket,
          ...(type && urgency ? { reworksSoFar: 0, extensionsSoFar: { count: 0 } } : {}),
        };
        let schema;
        try {
          schema = resolveForm(form, context).schema;
        } catch (e) {
          if (quiet) continue;
          if (e instanceof FormAnnotationError) report(e.pointer, e.message.slice(e.pointer.length + 2));
          else if (!(e instanceof HotlineError && e.code === 'FORM_NOT_AVAILABLE')) {
            report('/schema', `cannot be resolved under rule version ${version.id}: ${e instanceof Error ? e.message : String(e)}`);
          }
          continue;
        }
        const key = JSON.stringify(schema);
        if (done.has(key)) continue;
        done.add(key);
        const who = `rule version ${version.id}${type ? `, a ${type} ticket` : ''}${urgency ? ` (${urgency})` : ''}`;
        if (!ajv.validateSchema(schema)) {
          for (const m of ajvToMessages(firstAlternatives(ajv.errors ?? []), schema)) report(`/schema${m.path}`, `${m.message} (as resolved for ${who})`);
          continue;
        }
        if (quiet) continue;
        try {
          ajv.removeSchema(ajv.compile(schema).schema as object);
        } catch (e) {
          report('/schema', `is not a schema ajv accepts in strict mode (as resolved for ${who}): ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }
}
