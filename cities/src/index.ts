// @hotline/cities: the shipped city packs and the folder form of any pack (read, write, copy).
// Rules about what a valid pack is live in @hotline/rules; this package only does the file I/O.
export { SHIPPED_PACKS_DIR, listPacks, loadPack, loadShippedPack, readPackFolder, writePackFolder } from './pack-folder';
export { newPackFrom, renameProcesses } from './new-pack';
export { columnLetter, mattersFromTable, mattersJson, tableFromMatters } from './matters-table';
export type { TableIssue, TableResult } from './matters-table';
export { mattersXlsx, readMatterTable, readMatterTableBytes, readXlsxRows } from './matters-file';
export type { MatterTableKind } from './matters-file';
