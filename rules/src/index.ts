// @hotline/rules: a city's regulations as data, and the pure arithmetic on them.
// No I/O here: the browser, the CLI and the server all import this.
export type {
  AllowedDeadlineRule,
  CalendarEntry,
  CalendarYear,
  CityInfo,
  CityPack,
  CountFrom,
  DeadlineRule,
  DeadlineWarning,
  DispatchPolicy,
  SupervisionOrderPolicy,
  ForbiddenDeadlineRule,
  GrassrootsGuard,
  MatterNode,
  MatterTaxonomyFile,
  NotificationChannel,
  NotificationEvent,
  NotificationRecipientDefinition,
  NotificationRecipients,
  NotificationRule,
  RecipientPeople,
  RecipientUnit,
  RepeatCallPolicy,
  Period,
  PeriodUnit,
  Policies,
  RatingScale,
  RedirectCategory,
  PlatformRole,
  PortalPage,
  RevealReason,
  RevealRule,
  RoleDefinition,
  RoleScope,
  RuleVersion,
  Sourced,
  StageDefinition,
  Stage,
  TicketType,
  WorkingDayMode,
} from './pack/types';
export { CORE_NOTIFICATION_RECIPIENTS, NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, NOTIFICATION_PLACEHOLDERS, NOTIFICATION_RECIPIENTS, RECIPIENT_PEOPLE, RECIPIENT_UNITS } from './pack/types';
export { STAGES, PLATFORM_ROLES, ROLE_SCOPES, PORTAL_PAGES, UNIT_PAGES, REVEAL_RULES, PERIOD_UNITS, WORKING_DAY_MODES, REDIRECT_ACTIONS, COUNT_FROM } from './pack/types';
export { DEFAULT_REPEAT_CALLS, DEFAULT_REVEAL_REASONS, DEFAULT_ROLES, PLATFORM_ROLE_LABELS, isPlatformRole, notificationRecipientsOf, recipientKeys, repeatCallsOf, revealReasonsOf, rolesOf, stagesOf } from './pack/vocabulary';
export { STAGE_LABELS, UNIT_LABELS } from './pack/labels-zh';
export { DEFAULT_ANALYSIS, analysisOf, analysisSchema } from './pack/analysis';
export type { AnalysisPolicy, BriefingDefinition, SensitiveMatter } from './pack/analysis';
export { citySchema, ruleVersionSchema, calendarYearSchema, mattersSchema } from './pack/schema';
export { MATTERS_FILE } from './pack/matters-check';
export { MatterTaxonomy, PATH_SEPARATOR, withImportedMatters } from './matters/taxonomy';
export type { Matter } from './matters/taxonomy';
export { validatePack, parsePack } from './pack/validate';
export { executableProcessIds, subjectProcessesOf, subjectProcessesSchema } from './pack/subject-processes';
export type { SubjectProcessDeclaration } from './pack/subject-processes';
export type { PackFile, PackValidation, ValidateOptions } from './pack/validate';
export { HotlineError, PackValidationError, formatIssue } from './errors';
export type { ErrorLevel, PackIssue } from './errors';
export { WorkingDayCalendar } from './calendar/working-days';
export type { DayInfo } from './calendar/working-days';
export { parseInstant, formatInstant, parseLocalDate, formatLocalDate, localDayOf } from './calendar/local-date';
export { addPeriod, isOverdue, latestPassedDue, subtractPeriod } from './deadline/periods';
export type { PeriodContext, PeriodEnd } from './deadline/periods';
export { CityRules } from './deadline/rule-book';
export type { Deadline, DeadlineRequest, LegalPeriod, RuleQuery, RuleResolution, StageSpan, WarningInstant } from './deadline/rule-book';
export { fractionInstant } from './deadline/warnings';
export type { ElapsedContext, FractionInstant, SpanCounting } from './deadline/warnings';
export { parsePeriod } from './deadline/period-text';
export { ajvToMessages, parseJson } from './pack/messages';
export type { PathMessage } from './pack/messages';
export { articleZh, chineseNumeral, citationText, citeSource } from './citation';
export type { CitationPart, SourceDocumentRef } from './citation';
export { assessUnits, categoryOf, gradeOf, matches, matchesAll, pointsOf, traceIndicator } from './assessment/compute';
export type { AssessmentInput, IndicatorFigure, Role as AssessmentRole, TraceEntry, UnitResult } from './assessment/compute';
export type { AssessmentPlan, Exclusion, FactFilter, FactRecord, FactSets, FactValue, Grade, Indicator, Measure, ScoreRule, UnitCategory } from './assessment/types';
export { assessmentSchema } from './pack/assessment-schema';
export type { KnowledgeCategory, KnowledgeKind, KnowledgePolicy } from './pack/knowledge';
export { KNOWLEDGE_CLASSIFICATIONS, categoryKeys, categoryPath, expiryDue, isOffered, knowledgeProblems, latestExpiry, personalDataIn, policyNoticeInTime, updateDueAt } from './knowledge/knowledge-rules';
export type { KnowledgeClassification, KnowledgeDraft, KnowledgeProblem } from './knowledge/knowledge-rules';
export { FALLBACK, compileFeel, compiledFeel, feelValue, referencedVariables } from './feel/compile';
export type { CompiledFeel } from './feel/compile';
