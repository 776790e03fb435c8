import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api';
import { apiErrorText } from '../../src/i18n/api-errors';

describe('a failed API call in Chinese', () => {
  it('says what failed and why, keeping the server code and first line', () => {
    expect(apiErrorText('迁移在办工单', new ApiError(503, { code: 'NO_ENGINE', message: 'no workflow engine runs in this server' }))).toBe(
      '迁移在办工单失败：服务器没有运行流程引擎（NO_ENGINE：no workflow engine runs in this server）',
    );
    expect(apiErrorText('预览迁移', new ApiError(404, { code: 'NOT_FOUND', message: 'published pack version tianjin/9 not found\nmore' }))).toBe(
      '预览迁移失败：没有找到所请求的内容（可能已被删除，或版本尚未发布）（NOT_FOUND：published pack version tianjin/9 not found）',
    );
    expect(apiErrorText('预览迁移', new ApiError(403, { code: 'FORBIDDEN', message: 'policy only' }))).toContain('当前账号没有此权限');
    expect(apiErrorText('预览迁移', new ApiError(500, { code: 'INTERNAL', message: 'boom' }))).toContain('服务器出错');
  });

  it('names a network failure and any other error', () => {
    expect(apiErrorText('预览迁移', new TypeError('Failed to fetch'))).toBe('预览迁移失败：无法连接服务器（Failed to fetch）');
    expect(apiErrorText('预览迁移', 'oops')).toBe('预览迁移失败：oops');
  });
});
