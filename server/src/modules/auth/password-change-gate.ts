// A session whose password must change (initial, reset by an administrator, or expired under the
// dengbao policy) may only change it, see who it is and sign out: every other route answers 403.
// Runs after access control, which puts the actor on the request.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../http/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route stays open to a session that must change its password first. */
    duringPasswordChange?: true;
  }
}

export function installPasswordChangeGate(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.actor?.mustChangePassword && !request.routeOptions.config.duringPasswordChange) {
      throw new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码：初始密码、重置后的密码或已过期的密码须修改后才能继续使用');
    }
  });
}
