// What the portal reads from the city's pack in force: labels of ticket types, urgency classes and
// channels, the rating scale and the redirect categories with their answer scripts. Read from the
// pack files' JSON as published (the server validated them); no validation here. Pure: unit-tested.
import { MatterTaxonomy } from '@hotline/rules';
import type { PackFileText, PackVersionInfo } from '../api/types';

export interface Option {
  key: string;
  label: string;
}

export interface RatingLevel extends Option {
  triggersRework: boolean;
}

export interface RedirectCategory extends Option {
  action: string;
  /** The words to say to the caller. */
  script: string;
}

export interface PackInfo {
  cityId: string;
  cityName: string;
  packNumber: number;
  ruleVersionId: string;
  ticketTypes: Option[];
  urgencyClasses: Option[];
  channels: Option[];
  rating: { levels: RatingLevel[]; notRatedTypes: string[] };
  redirectCategories: RedirectCategory[];
  /** The pack's matter taxonomy (matters.json, 诉求事项分类); empty when the pack has none. */
  matters: MatterTaxonomy;
  /** The pack's subject processes (city.json subjectProcesses): kind → label, e.g. knowledgeEntry → 知识库条目审核. */
  subjectProcesses: Option[];
}

/** The published pack version in force on `today` (YYYY-MM-DD): the latest effective date on or before it. */
export function packInForce(versions: readonly PackVersionInfo[], today: string): PackVersionInfo | null {
  let best: PackVersionInfo | null = null;
  for (const v of versions) {
    if (v.status !== 'published' || v.effectiveFrom === null || v.effectiveFrom > today) continue;
    if (!best || (best.effectiveFrom ?? '') < v.effectiveFrom || (best.effectiveFrom === v.effectiveFrom && best.number < v.number)) best = v;
  }
  return best;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function options(list: unknown): Option[] {
  return Array.isArray(list) ? list.filter(isObject).map((o) => ({ key: str(o.key), label: str(o.label) || str(o.name) || str(o.key) })) : [];
}

function taxonomyOf(file: Json | null): MatterTaxonomy {
  return new MatterTaxonomy(file && Array.isArray(file.matters) ? (file.matters as ConstructorParameters<typeof MatterTaxonomy>[0]) : []);
}

/** Reads the labels and the rule version in force on `today` from the pack's files. */
export function packInfoOf(files: readonly PackFileText[], packNumber: number, today: string): PackInfo {
  const parse = (path: string): Json | null => {
    const file = files.find((f) => f.path === path);
    if (!file) return null;
    try {
      const value: unknown = JSON.parse(file.text);
      return isObject(value) ? value : null;
    } catch {
      return null;
    }
  };
  const city = parse('city.json') ?? {};
  const versions = files
    .filter((f) => /^versions\/[^/]+\.json$/.test(f.path))
    .map((f) => parse(f.path))
    .filter((v): v is Json => v !== null)
    .sort((a, b) => str(a.effectiveFrom).localeCompare(str(b.effectiveFrom)));
  const version = [...versions].reverse().find((v) => str(v.effectiveFrom) <= today && (!v.effectiveTo || str(v.effectiveTo) >= today)) ?? versions.at(-1) ?? {};
  const rating = isObject(version.rating) ? version.rating : {};
  return {
    cityId: str(city.id),
    cityName: str(city.name),
    packNumber,
    ruleVersionId: str(version.id),
    ticketTypes: options(city.ticketTypes),
    urgencyClasses: options(city.urgencyClasses),
    subjectProcesses: Array.isArray(city.subjectProcesses) ? city.subjectProcesses.filter(isObject).map((s) => ({ key: str(s.kind), label: str(s.label) || str(s.kind) })) : [],
    channels: options(version.channels),
    rating: {
      levels: Array.isArray(rating.levels)
        ? rating.levels.filter(isObject).map((l) => ({ key: str(l.key), label: str(l.label), triggersRework: l.triggersRework === true }))
        : [],
      notRatedTypes: Array.isArray(rating.notRatedTypes) ? rating.notRatedTypes.map(str) : [],
    },
    redirectCategories: Array.isArray(version.redirectCategories)
      ? version.redirectCategories.filter(isObject).map((r) => ({ key: str(r.key), label: str(r.label), action: str(r.action), script: str(r.script) }))
      : [],
    matters: taxonomyOf(parse('matters.json')),
  };
}

/** Today in the city's time (+08:00), as YYYY-MM-DD. */
export function chinaDay(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
