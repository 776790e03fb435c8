export type { CitySummary, PackSource } from './pack-source';
export { apiPackSource } from './api-pack-source';
export { MemoryPackSource } from './memory-pack-source';
export type { LocalCity, MemoryPackSourceOptions } from './memory-pack-source';
