// The shapes of the dispatch catalogue (派单目录) and responsibility determination (定责) API
// (issue 15 contract §3b), as the portal reads them. The portal never imports server code.

export type CatalogueStatus = 'draft' | 'review' | 'published' | 'retired';

/** One row of the catalogue: a matter (and place scope) → the lead unit and assisting units. */
export interface CatalogueEntry {
  /** The matter's code (诉求事项). */
  matter: string;
  /** The place's code; null = the whole city. */
  place: string | null;
  /** Unit code of the lead unit (主办). */
  leadUnit: string;
  /** Unit codes of the assisting units (协办). */
  assistingUnits: string[];
  /** The responsibility-list item it rests on (权责清单事项). */
  basis: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  effectiveTo: string | null;
}

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
  decision: DeterminationDecision | null;
  decidedBy: string | null;
  decidedAt: string | null;
  catalogueEntryAdded: boolean;
}

/** What the dispatch task's detail carries: the proposal, and the determination asked for it if any. */
export type DispatchProposal = Proposal & { determination?: Determination };

export interface MatterCount {
  matter: string;
  label: string;
  count: number;
}

export interface CatalogueFigures {
  dispatches: number;
  followed: number;
  overridden: number;
  noEntry: number;
  hitRate: number;
  overrideRate: number;
  topOverridden: MatterCount[];
  topReturned: MatterCount[];
}


export interface DecisionInput {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note?: string;
  addToCatalogue: boolean;
}
