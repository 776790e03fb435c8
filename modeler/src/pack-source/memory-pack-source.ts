// A PackSource held in memory: each city starts with one validated version (its files as given);
// drafts, edits and publishing happen here, mirroring the server's rules (only drafts change, a
// published version never does, publishing validates). Optionally persisted to a Storage.
import { type PackFile, validatePack } from '@hotline/rules';
import { ApiError, type PackVersion, type RolloutChecklist, type VersionDiff } from '../api';
import { checklistSummary, diffPacks, packChecklist } from '@hotline/pack-review';
import type { CitySummary, PackSource } from './pack-source';

interface StoredVersion {
  info: PackVersion;
  files: PackFile[];
}
interface StoredCity {
  summary: CitySummary;
  /** Loads the first version's files on first use (the shipped packs are fetched lazily). */
  load: () => Promise<PackFile[]>;
  versions: StoredVersion[] | null;
}

export interface LocalCity extends CitySummary {
  files: PackFile[] | (() => Promise<PackFile[]>);
  /** Shown as the first version's source, e.g. `cities/tianjin`. */
  source?: string;
}

export interface MemoryPackSourceOptions {
  label?: string;
  /** Keeps drafts across reloads (window.localStorage in the app); absent in tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  storageKey?: string;
  now?: () => Date;
}

const refuse = (status: number, code: string, message: string) => new ApiError(status, { code, message });

export class MemoryPackSource implements PackSource {
  readonly kind = 'local' as const;
  readonly label: string;
  private readonly cities = new Map<string, StoredCity>();
  private readonly sources = new Map<string, string>();
  private readonly options: MemoryPackSourceOptions;

  constructor(cities: readonly LocalCity[], options: MemoryPackSourceOptions = {}) {
    this.options = options;
    this.label = options.label ?? '本地';
    for (const c of cities) this.addCity(c);
  }

  addCity(city: LocalCity): void {
    const files = city.files;
    const saved = this.restore(city.id);
    this.cities.set(city.id, {
      summary: { id: city.id, name: city.name },
      load: typeof files === 'function' ? files : async () => files,
      versions: saved,
    });
    this.sources.set(city.id, city.source ?? `cities/${city.id}`);
  }

  /** Forgets a city's drafts and published versions: back to the files it was given. */
  reset(city: string): void {
    const stored = this.cities.get(city);
    if (!stored) return;
    stored.versions = null;
    try {
      this.options.storage?.setItem(this.key(city), '');
    } catch {
      /* unavailable storage: nothing was kept */
    }
  }

  async listCities(): Promise<CitySummary[]> {
    return [...this.cities.values()].map((c) => c.summary);
  }

  private async versionsOf(city: string): Promise<StoredVersion[]> {
    const stored = this.cities.get(city);
    if (!stored) throw refuse(404, 'NOT_FOUND', `city ${city} not found`);
    if (!stored.versions) {
      const files = await stored.load();
      stored.versions = [{ info: this.info(city, 1, 'validated', this.sources.get(city) ?? city), files: [...files] }];
    }
    return stored.versions;
  }

  private info(city: string, number: number, status: PackVersion['status'], source: string): PackVersion {
    return {
      cityId: city,
      number,
      status,
      contentHash: '',
      source,
      effectiveFrom: null,
      createdAt: (this.options.now?.() ?? new Date()).toISOString(),
      createdBy: 'local',
      publishedAt: null,
      publishedBy: null,
    };
  }

  private async version(city: string, number: number): Promise<StoredVersion> {
    const v = (await this.versionsOf(city)).find((x) => x.info.number === number);
    if (!v) throw refuse(404, 'NOT_FOUND', `pack version ${city}/${number} not found`);
    return v;
  }

  private async draft(city: string, number: number): Promise<StoredVersion> {
    const v = await this.version(city, number);
    if (v.info.status !== 'draft') throw refuse(409, 'PACK_NOT_DRAFT', `pack version ${city}/${number} is ${v.info.status}: only a draft changes`);
    return v;
  }

  async listVersions(city: string): Promise<PackVersion[]> {
    return (await this.versionsOf(city)).map((v) => ({ ...v.info }));
  }

  async readVersion(city: string, number: number): Promise<PackFile[]> {
    return (await this.version(city, number)).files.map((f) => ({ ...f }));
  }

  async createDraft(city: string, from: number): Promise<PackVersion> {
    const source = await this.version(city, from);
    const versions = await this.versionsOf(city);
    const number = Math.max(...versions.map((v) => v.info.number)) + 1;
    const draft = { info: this.info(city, number, 'draft', `draft from ${from}`), files: source.files.map((f) => ({ ...f })) };
    versions.push(draft);
    this.persist(city);
    return { ...draft.info };
  }

  async writeFile(city: string, number: number, path: string, text: string): Promise<void> {
    const v = await this.draft(city, number);
    v.files = [...v.files.filter((f) => f.path !== path), { path, text }].sort((a, b) => a.path.localeCompare(b.path));
    this.persist(city);
  }

  async deleteFile(city: string, number: number, path: string): Promise<void> {
    const v = await this.draft(city, number);
    v.files = v.files.filter((f) => f.path !== path);
    this.persist(city);
  }

  async publish(city: string, number: number, effectiveFrom: string): Promise<PackVersion> {
    const v = await this.version(city, number);
    if (v.info.status === 'published') throw refuse(409, 'PACK_PUBLISHED', `pack version ${city}/${number} is already published`);
    const check = validatePack(v.files, { label: city, expectedId: city });
    if (!check.ok) {
      throw new ApiError(422, {
        code: 'PACK_INVALID',
        message: `the city pack is invalid (${check.issues.length} problems)`,
        issues: check.issues.map((i) => ({ where: i.path ? `${i.file} at ${i.path}` : i.file, message: i.message, ...(i.messageZh ? { messageZh: i.messageZh } : {}) })),
      });
    }
    v.info = { ...v.info, status: 'published', effectiveFrom, publishedAt: (this.options.now?.() ?? new Date()).toISOString(), publishedBy: 'local' };
    this.persist(city);
    return { ...v.info };
  }

  async diff(city: string, from: number, to: number): Promise<VersionDiff> {
    const before = await this.version(city, from);
    const after = await this.version(city, to);
    const { createBpmnReader } = await import('../lazy-pack-review');
    return { from: { ...before.info }, to: { ...after.info }, ...(await diffPacks(before.files, after.files, createBpmnReader())) };
  }

  /** The pack's part of the checklist: without a server there is no organisation to check. */
  async checklist(city: string, number: number): Promise<RolloutChecklist> {
    const v = await this.version(city, number);
    const today = this.localToday();
    const items = packChecklist(v.files, { today });
    return { version: { ...v.info }, today, items, summary: checklistSummary(items) };
  }

  async importFiles(city: string, files: PackFile[], source: string): Promise<PackVersion> {
    const versions = await this.versionsOf(city);
    const number = Math.max(...versions.map((v) => v.info.number)) + 1;
    const draft = { info: this.info(city, number, 'draft', `uploaded ${source}`), files: files.map((f) => ({ ...f })) };
    versions.push(draft);
    this.persist(city);
    return { ...draft.info };
  }

  private localToday(): string {
    return new Date((this.options.now?.() ?? new Date()).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }

  private key(city: string): string {
    return `${this.options.storageKey ?? 'hotline-modeler'}:${city}`;
  }

  private persist(city: string): void {
    const versions = this.cities.get(city)?.versions;
    if (!this.options.storage || !versions) return;
    try {
      this.options.storage.setItem(this.key(city), JSON.stringify(versions));
    } catch {
      /* storage full or unavailable: drafts stay in memory */
    }
  }

  private restore(city: string): StoredVersion[] | null {
    const text = this.options.storage?.getItem(this.key(city));
    if (!text) return null;
    try {
      const versions = JSON.parse(text) as StoredVersion[];
      return Array.isArray(versions) && versions.length > 0 ? versions : null;
    } catch {
      return null;
    }
  }
}
