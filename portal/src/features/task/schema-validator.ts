// @rjsf's validator without code generation: @cfworker/json-schema interprets a schema instead of
// compiling it into a function as ajv does (`new Function`, which the portal's Content-Security-Policy
// forbids). @rjsf asks it which branch of a conditional (if/then, oneOf) the data is in; the server
// checks every submission with ajv and its messages are the ones the person reads.
import { type OutputUnit, type Schema, Validator } from '@cfworker/json-schema';
import {
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
} from '@rjsf/utils';

/** Keywords that only say "something below failed": the failure below is reported on its own. */
const SUMMARY_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'allOf', 'if', 'then', 'else', '$ref', 'dependentSchemas', 'additionalProperties']);

// A schema met again (each render asks about the same branches) is not prepared again.
const prepared = new WeakMap<object, WeakMap<object, Validator>>();

/** Checks `data` against `schema`; `#/…` references inside a branch resolve in the form's root schema. */
function check(schema: RJSFSchema, data: unknown, rootSchema: RJSFSchema = schema): OutputUnit[] {
  let byRoot = prepared.get(rootSchema);
  if (!byRoot) prepared.set(rootSchema, (byRoot = new WeakMap()));
  let validator = byRoot.get(schema);
  if (!validator) {
    const withDefinitions = schema === rootSchema ? schema : { ...schema, $defs: rootSchema.$defs, definitions: rootSchema.definitions };
    validator = new Validator(withDefinitions as Schema, '2020-12', false);
    byRoot.set(schema, validator);
  }
  const result = validator.validate(data);
  return result.valid ? [] : result.errors;
}

/** `#/caller/phone` → `.caller.phone`, the property path @rjsf's errors carry. */
const propertyOf = (instanceLocation: string) =>
  instanceLocation
    .replace(/^#/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => `.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`)
    .join('');

function toRjsfErrors(units: readonly OutputUnit[]): RJSFValidationError[] {
  return units
    .filter((u) => !SUMMARY_KEYWORDS.has(u.keyword))
    .map((u) => {
      // a missing field is reported under the field, as @rjsf's own validator does
      const missing = u.keyword === 'required' ? /required property "(.+)"/.exec(u.error)?.[1] : undefined;
      const property = propertyOf(u.instanceLocation) + (missing ? `.${missing}` : '');
      return { name: u.keyword, property, message: u.error, params: {}, schemaPath: u.keywordLocation, stack: `${property || '.'} ${u.error}`.trim() };
    });
}

export const interpretingValidator: ValidatorType = {
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    try {
      return check(schema, formData, rootSchema).length === 0;
    } catch {
      return false; // a schema the interpreter cannot read matches nothing, as with @rjsf's own validator
    }
  },

  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const errors = check(schema, formData);
      return errors.length > 0 ? { errors: errors as Result[] } : {};
    } catch (e) {
      return { validationError: e instanceof Error ? e : new Error(String(e)) };
    }
  },

  validateFormData(formData: unknown, schema: RJSFSchema, customValidate?: CustomValidator, transformErrors?: ErrorTransformer, uiSchema?: UiSchema): ValidationData<unknown> {
    let errors = toRjsfErrors(check(schema, formData));
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const result: ValidationData<unknown> = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return result;
    const custom = customValidate(formData, createErrorHandler(formData), uiSchema);
    return validationDataMerge(result, unwrapErrorHandler(custom));
  },
};
