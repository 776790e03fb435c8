// The real server for the browser tests: a child process on its own data folder. Imported by path, not
// as a package: the server depends on the modeler (its process lint), so the package graph cannot point back.
import { fileURLToPath } from 'node:url';

export { type EngineChoice, type RunningServer, startServerProcess as startServer } from '../../../server/src/child-process';
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
