// Roles are pack data (city.json `roles`): the database no longer lists the role names, only their
// shape. Which names a city may give is checked on import against its pack in force.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table user_roles drop constraint user_roles_role_check;
    alter table user_roles add constraint user_roles_role_check check (role ~ '^[a-z][A-Za-z0-9]*$');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table user_roles drop constraint user_roles_role_check;
    alter table user_roles add constraint user_roles_role_check check (role in ('registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor',
                                                                               'unitHandler', 'unitLeader', 'policy', 'admin'));
  `);
}
