// The dispatch catalogue's API (issue 15 contract §3b): versions and their entries, xlsx import and export,
// the draft → review → published flow, the proposal for a matter and place, the figures, and
// responsibility determinations.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import type { Grant } from '../../http/access';
import { ownCity } from '../../http/access';
import { CityParams, LocalDate, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { CatalogueEntryBody, DeterminationBody, EntryViewBody, ProposalBody, VersionBody } from '@hotline/api-types';
import { refusedAtField } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { placeFilter } from '../tickets/ticket-subject';
import { recordDownload } from '../audit/audit.repository';
import { auditActorOf } from '../auth/actor';
import { figuresOf } from './catalogue-figures';
import { XLSX_TYPE } from './catalogue-xlsx';
import * as catalogue from './catalogue.service';
import { decideDetermination, listDeterminations, requestDetermination } from './determinations.service';

const Code = Type.String({ minLength: 1, maxLength: 64 });
/** A unit code field; the title names it in a refusal (http/request-problems). */
const UnitCode = (title: string) => Type.String({ minLength: 1, maxLength: 64, title });

const Revision = Type.Optional(Type.Integer({ minimum: 0, title: '草稿修订号' }));

const VersionParams = StrictObject({ city: CityParams.properties.city, id: Type.Integer({ minimum: 1 }) });

const READ: { anyOf: Grant[] } = { anyOf: [{ page: 'catalogue' }, { page: 'catalogueReview' }] };
const EDIT: Grant = { page: 'catalogue' };
const REVIEW: Grant = { page: 'catalogueReview' };

export async function catalogueRoutes(app: App): Promise<void> {
  // an imported catalogue arrives as the xlsx file's bytes
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  const tags = ['catalogue'];

  app.get('/api/cities/:city/catalogue', {
    config: { access: READ },
    schema: {
      summary: 'The dispatch catalogue (派单目录): the published version, the draft and the version in review',
      tags,
      params: CityParams,
      response: { 200: StrictObject({ published: Nullable(VersionBody), draft: Nullable(VersionBody), inReview: Nullable(VersionBody) }), ...errorResponses },
    },
    handler: async (request) => catalogue.overview(app.db, ownCity(request, request.params.city).cityId),
  });

  app.get('/api/cities/:city/catalogue/versions/:id', {
    config: { access: READ },
    schema: { summary: 'A catalogue version with its entries', tags, params: VersionParams, response: { 200: StrictObject({ version: VersionBody, entries: Type.Array(EntryViewBody) }), ...errorResponses } },
    handler: async (request) => catalogue.versionWithEntries(app.db, app.catalog, ownCity(request, request.params.city).cityId, request.params.id),
  });

  app.post('/api/cities/:city/catalogue/drafts', {
    config: { access: EDIT },
    schema: { summary: 'Starts a draft, a copy of the published version (409 while a draft or a version in review exists)', tags, params: CityParams, response: { 201: VersionBody, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await catalogue.createDraft(app.db, ownCity(request, request.params.city))),
  });

  app.put('/api/cities/:city/catalogue/versions/:id/entries', {
    config: { access: EDIT },
    schema: {
      summary: "Replaces a draft's entries; refused whole (422, every issue with its row and column) when any is wrong",
      tags,
      params: VersionParams,
      body: StrictObject({ entries: Type.Array(CatalogueEntryBody, { maxItems: 20_000, title: '条目' }), revision: Revision }),
      response: { 200: VersionBody, ...errorResponses },
    },
    handler: async (request) =>
      catalogue.replaceEntries(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, request.body.entries, request.body.revision),
  });

  app.post('/api/cities/:city/catalogue/versions/:id/entries', {
    config: { access: EDIT },
    schema: { summary: 'Appends one entry to a draft', tags, params: VersionParams, body: CatalogueEntryBody, response: { 201: EntryViewBody, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await catalogue.appendEntry(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, request.body)),
  });

  app.post('/api/cities/:city/catalogue/versions/:id/import', {
    config: { access: EDIT },
    schema: {
      summary: `Replaces a draft's entries with an xlsx file (body: the file, content-type ${XLSX_TYPE}); refused whole with every issue (row = spreadsheet row, column = letter and header)`,
      tags,
      params: VersionParams,
      querystring: StrictObject({ revision: Revision }),
      response: { 200: VersionBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      if (!Buffer.isBuffer(request.body)) throw catalogue.catalogueRejected([{ row: 1, column: '文件', messageZh: `请上传 xlsx 文件（content-type: ${XLSX_TYPE}）` }]);
      return catalogue.importWorkbook(app.db, app.catalog, actor, request.params.id, request.body, request.query.revision);
    },
  });

  app.get('/api/cities/:city/catalogue/versions/:id/export', {
    config: { access: READ },
    schema: { summary: 'A catalogue version as an xlsx file, in the columns the import reads', tags, params: VersionParams, response: { ...errorResponses } },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const bytes = await catalogue.exportWorkbook(app.db, app.catalog, actor.cityId, request.params.id);
      const name = encodeURIComponent(`派单目录-${actor.cityId}-${request.params.id}.xlsx`);
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'catalogueVersion', id: String(request.params.id), format: 'xlsx' });
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="catalogue-${actor.cityId}-${request.params.id}.xlsx"; filename*=UTF-8''${name}`)
        .send(bytes as never); // bytes, not a JSON body: no response schema for 200
    },
  });

  app.post('/api/cities/:city/catalogue/versions/:id/submit', {
    config: { access: EDIT },
    schema: { summary: 'Submits a draft for review', tags, params: VersionParams, response: { 200: VersionBody, ...errorResponses } },
    handler: async (request) => catalogue.submitVersion(app.db, ownCity(request, request.params.city), request.params.id),
  });

  app.post('/api/cities/:city/catalogue/versions/:id/review', {
    config: { access: REVIEW },
    schema: {
      summary: 'Approves (published; the previous published version is retired) or rejects (back to a draft) a version in review; never by its submitter',
      tags,
      params: VersionParams,
      body: StrictObject({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')], { title: '审核结论' }), comment: Type.Optional(Type.String({ maxLength: 2000, title: '审核意见' })) }),
      response: { 200: VersionBody, ...errorResponses },
    },
    handler: async (request) => catalogue.reviewVersion(app.db, ownCity(request, request.params.city), request.params.id, request.body),
  });

  app.get('/api/cities/:city/catalogue/proposal', {
    config: { access: { anyOf: [...READ.anyOf, { page: 'dispatch' }] } },
    schema: {
      summary: 'What the published catalogue proposes today for a matter in a place',
      tags,
      params: CityParams,
      querystring: StrictObject({ matter: Type.Optional(Code), place: Type.Optional(Code) }),
      response: { 200: ProposalBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return catalogue.proposalFor(app.db, app.catalog, actor.cityId, { matter: request.query.matter ?? null, place: request.query.place ?? null, at: chinaToday() });
    },
  });

  app.get('/api/cities/:city/catalogue/figures', {
    config: { access: READ },
    schema: {
      summary: 'Hit rate, override rate, dispatches without an entry, and the matters most often overridden or returned, for a period of days',
      tags,
      params: CityParams,
      querystring: StrictObject({
        from: LocalDate,
        to: LocalDate,
        place: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only the dispatches of tickets in that place and everything under it' })),
      }),
      response: {
        200: StrictObject({
          dispatches: Type.Integer(),
          followed: Type.Integer(),
          overridden: Type.Integer(),
          noEntry: Type.Integer(),
          hitRate: Type.Number(),
          overrideRate: Type.Number(),
          topOverridden: Type.Array(StrictObject({ matter: Type.String(), label: Type.String(), count: Type.Integer() })),
          topReturned: Type.Array(StrictObject({ matter: Type.String(), label: Type.String(), count: Type.Integer() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { cityId } = ownCity(request, request.params.city);
      const { from, to, place } = request.query;
      if (from > to) throw refusedAtField('PERIOD_INVALID', '/to', `统计期间的结束日期 ${to} 早于开始日期 ${from}`);
      return figuresOf(app.db, app.catalog, cityId, { from, to }, place === undefined ? undefined : await placeFilter(app.db, cityId, place));
    },
  });

  app.get('/api/cities/:city/determinations', {
    config: { access: { anyOf: [{ page: 'determinations' }, ...READ.anyOf] } },
    schema: {
      summary: 'Responsibility determinations (定责), newest first',
      tags,
      params: CityParams,
      querystring: StrictObject({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided')])) }),
      response: { 200: StrictObject({ determinations: Type.Array(DeterminationBody) }), ...errorResponses },
    },
    handler: async (request) => ({ determinations: await listDeterminations(app.db, app.catalog, ownCity(request, request.params.city).cityId, request.query.status) }),
  });

  app.post('/api/cities/:city/determinations', {
    config: { access: { anyOf: [{ page: 'dispatch' }, { page: 'determinations' }] } },
    schema: {
      summary: "Sends a ticket whose dispatch task has no catalogue proposal (disputed, or no entry) to a determination: field (市级行业主管部门) or joint (会同研究)",
      tags,
      params: CityParams,
      body: StrictObject({
        ticketId: Type.String({ minLength: 1, maxLength: 64, title: '工单编号', description: 'the ticket number' }),
        kind: Type.Union([Type.Literal('field'), Type.Literal('joint')], { title: '定责方式' }),
        note: Type.String({ minLength: 1, maxLength: 2000, title: '说明' }),
      }),
      response: { 201: DeterminationBody, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await requestDetermination(app.db, app.catalog, ownCity(request, request.params.city), request.body)),
  });

  app.post('/api/cities/:city/determinations/:id/decision', {
    config: { access: { page: 'determinations' } },
    schema: {
      summary: "Decides a determination: the lead and assisting units become the dispatch task's proposal; with addToCatalogue, an entry of the catalogue's draft (created if needed)",
      tags,
      params: VersionParams,
      body: StrictObject({
        leadUnit: UnitCode('主办单位'),
        assistingUnits: Type.Array(UnitCode('协办单位'), { maxItems: 50, title: '协办单位' }),
        basis: Type.String({ minLength: 1, maxLength: 2000, title: '定责依据' }),
        note: Type.Optional(Type.String({ maxLength: 2000, title: '定责说明' })),
        addToCatalogue: Type.Boolean({ title: '加入派单目录草稿' }),
        place: Type.Optional(Nullable(Type.String({ maxLength: 64, title: '适用区划', description: "the added entry's place scope: the ticket's place (default) or one above it; null = the whole city" }))),
      }),
      response: { 200: DeterminationBody, ...errorResponses },
    },
    handler: async (request) => decideDetermination(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, request.body),
  });
}
