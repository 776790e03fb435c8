// @hotline/server: the platform's HTTP API and the database work the CLI shares with it.
export { loadConfig, ConfigError, VARIABLES } from './config';
export type { Env, ServerConfig, DatabaseConfig } from './config';
export { startServer } from './server';
export type { RunningServer } from './server';
export { buildApp } from './app';
export type { AppOptions } from './app';
export { openDatabase, withDatabase } from './database/database';
export type { Database } from './database/database';
export { importPackFolder, exportPackFolder, publishVersion } from './modules/packs/packs.service';
export type { ImportResult } from './modules/packs/packs.service';
export { readOrganisationFile } from './modules/organisations/organisation-file';
export { importOrganisation } from './modules/organisations/organisations.service';
export type { ImportSummary } from './modules/organisations/organisations.service';
export { CLI } from './modules/auth/actor';
export { ApiError, InputRejectedError } from './http/errors';
export type { Issue } from './http/errors';
export { AUDIT_ACTIONS } from './modules/audit/audit.repository';
export type { AuditAction } from './modules/audit/audit.repository';
