// What a city's catalogue is checked against and proposed from: the matter taxonomy of the pack in force,
// the city's places (区划) and its units. Each is read only when needed, so a ticket without a matter
// or place costs no query.
import type { Knex } from 'knex';
import type { CatalogueUnit, MatterLookup, Place } from '@hotline/dispatch-catalogue';
import type { PackEntry } from '../workflow/pack-catalog';
import * as packs from '../packs/packs.repository';

interface MatterNode {
  code: string;
  label: string;
  functional?: boolean;
  disputed?: boolean;
  children?: MatterNode[];
}

/**
 * The taxonomy of a pack version (`matters.json`; none: an empty one). Interim reading of the file's
 * shape from the issue 15 contract, until @hotline/rules' MatterTaxonomy (which satisfies MatterLookup) lands.
 */
export async function taxonomyOf(db: Knex, entry: Pick<PackEntry, 'versionId'>): Promise<MatterLookup> {
  const file = (await packs.readFiles(db, entry.versionId)).find((f) => f.path === 'matters.json');
  const flat = new Map<string, { code: string; path: string[]; ancestors: string[]; functional: boolean; disputed: boolean }>();
  const walk = (nodes: MatterNode[], path: string[], ancestors: string[], functional: boolean, disputed: boolean) => {
    for (const node of nodes) {
      const here = { code: node.code, path: [...path, node.label], ancestors, functional: functional || node.functional === true, disputed: disputed || node.disputed === true };
      flat.set(node.code, here);
      walk(node.children ?? [], here.path, [node.code, ...ancestors], here.functional, here.disputed);
    }
  };
  if (file) walk((JSON.parse(file.text) as { matters: MatterNode[] }).matters, [], [], false, false);
  return {
    byCode: (code) => flat.get(code),
    ancestorsOf: (code) => [...(flat.get(code)?.ancestors ?? [])],
    isDisputed: (code) => flat.get(code)?.disputed ?? false,
    isFunctional: (code) => flat.get(code)?.functional ?? false,
    label: (code) => flat.get(code)?.path.join(' › ') ?? code,
  };
}

export async function unitsOf(db: Knex, cityId: string): Promise<CatalogueUnit[]> {
  return db('units').where('city_id', cityId).orderBy('code').select('code', 'name', 'kind');
}

/** The city's places (table `places`, migration 0010). */
export async function placesOf(db: Knex, cityId: string): Promise<Place[]> {
  const rows = await db('places').where('city_id', cityId).orderBy('code').select('code', 'name', 'kind', 'parent_code');
  return rows.map((r: Record<string, string | null>) => ({ code: r.code as string, name: r.name as string, kind: r.kind as string, parent: r.parent_code ?? null }));
}

/** The pack version in force for the city, or a refusal: the catalogue speaks the pack's matters. */
export async function packInForce(catalog: { inForce(city: string): Promise<PackEntry | null> }, cityId: string): Promise<PackEntry> {
  const entry = await catalog.inForce(cityId);
  if (!entry) throw new Error(`${cityId} has no published pack in force`);
  return entry;
}
