import { describe, expect, it } from 'vitest';
import { activeNav, isCentre, isExternalNav, navFor } from '../src/app/navigation';
import { matchPath } from '../src/app/router';

describe('menus and routes', () => {
  it('builds the menu from the pages the pack gives, whatever the roles are called', () => {
    expect(navFor([]).map((i) => i.label)).toEqual(['我的待办']);
    expect(navFor(['register']).map((i) => i.label)).toEqual(['我的待办', '受理登记']);
    expect(navFor(['supervision', 'reviews']).map((i) => i.label)).toEqual(['我的待办', '审核', '督办']);
    expect(navFor(['supervision']).map((i) => i.path)).toEqual(['/', '/supervision']);
    expect(navFor(['returnVisits', 'dispatch']).map((i) => i.path)).toEqual(['/', '/dispatch', '/return-visits']);
    expect(navFor(['dispatch', 'catalogue', 'determinations']).map((i) => i.label)).toEqual(['我的待办', '派单', '派单目录', '定责']);
    expect(navFor(['supervision', 'catalogueReview']).map((i) => i.path)).toEqual(['/', '/supervision', '/catalogue-review']);
    // the three administrators' pages (三员): by the platform role, not by a pack page
    expect(navFor([], ['security']).map((i) => `${i.path} ${i.label}`)).toEqual(['/ 我的待办', '/role-grants 授权审批', '/audit 审计日志', '/security 安全告警', '/accounts 账号管理']);
    expect(navFor([], ['auditor']).map((i) => i.path)).toEqual(['/', '/audit']);
    expect(navFor([], ['admin']).map((i) => i.path)).toEqual(['/', '/deliveries', '/role-grants', '/accounts', '/modeler/']);
    // 提醒发送情况: the pack's page (the centre's supervisor) or the city's administrator
    expect(navFor(['supervision', 'deliveries']).map((i) => `${i.path} ${i.label}`)).toEqual(['/ 我的待办', '/supervision 督办', '/deliveries 提醒发送情况']);
    expect(navFor(['supervision'], ['auditor']).map((i) => i.path)).not.toContain('/deliveries');
    expect(navFor(['supervision'], ['admin']).map((i) => i.path)).not.toContain('/security');
    // the account administration page: the system administrator's (a platform role), not a pack page
    expect(navFor([], ['admin']).map((i) => i.path)).toContain('/accounts');
    expect(navFor(['register'], ['policy']).map((i) => i.path)).not.toContain('/accounts');
    // 知识库: any role of the city's pack (centre or unit), not the platform roles alone
    expect(navFor(['search'], [], 'unit').map((i) => `${i.path} ${i.label}`)).toEqual(['/ 我的待办', '/search 工单查询', '/knowledge 知识库']);
    expect(navFor([], ['admin'], null).map((i) => i.path)).not.toContain('/knowledge');
    expect(isCentre('unitTree')).toBe(false);
    expect(isCentre(null)).toBe(false);
    expect(isCentre('centre')).toBe(true);
  });

  it('links the modeler only for the roles that may edit a pack draft', () => {
    expect(navFor([], ['policy']).map((i) => `${i.path} ${i.label}`)).toEqual(['/ 我的待办', '/modeler/ 流程与规则']);
    for (const roles of [['security'], ['auditor'], []]) expect(navFor(['register', 'dispatch', 'supervision', 'catalogue'], roles).map((i) => i.path)).not.toContain('/modeler/');
    expect(isExternalNav('/modeler/')).toBe(true);
    expect(isExternalNav('/supervision')).toBe(false);
  });

  it('matches paths', () => {
    expect(matchPath('/tasks/:id', '/tasks/a%2Fb')).toEqual({ id: 'a/b' });
    expect(matchPath('/tasks/:id', '/tasks')).toBeNull();
    expect(activeNav('/reviews')).toBe('/reviews');
    expect(activeNav('/catalogue-review')).toBe('/catalogue-review');
    expect(activeNav('/catalogue')).toBe('/catalogue');
    expect(activeNav('/')).toBe('/');
    expect(activeNav('/tasks/1')).toBe('');
  });
});
