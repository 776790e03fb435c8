import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, LocalDate, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { auditActorOf } from '../auth/actor';
import { PACK_STATUSES, type PackVersion } from './packs.repository';
import { importPack, listPackVersions, publishVersion, versionFiles } from './packs.service';

const PackVersionBody = StrictObject({
  cityId: Type.String(),
  number: Type.Integer(),
  status: Type.Enum(PACK_STATUSES),
  contentHash: Type.String(),
  source: Type.String(),
  effectiveFrom: Type.Union([LocalDate, Type.Null()]),
  createdAt: Timestamp,
  createdBy: Type.String(),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});
const PackFileBody = StrictObject({ path: Type.String({ minLength: 1 }), text: Type.String() });
const VersionParams = StrictObject({ city: CityParams.properties.city, number: Type.Integer({ minimum: 1 }) });

const view = ({ id: _id, ...version }: PackVersion) => version;

export async function packRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/pack-versions', {
    config: { access: { signedIn: true } },
    schema: { summary: "The city's pack versions, oldest first", tags: ['packs'], params: CityParams, response: { 200: Type.Array(PackVersionBody), ...errorResponses } },
    handler: async (request) => {
      ownCity(request, request.params.city);
      return (await listPackVersions(app.db, request.params.city)).map(view);
    },
  });

  app.get('/api/cities/:city/pack-versions/:number', {
    config: { access: { signedIn: true } },
    schema: {
      summary: 'One pack version with its files',
      tags: ['packs'],
      params: VersionParams,
      response: { 200: StrictObject({ version: PackVersionBody, files: Type.Array(PackFileBody) }), ...errorResponses },
    },
    handler: async (request) => {
      ownCity(request, request.params.city);
      const { version, files } = await versionFiles(app.db, request.params.city, request.params.number);
      return { version: view(version), files };
    },
  });

  app.post('/api/cities/:city/pack-versions', {
    config: { access: { roles: ['policy', 'admin'] } },
    schema: {
      summary: 'Import a pack (its folder as files); validated, stored whole or not at all',
      tags: ['packs'],
      params: CityParams,
      body: StrictObject({ files: Type.Array(PackFileBody, { minItems: 1 }) }),
      response: { 200: StrictObject({ version: PackVersionBody, created: Type.Boolean() }), 201: StrictObject({ version: PackVersionBody, created: Type.Boolean() }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const result = await importPack(app.db, request.body.files, { label: request.params.city, expectedCityId: actor.cityId, actor: auditActorOf(actor) });
      return reply.status(result.created ? 201 : 200).send({ version: view(result.version), created: result.created });
    },
  });

  app.post('/api/cities/:city/pack-versions/:number/publish', {
    config: { access: { roles: ['policy', 'admin'] } },
    schema: {
      summary: 'Publish a validated version from an effective date; it can never change afterwards',
      tags: ['packs'],
      params: VersionParams,
      body: StrictObject({ effectiveFrom: LocalDate }),
      response: { 200: PackVersionBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return view(await publishVersion(app.db, request.params.city, request.params.number, request.body.effectiveFrom, auditActorOf(actor)));
    },
  });
}
