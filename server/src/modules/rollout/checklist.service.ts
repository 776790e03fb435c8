// The roll-out checklist of a city (the modeler's 上线检查 page): what the pack still lacks
// (packChecklist of @hotline/pack-review: calendars, assumptions, the copied-pack note, process names)
// and what the organisation lacks (units, places, users for each role the processes give work to).
import type { Knex } from 'knex';
import { type RolloutItem, type RolloutStatus, checklistSummary, organisationChecklist, packChecklist } from '@hotline/pack-review';
import { notFound } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { listPlaces, listUnits, listUsers } from '../organisations/organisations.service';
import * as packs from '../packs/packs.repository';
import type { PackVersion } from '../packs/packs.repository';

export interface Checklist {
  version: PackVersion;
  today: string;
  items: RolloutItem[];
  summary: Record<RolloutStatus, number>;
}

/** The version a checklist is about by default: the newest draft (what is being prepared), else the newest. */
async function defaultVersion(db: Knex, cityId: string): Promise<PackVersion | null> {
  const versions = await packs.listVersions(db, cityId);
  const drafts = versions.filter((v) => v.status === 'draft');
  return (drafts.length > 0 ? drafts : versions).at(-1) ?? null;
}

export async function rolloutChecklist(db: Knex, cityId: string, number?: number, today: string = chinaToday()): Promise<Checklist> {
  const version = number === undefined ? await defaultVersion(db, cityId) : await packs.findVersion(db, cityId, number);
  if (!version) throw notFound(number === undefined ? `a pack of ${cityId}` : `pack version ${cityId}/${number}`);
  const files = await packs.readFiles(db, version.id);
  const units = await listUnits(db, cityId);
  const places = (await listPlaces(db, cityId)).length;
  const usersByRole: Record<string, number> = {};
  for (const user of await listUsers(db, cityId)) for (const role of user.roles) usersByRole[role] = (usersByRole[role] ?? 0) + 1;
  const items = [...packChecklist(files, { today }), ...organisationChecklist(files, { units, places, usersByRole })];
  return { version, today, items, summary: checklistSummary(items) };
}
