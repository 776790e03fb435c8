// A new city's pack, copied from an existing one, valid from the start, with every rule version
// marked as an assumption until the implementer replaces it with the new city's own regulations, and
// its processes named after the new city (`ticket-turpan` → `ticket-shanshan`).
import { existsSync } from 'node:fs';
import { HotlineError, type PackFile, validatePack } from '@hotline/rules';
import { readPackFolder, writePackFolder } from './pack-folder';

const ID_RE = /^[a-z][a-z0-9-]{1,39}$/;

/** Renames each process `<name>-<from>` to `<name>-<to>` (its id, and the diagram's reference to it). */
export function renameProcesses(files: readonly PackFile[], fromId: string, toId: string): PackFile[] {
  return files.map((file) => {
    if (!/^processes\/[^/]+\.bpmn$/.test(file.path)) return file;
    let text = file.text;
    for (const m of [...file.text.matchAll(/<(?:[\w-]+:)?process\b[^>]*\bid\s*=\s*"([^"]+)"/g)]) {
      const id = m[1]!;
      if (!id.endsWith(`-${fromId}`)) continue;
      const renamed = `${id.slice(0, -fromId.length)}${toId}`;
      text = text.replace(new RegExp(`="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g'), `="${renamed}"`);
    }
    return text === file.text ? file : { ...file, text };
  });
}


export interface NewPackOptions {
  id: string;
  fromDir: string;
  targetDir: string;
  /** The city's name as shown to users; defaults to a placeholder staff will notice. */
  name?: string;
}

export function newPackFrom(options: NewPackOptions): PackFile[] {
  const { id, fromDir, targetDir } = options;
  if (!ID_RE.test(id)) {
    throw new HotlineError('BAD_CITY_ID', `"${id}" is not a city id: use lower-case letters, digits and dashes, starting with a letter`);
  }
  if (existsSync(targetDir)) throw new HotlineError('PACK_EXISTS', `${targetDir} already exists; choose another id or remove it`);
  const source = readPackFolder(fromDir);
  const fromId = (JSON.parse(source.find((f) => f.path === 'city.json')?.text ?? '{}') as { id?: string }).id ?? fromDir;
  const files = renameProcesses(
    source.map((file) => ({ path: file.path, text: rewrite(file, id, fromId, options.name) })),
    fromId,
    id,
  );
  const check = validatePack(files, { label: targetDir, expectedId: id });
  if (!check.ok) {
    throw new HotlineError('PACK_COPY_INVALID', `the pack copied from ${fromId} is not valid: fix ${fromDir} first (${check.issues.length} problems)`);
  }
  writePackFolder(targetDir, files);
  return files;
}

function rewrite(file: PackFile, id: string, fromId: string, name: string | undefined): string {
  if (file.path === 'city.json') {
    const city = JSON.parse(file.text) as Record<string, unknown>;
    city.id = id;
    city.name = name ?? `${id}（新城市，待填写）`;
    return `${JSON.stringify(city, null, 2)}\n`;
  }
  if (file.path.startsWith('versions/') && file.path.endsWith('.json')) {
    const version = JSON.parse(file.text) as Record<string, unknown>;
    version.assumption = `Copied from ${fromId}'s rules: every value still cites ${fromId}'s regulations. Replace them with ${id}'s own and remove this note.`;
    return `${JSON.stringify(version, null, 2)}\n`;
  }
  return file.text;
}

