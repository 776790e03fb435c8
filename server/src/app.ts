// The HTTP API: fastify with JSON Schema on every request and response, an OpenAPI document built
// from those schemas, deny-by-default access control, and one route module per feature.
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import responseValidation from '@fastify/response-validation';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import addFormats from 'ajv-formats';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { type AuthConfig, type RevealLimits, loadConfig } from './config';
import { installAccessControl } from './http/access';
import type { App } from './http/app-types';
import { installCsrfProtection } from './http/csrf';
import { installErrorHandler } from './http/error-handler';
import { contentSecurityPolicy, installSecurityHeaders, policyText } from './http/security-headers';
import { staticApps } from './http/static-apps';
import { installTextInputCheck } from './http/text-input';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { analysisRoutes } from './modules/analysis/analysis.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes';
import { knowledgeRoutes } from './modules/knowledge/knowledge.routes';
import { engineRoutes } from './modules/engine/engine.routes';
import { eventRoutes } from './modules/events/events.routes';
import { TaskEventHub } from './modules/events/task-event-hub';
import { migrationRoutes } from './modules/workflow/migration.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { searchRoutes } from './modules/search/search.routes';
import { supervisionRoutes } from './modules/supervision/supervision.routes';
import { taskRoutes } from './modules/tasks/tasks.routes';
import { PackCatalog } from './modules/workflow/pack-catalog';
import { SUBJECT_KINDS } from './modules/subjects/registered-kinds';
import type { Workflow } from './modules/workflow/workflow';
import { authRoutes } from './modules/auth/auth.routes';
import { SESSION_COOKIE, actorOfRequest } from './modules/auth/auth.service';
import type { IdentityProvider } from './modules/auth/identity-provider';
import { LocalIdentityProvider } from './modules/auth/local-identity-provider';
import { installPasswordChangeGate } from './modules/auth/password-change-gate';
import { accountRoutes } from './modules/accounts/accounts.routes';
import { healthRoutes } from './modules/health/health.routes';
import { organisationRoutes } from './modules/organisations/organisations.routes';
import { roleGrantRoutes } from './modules/organisations/role-grants.routes';
import { packRoutes } from './modules/packs/packs.routes';
import { rolloutRoutes } from './modules/rollout/rollout.routes';
import { securityRoutes } from './modules/security/security.routes';
import { ticketRoutes } from './modules/tickets/tickets.routes';
import { REPO_ROOT } from './paths';
import { publishedDemoPasswords } from './bootstrap/shipped-data';
import type { SubjectProcessStarter } from './modules/subjects/subject-kind';
import type { FactProvider } from './modules/assessment/assessment-facts';

export interface AppOptions {
  db: Knex;
  databaseDescription: string;
  auth: AuthConfig;
  /** Check responses against their schemas, not only serialise them (tests always do). */
  validateResponses: boolean;
  /** A pino logger; absent, the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** Who signs people in: local accounts unless another provider (OIDC) is given. */
  identityProvider?: IdentityProvider;
  /** The ticket lifecycle on a workflow engine (started by the caller). Without it tickets are only stored. */
  workflow?: Workflow;
  /** Reveal rate and bulk-pattern limits; absent: the configuration's defaults. */
  reveals?: RevealLimits;
  /** Where portal/dist and modeler/dist are (tests give a folder of their own); the repository by default. */
  webAppsRoot?: string;
  /** The reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy?: number | string[] | undefined;
  /** Starts subject processes (a knowledge entry's review, an assessment appeal) instead of the workflow's own (tests). */
  subjectStarter?: SubjectProcessStarter;
  /** Fact sets assessment may read beyond `tickets` (the knowledge base's `knowledgeUpdates`). */
  assessmentFacts?: readonly FactProvider[];
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Packs arrive whole in one request body. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<App> {
  // a hop count as fastify itself reads one (its types take only the function form)
  const trustProxy = typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    ...(trustProxy === undefined ? {} : { trustProxy }),
    // refuse unknown fields instead of silently dropping them
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('db', options.db);
  app.decorate('authConfig', options.auth);
  app.decorate('workflow', options.workflow ?? null);
  const catalog = options.workflow?.catalog ?? new PackCatalog(options.db);
  // modules whose subjects run through a pack process (knowledge entries, assessment appeals)
  for (const kind of SUBJECT_KINDS) options.workflow?.subjects.register(kind);
  // the engine's starter of subject processes; a test may give its own
  const subjectStarter = options.subjectStarter ?? options.workflow?.subjectProcesses ?? null;
  app.decorate('catalog', catalog);

  installErrorHandler(app);
  await installSecurityHeaders(app, { overHttps: options.auth.secureCookie }); // first: on every answer, refusals too
  installTextInputCheck(app); // NUL and lone surrogates: a 400 naming the field, before any schema
  await app.register(cookie); // before access control: the session may come in a cookie
  installCsrfProtection(app, SESSION_COOKIE);
  installAccessControl(app, (request) => actorOfRequest(options.db, catalog, request, options.auth));
  installPasswordChangeGate(app);
  // limits only the routes that ask for one (config.rateLimit): sign-in and password change
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '12345 hotline platform API', version: '0.1.0', description: 'City packs, organisations, sign-in, tickets and their tasks on the workflow engine, supervision and the audit trail.' },
      components: { securitySchemes: { session: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' } } },
    },
  });
  if (options.validateResponses) {
    await app.register(responseValidation, { ajv: { removeAdditional: false, plugins: [addFormats] } });
  }

  await app.register(healthRoutes, { databaseDescription: options.databaseDescription });
  await app.register(authRoutes, { provider: options.identityProvider ?? new LocalIdentityProvider(options.db, options.auth, publishedDemoPasswords()) });
  const packWorkflow = options.workflow?.packWorkflow();
  await app.register(packRoutes, { workflow: packWorkflow });
  await app.register(rolloutRoutes, { workflow: packWorkflow });
  await app.register(organisationRoutes);
  await app.register(roleGrantRoutes);
  await app.register(accountRoutes);
  await app.register(ticketRoutes, { reveals: options.reveals ?? loadConfig({}).reveals });
  await app.register(taskRoutes);
  await app.register(supervisionRoutes);
  await app.register(notificationRoutes);
  await app.register(searchRoutes);
  await app.register(assessmentRoutes, { starter: subjectStarter, providers: options.assessmentFacts ?? [] });
  await app.register(analysisRoutes);
  await app.register(catalogueRoutes);
  await app.register(knowledgeRoutes, { reviewStarter: subjectStarter });
  await app.register(engineRoutes);
  // live updates: one LISTEN connection per replica, the streams ended before the server closes
  const taskEvents = new TaskEventHub(options.db, options.logger ? (options.logger as Logger) : null);
  app.decorate('taskEvents', taskEvents);
  app.addHook('preClose', () => taskEvents.stop());
  await app.register(eventRoutes, { hub: taskEvents });
  await app.register(migrationRoutes);
  await app.register(auditRoutes);
  await app.register(securityRoutes);

  app.get('/api/openapi.json', {
    config: { access: { public: 'the API description holds no data' } },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
  // the portal's built files at `/` (after the API routes: /api paths never fall back to the app)
  const webApps = options.webAppsRoot ?? REPO_ROOT;
  // the modeler compiles the JSON Schemas being written with ajv (the portal only interprets its forms')
  const modelerPolicy = policyText(contentSecurityPolicy(options.auth.secureCookie, { evalForSchemas: true }));
  await app.register(staticApps, {
    apps: [
      { prefix: '/', root: join(webApps, 'portal', 'dist'), buildCommand: 'npm run build --workspace portal' },
      { prefix: '/modeler/', root: join(webApps, 'modeler', 'dist'), buildCommand: 'npm run build --workspace modeler', contentSecurityPolicy: modelerPolicy },
    ],
  });
  return app;
}
