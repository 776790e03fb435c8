// Published pack versions as the lifecycle needs them: parsed, with their rules, forms, processes and
// the names of their user tasks. A published version never changes, so each is read once and kept.
// A ticket keeps the pack version it started under: everything about a ticket goes through here.
import type { Knex } from 'knex';
import { type FormFile, packForms } from '@hotline/forms';
import { stepTransaction, type ProcessResource } from '@hotline/engine-adapters';
import { type CityPack, CityRules, type PackFile, type RoleDefinition, parsePack, rolesOf } from '@hotline/rules';
import { chinaToday } from '../../local-day';
import * as packs from '../packs/packs.repository';

export interface PackEntry {
  versionId: number;
  cityId: string;
  number: number;
  /** Published versions never change; anything else may. */
  published: boolean;
  pack: CityPack;
  rules: CityRules;
  /** `forms/<form>.json` by form name. */
  forms: Record<string, FormFile>;
  /** `processes/*.bpmn`, named by their path in the pack. */
  processes: ProcessResource[];
  /** A user task's name by element id (the BPMN `name`, its Chinese part when it has two). */
  taskName(elementId: string): string | undefined;
  /** An urgency class's place in the city's list (the inbox sorts on it); unknown ones go last. */
  urgencyRank(urgency: string): number;
}

export class PackCatalog {
  private readonly byId = new Map<number, Promise<PackEntry>>();
  /** Published versions' row ids by `<city>/<number>`: they never change. */
  private readonly publishedIds = new Map<string, number>();

  constructor(private readonly db: Knex) {}

  /**
   * Where to read: a job worker running inside the embedded engine's step reads through the step's
   * transaction, never a second connection (the pools' rule, README "Server replicas and connection pools").
   */
  private reader(): Knex {
    return stepTransaction() ?? this.db;
  }

  /**
   * A stored pack version by its row id. Only published versions are kept: a draft's files change (a
   * publication the engine refused, then corrected), so a draft is read afresh each time.
   */
  entry(versionId: number): Promise<PackEntry> {
    const cached = this.byId.get(versionId);
    if (cached) return cached;
    const loading = this.load(versionId);
    this.byId.set(versionId, loading);
    loading.then(
      (entry) => {
        if (!entry.published) this.byId.delete(versionId);
      },
      () => this.byId.delete(versionId),
    );
    return loading;
  }

  /** A city's pack version by its number; null when there is none. */
  async byNumber(cityId: string, number: number): Promise<PackEntry | null> {
    const known = this.publishedIds.get(`${cityId}/${number}`);
    if (known !== undefined) return this.entry(known);
    const version = await packs.findVersion(this.reader(), cityId, number);
    if (!version) return null;
    const entry = await this.entry(version.id);
    if (entry.published) this.publishedIds.set(`${cityId}/${number}`, version.id);
    return entry;
  }

  /** The published version in force today; null when the city has published none. `db`: the caller's transaction, if any. */
  async inForce(cityId: string, db?: Knex): Promise<PackEntry | null> {
    const version = await packs.findVersionInForce(db ?? this.reader(), cityId, chinaToday());
    return version ? this.entry(version.id) : null;
  }

  /**
   * The roles of the city's pack in force (RULES.md "Roles"). Before its first publication a city has
   * the default roles: nobody works tickets then, but its organisation may already be set up.
   */
  async roles(cityId: string): Promise<readonly RoleDefinition[]> {
    return rolesOf((await this.inForce(cityId))?.pack.city ?? {});
  }

  private async load(versionId: number): Promise<PackEntry> {
    const db = this.reader();
    const row = await db('pack_versions').where('id', versionId).first('id', 'city_id', 'number', 'status');
    if (!row) throw new Error(`pack version ${versionId} does not exist`);
    const files = await packs.readFiles(db, versionId);
    const pack = parsePack(files, { label: `${row.city_id}/${row.number}` });
    const processes = files.filter((f) => /^processes\/[^/]+\.bpmn$/.test(f.path)).map((f) => ({ name: f.path, xml: f.text }));
    const names = new Map(processes.flatMap((p) => userTaskNames(p.xml)));
    const urgencies = pack.city.urgencyClasses.map((u) => u.key);
    return {
      versionId,
      cityId: row.city_id,
      number: row.number,
      published: row.status === 'published',
      pack,
      rules: new CityRules(pack),
      forms: formsOf(files),
      processes,
      taskName: (elementId) => names.get(elementId),
      urgencyRank: (urgency) => {
        const rank = urgencies.indexOf(urgency);
        return rank === -1 ? urgencies.length : rank;
      },
    };
  }
}

function formsOf(files: readonly PackFile[]): Record<string, FormFile> {
  return packForms(files);
}

const USER_TASK = /<(?:[\w-]+:)?userTask\b([^>]*)>/g;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`);

/** `id → name` of every user task of a BPMN file; "签收或申请退回 Accept or return" becomes its Chinese part. */
export function userTaskNames(xml: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const match of xml.matchAll(USER_TASK)) {
    const attributes = match[1] ?? '';
    const id = ATTRIBUTE('id').exec(attributes)?.[1];
    const name = ATTRIBUTE('name').exec(attributes)?.[1];
    if (id === undefined || name === undefined) continue;
    const text = decodeXml(name).trim();
    const chinese = /^(.*[\u3400-\u9fff）)])\s+[A-Za-z][^\u3400-\u9fff]*$/u.exec(text)?.[1];
    out.push([id, chinese ?? text]);
  }
  return out;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
