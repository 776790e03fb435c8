// What a ticket is about and where (issue 15): its matter (诉求事项, a code of the pack's taxonomy) and
// its place (事发区划, a code of the city's places), as ticket responses show them and registration checks them.
import type { Knex } from 'knex';
import type { Issue } from '../../http/errors';
import { placeSubtree } from '../organisations/organisations.service';

export interface PlaceView {
  code: string;
  name: string;
  /** Names from the district down to the place itself. */
  path: string[];
}

export interface MatterView {
  code: string;
  /** The path joined: "城乡建设 › 市容环境 › 占道经营". */
  label: string;
  path: string[];
}

/** The places with their paths, by code; a code the city lacks is left out. */
export async function placeViews(db: Knex, cityId: string, codes: ReadonlyArray<string | null>): Promise<Map<string, PlaceView>> {
  const wanted = [...new Set(codes.filter((c): c is string => c !== null))];
  if (wanted.length === 0) return new Map();
  const { rows } = await db.raw(
    `with recursive up as (
       select code as start, code, name, parent_code, 0 as depth from places where city_id = ? and code = any(?)
       union all
       select up.start, p.code, p.name, p.parent_code, up.depth + 1 from places p join up on p.code = up.parent_code where p.city_id = ?
     ) select start, array_agg(name order by depth desc) as path from up group by start`,
    [cityId, wanted, cityId],
  );
  return new Map(rows.map((r: { start: string; path: string[] }) => [r.start, { code: r.start, name: r.path.at(-1)!, path: r.path }]));
}

/**
 * A matter as responses show it. Hook for the pack's taxonomy (MatterTaxonomy.of(pack), issue 15 §1):
 * until a pack carries one, the code stands for its own label.
 */
export function matterView(code: string | null): MatterView | null {
  return code === null ? null : { code, label: code, path: [code] };
}

/** Why a registration's place or matter is refused, in the registrar's words; empty when both fit. */
export async function subjectProblems(db: Knex, cityId: string, subject: { place?: string | undefined; matter?: string | undefined }): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (subject.place !== undefined && (await placeViews(db, cityId, [subject.place])).size === 0) {
    issues.push({ where: '/place', message: `事发区划 "${subject.place}" 不是本市的区划，请从区划列表中选择` });
  }
  // Hook for the taxonomy (MatterTaxonomy.of(pack).byCode): until then any code of digits is taken.
  if (subject.matter !== undefined && !/^\d{2,}$/.test(subject.matter)) {
    issues.push({ where: '/matter', message: `诉求事项 "${subject.matter}" 不是诉求事项分类的编码，请从诉求事项中选择` });
  }
  return issues;
}

/** The place codes a `?place=` filter covers: the place and everything under it (none when the city lacks it). */
export function placeFilter(db: Knex, cityId: string, code: string): Promise<string[]> {
  return placeSubtree(db, cityId, code);
}

/** A `?matter=` filter as a LIKE pattern: the matter and everything under it (codes extend their parent's). */
export function matterPattern(code: string): string {
  return `${code.replace(/[\\%_]/g, '\\$&')}%`;
}
