// First start: the shipped city packs become published pack versions, and (with demo data on) each
// city gets its demo organisation. Runs at every start and only fills what is missing, so a pack
// that becomes valid later is imported on the next start.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { SHIPPED_PACKS_DIR, listPacks, readPackFolder } from '@hotline/cities';
import { PackValidationError, formatIssue } from '@hotline/rules';
import { chinaToday } from '../local-day';
import { SYSTEM } from '../modules/auth/actor';
import { seedDemoCatalogue } from '../modules/catalogue/demo-catalogue';
import { seedDemoKnowledge } from '../modules/knowledge/demo-knowledge';
import { PackCatalog } from '../modules/workflow/pack-catalog';
import { readOrganisationFile } from '../modules/organisations/organisation-file';
import { importOrganisation, listUnits } from '../modules/organisations/organisations.service';
import { importPack, listPackVersions, publishVersion } from '../modules/packs/packs.service';

/** Demo organisations, one `<city>.json` each, in the same form `hotline org import` reads. */
export const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../demo');

/** The passwords the demo organisations print: whoever signs in with one is using a demo account. */
export function publishedDemoPasswords(demoDir = DEMO_DIR): Set<string> {
  const passwords = new Set<string>();
  for (const file of readdirSync(demoDir).filter((f) => f.endsWith('.json'))) {
    const { users = [] } = JSON.parse(readFileSync(join(demoDir, file), 'utf8')) as { users?: Array<{ password?: string }> };
    for (const { password } of users) if (password) passwords.add(password);
  }
  return passwords;
}

export interface ShippedDataOptions {
  demoData: boolean;
  log: FastifyBaseLogger;
  packsDir?: string;
  demoDir?: string;
}

export async function loadShippedData(db: Knex, options: ShippedDataOptions): Promise<void> {
  const { log, packsDir = SHIPPED_PACKS_DIR, demoDir = DEMO_DIR } = options;
  const today = chinaToday();
  for (const city of listPacks(packsDir)) {
    // A city without a pack gets the shipped one; with demo data on, a shipped pack that changed since
    // (a new process, a corrected form) becomes a new version in force from today. Tickets already
    // running keep the version they started under.
    const stored = await listPackVersions(db, city);
    if (stored.length === 0 || options.demoData) {
      try {
        const { version, created } = await importPack(db, readPackFolder(join(packsDir, city)), { label: `cities/${city}`, expectedCityId: city, actor: SYSTEM });
        if (created || version.status !== 'published') {
          await publishVersion(db, city, version.number, today, SYSTEM);
          log.info({ city, version: version.number, effectiveFrom: today }, `imported and published the shipped pack of ${city}`);
        }
      } catch (e) {
        if (!(e instanceof PackValidationError)) throw e;
        log.warn({ city, problems: e.issues.map(formatIssue) }, `cities/${city} is not valid yet and was not imported (npx hotline city validate cities/${city})`);
        continue;
      }
    }
    const demoFile = join(demoDir, `${city}.json`);
    if (options.demoData && existsSync(demoFile) && (await listUnits(db, city)).length === 0) {
      const parsed = readOrganisationFile(readFileSync(demoFile, 'utf8'), `server/demo/${city}.json`);
      if (!parsed.ok) throw new Error(`the demo organisation of ${city} is broken: ${parsed.issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`);
      const summary = await importOrganisation(db, city, parsed.input, SYSTEM, { demoAccounts: true });
      log.info({ city, units: summary.unitsCreated, users: summary.usersCreated }, `loaded the demo organisation of ${city}`);
    }
    const demoCatalogue = join(demoDir, 'catalogue', `${city}.json`);
    if (options.demoData && existsSync(demoCatalogue)) await seedDemoCatalogue(db, city, demoCatalogue, log);
    const demoKnowledge = join(demoDir, 'knowledge', `${city}.json`);
    if (options.demoData && existsSync(demoKnowledge)) await seedDemoKnowledge(db, new PackCatalog(db), city, demoKnowledge, log);
  }
}
