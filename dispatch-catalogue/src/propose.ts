// Dispatch by the catalogue (Tianjin 2025 §8): a matter with clear responsibility goes where the catalogue
// says; a disputed matter, or one the catalogue does not cover, goes to a responsibility determination.
import { type CatalogueEntry, type MatterLookup, type Place, inForce, placeChain } from './entry';

export type DeterminationReason = 'disputed' | 'noEntry';

export type UnitProposal =
  | { kind: 'catalogue'; entry: CatalogueEntry; leadUnit: string; assistingUnits: string[] }
  | { kind: 'determination'; reason: DeterminationReason };

export interface ProposalQuery {
  /** The ticket's matter code; null when the ticket has none. */
  matter: string | null;
  /** The ticket's place code; null when unknown. */
  place: string | null;
  /** The day (YYYY-MM-DD, the city's) the entries must be in force on. */
  at: string;
  taxonomy: MatterLookup;
  places: readonly Place[];
}

/**
 * The most specific entry in force wins: the matter itself before its nearest class, and for each, the
 * ticket's place, then the places above it, then the whole city. A disputed matter goes to a
 * determination unless the catalogue names a unit for that very matter (a determination's decision added
 * to it): an entry for its class does not settle a dispute.
 */
export function proposeUnits(entries: readonly CatalogueEntry[], query: ProposalQuery): UnitProposal {
  const { matter, taxonomy } = query;
  if (matter === null || !taxonomy.byCode(matter)) return { kind: 'determination', reason: 'noEntry' };
  const disputed = taxonomy.isDisputed(matter);
  const current = entries.filter((e) => inForce(e, query.at));
  const placeScopes: Array<string | null> = [...(query.place === null ? [] : placeChain(query.places, query.place)), null];
  for (const code of disputed ? [matter] : [matter, ...taxonomy.ancestorsOf(matter)]) {
    for (const place of placeScopes) {
      const entry = current.find((e) => e.matter === code && e.place === place);
      if (entry) return { kind: 'catalogue', entry, leadUnit: entry.leadUnit, assistingUnits: [...entry.assistingUnits] };
    }
  }
  return { kind: 'determination', reason: disputed ? 'disputed' : 'noEntry' };
}

/** Whether the units chosen are the ones proposed (the assisting ones in any order). */
export function sameUnits(proposed: { leadUnit: string; assistingUnits: readonly string[] }, chosen: { leadUnit: string; assistingUnits: readonly string[] }): boolean {
  const a = [...new Set(proposed.assistingUnits)].sort();
  const b = [...new Set(chosen.assistingUnits)].sort();
  return proposed.leadUnit === chosen.leadUnit && a.length === b.length && a.every((unit, i) => unit === b[i]);
}

/** The grassroots guard (§8 "应当由职能部门承办的诉求事项不得分派给基层"): the units of a grassroots kind a functional matter may not go to. */
export function grassrootsRefused(matter: string | null, units: ReadonlyArray<{ code: string; kind: string }>, guard: { taxonomy: MatterLookup; unitKinds: readonly string[] }): string[] {
  if (matter === null || !guard.taxonomy.byCode(matter) || !guard.taxonomy.isFunctional(matter)) return [];
  return units.filter((u) => guard.unitKinds.includes(u.kind)).map((u) => u.code);
}
