import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CityPack, HotlineError, type PackFile, parsePack } from '@hotline/rules';

/** The folder holding the packs shipped with the platform (this package's own folder). */
export const SHIPPED_PACKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SKIP = new Set(['node_modules', 'src', 'test', '.turbo']);

/** Ids of the packs in a folder: its sub-folders that hold a city.json. */
export function listPacks(root: string = SHIPPED_PACKS_DIR): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !SKIP.has(d.name) && existsSync(join(root, d.name, 'city.json')))
    .map((d) => d.name)
    .sort();
}

/** Every file of a pack folder as text, with paths relative to the folder. */
export function readPackFolder(dir: string): PackFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HotlineError('PACK_FOLDER_MISSING', `${dir} is not a folder`);
  }
  const files: PackFile[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push({ path: relative(dir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export function writePackFolder(dir: string, files: readonly PackFile[]): void {
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
}

/** Reads and validates a pack folder; the folder's name must be the city's id. */
export function loadPack(dir: string, label: string = dir): CityPack {
  return parsePack(readPackFolder(dir), { label, expectedId: basename(resolve(dir)) });
}

/** A shipped pack by city id. */
export function loadShippedPack(id: string, root: string = SHIPPED_PACKS_DIR): CityPack {
  const known = listPacks(root);
  if (!known.includes(id)) {
    throw new HotlineError('UNKNOWN_CITY', `unknown city "${id}"; known cities are ${known.join(', ')}`);
  }
  return loadPack(join(root, id), `cities/${id}`);
}
