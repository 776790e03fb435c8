// Which pack source the app uses: `?source=api` or `?source=local` in the URL decides; otherwise
// the server when it answers (the modeler is served by it), else the shipped packs in memory.
import { createApiClient, type HotlineApi } from '../api';
import { apiPackSource, MemoryPackSource, type PackSource } from '../pack-source';
import { shippedCities } from './shipped-packs';

export interface ChosenSource {
  source: PackSource;
  /** Present with the server: sign-in goes through it. */
  api?: HotlineApi;
}

export async function chooseSource(location: URL, fetchImpl: typeof fetch, storage?: Storage): Promise<ChosenSource> {
  const wanted = location.searchParams.get('source');
  if (wanted !== 'local') {
    const api = createApiClient({ fetch: fetchImpl });
    if (wanted === 'api') return { source: apiPackSource(api), api };
    try {
      const response = await fetchImpl('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (response.status === 200 || response.status === 401) return { source: apiPackSource(api), api };
    } catch {
      /* no server: local */
    }
  }
  return { source: new MemoryPackSource(shippedCities(), { label: '本地（内置城市包）', ...(storage ? { storage } : {}) }) };
}
