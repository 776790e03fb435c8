// The shapes of the dispatch catalogue (派单目录) and responsibility determination (定责) API
// (issue 15 contract §3b), as the portal reads them. The portal never imports server code; an entry
// and the figures are the shared pure package's own types.
import type { CatalogueEntry } from '@hotline/dispatch-catalogue';

export type { CatalogueEntry, CatalogueFigures, MatterCount } from '@hotline/dispatch-catalogue';

export type CatalogueStatus = 'draft' | 'review' | 'published' | 'retired';

export interface EntryView extends CatalogueEntry {
  row: number;
  matterLabel: string;
  placeName: string | null;
  leadUnitName: string;
  assistingUnitNames: string[];
}

export interface CatalogueVersion {
  id: number;
  /** Display names of the people (创建人, 提交人, 审核人). */
  status: CatalogueStatus;
  entryCount: number;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  publishedAt: string | null;
  /** Counts the changes of a draft's entries: a save sends it back, so a change made meanwhile is not overwritten. */
  revision: number;
}

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

export type Proposal =
  | {
      kind: 'catalogue';
      leadUnit: string;
      assistingUnits: string[];
      basis: string;
      entryRow: number;
      versionId: number;
      matchedMatter: string;
      matchedPlace: string | null;
    }
  | { kind: 'determination'; reason: 'disputed' | 'noEntry' };

/** 同一领域（市级行业主管部门意见） / 跨领域（联合研究确定） */
export type DeterminationKind = 'field' | 'joint';

export interface DeterminationDecision {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note: string | null;
}

export interface Determination {
  id: number;
  ticketId: string;
  ticketNumber: string;
  matter: string | null;
  matterLabel: string | null;
  place: string | null;
  kind: DeterminationKind;
  reason: 'disputed' | 'noEntry';
  status: 'open' | 'decided';
  requestedBy: string;
  requestedAt: string;
  /** The requester's 说明 (which units are involved, what is disputed). */
  note: string;
  decision: DeterminationDecision | null;
  decidedBy: string | null;
  decidedAt: string | null;
  catalogueEntryAdded: boolean;
}

/** What the dispatch task's detail carries: the proposal, and the determination asked for it if any. */
export type DispatchProposal = Proposal & { determination?: Determination };

export interface DecisionInput {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note?: string;
  addToCatalogue: boolean;
  /** The added entry's place scope (适用区划): the ticket's place (the default), a place above it, or null = 全市. */
  place?: string | null;
}
