// Every error leaves as { error: { code, message, issues? } }. Faults of the caller keep their
// message; anything unexpected is logged in full and answered with a bare 500.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { EngineError } from '@hotline/engine-adapters';
import { HotlineError, PackValidationError } from '@hotline/rules';
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

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, ...body } = toReply(error, request);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}
