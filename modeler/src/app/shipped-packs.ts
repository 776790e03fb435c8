// The packs shipped in cities/, bundled so the modeler works without the server (local source).
// city.json files are read at start (for the names); each pack's other files only when opened.
import type { PackFile } from '@hotline/rules';
import type { LocalCity } from '../pack-source';

const cityFiles = import.meta.glob<string>('../../../cities/*/city.json', { eager: true, query: '?raw', import: 'default' });
const packFiles = import.meta.glob<string>('../../../cities/*/{matters.json,versions/*.json,calendar/*.json,forms/*.json,processes/*.bpmn}', {
  query: '?raw',
  import: 'default',
});

const PACK_PATH = /\/cities\/([^/]+)\/(.+)$/;

export function shippedCities(): LocalCity[] {
  return Object.entries(cityFiles).flatMap(([key, text]) => {
    const id = PACK_PATH.exec(key)?.[1];
    if (id === undefined) return [];
    let name = id;
    try {
      name = (JSON.parse(text) as { name?: string }).name ?? id;
    } catch {
      /* an unreadable city.json still opens; validation says what is wrong */
    }
    const load = async (): Promise<PackFile[]> => {
      const entries = Object.entries(packFiles).filter(([k]) => PACK_PATH.exec(k)?.[1] === id);
      const files = await Promise.all(entries.map(async ([k, read]) => ({ path: PACK_PATH.exec(k)![2]!, text: await read() })));
      return [{ path: 'city.json', text }, ...files].sort((a, b) => a.path.localeCompare(b.path));
    };
    return [{ id, name, files: load, source: `cities/${id}` }];
  });
}
