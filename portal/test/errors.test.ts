import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf, describeError, isMissingRoute } from '../src/api/errors';

describe('error bodies', () => {
  it('reads a refused form’s field problems (details.errors), Chinese first', () => {
    const e = apiErrorOf(422, {
      error: {
        code: 'FORM_INVALID',
        message: 'the form was refused',
        details: { errors: [{ path: '/caseFiling', message: 'must match a schema in anyOf', messageZh: '立案情况：须上传立案决定书，或注明立案编号和立案日期' }] },
      },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, code: 'FORM_INVALID' });
    expect(e.fieldProblems).toEqual([{ path: '/caseFiling', message: '立案情况：须上传立案决定书，或注明立案编号和立案日期' }]);
    expect(describeError(e)).toBe('提交的内容有误，请按提示修改后重新提交。');
  });

  it('reads the older issues list (where → JSON pointer)', () => {
    const e = apiErrorOf(422, { error: { code: 'TICKET_INVALID', message: 'x', issues: [{ where: '/type', message: 'bad type' }, { where: 'forms/reply.json at /a/b', message: 'y' }] } });
    expect(e.fieldProblems).toEqual([
      { path: '/type', message: 'bad type' },
      { path: '/a/b', message: 'y' },
    ]);
  });

  it('counts a problem carried both in details.errors and in issues once (a dispatch refusal)', () => {
    const refusal = '应当由职能部门承办的诉求事项不得分派给基层。';
    const e = apiErrorOf(422, {
      error: {
        code: 'GRASSROOTS_REFUSED',
        message: refusal,
        issues: [{ where: '/unit', message: refusal, messageZh: refusal }],
        details: { errors: [{ path: '/unit', message: refusal, messageZh: refusal }] },
      },
    });
    expect(e.fieldProblems).toEqual([{ path: '/unit', message: refusal }]);
  });

  it('survives bodies that are not ours, and says what happened in Chinese', () => {
    expect(apiErrorOf(502, '<html>')).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect(describeError(apiErrorOf(404, { error: { code: 'NOT_FOUND', message: 'task x not found' } }))).toBe('未找到该记录，或它不在您的办理范围内。');
    const missing = apiErrorOf(404, { error: { code: 'NOT_FOUND', message: 'no route GET /api/cities/tianjin/tasks' } });
    expect(isMissingRoute(missing)).toBe(true);
    expect(describeError(missing)).toContain('服务器尚未提供此功能');
    expect(describeError(new TypeError('Failed to fetch'))).toBe('无法连接服务器，请检查网络后重试。');
    expect(describeError(apiErrorOf(409, { error: { code: 'TASK_TAKEN', message: '已由他人认领' } }))).toBe('操作冲突：已由他人认领');
  });
});
