// Where the modeler reads and writes packs. The app gets one injected: the server's API, or a local
// source (the shipped packs, a folder opened from disk, test fixtures) that keeps drafts in memory.
import type { PackFile } from '@hotline/rules';
import type { ArchiveFormat, PackVersion, PublishedVersion, RolloutChecklist, VersionDiff } from '../api';

export interface CitySummary {
  id: string;
  name: string;
}

export interface PackSource {
  /** Shown in the header: where the packs come from. */
  readonly label: string;
  readonly kind: 'api' | 'local';
  listCities(): Promise<CitySummary[]>;
  listVersions(city: string): Promise<PackVersion[]>;
  readVersion(city: string, version: number): Promise<PackFile[]>;
  /** A new draft holding a copy of `from`'s files. */
  createDraft(city: string, from: number): Promise<PackVersion>;
  /** Drafts only. */
  writeFile(city: string, version: number, path: string, text: string): Promise<void>;
  deleteFile(city: string, version: number, path: string): Promise<void>;
  /** Validates a draft (the server refuses an invalid one with its issues) and publishes it. */
  publish(city: string, version: number, effectiveFrom: string): Promise<PublishedVersion>;
  /** What changed from one stored version to another. */
  diff(city: string, from: number, to: number): Promise<VersionDiff>;
  /** What the city still lacks to go live (a local source knows the pack only, not the organisation). */
  checklist(city: string, version: number): Promise<RolloutChecklist>;
  /** A folder's files as a new draft (not validated: the editors show its issues). */
  importFiles(city: string, files: PackFile[], source: string): Promise<PackVersion>;
  /** A .tar.gz or .zip of the pack folder as a new draft; absent where archives cannot be read (local). */
  importArchive?(city: string, archive: Blob, name: string): Promise<PackVersion>;
  /** Where a version can be downloaded as an archive; absent where there is no server. */
  archiveUrl?(city: string, version: number, format: ArchiveFormat): string;
}
