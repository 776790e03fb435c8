// Every error leaves as { error: { code, message, issues? } }. Faults of the caller keep their
// message; anything unexpected is logged in full and answered with a bare 500.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { EngineError } from '@hotline/engine-adapters';
import { HotlineError, PackValidationError } from '@hotline/rules';
import { recordStandaloneEvent } from '../modules/audit/audit.repository';
import { auditActorOf } from '../modules/auth/actor';
import { ApiError, type Issue } from './errors';
import { titledRequestProblems } from './request-problems';

interface ErrorReply {
  status: number;
  code: string;
  message: string;
  issues?: Issue[];
  details?: unknown;
}

function toReply(error: FastifyError | Error, request: FastifyRequest): ErrorReply {
  if (error instanceof ApiError) {
    return {
      status: error.statusCode,
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {}),
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (error instanceof PackValidationError) {
    return {
      status: 422,
      code: error.code,
      message: error.message,
      issues: error.issues.map((i) => ({ where: i.path ? `${i.file} at ${i.path}` : i.file, message: i.message, ...(i.messageZh ? { messageZh: i.messageZh } : {}) })),
    };
  }
  if (error instanceof EngineError && error.code === 'UNAVAILABLE') {
    return { status: 503, code: 'ENGINE_UNAVAILABLE', message: `the workflow engine is unavailable: ${error.message}` };
  }
  if (error instanceof HotlineError && error.level === 'user') return { status: 400, code: error.code, message: error.message };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation && fastifyError.code === 'FST_ERR_VALIDATION') {
    // fields the route's schema gives a title are named in Chinese, at their field, as a form's errors are
    const problems = titledRequestProblems(request, fastifyError.validation, fastifyError.validationContext);
    if (problems) return { status: 400, code: 'INVALID_REQUEST', message: problems.map((p) => p.messageZh).join('；'), details: { errors: problems } };
    return { status: 400, code: 'INVALID_REQUEST', message: error.message };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status < 500) return { status, code: fastifyError.code ?? 'BAD_REQUEST', message: error.message };
  return { status: 500, code: 'INTERNAL', message: 'internal error; the server log has the details' };
}

/**
 * A refused access (等保: 安全审计) into the audit trail, on its own: the refusal changed nothing, and the
 * transaction it may have been thrown in is rolled back. An unknown URL or a record that does not exist
 * is no refusal (no `denial`); neither is an anonymous caller (401), whose sign-in is audited apart.
 */
async function auditDenial(request: FastifyRequest, error: ApiError & { denial: string }): Promise<void> {
  const actor = request.actor;
  if (!actor) return;
  try {
    await recordStandaloneEvent(request.server.db, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'access.denied',
      subjectType: 'route',
      subjectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      details: { method: request.method, path: request.url.split('?')[0], status: error.statusCode, reason: error.denial },
    });
  } catch (err) {
    // the refusal stands either way; a trail that cannot be written is the operator's alarm
    request.log.error({ err }, 'could not audit a refused access');
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { status, ...body } = toReply(error, request);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    if (error instanceof ApiError && error.denial !== undefined) await auditDenial(request, error as ApiError & { denial: string });
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}
