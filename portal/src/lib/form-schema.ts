// The schema @rjsf renders, from the schema the server resolved. One change: an `anyOf`/`oneOf`
// whose alternatives only say which fields are required (Turpan's "upload the decision, or give
// the case number and date") is left out, since @rjsf would draw a pointless chooser of the
// alternatives' titles with an empty section under it. The server still checks it (the portal
// submits to the server's validation, same schema) and the field's help says the rule. Pure.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ONLY_REQUIRED = new Set(['required', 'title', 'description', '$comment']);
const isRequiredOnly = (branch: unknown): boolean => isObject(branch) && Object.keys(branch).every((k) => ONLY_REQUIRED.has(k));

export function renderableSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => renderableSchema(s)) as T;
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value) && value.length > 0 && value.every(isRequiredOnly)) continue;
    out[key] = renderableSchema(value);
  }
  return out as T;
}
