// Text PostgreSQL cannot store, refused where it enters: a NUL byte (U+0000; `text` and `jsonb` reject it)
// or a lone surrogate (an unpaired U+D800–U+DFFF, which JSON's `\ud800` escapes let through and no UTF-8
// can hold). Left alone, either fails deep inside a write as a 500; here it is a 400 naming the field.
// One hook over every request's body, query string and route parameters, and a check for the import parsers.
import type { FastifyInstance } from 'fastify';
import { ApiError, type Issue } from './errors';

/** 含有不允许的字符: said to the person who typed or imported it. */
export const FORBIDDEN_TEXT_ZH = '含有不允许的字符（空字符或不成对的代理项）';

// a NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one
// (no `u` flag: the string is matched by UTF-16 code units)
const FORBIDDEN_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenText(text: string): boolean {
  return FORBIDDEN_CHARACTER.test(text);
}

const pointerPart = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON pointer of every string (value or key) in `value` holding a forbidden character, in document
 * order; a key's pointer is the member it names. Pure: the hook and the import parsers share it.
 */
export function forbiddenTextPointers(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return hasForbiddenText(value) ? [pointer] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => forbiddenTextPointers(item, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const at = `${pointer}/${pointerPart(key)}`;
      return hasForbiddenText(key) ? [at] : forbiddenTextPointers(item, at);
    });
  }
  return [];
}

/** The 400 for forbidden text at these places (JSON pointers, or a file's row and column). */
export function forbiddenTextError(places: readonly string[]): ApiError {
  const issues: Issue[] = places.map((where) => ({ where, message: 'contains a NUL character or an unpaired surrogate', messageZh: FORBIDDEN_TEXT_ZH }));
  return new ApiError(400, 'TEXT_NOT_ALLOWED', `${places.join('、')} ${FORBIDDEN_TEXT_ZH}`, issues);
}

/** `第 3 行 B 列` for each cell of a table (rows of cells, numbered from `firstRow`) holding a forbidden character. */
export function forbiddenCells(rows: ReadonlyArray<{ row: number; cells: readonly string[] }>): string[] {
  return rows.flatMap(({ row, cells }) => cells.flatMap((cell, i) => (hasForbiddenText(cell) ? [`第 ${row} 行 ${columnLetter(i)} 列`] : [])));
}

/** A spreadsheet's column letter: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : columnLetter(Math.floor(index / 26) - 1) + columnLetter(index % 26);
}

/** `path` or `path at /pointer` for each file of a pack (text, JSON inside) holding a forbidden character. */
export function forbiddenInFiles(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  return files.flatMap((file) => {
    if (file.text.includes('\u0000')) return [file.path];
    if (!file.path.endsWith('.json')) return hasForbiddenText(file.text) ? [file.path] : [];
    let value: unknown;
    try {
      value = JSON.parse(file.text);
    } catch {
      return []; // not JSON: the pack's own checks say so
    }
    return forbiddenTextPointers(value).map((pointer) => `${file.path} at ${pointer || '/'}`);
  });
}

const PARTS = [
  ['params', '/params'],
  ['query', '/query'],
  ['body', ''],
] as const;

/**
 * Before any route's schema or handler sees the request: a forbidden character in the route's parameters,
 * its query string or its (parsed) body is a 400 whose issues point at each field — `/data/content` in a
 * body, `/query/q` or `/params/id` elsewhere. Raw bodies (files) are the import parsers' to check.
 */
export function installTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const places = PARTS.flatMap(([part, prefix]) => forbiddenTextPointers((request as unknown as Record<string, unknown>)[part], prefix));
    if (places.length > 0) throw forbiddenTextError(places);
  });
}
