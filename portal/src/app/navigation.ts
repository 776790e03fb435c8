// Which views a person gets in the menu, in the order of a ticket's life: the pages their roles give
// them under the city's pack (the server says which), then the administrators' pages of the platform
// roles they hold (三员), besides the inbox everyone has. Pure: unit-tested.
import type { PlatformRole, PortalPage, RoleScope } from '@hotline/rules';

export interface NavItem {
  path: string;
  label: string;
  /**
   * The page a pack role must give, or the platform roles one of which is needed; `staff`: any role of
   * the city's pack (the knowledge base, for their duties); null = everyone signed in.
   */
  page: PortalPage | { roles: readonly PlatformRole[] } | 'staff' | null;
  /** Another application of the platform (the modeler): opened by the browser, not the portal's router. */
  external?: true;
  /** Platform roles that get the item too, besides the pack page (the city's administrator). */
  alsoRoles?: readonly PlatformRole[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: '我的待办', page: null },
  { path: '/register', label: '受理登记', page: 'register' },
  { path: '/dispatch', label: '派单', page: 'dispatch' },
  { path: '/reviews', label: '审核', page: 'reviews' },
  { path: '/return-visits', label: '回访', page: 'returnVisits' },
  { path: '/supervision', label: '督办', page: 'supervision' },
  { path: '/search', label: '工单查询', page: 'search' },
  { path: '/knowledge', label: '知识库', page: 'staff' },
  { path: '/catalogue', label: '派单目录', page: 'catalogue' },
  { path: '/catalogue-review', label: '目录审核', page: 'catalogueReview' },
  { path: '/determinations', label: '定责', page: 'determinations' },
  { path: '/assessment', label: '考核', page: 'assessment' },
  { path: '/analysis', label: '数据分析', page: 'analysis' },
  { path: '/deliveries', label: '提醒发送情况', page: 'deliveries', alsoRoles: ['admin'] },
  { path: '/role-grants', label: '授权审批', page: { roles: ['admin', 'security'] } },
  { path: '/audit', label: '审计日志', page: { roles: ['auditor', 'security'] } },
  { path: '/security', label: '安全告警', page: { roles: ['security'] } },
  { path: '/accounts', label: '账号管理', page: { roles: ['admin', 'security'] } },
  // the roles the server lets write a pack draft (packs.routes.ts WRITERS): nobody else gets a link to a tool they cannot use
  { path: '/modeler/', label: '流程与规则', page: { roles: ['policy', 'admin'] }, external: true },
];

/** Whether a menu path leaves the portal (the modeler). */
export const isExternalNav = (path: string): boolean => NAV_ITEMS.some((i) => i.path === path && i.external === true);

/** The menu of a person: the pages their pack roles give, their platform roles' pages; `scope` null: no pack role (staff items hidden). */
export function navFor(pages: readonly PortalPage[], roles: readonly string[] = [], scope: RoleScope | null = null): NavItem[] {
  return NAV_ITEMS.filter(({ page, alsoRoles }) => {
    if (page === null) return true;
    if (page === 'staff') return scope !== null;
    if (typeof page === 'string') return pages.includes(page) || (alsoRoles ?? []).some((r) => roles.includes(r));
    return page.roles.some((r) => roles.includes(r));
  });
}

/** The menu item a path belongs to (the task page belongs to none). */
export function activeNav(pathname: string): string {
  const hit = NAV_ITEMS.filter((i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)));
  if (hit.length > 0) return hit[0]!.path;
  return pathname === '/' ? '/' : '';
}

/** Centre staff work on the whole city; unit staff on their unit's tickets. */
export const isCentre = (scope: RoleScope | null): boolean => scope === 'centre';
