// Which roles fit a person: names the city's pack or the platform has, centre roles in the centre,
// unit roles in handling units; the roles come from the city's pack in force.
import type { Knex } from 'knex';
import { PLATFORM_ROLES, type RoleDefinition, isPlatformRole } from '@hotline/rules';
import type { Role } from '../auth/actor';
import { PackCatalog } from '../workflow/pack-catalog';
import type { UnitKind } from './organisation-file';

/**
 * Why these roles do not fit a person of this unit: a name neither the city's pack nor the platform
 * has, a centre role outside the centre, a unit role in the centre. Empty when they fit.
 */
export function rolesMisfit(roles: readonly Role[], unit: { code: string; kind: UnitKind }, packRoles: readonly RoleDefinition[]): string[] {
  return roles.flatMap((name) => {
    const role = packRoles.find((r) => r.key === name);
    if (!role) {
      if (isPlatformRole(name)) return [];
      return [`"${name}" is not a role of the city's pack (${packRoles.map((r) => r.key).join(', ')}) nor of the platform (${PLATFORM_ROLES.join(', ')})`];
    }
    if (role.scope === 'centre' && unit.kind !== 'centre') return [`${name} (${role.label}) works at the hotline centre, but unit "${unit.code}" is a ${unit.kind}`];
    if (role.scope !== 'centre' && unit.kind === 'centre') return [`${name} (${role.label}) belongs to a handling unit (scope ${role.scope}), not to the hotline centre`];
    return [];
  });
}

/** The roles a city's people may be given: its pack's in force (a new pack's as soon as it is). */
export const packRolesOf = (db: Knex, cityId: string) => new PackCatalog(db).roles(cityId);
