// The server's error body `{ error: { code, message, details?, issues? } }` as one error class, with
// the field problems of a refused form (422 `details.errors` or `issues`) as JSON pointers.
import type { RowIssue } from './catalogue-types';
import type { FieldProblem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldProblems: FieldProblem[];
  /** The bad cells of a refused catalogue (a row and a column each). */
  readonly rowIssues: RowIssue[];

  constructor(status: number, code: string, message: string, fieldProblems: FieldProblem[] = [], rowIssues: RowIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldProblems = fieldProblems;
    this.rowIssues = rowIssues;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/caseFiling/caseNumber`, or an issue's `where` (`/type`, `forms/reply.json at /x`). */
function pointerOf(where: string): string {
  const at = where.lastIndexOf(' at /');
  const pointer = at >= 0 ? where.slice(at + 4) : where;
  return pointer.startsWith('/') || pointer === '' ? pointer : `/${pointer}`;
}

/**
 * The field problems an error body carries, Chinese first; one per field path and message, since a
 * body may carry the same problem both in `details.errors` and in `issues`.
 */
export function fieldProblemsOf(error: Record<string, unknown>): FieldProblem[] {
  const out: FieldProblem[] = [];
  const details = error.details;
  if (isObject(details) && Array.isArray(details.errors)) {
    for (const e of details.errors) {
      if (!isObject(e)) continue;
      const message = typeof e.messageZh === 'string' ? e.messageZh : typeof e.message === 'string' ? e.message : '';
      out.push({ path: typeof e.path === 'string' ? e.path : '', message });
    }
  }
  if (Array.isArray(error.issues)) {
    for (const i of error.issues) {
      if (!isObject(i) || typeof i.where !== 'string' || typeof i.message !== 'string') continue;
      const path = pointerOf(i.where);
      // the same field's problem already read from details.errors (there with its Chinese)
      if (out.some((p) => p.path === path)) continue;
      out.push({ path, message: typeof i.messageZh === 'string' ? i.messageZh : i.message });
    }
  }
  return out;
}

/** The bad cells a refused catalogue names (`issues: [{ row, column, message|messageZh }]`), Chinese first. */
export function rowIssuesOf(issues: unknown): RowIssue[] {
  if (!Array.isArray(issues)) return [];
  return issues
    .filter((i): i is Record<string, unknown> => isObject(i) && typeof i.row === 'number')
    .map((i) => ({
      row: i.row as number,
      column: typeof i.column === 'string' ? i.column : '',
      message: typeof i.messageZh === 'string' ? i.messageZh : typeof i.message === 'string' ? i.message : '',
    }));
}

/** Builds the ApiError for a response that is not OK, whatever its body. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const error = isObject(body) && isObject(body.error) ? body.error : isObject(body) && typeof body.error === 'string' ? body : null;
  if (!error) return new ApiError(status, `HTTP_${status}`, defaultMessage(status));
  const code = typeof error.code === 'string' ? error.code : typeof error.error === 'string' ? error.error : `HTTP_${status}`;
  const text = typeof error.messageZh === 'string' && error.messageZh ? error.messageZh : error.message;
  const message = typeof text === 'string' && text ? text : defaultMessage(status);
  // the cells come in `details.issues` (the server's usual), or beside the error
  const where = [isObject(error.details) ? error.details.issues : undefined, error.issues, isObject(body) ? body.issues : undefined];
  const issues = where.map(rowIssuesOf).find((list) => list.length > 0) ?? [];
  return new ApiError(status, code, message, fieldProblemsOf(error), issues);
}

function defaultMessage(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '未找到，或不在您的权限范围内';
  if (status >= 500) return '服务器出错，请稍后重试';
  return `请求失败（${status}）`;
}

/** What to tell the person, in Chinese, for any error (network ones included). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '登录已失效，请重新登录。';
    if (error.status === 403) return `没有权限：${error.message}`;
    if (error.status === 404 && isMissingRoute(error)) return `服务器尚未提供此功能（${error.message.replace(/^no route /, '')}）。`;
    if (error.status === 404) return '未找到该记录，或它不在您的办理范围内。';
    if (error.status === 409) return `操作冲突：${error.message}`;
    if (error.status === 422 && error.rowIssues.length > 0) return `目录中有 ${error.rowIssues.length} 处错误，请按行、列提示修改。`;
    if (error.status === 422) return error.fieldProblems.length > 0 ? '提交的内容有误，请按提示修改后重新提交。' : `提交被拒绝：${error.message}`;
    if (error.status >= 500) return '服务器出错，请稍后重试。';
    return error.message;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试。';
  return error instanceof Error ? error.message : String(error);
}

/** A 404 for a route the server does not have (as opposed to a record out of reach). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.message.startsWith('no route ');
}
