// A dispatch catalogue (诉求事项派单目录, Tianjin 2025 §7): which unit handles a matter in a place, on what
// basis, from when to when. The matter taxonomy, the places and the units are given by the caller.

/** One line of the catalogue: a matter in a place (null: the whole city) → its lead unit and assisting units. */
export interface CatalogueEntry {
  /** 诉求事项编码: a code of the pack's matter taxonomy (a leaf or a class: a class covers every matter under it). */
  matter: string;
  /** 区划编码; null = the whole city. */
  place: string | null;
  /** 主办单位: a unit code. */
  leadUnit: string;
  /** 协办单位: unit codes; empty for a single unit. */
  assistingUnits: string[];
  /** 权责清单事项 / 依据. */
  basis: string;
  /** 生效日期 YYYY-MM-DD, the first day in force. */
  effectiveFrom: string;
  /** 失效日期 YYYY-MM-DD, the first day no longer in force; null = open-ended. */
  effectiveTo: string | null;
}

/** What the catalogue needs of the matter taxonomy (@hotline/rules `MatterTaxonomy` satisfies it). */
export interface MatterLookup {
  byCode(code: string): { code: string } | undefined;
  /** Codes, nearest first, without the matter itself. */
  ancestorsOf(code: string): string[];
  /** Responsibility known to be disputed: always goes to a determination (定责). */
  isDisputed(code: string): boolean;
  /** To be handled by a functional department: never dispatched to a grassroots unit. */
  isFunctional(code: string): boolean;
  /** "城乡建设 › 市容环境 › 占道经营". */
  label(code: string): string;
}

/** A division of the city (区划). */
export interface Place {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
}

/** A unit of the organisation as the catalogue sees it. */
export interface CatalogueUnit {
  code: string;
  name: string;
  kind: string;
}

/** Codes of a place and every place above it, nearest first (the place itself first). */
export function placeChain(places: readonly Place[], code: string): string[] {
  const byCode = new Map(places.map((p) => [p.code, p]));
  const chain: string[] = [];
  let current = byCode.get(code);
  while (current && !chain.includes(current.code)) {
    chain.push(current.code);
    current = current.parent === null ? undefined : byCode.get(current.parent);
  }
  return chain;
}

/** Whether an entry is in force on a day (YYYY-MM-DD): from its first day up to, not including, its end. */
export const inForce = (entry: Pick<CatalogueEntry, 'effectiveFrom' | 'effectiveTo'>, day: string): boolean =>
  entry.effectiveFrom <= day && (entry.effectiveTo === null || day < entry.effectiveTo);
