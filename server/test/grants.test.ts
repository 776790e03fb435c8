// What a person's role names grant under a pack's roles: pure, so checked without a database.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, type RoleDefinition } from '@hotline/rules';
import { grantsOf, roleLabels, widestScope } from '../src/modules/auth/actor';

const LEAD: RoleDefinition = { key: 'hotlineLead', label: '值班长', scope: 'centre', pages: ['supervision'], revealCaller: 'withTask' };

describe('grants of role names under a pack', () => {
  it('takes the widest scope and the union of the pages', () => {
    expect(widestScope(['unit', 'unitTree'])).toBe('unitTree');
    expect(widestScope(['unitTree', 'centre', 'unit'])).toBe('centre');
    expect(widestScope([])).toBeNull();
    const grants = grantsOf(['dispatcher', 'reviewer'], DEFAULT_ROLES);
    expect(grants.scope).toBe('centre');
    expect(grants.pages).toEqual(['dispatch', 'supervision', 'catalogue', 'determinations', 'search', 'reviews']);
    expect(grants.packRoles.map((r) => r.key)).toEqual(['dispatcher', 'reviewer']);
    expect(grantsOf(['unitHandler', 'unitLeader'], DEFAULT_ROLES)).toMatchObject({ scope: 'unitTree', pages: ['search', 'assessment', 'analysis'] });
  });

  it('grants nothing for platform roles, or for a name the pack does not declare (a role a new version dropped)', () => {
    expect(grantsOf(['policy', 'admin'], DEFAULT_ROLES)).toEqual({ packRoles: [], scope: null, pages: [] });
    expect(grantsOf(['hotlineLead'], DEFAULT_ROLES)).toEqual({ packRoles: [], scope: null, pages: [] });
    expect(grantsOf(['hotlineLead'], [...DEFAULT_ROLES, LEAD])).toEqual({ packRoles: [LEAD], scope: 'centre', pages: ['supervision'] });
  });

  it("names each role in the pack's words, the platform's roles in its own", () => {
    expect(roleLabels(['hotlineLead', 'admin', 'policy', 'gone'], [LEAD])).toEqual({ hotlineLead: '值班长', admin: '系统管理员', policy: '政策人员', gone: 'gone' });
  });
});
