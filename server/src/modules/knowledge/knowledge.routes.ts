// 热线知识库's API: a unit's entries and their versions, 提交审核, the centre's 需更新 flag, the search and
// reading at registration. Browsing is for signed-in staff of the city only (Tianjin 2025 §20: used for
// their duties), every reading counted; who edits what is the service's (a unit its own entries).
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import {
  KnowledgeDraftBody,
  KnowledgeEntryDetailBody,
  KnowledgeEntryPageBody,
  KnowledgeFlagBody,
  KnowledgeHitsBody,
  KnowledgeListQuery,
  KnowledgeReadingBody,
  KnowledgeSearchBody,
  KnowledgeSettingsBody,
} from '@hotline/api-types';
import type { SubjectProcessStarter } from '../subjects/subject-kind';
import * as knowledge from './knowledge.service';

const EntryParams = StrictObject({ city: CityParams.properties.city, id: Type.String({ minLength: 1, maxLength: 64 }) });
const STAFF = { packRole: true } as const;
const tags = ['knowledge'];

export interface KnowledgeRoutesOptions {
  /**
   * Starts the 知识库条目审核 subject process on 提交审核, and the unit's 知识更新 on a flag (需更新, or an
   * entry nearing expiry); null until the subject-process foundation runs one.
   */
  reviewStarter: SubjectProcessStarter | null;
}

export async function knowledgeRoutes(app: App, options: KnowledgeRoutesOptions): Promise<void> {
  const now = async (): Promise<number> => (app.workflow ? app.workflow.now() : Date.now());

  app.get('/api/cities/:city/knowledge/settings', {
    config: { access: STAFF },
    schema: { summary: "The knowledge base's category tree, kinds and update periods under the rule version in force", tags, params: CityParams, response: { 200: KnowledgeSettingsBody, ...errorResponses } },
    handler: async (request) => knowledge.settingsOf(await knowledge.knowledgeRules(app.catalog, ownCity(request, request.params.city).cityId, await now())),
  });

  app.get('/api/cities/:city/knowledge/entries', {
    config: { access: STAFF },
    schema: {
      summary: "Knowledge entries: a unit's own, the centre's all of the city; scope=due: 待更新 (flagged by the centre or expiring), soonest due first",
      tags,
      params: CityParams,
      querystring: KnowledgeListQuery,
      response: { 200: KnowledgeEntryPageBody, ...errorResponses },
    },
    handler: async (request) => knowledge.listEntries(app.db, app.catalog, ownCity(request, request.params.city), request.query, await now(), options.reviewStarter),
  });

  app.post('/api/cities/:city/knowledge/entries', {
    config: { access: STAFF },
    schema: {
      summary: "A new entry of the caller's unit, its first version a draft; 涉密 or 个人隐私 content, a mobile or ID-card number is refused (Tianjin 2025 §20)",
      tags,
      params: CityParams,
      body: KnowledgeDraftBody,
      response: { 201: KnowledgeEntryDetailBody, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await knowledge.createEntry(app.db, app.catalog, ownCity(request, request.params.city), request.body, await now())),
  });

  app.get('/api/cities/:city/knowledge/entries/:id', {
    config: { access: STAFF },
    schema: {
      summary: 'An entry with every version (drafts only for its unit and the centre); the viewing is counted',
      tags,
      params: EntryParams,
      response: { 200: KnowledgeEntryDetailBody, ...errorResponses },
    },
    handler: async (request) => knowledge.entryDetail(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, await now()),
  });

  app.put('/api/cities/:city/knowledge/entries/:id/draft', {
    config: { access: STAFF },
    schema: {
      summary: "Saves the entry's draft (its own unit only): the open draft changes, a published entry gets a new draft version (the published one stays offered)",
      tags,
      params: EntryParams,
      body: KnowledgeDraftBody,
      response: { 200: KnowledgeEntryDetailBody, ...errorResponses },
    },
    handler: async (request) => knowledge.saveDraft(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, request.body, await now()),
  });

  app.post('/api/cities/:city/knowledge/entries/:id/submission', {
    config: { access: STAFF },
    schema: { summary: "提交审核: the draft goes to the centre's review (知识库条目审核, a pack process)", tags, params: EntryParams, response: { 200: KnowledgeEntryDetailBody, ...errorResponses } },
    handler: async (request) => knowledge.submitEntry(app.db, app.catalog, options.reviewStarter, ownCity(request, request.params.city), request.params.id, await now()),
  });

  app.post('/api/cities/:city/knowledge/entries/:id/update-request', {
    config: { access: STAFF },
    schema: {
      summary: "需更新: the centre asks the entry's unit to update it, due by the pack's period (Tianjin 2025 §17: 2 working days, 1 day for emergencies); centre roles only",
      tags,
      params: EntryParams,
      body: KnowledgeFlagBody,
      response: { 200: KnowledgeEntryDetailBody, ...errorResponses },
    },
    handler: async (request) => knowledge.flagForUpdate(app.db, app.catalog, options.reviewStarter, ownCity(request, request.params.city), request.params.id, request.body, await now()),
  });

  app.post('/api/cities/:city/knowledge/searches', {
    config: { access: STAFF },
    schema: {
      summary: '知识库检索 at registration: published entries in effect today whose title or content holds every word (each ≥ 2 characters); never a draft, expired or not yet effective',
      tags,
      params: CityParams,
      body: KnowledgeSearchBody,
      response: { 200: KnowledgeHitsBody, ...errorResponses },
    },
    handler: async (request) => ({ items: await knowledge.searchOffered(app.db, app.catalog, ownCity(request, request.params.city), request.body.q, request.body.limit ?? 10, await now()) }),
  });

  app.get('/api/cities/:city/knowledge/entries/:id/offered', {
    config: { access: STAFF },
    schema: {
      summary: 'The published version offered today, as the registrar reads it before answering from it (the reading is counted); 404 when none is in effect',
      tags,
      params: EntryParams,
      response: { 200: KnowledgeReadingBody, ...errorResponses },
    },
    handler: async (request) => knowledge.readOffered(app.db, app.catalog, ownCity(request, request.params.city), request.params.id, await now()),
  });
}
