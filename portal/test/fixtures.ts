// Shipped packs and their resolved forms, read from cities/ as the server would serve them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FormContext, packForms, resolveForm } from '@hotline/forms';
import { parsePack } from '@hotline/rules';
import type { PackFileText } from '../src/api/types';

const CITIES = fileURLToPath(new URL('../../cities/', import.meta.url));

export function packFiles(city: string): PackFileText[] {
  const root = join(CITIES, city);
  const out: PackFileText[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return out;
}

export function resolved(city: string, form: string, context: Partial<FormContext> = {}) {
  const files = packFiles(city);
  const pack = parsePack(files);
  const file = packForms(files)[form];
  if (!file) throw new Error(`${city} has no form ${form}`);
  return resolveForm(file, { pack, at: '2026-06-01T10:00:00+08:00', units: [{ key: 'u1', label: '老城街道' }], ...context });
}
