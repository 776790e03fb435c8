import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { InputRejectedError } from '../../http/errors';
import { CityParams, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { auditActorOf } from '../auth/actor';
import { PLACE_KINDS, UNIT_KINDS, readOrganisationJson } from './organisation-file';
import { changeRoles, importOrganisation, listPlaces, listUnits, listUsers, unitSubtree } from './organisations.service';

const RoleSchema = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: "a role of the city's pack (city.json roles), or policy / admin" });
const UnitBody = StrictObject({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(UNIT_KINDS),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  placeCode: Type.Union([Type.String(), Type.Null()], { description: 'the place (区划) it governs' }),
});
const UserBody = StrictObject({
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.String({ format: 'uuid' }),
  roles: Type.Array(RoleSchema),
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
});
const PlaceBody = StrictObject({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(PLACE_KINDS),
  parent: Type.Union([Type.String(), Type.Null()], { description: 'the code of the place above it' }),
});
const PlaceRow = StrictObject({ code: Type.String(), name: Type.String(), kind: Type.String({ description: PLACE_KINDS.join(', ') }), parent: Type.Optional(Type.String()) });
const UnitRow = StrictObject({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: UNIT_KINDS.join(', ') }),
  parent: Type.Optional(Type.String()),
  place: Type.Optional(Type.String({ description: 'the code of the place (区划) it governs' })),
  contact: Type.Optional(Type.String({ description: 'its contact person (联系人) for reminders: the username of one of its staff' })),
});
const UserRow = StrictObject({
  username: Type.String(),
  name: Type.String(),
  unit: Type.String({ description: 'the code of the unit' }),
  roles: Type.Array(RoleSchema, { minItems: 1 }),
  password: Type.Optional(Type.String({ description: 'initial password; absent, one is generated and returned once' })),
  phone: Type.Optional(Type.String({ description: 'a mobile number for SMS reminders (personal data: stored, never listed)' })),
});

export async function organisationRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/units', {
    config: { access: { signedIn: true } },
    schema: {
      summary: "The city's units; handling-unit staff see their own unit and those below it",
      tags: ['organisation'],
      params: CityParams,
      response: { 200: Type.Array(UnitBody), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const units = await listUnits(app.db, actor.cityId);
      const { scope } = actor.grants;
      if (scope !== 'unit' && scope !== 'unitTree') return units;
      const mine = new Set(await unitSubtree(app.db, actor.unitId));
      return units.filter((u) => mine.has(u.id));
    },
  });

  app.get('/api/cities/:city/places', {
    config: { access: { signedIn: true } },
    schema: {
      summary: "The city's places (区划: district → street → community), each after the one above it",
      tags: ['organisation'],
      params: CityParams,
      response: { 200: StrictObject({ places: Type.Array(PlaceBody) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { places: await listPlaces(app.db, actor.cityId) };
    },
  });

  app.get('/api/cities/:city/users', {
    config: { access: { roles: ['admin'] } },
    schema: { summary: "The city's users and their roles", tags: ['organisation'], params: CityParams, response: { 200: Type.Array(UserBody), ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return (await listUsers(app.db, actor.cityId)).map(({ id: _id, lockedUntil, ...user }) => ({ ...user, lockedUntil: lockedUntil?.toISOString() ?? null }));
    },
  });

  app.post('/api/cities/:city/organisation', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary: 'Import places, units and users (the JSON form of `hotline org import`); all or nothing',
      tags: ['organisation'],
      params: CityParams,
      body: StrictObject({
        places: Type.Optional(Type.Array(PlaceRow)),
        units: Type.Optional(Type.Array(UnitRow)),
        users: Type.Optional(Type.Array(UserRow)),
      }),
      response: {
        200: StrictObject({
          placesCreated: Type.Integer(),
          placesUpdated: Type.Integer(),
          unitsCreated: Type.Integer(),
          unitsUpdated: Type.Integer(),
          usersCreated: Type.Integer(),
          usersUpdated: Type.Integer(),
          generatedPasswords: Type.Array(StrictObject({ username: Type.String(), password: Type.String() })),
          pendingGrants: Type.Array(StrictObject({ username: Type.String(), role: RoleSchema }), {
            description: 'roles that see personal data, waiting for a security administrator (三员分立): see /role-grants',
          }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const parsed = readOrganisationJson(request.body, 'body');
      if (!parsed.ok) throw new InputRejectedError('ORGANISATION_INVALID', `the organisation of ${actor.cityId}`, parsed.issues);
      return importOrganisation(app.db, actor.cityId, parsed.input, auditActorOf(actor));
    },
  });

  app.put('/api/cities/:city/users/:username/roles', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary:
        "Replace a user's roles; never one's own (403). A role that sees personal data (a pack role that may reveal callers, security, auditor) is not added but requested: it waits for a second security administrator's approval",
      tags: ['organisation'],
      params: StrictObject({ city: CityParams.properties.city, username: Type.String() }),
      body: StrictObject({ roles: Type.Array(RoleSchema, { minItems: 1 }) }),
      response: {
        200: StrictObject({ ...UserBody.properties, pendingRoles: Type.Array(RoleSchema, { description: 'asked for, waiting for approval' }) }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { id: _id, lockedUntil, ...user } = await changeRoles(app.db, actor.cityId, request.params.username, request.body.roles, auditActorOf(actor));
      return { ...user, lockedUntil: lockedUntil?.toISOString() ?? null };
    },
  });
}
