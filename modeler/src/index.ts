// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- packages that import this one (the server) type-check it without its tsconfig: they need its declarations of untyped vendor modules
/// <reference path="./types/vendor.d.ts" />
// @hotline/modeler: the browser modeler (built with Vite into dist/, see README.md). Other packages
// may import the parts that run anywhere: the lint rules (the server can lint a process before
// deploying it), the pack diff and the roll-out checklist (the server's endpoints compute the same),
// and the typed client of the pack API.
export { createLinterConfig, createLintConfig, resolver as lintResolver, ZEEBE_VERSION, COMPAT_CONFIG } from './lint/lint-config';
export type { LintContext } from './lint/lint-config';
export { lintContextOf } from './lint/lint-context';
export { lintDefinitions, lintProcessXml, flattenLintResults } from './lint/lint-process';
export type { LintIssue, LintSeverity, XmlReader } from './lint/lint-process';
export { lintPackProcesses } from './lint/lint-pack';
export { createBpmnReader } from './lint/moddle';
export { hotlineRules, hotlineConfigs, PLUGIN_PACKAGE } from './lint/plugin';
export { diffPacks, fileChanges } from './diff/pack-diff';
export type { FileChanges, FileJsonChange, FormDiff, PackDiff } from './diff/pack-diff';
export type { DeadlineCell, DeadlineCellChange, DeadlineTableDiff } from './diff/deadline-table';
export type { JsonChange, JsonChangeKind } from './diff/json-diff';
export type { ChangedElement, ProcessDiff, ProcessElementSummary } from './diff/process-diff';
export { COPIED_NOTE, checklistSummary, organisationChecklist, packChecklist, rolesInProcesses } from './state/rollout';
export type { OrganisationFacts, RolloutGroup, RolloutItem, RolloutStatus } from './state/rollout';
export { createApiClient, ApiError, encodePackPath, issueFromWhere } from './api';
export type { HotlineApi, PackVersion, PackStatus, SignedInUser, ApiClientOptions } from './api';
