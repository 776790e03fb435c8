// The HTTP API's request and response shapes, once: TypeBox schemas the server's routes validate and
// document with (OpenAPI), and their Static types the portal and the server's services use. Pure data
// and types (no I/O); the portal imports types only, so no schema code reaches its bundle.
export { LocalDate, Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';
export { SubjectQuery, TicketBody } from './tickets';
export {
  CallInProgressBody,
  FoundTicketBody,
  LinkedCallBody,
  PhoneBody,
  RepeatCallBody,
  RepeatCallFiguresBody,
  RepeatCandidateBody,
  RepeatCandidatesBody,
  SearchBody,
  SearchCriteriaBody,
  SearchPageBody,
} from './search';
export type {
  CallInProgress,
  FoundTicket,
  LinkedCall,
  RepeatCallFigures,
  RepeatCallInput,
  RepeatCandidate,
  RepeatCandidates,
  RepeatReason,
  SearchCriteria,
  SearchPage,
} from './search';
export { ContextFieldBody, ContextItemBody, ContextRecordEntryBody, HandoffContextBody } from './handoff-context';
export type { ContextField, ContextItem, ContextRecordEntry, HandoffContext } from './handoff-context';
export type { ApiTicket } from './tickets';
export { DELIVERY_STATES, DeliveryStateBody, NotificationBody, NotificationListBody, UndeliveredBody } from './notifications';
export type { DeliveryRecipient, DeliveryState, NotificationList, PortalNotification, UndeliveredReminder } from './notifications';
export { BulletinBody, BulletinEntryBody, IssueOrderBody, SupervisionOrderBody } from './supervision-orders';
export type { Bulletin, BulletinEntry, IssueOrderInput, SupervisionOrder } from './supervision-orders';
export { SubjectCardBody, TaskActionBody, TaskBody } from './tasks';
export type { ApiSubjectCard, ApiTask, ApiTaskAction } from './tasks';
export { AccountBody } from './accounts';
export type { Account } from './accounts';
export {
  CatalogueEntryBody,
  CatalogueEntryFields,
  CatalogueProposalBody,
  DeterminationBody,
  DeterminationReason,
  DispatchProposalBody,
  EntryViewBody,
  ProposalBody,
  VersionBody,
} from './catalogue';
export type { CatalogueStatus, CatalogueVersion, Determination, DeterminationDecision, DeterminationKind, DispatchProposal, EntryView, Proposal } from './catalogue';
export { AppealBody, FigureBody, FileAppealBody, IndicatorDefBody, RunAssessmentBody, RunBody, RunSummaryBody, TraceBody, UnitResultBody } from './assessment';
export type { AssessmentAppeal, AssessmentFigure, AssessmentRun, AssessmentRunSummary, AssessmentTrace, AssessmentUnitResult, FileAppealInput, RunAssessmentInput } from './assessment';
export {
  KnowledgeDraftBody,
  KnowledgeEntryBody,
  KnowledgeEntryDetailBody,
  KnowledgeEntryPageBody,
  KnowledgeFlagBody,
  KnowledgeHitBody,
  KnowledgeHitsBody,
  KnowledgeListQuery,
  KnowledgeReadingBody,
  KnowledgeSearchBody,
  KnowledgeSettingsBody,
  KnowledgeStatusBody,
  KnowledgeUseBody,
  KnowledgeVersionBody,
} from './knowledge';
export type { KnowledgeDraft, KnowledgeEntry, KnowledgeEntryDetail, KnowledgeEntryPage, KnowledgeHit, KnowledgeHits, KnowledgeReading, KnowledgeSettings, KnowledgeUse, KnowledgeVersion } from './knowledge';
export { BriefingBody, BriefingListBody, BriefingRequestBody, DashboardBody, DashboardQuery } from './analysis';
export type { AnalysisDashboard, Briefing, BriefingList, BriefingRequest } from './analysis';
export { READY_EVENT, RESYNC_EVENT, TASK_CHANGES, TASK_EVENT, TaskEventBody } from './task-events';
export type { TaskChange, TaskEvent } from './task-events';
