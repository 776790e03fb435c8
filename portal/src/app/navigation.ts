// Which views each role gets in the menu, in the order of a ticket's life. Pure: unit-tested.

export interface NavItem {
  path: string;
  label: string;
  /** Roles that see it; empty = everyone signed in. */
  roles: readonly string[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: '我的待办', roles: [] },
  { path: '/register', label: '受理登记', roles: ['registrar'] },
  { path: '/dispatch', label: '派单', roles: ['dispatcher'] },
  { path: '/reviews', label: '审核', roles: ['reviewer'] },
  { path: '/return-visits', label: '回访', roles: ['returnVisit'] },
  { path: '/supervision', label: '督办', roles: ['supervisor', 'dispatcher', 'reviewer'] },
];

export function navFor(roles: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.length === 0 || item.roles.some((r) => roles.includes(r)));
}

/** The menu item a path belongs to (the task page belongs to none). */
export function activeNav(pathname: string): string {
  const hit = NAV_ITEMS.filter((i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)));
  if (hit.length > 0) return hit[0]!.path;
  return pathname === '/' ? '/' : '';
}

/** Centre staff work on the whole city; unit staff on their unit's tickets. */
export const isCentre = (roles: readonly string[]): boolean =>
  roles.some((r) => ['registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor'].includes(r));
