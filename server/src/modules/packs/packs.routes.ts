import { Type } from 'typebox';
import { type MatterTableKind, mattersFromTable, readMatterTableBytes } from '@hotline/cities';
import { MatterTaxonomy } from '@hotline/rules';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { InputRejectedError } from '../../http/errors';
import { CityParams, LocalDate, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { forbiddenCells, forbiddenTextError } from '../../http/text-input';
import { recordDownload } from '../audit/audit.repository';
import { auditActorOf } from '../auth/actor';
import { recomputeProvisionalDeadlines } from '../rollout/provisional-deadlines.service';
import { createDraft, deleteDraftFile, importDraft, publishPackVersion, readVersionFile, writeDraftFile } from './drafts.service';
import { ARCHIVE_FORMATS, ARCHIVE_TYPES, type ArchiveFormat, readArchive, writeArchive } from './pack-archive';
import { diffVersions } from './pack-diff.service';
import { PACK_STATUSES, type PackVersion } from './packs.repository';
import { importPack, listPackVersions, versionFiles } from './packs.service';
import type { PackWorkflow } from './process-deployment';

const PackVersionFields = {
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
};
export const PackVersionBody = StrictObject(PackVersionFields);
const MATTER_TABLE_TYPES: Record<string, MatterTableKind> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
};
const MatterNodeBody = Type.Cyclic(
  {
    MatterNode: StrictObject({
      code: Type.String(),
      label: Type.String(),
      functional: Type.Optional(Type.Boolean()),
      disputed: Type.Optional(Type.Boolean()),
      children: Type.Optional(Type.Array(Type.Ref('MatterNode'))),
    }),
  },
  'MatterNode',
);
const PackFileBody = StrictObject({ path: Type.String({ minLength: 1 }), text: Type.String() });
const VersionParams = StrictObject({ city: CityParams.properties.city, number: Type.Integer({ minimum: 1 }) });
const FileParams = StrictObject({
  city: CityParams.properties.city,
  number: Type.Integer({ minimum: 1 }),
  '*': Type.String({ minLength: 1, description: 'the file path inside the pack, e.g. versions/2025.json (segments URL-encoded, slashes kept)' }),
});

const Deployment = Type.Union([
  StrictObject({
    deployed: Type.Literal(true),
    engine: Type.Union([Type.Literal('zeebe'), Type.Literal('embedded')]),
    processes: Type.Array(StrictObject({ resource: Type.String(), bpmnProcessId: Type.String(), version: Type.Integer() })),
  }),
  StrictObject({ deployed: Type.Literal(false), reason: Type.String() }),
]);
export const RecomputeBody = StrictObject({
  packVersion: Type.Integer(),
  ticketsChecked: Type.Integer(),
  recomputed: Type.Array(
    StrictObject({
      ticket: Type.String(),
      stage: Type.String(),
      as: Type.String(),
      previousDue: Type.String(),
      due: Type.String(),
      provisional: Type.Boolean(),
      tasksUpdated: Type.Integer(),
      timerMoved: Type.Boolean(),
    }),
  ),
  skipped: Type.Integer(),
  timers: StrictObject({ moved: Type.Integer(), problem: Type.Union([Type.String(), Type.Null()]) }),
});
const PublishBody = StrictObject(
  {
    ...PackVersionFields,
    deployment: Deployment,
    deadlines: Type.Union([RecomputeBody, StrictObject({ error: Type.String() })]),
  },
  'the published version, what its processes became on the engine, and the provisional deadlines counted again with its calendar',
);

const Cell = Type.Union([
  StrictObject({ kind: Type.Literal('period'), amount: Type.Union([Type.Number(), Type.Null()]), unit: Type.String(), mode: Type.Optional(Type.String()), countFrom: Type.String(), source: Type.String() }),
  StrictObject({ kind: Type.Literal('notAllowed'), reason: Type.String(), source: Type.String() }),
  StrictObject({ kind: Type.Literal('none') }),
]);
const jsonChangeFields = {
  path: Type.String(),
  change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
  from: Type.Optional(Type.Unknown()),
  to: Type.Optional(Type.Unknown()),
};
const Element = { id: Type.String(), type: Type.String(), name: Type.Union([Type.String(), Type.Null()]) };
const DiffBody = StrictObject({
  from: PackVersionBody,
  to: PackVersionBody,
  files: StrictObject({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), changed: Type.Array(Type.String()) }),
  rules: StrictObject({
    deadlines: StrictObject({
      addedVersions: Type.Array(Type.String()),
      removedVersions: Type.Array(Type.String()),
      changes: Type.Array(StrictObject({ ruleVersion: Type.String(), stage: Type.String(), type: Type.String(), urgency: Type.String(), from: Cell, to: Cell })),
    }),
    changes: Type.Array(StrictObject({ file: Type.String(), ...jsonChangeFields })),
  }),
  processes: Type.Array(
    StrictObject({
      file: Type.String(),
      status: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed'), Type.Literal('unreadable')]),
      added: Type.Array(StrictObject(Element)),
      removed: Type.Array(StrictObject(Element)),
      changed: Type.Array(StrictObject({ ...Element, properties: Type.Array(Type.String()) })),
      error: Type.Optional(Type.String()),
    }),
  ),
  forms: Type.Array(
    StrictObject({ file: Type.String(), status: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]), changes: Type.Array(StrictObject(jsonChangeFields)) }),
  ),
});

export const view = ({ id: _id, ...version }: PackVersion) => version;

const WRITERS = ['policy', 'admin'] as const;
const SourceQuery = StrictObject({ source: Type.Optional(Type.String({ maxLength: 200, description: 'shown as the version source, e.g. the file or folder name' })) });
const sourceOf = (name: string | undefined) => `uploaded${name ? ` ${name}` : ''}`;

export interface PackRoutesOptions {
  /** The engine side of publishing (deploy) and of recomputed deadlines (move timers); see process-deployment.ts. */
  workflow?: PackWorkflow | undefined;
}

export async function packRoutes(app: App, options: PackRoutesOptions = {}): Promise<void> {
  const workflow = options.workflow ?? {};

  // archives arrive as raw bytes (the modeler's upload, curl --data-binary)
  app.addContentTypeParser(['application/gzip', 'application/x-gzip', 'application/zip', 'application/x-zip-compressed', 'application/x-tar', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => done(null, body));

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
    config: { access: { roles: WRITERS } },
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

  app.post('/api/cities/:city/pack-versions/:number/drafts', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: "A new draft: the next version number, holding a copy of this version's files",
      tags: ['packs'],
      params: VersionParams,
      response: { 201: PackVersionBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      return reply.status(201).send(view(await createDraft(app.db, actor.cityId, request.params.number, auditActorOf(actor))));
    },
  });

  app.get('/api/cities/:city/pack-versions/:number/files/*', {
    config: { access: { signedIn: true } },
    schema: { summary: 'One file of a pack version', tags: ['packs'], params: FileParams, response: { 200: PackFileBody, ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return readVersionFile(app.db, actor.cityId, request.params.number, request.params['*']);
    },
  });

  app.put('/api/cities/:city/pack-versions/:number/files/*', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: 'Create or replace a file of a draft (validated and published versions never change: 409 PACK_NOT_DRAFT)',
      tags: ['packs'],
      params: FileParams,
      body: StrictObject({ text: Type.String() }),
      response: { 200: PackFileBody, 201: PackFileBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const { file, created } = await writeDraftFile(app.db, actor.cityId, request.params.number, { path: request.params['*'], text: request.body.text }, auditActorOf(actor));
      return reply.status(created ? 201 : 200).send(file);
    },
  });

  app.delete('/api/cities/:city/pack-versions/:number/files/*', {
    config: { access: { roles: WRITERS } },
    schema: { summary: 'Delete a file of a draft', tags: ['packs'], params: FileParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      await deleteDraftFile(app.db, actor.cityId, request.params.number, request.params['*'], auditActorOf(actor));
      return reply.status(204).send(null);
    },
  });

  app.post('/api/cities/:city/pack-versions/:number/publish', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: 'Publish a draft (checked whole: rules, forms, processes) or a validated version from an effective date; its processes are deployed on the engine in use; it never changes afterwards',
      tags: ['packs'],
      params: VersionParams,
      body: StrictObject({ effectiveFrom: LocalDate }),
      response: { 200: PublishBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const audit = auditActorOf(actor);
      const { version, deployment } = await publishPackVersion(app.db, actor.cityId, request.params.number, request.body.effectiveFrom, audit, { deployer: workflow.deployer });
      // the calendar may hold a year open tickets counted provisionally: count them again now
      let deadlines: Awaited<ReturnType<typeof recomputeProvisionalDeadlines>> | { error: string };
      try {
        deadlines = await recomputeProvisionalDeadlines(app.db, actor.cityId, version.number, audit, workflow.timers);
      } catch (e) {
        request.log.error({ err: e }, 'recomputing provisional deadlines after a publication failed');
        deadlines = { error: `the provisional deadlines were not recomputed: ${(e as Error).message}; retry with POST /api/cities/${actor.cityId}/deadlines/recompute` };
      }
      return { ...view(version), deployment, deadlines };
    },
  });

  app.get('/api/cities/:city/pack-diff', {
    config: { access: { signedIn: true } },
    schema: {
      summary: 'What changed from one pack version to another: deadline rules as a table, other JSON paths, process elements, forms',
      tags: ['packs'],
      params: CityParams,
      querystring: StrictObject({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      response: { 200: DiffBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { from, to, diff } = await diffVersions(app.db, actor.cityId, request.query.from, request.query.to);
      return { from: view(from), to: view(to), ...diff };
    },
  });

  app.get('/api/cities/:city/pack-versions/:number/archive', {
    config: { access: { signedIn: true } },
    schema: {
      summary: 'The version as one archive of its folder `<city>/…` (.tar.gz or .zip), to keep, share or import elsewhere',
      tags: ['packs'],
      params: VersionParams,
      querystring: StrictObject({ format: Type.Optional(Type.Enum(ARCHIVE_FORMATS, { default: 'tar.gz' })) }),
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const format: ArchiveFormat = request.query.format ?? 'tar.gz';
      const { version, files } = await versionFiles(app.db, actor.cityId, request.params.number);
      const body = writeArchive(format, actor.cityId, files, Date.parse(version.publishedAt ?? version.createdAt));
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'packVersion', id: `${actor.cityId}/${version.number}`, format });
      return reply
        .header('content-type', ARCHIVE_TYPES[format])
        .header('content-disposition', `attachment; filename="${actor.cityId}-v${version.number}.${format}"`)
        .send(body as never); // bytes, not a JSON body: no response schema for 200
    },
  });

  app.post('/api/cities/:city/pack-drafts', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: "A new draft from an uploaded pack folder (its files as text); not validated yet: publishing checks it",
      tags: ['packs'],
      params: CityParams,
      querystring: SourceQuery,
      body: StrictObject({ files: Type.Array(PackFileBody, { minItems: 1, maxItems: 2_000 }) }),
      response: { 201: PackVersionBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      return reply.status(201).send(view(await importDraft(app.db, actor.cityId, request.body.files, sourceOf(request.query.source), auditActorOf(actor))));
    },
  });

  app.post('/api/cities/:city/pack-drafts/archive', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: 'A new draft from an uploaded .tar.gz or .zip of the pack folder, sent as the raw body (Content-Type application/gzip or application/zip)',
      tags: ['packs'],
      params: CityParams,
      querystring: SourceQuery,
      consumes: ['application/gzip', 'application/zip', 'application/octet-stream'],
      response: { 201: PackVersionBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      if (!Buffer.isBuffer(request.body)) {
        throw new InputRejectedError('PACK_ARCHIVE_INVALID', 'the pack archive', [{ where: 'body', message: 'send the archive itself as the body, with Content-Type application/gzip or application/zip' }]);
      }
      const files = readArchive(request.body);
      return reply.status(201).send(view(await importDraft(app.db, actor.cityId, files, sourceOf(request.query.source), auditActorOf(actor))));
    },
  });

  // A matter taxonomy table (诉求事项分类, the provincial standards' shape) read for the modeler, which
  // puts the classes into the draft's matters.json like any other edit: nothing is stored here.
  app.addContentTypeParser(Object.keys(MATTER_TABLE_TYPES), { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/api/cities/:city/matter-table', {
    config: { access: { roles: WRITERS } },
    schema: {
      summary: 'The classes of a matter taxonomy table (xlsx, or CSV in UTF-8) sent as the raw body; 422 names the row and column of every bad cell',
      tags: ['packs'],
      params: CityParams,
      consumes: Object.keys(MATTER_TABLE_TYPES),
      response: { 200: StrictObject({ matters: Type.Array(MatterNodeBody), classes: Type.Integer(), leaves: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => {
      ownCity(request, request.params.city);
      const kind = MATTER_TABLE_TYPES[(request.headers['content-type'] ?? '').split(';')[0]!.trim()];
      if (!Buffer.isBuffer(request.body) || kind === undefined) {
        throw new InputRejectedError('MATTER_TABLE_INVALID', 'the matter table', [{ where: 'body', message: '请上传 xlsx 或 CSV 表格', messageZh: '请上传 xlsx 或 CSV 表格' }]);
      }
      const rows = await readMatterTableBytes(request.body, kind).catch(() => null);
      if (rows === null) throw new InputRejectedError('MATTER_TABLE_INVALID', 'the matter table', [{ where: 'body', message: '无法读取该文件：请上传 xlsx 或 UTF-8 编码的 CSV 表格', messageZh: '无法读取该文件：请上传 xlsx 或 UTF-8 编码的 CSV 表格' }]);
      const forbidden = forbiddenCells(rows.map((cells, i) => ({ row: i + 1, cells })));
      if (forbidden.length > 0) throw forbiddenTextError(forbidden);
      const table = mattersFromTable(rows);
      if (!table.ok) {
        throw new InputRejectedError(
          'MATTER_TABLE_INVALID',
          'the matter table',
          table.issues.map((i) => ({ where: `第 ${i.row} 行 ${i.column}`, message: i.message, messageZh: i.message })),
        );
      }
      const taxonomy = new MatterTaxonomy(table.matters);
      return { matters: table.matters, classes: taxonomy.size, leaves: taxonomy.leaves().length };
    },
  });
}
