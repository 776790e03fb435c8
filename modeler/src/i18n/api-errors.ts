// A failed API call in Chinese for the person in front of the modeler: what failed and why in their
// words, with the server's own code and first line kept after it for whoever has to look further.
import { ApiError } from '../api';

const BY_STATUS: Record<number, string> = {
  400: '提交的内容不符合要求',
  401: '登录已失效，请重新登录',
  403: '当前账号没有此权限',
  404: '没有找到所请求的内容（可能已被删除，或版本尚未发布）',
  409: '与当前状态冲突，请刷新后重试',
  422: '提交的内容有误',
  503: '服务暂不可用',
};

/** Codes whose cause a person can act on, beyond what the HTTP status says. */
const BY_CODE: Record<string, string> = {
  NO_ENGINE: '服务器没有运行流程引擎',
};

/** `迁移在办工单失败：服务器没有运行流程引擎（NO_ENGINE：no workflow engine runs in this server）` */
export function apiErrorText(doing: string, error: unknown): string {
  if (error instanceof ApiError) {
    const why = BY_CODE[error.code] ?? BY_STATUS[error.status] ?? (error.status >= 500 ? '服务器出错' : '请求被拒绝');
    const detail = error.message.split('\n')[0];
    return `${doing}失败：${why}（${error.code}${detail ? `：${detail}` : ''}）`;
  }
  if (error instanceof TypeError) return `${doing}失败：无法连接服务器（${error.message}）`;
  return `${doing}失败：${error instanceof Error ? error.message : String(error)}`;
}
