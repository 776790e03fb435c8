// The shapes of the dispatch catalogue (派单目录) and responsibility determination (定责) API
// (issue 15 contract §3b), as the portal reads them. The portal never imports server code: the wire
// shapes come from api-types, an entry and the figures from the shared pure package.
import type { CatalogueVersion, EntryView } from '@hotline/api-types';

export type { CatalogueEntry, CatalogueFigures, MatterCount } from '@hotline/dispatch-catalogue';
/** A version, an entry as shown, a determination, a proposal: the API's shapes, defined once in api-types. */
export type {
  CatalogueStatus,
  CatalogueVersion,
  Determination,
  DeterminationDecision,
  DeterminationKind,
  DispatchProposal,
  EntryView,
  Proposal,
} from '@hotline/api-types';

export interface CatalogueOverview {
  published: CatalogueVersion | null;
  draft: CatalogueVersion | null;
  inReview: CatalogueVersion | null;
}

export interface CatalogueVersionDetail {
  version: CatalogueVersion;
  entries: EntryView[];
}

/** A bad cell: on a save, `row` is the entry's row (1-based) and `column` its field; on an import, the spreadsheet's. */
export interface RowIssue {
  row: number;
  column: string;
  message: string;
}

export interface DecisionInput {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note?: string;
  addToCatalogue: boolean;
  /** The added entry's place scope (适用区划): the ticket's place (the default), a place above it, or null = 全市. */
  place?: string | null;
}
