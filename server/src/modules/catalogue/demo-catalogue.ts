// The demo's first published catalogue: whole-city entries for the demo organisation's departments, on
// the matter codes of the shipped starter taxonomy (server/demo/catalogue/<city>.json). Loaded once,
// when the city has no catalogue yet; a file that does not fit the pack in force is reported and skipped.
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { type CatalogueEntry, validateEntries } from '@hotline/dispatch-catalogue';
import { chinaToday } from '../../local-day';
import { recordEvent } from '../audit/audit.repository';
import { SYSTEM } from '../auth/actor';
import * as packs from '../packs/packs.repository';
import { taxonomyOf as storedTaxonomy } from '../tickets/ticket-subject';
import { placesOf, unitsOf } from './catalogue-context';
import * as repo from './catalogue.repository';

/** Who the portal shows as the demo catalogue's author (the audit trail keeps the system actor). */
export const DEMO_AUTHOR = '系统（演示数据）';

export async function seedDemoCatalogue(db: Knex, cityId: string, file: string, log: FastifyBaseLogger): Promise<void> {
  if (await repo.versionIn(db, cityId, ['draft', 'review', 'published', 'retired'])) return;
  const version = await packs.findVersionInForce(db, cityId, chinaToday());
  if (!version) return;
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries: CatalogueEntry[] }).entries;
  const context = {
    taxonomy: await storedTaxonomy(db, version.id),
    units: await unitsOf(db, cityId),
    places: entries.some((e) => e.place !== null) ? await placesOf(db, cityId) : [],
  };
  const issues = validateEntries(entries.map((entry, i) => ({ row: i + 1, entry })), context);
  if (issues.length > 0) {
    log.warn({ city: cityId, problems: issues.map((i) => `row ${i.row} ${i.column}: ${i.messageZh}`) }, `the demo catalogue of ${cityId} does not fit its pack and was not loaded`);
    return;
  }
  await db.transaction(async (trx) => {
    const id = await repo.insertVersion(trx, cityId, { userId: null, name: DEMO_AUTHOR }, 'published');
    await repo.replaceEntries(trx, id, entries);
    await recordEvent(trx, { cityId, actor: SYSTEM, action: 'catalogue.published', subjectType: 'catalogueVersion', subjectId: String(id), details: { demo: true, entries: entries.length } });
  });
  log.info({ city: cityId, entries: entries.length }, `loaded the demo dispatch catalogue of ${cityId}`);
}
