// The server's pack API as a PackSource. Policy staff edit their own city (the signed-in user's).
import type { HotlineApi } from '../api';
import type { CitySummary, PackSource } from './pack-source';

export function apiPackSource(api: HotlineApi): PackSource {
  return {
    label: '服务器',
    kind: 'api',
    async listCities(): Promise<CitySummary[]> {
      const me = await api.me();
      return [{ id: me.cityId, name: me.cityId }];
    },
    listVersions: (city) => api.listPackVersions(city),
    readVersion: async (city, version) => (await api.getPackVersion(city, version)).files,
    createDraft: (city, from) => api.createDraft(city, from),
    writeFile: async (city, version, path, text) => {
      await api.putPackFile(city, version, path, text);
    },
    deleteFile: (city, version, path) => api.deletePackFile(city, version, path),
    publish: (city, version, effectiveFrom) => api.publish(city, version, effectiveFrom),
    diff: (city, from, to) => api.diff(city, from, to),
    checklist: (city, version) => api.checklist(city, version),
    importFiles: (city, files, source) => api.importFiles(city, files, source),
    importArchive: (city, archive, name) => api.importArchive(city, archive, name),
    archiveUrl: (city, version, format) => api.archiveUrl(city, version, format),
  };
}
