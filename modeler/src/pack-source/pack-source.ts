// Where the modeler reads and writes packs. The app gets one injected: the server's API, or a local
// source (the shipped packs, a folder opened from disk, test fixtures) that keeps drafts in memory.
import type { PackFile } from '@hotline/rules';
import type { PackVersion } from '../api';

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
  publish(city: string, version: number, effectiveFrom: string): Promise<PackVersion>;
}
