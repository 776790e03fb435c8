// Turns ajv's errors into sentences a policy officer can act on, each at a JSON pointer.
import type { ErrorObject } from 'ajv';

export interface PathMessage {
  path: string;
  message: string;
}

/** Patterns in the schema, said in words. */
const PATTERN_WORDS: Record<string, string> = {
  '^[a-z0-9-]+\\.txt §\\d+': 'must cite its source as "<seed file>.txt §<article>", e.g. "tianjin-implementing-rules-2025.txt §9"',
  '^\\d{4}-\\d{2}-\\d{2}$': 'must be a date written YYYY-MM-DD',
  '^([01]\\d|2[0-3]):[0-5]\\d$': 'must be a time of day written HH:MM (00:00–23:59)',
  '^[a-z][A-Za-z0-9]*$': 'must be a key in camelCase: a lower-case letter, then letters or digits',
  '^[a-z][a-z0-9-]{1,39}$': 'must be a city id: lower-case letters, digits and dashes, starting with a letter',
  '^[+-](0\\d|1[0-4]):[0-5]\\d$': 'must be a UTC offset like +08:00',
  '^\\d{3,5}$': 'must be a phone number of 3 to 5 digits, like 110',
  '^[a-z0-9-]+\\.txt$': 'must be a seed file name like tianjin-implementing-rules-2025.txt',
};

function quoted(value: unknown): string {
  return JSON.stringify(value);
}

function describe(error: ErrorObject, data: unknown): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is missing (required)';
    case 'additionalProperties':
      return 'is not a field this file knows (check the spelling)';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(quoted).join(', ')}; found ${quoted(data)}`;
    case 'const':
      return `must be ${quoted(p.allowedValue)}; found ${quoted(data)}`;
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}; found ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`;
    case 'pattern':
      return `${PATTERN_WORDS[String(p.pattern)] ?? `must match ${String(p.pattern)}`}; found ${quoted(data)}`;
    case 'format':
      return `must be a real calendar date; found ${quoted(data)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}; found ${quoted(data)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}; found ${quoted(data)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}; found ${quoted(data)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}; found ${quoted(data)}`;
    case 'minLength':
      return 'must not be empty';
    case 'minItems':
      return `must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return `lists the same value twice (items ${String(p.j)} and ${String(p.i)})`;
    case 'oneOf':
      return 'must give either a period with countFrom, or notAllowed with the reason, and not both';
    default:
      return error.message ?? `fails the ${error.keyword} check`;
  }
}

function pointerGet(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * One message per place. ajv reports a failed `oneOf` together with every branch's complaints and
 * an `if`/`then` with its own wrapper; only the error that explains the problem is kept.
 */
export function ajvToMessages(errors: readonly ErrorObject[], data: unknown): PathMessage[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const out: PathMessage[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'not') continue;
    const insideOneOf = oneOfs.some(
      (o) => o !== error && error.schemaPath.startsWith(`${o.schemaPath}/`) && error.instancePath === o.instancePath,
    );
    if (insideOneOf) continue;
    const p = error.params as Record<string, unknown>;
    let path = error.instancePath;
    if (error.keyword === 'required') path += `/${String(p.missingProperty)}`;
    if (error.keyword === 'additionalProperties') path += `/${String(p.additionalProperty)}`;
    const message = describe(error, pointerGet(data, error.instancePath));
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path, message });
  }
  return out;
}

/** JSON.parse with a message that says line and column. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    if (!pos) return { ok: false, message: `is not valid JSON: ${msg}` };
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const column = Number(pos[1]) - before.lastIndexOf('\n');
    return { ok: false, message: `is not valid JSON (line ${line}, column ${column}): ${msg.replace(/ in JSON at position \d+.*$/, '')}` };
  }
}
