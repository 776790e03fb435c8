// The real server for the browser tests: a child process on its own data folder (@hotline/server),
// with the embedded engine, serving the portal built into portal/dist.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServerProcess } from '@hotline/server/child-process';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function startServer(name = 'portal-e2e', env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(join(REPO_ROOT, 'portal', 'dist', 'index.html'))) {
    throw new Error('portal/dist is missing: run `npm run build --workspace portal` first (the `test` script does)');
  }
  return startServerProcess(name, { kind: 'embedded' }, env);
}
