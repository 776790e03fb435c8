// Starts the real server once for the browser tests and hands its URL to them.
// PORTAL_E2E_URL=http://127.0.0.1:8345 reuses a server already running instead (while developing).
import type { TestProject } from 'vitest/node';
import { startServer } from './support/server';

export default async function setup(project: TestProject) {
  const existing = process.env.PORTAL_E2E_URL;
  if (existing) {
    project.provide('serverUrl', existing.replace(/\/$/, ''));
    return undefined;
  }
  const server = await startServer();
  project.provide('serverUrl', server.url);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
