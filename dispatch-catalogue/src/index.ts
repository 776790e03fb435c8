// @hotline/dispatch-catalogue: the dispatch catalogue (诉求事项派单目录, Tianjin 2025 §7–8) as pure logic:
// its entries, their validation, the proposal for a ticket, the spreadsheet rows and the figures.
// No I/O here: the server and the portal both import this.
export type { CatalogueEntry, CatalogueUnit, MatterLookup, Place } from './entry';
export { inForce, placeChain } from './entry';
export type { CatalogueContext, EntryField, EntryIssue, NumberedEntry, ValidateOptions } from './validate';
export { validateEntries } from './validate';
export type { DeterminationReason, ProposalQuery, UnitProposal } from './propose';
export { grassrootsRefused, proposeUnits, sameUnits } from './propose';
export type { EntryNames, SheetRow } from './sheet';
export { SHEET_COLUMNS, UNIT_SEPARATOR, entriesOfSheet, sheetColumnOf, sheetRowOf } from './sheet';
export type { CatalogueFigures, DispatchRecord, MatterCount, ReturnTally } from './figures';
export { TOP_MATTERS, catalogueFigures } from './figures';
