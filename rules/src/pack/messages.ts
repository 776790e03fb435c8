// Turns ajv's errors into sentences a policy officer can act on, each at a JSON pointer: in English
// (the CLI, logs) and in Chinese (the modeler, the server's answers), from the same error.
import type { ErrorObject } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';

export interface PathMessage {
  path: string;
  message: string;
  /** The same in Chinese, for the people who edit the pack (the modeler names the field itself). */
  messageZh: string;
}

/** Patterns in the schema, said in words. */
const PATTERN_WORDS: Record<string, { en: string; zh: string }> = {
  '^[a-z0-9-]+\\.txt §\\d+': {
    en: 'must cite its source as "<seed file>.txt §<article>", e.g. "tianjin-implementing-rules-2025.txt §9"',
    zh: '依据须写成“<法规文件>.txt §<条>”，如“tianjin-implementing-rules-2025.txt §9”',
  },
  '^\\d{4}-\\d{2}-\\d{2}$': { en: 'must be a date written YYYY-MM-DD', zh: '须是 YYYY-MM-DD 格式的日期' },
  '^([01]\\d|2[0-3]):[0-5]\\d$': { en: 'must be a time of day written HH:MM (00:00–23:59)', zh: '须是 HH:MM 格式的时刻（00:00–23:59）' },
  '^[a-z][A-Za-z0-9]*$': { en: 'must be a key in camelCase: a lower-case letter, then letters or digits', zh: '须是驼峰式英文键：小写字母开头，其后为字母或数字' },
  '^[a-z][a-z0-9-]{1,39}$': { en: 'must be a city id: lower-case letters, digits and dashes, starting with a letter', zh: '须是城市标识：小写字母、数字和连字符，以字母开头' },
  '^[+-](0\\d|1[0-4]):[0-5]\\d$': { en: 'must be a UTC offset like +08:00', zh: '须是时区偏移，如 +08:00' },
  '^\\d{3,5}$': { en: 'must be a phone number of 3 to 5 digits, like 110', zh: '须是 3 到 5 位的电话号码，如 110' },
  '^[a-z0-9-]+\\.txt$': { en: 'must be a seed file name like tianjin-implementing-rules-2025.txt', zh: '须是法规文件名，如 tianjin-implementing-rules-2025.txt' },
};

const TYPE_ZH: Record<string, string> = { string: '文字', number: '数字', integer: '整数', boolean: '是/否', object: '对象', array: '列表', null: '空值' };

function quoted(value: unknown): string {
  return JSON.stringify(value);
}
/** A value as a Chinese sentence quotes it: “文字”, numbers and the rest as JSON. */
function quotedZh(value: unknown): string {
  return typeof value === 'string' ? `“${value}”` : value === undefined ? '空' : JSON.stringify(value);
}
const kindOf = (data: unknown): string => (data === null ? 'null' : Array.isArray(data) ? 'array' : Number.isInteger(data) ? 'integer' : typeof data);

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
      return `${PATTERN_WORDS[String(p.pattern)]?.en ?? `must match ${String(p.pattern)}`}; found ${quoted(data)}`;
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

function describeZh(error: ErrorObject, data: unknown): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return '必须填写';
    case 'additionalProperties':
      return '不是此文件中的字段（请检查拼写）';
    case 'enum':
      return `只能是 ${(p.allowedValues as unknown[]).map(quotedZh).join('、')} 之一（现为 ${quotedZh(data)}）`;
    case 'const':
      return `必须是 ${quotedZh(p.allowedValue)}（现为 ${quotedZh(data)}）`;
    case 'type':
      return `必须是${String(p.type).split(',').map((t) => TYPE_ZH[t] ?? t).join('或')}（现为${TYPE_ZH[kindOf(data)] ?? typeof data}）`;
    case 'pattern':
      return `${PATTERN_WORDS[String(p.pattern)]?.zh ?? `格式不对，须符合 ${String(p.pattern)}`}（现为 ${quotedZh(data)}）`;
    case 'format':
      return `必须是真实存在的日期（现为 ${quotedZh(data)}）`;
    case 'minimum':
      return `不能小于 ${String(p.limit)}（现为 ${quotedZh(data)}）`;
    case 'maximum':
      return `不能大于 ${String(p.limit)}（现为 ${quotedZh(data)}）`;
    case 'exclusiveMinimum':
      return `必须大于 ${String(p.limit)}（现为 ${quotedZh(data)}）`;
    case 'exclusiveMaximum':
      return `必须小于 ${String(p.limit)}（现为 ${quotedZh(data)}）`;
    case 'minLength':
      return '不能为空';
    case 'minItems':
      return `至少要有 ${String(p.limit)} 项`;
    case 'uniqueItems':
      return `第 ${Number(p.j) + 1} 项和第 ${Number(p.i) + 1} 项重复`;
    case 'oneOf':
      return '要么给出时限和起算时间，要么给出不允许的原因，不能两者都有或都没有';
    default: {
      // keywords the pack schemas rarely fail: ajv-i18n's Chinese for the keyword
      const copy = { ...error };
      localizeZh([copy]);
      return copy.message ?? `未通过 ${error.keyword} 检查`;
    }
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
    const value = pointerGet(data, error.instancePath);
    const message = describe(error, value);
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path, message, messageZh: describeZh(error, value) });
  }
  return out;
}

/** JSON.parse with a message that says line and column. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; messageZh: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    if (!pos) return { ok: false, message: `is not valid JSON: ${msg}`, messageZh: `不是有效的 JSON：${msg}` };
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const column = Number(pos[1]) - before.lastIndexOf('\n');
    const reason = msg.replace(/ in JSON at position \d+.*$/, '');
    return {
      ok: false,
      message: `is not valid JSON (line ${line}, column ${column}): ${reason}`,
      messageZh: `不是有效的 JSON（第 ${line} 行第 ${column} 列）：${reason}`,
    };
  }
}
