// @hotline/cities: the shipped city packs and the folder form of any pack (read, write, copy).
// Rules about what a valid pack is live in @hotline/rules; this package only does the file I/O.
export { SHIPPED_PACKS_DIR, listPacks, loadPack, loadShippedPack, readPackFolder, writePackFolder } from './pack-folder';
export { newPackFrom, renameProcesses } from './new-pack';
