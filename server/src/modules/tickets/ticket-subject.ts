// What a ticket is about and where (issue 15): its matter (诉求事项, a code of the pack's taxonomy) and
// its place (事发区划, a code of the city's places), as ticket responses show them and registration checks them.
import type { Knex } from 'knex';
import { MATTERS_FILE, MatterTaxonomy, type MatterTaxonomyFile, PATH_SEPARATOR } from '@hotline/rules';
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

// A published version never changes: its taxonomy is read once.
const taxonomies = new Map<number, Promise<MatterTaxonomy>>();

/** The matter taxonomy of a stored pack version (empty when the pack has no matters.json). */
export function taxonomyOf(db: Knex, packVersionId: number): Promise<MatterTaxonomy> {
  let found = taxonomies.get(packVersionId);
  if (!found) {
    found = db('pack_files')
      .where({ version_id: packVersionId, path: MATTERS_FILE })
      .first('text')
      .then((row: { text: string } | undefined) => MatterTaxonomy.of({ matters: row ? (JSON.parse(row.text) as MatterTaxonomyFile) : undefined }));
    taxonomies.set(packVersionId, found);
    found.catch(() => taxonomies.delete(packVersionId));
  }
  return found;
}

/** A matter as responses show it: its label path in the taxonomy of the ticket's pack version. */
export function matterView(taxonomy: MatterTaxonomy, code: string | null): MatterView | null {
  if (code === null) return null;
  const path = taxonomy.byCode(code)?.path ?? [code];
  return { code, label: path.join(PATH_SEPARATOR), path };
}

/** Why a registration's place or matter is refused, in the registrar's words; empty when both fit. */
export async function subjectProblems(
  db: Knex,
  cityId: string,
  taxonomy: MatterTaxonomy,
  subject: { place?: string | undefined; matter?: string | undefined },
): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (subject.place !== undefined && (await placeViews(db, cityId, [subject.place])).size === 0) {
    issues.push({ where: '/place', message: `事发区划 "${subject.place}" 不是本市的区划，请从区划列表中选择` });
  }
  if (subject.matter !== undefined && taxonomy.byCode(subject.matter) === undefined) {
    issues.push({ where: '/matter', message: `诉求事项 "${subject.matter}" 不在本市的诉求事项分类中，请从诉求事项中选择` });
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
