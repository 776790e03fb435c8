// What a city's catalogue is checked against and proposed from: the matter taxonomy of the pack in force,
// the city's places (区划) and its units. Each is read only when needed, so a ticket without a matter
// or place costs no query.
import type { Knex } from 'knex';
import type { CatalogueUnit, MatterLookup, Place } from '@hotline/dispatch-catalogue';
import { MatterTaxonomy } from '@hotline/rules';
import { unavailable } from '../../http/errors';
import type { PackEntry } from '../workflow/pack-catalog';

/** The taxonomy of a pack version (its `matters.json`; none: an empty one). */
export function taxonomyOf(entry: Pick<PackEntry, 'pack'>): MatterLookup {
  return MatterTaxonomy.of(entry.pack);
}

export async function unitsOf(db: Knex, cityId: string): Promise<CatalogueUnit[]> {
  return db('units').where('city_id', cityId).orderBy('code').select('code', 'name', 'kind');
}

/** The city's places (table `places`, migration 0010). */
export async function placesOf(db: Knex, cityId: string): Promise<Place[]> {
  const rows = await db('places').where('city_id', cityId).orderBy('code').select('code', 'name', 'kind', 'parent_code');
  return rows.map((r: Record<string, string | null>) => ({ code: r.code as string, name: r.name as string, kind: r.kind as string, parent: r.parent_code ?? null }));
}

/** The grassroots guard of the rule version in force today (`policies.dispatch.grassroots`); none in a pack without it. */
export function grassrootsOf(entry: Pick<PackEntry, 'rules'>, at: number = Date.now()): { unitKinds: readonly string[]; refusal: string } | undefined {
  return entry.rules.versionAt(at).policies.dispatch?.grassroots;
}

/** The pack version in force for the city, or a refusal: the catalogue speaks the pack's matters. */
export async function packInForce(catalog: { inForce(city: string): Promise<PackEntry | null> }, cityId: string): Promise<PackEntry> {
  const entry = await catalog.inForce(cityId);
  if (!entry) throw unavailable('PACK_NOT_IN_FORCE', `${cityId} 没有生效的城市包：派单目录无从核对`);
  return entry;
}
