// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- packages that import this one type-check it without its tsconfig: they need its declarations of untyped vendor modules
/// <reference path="./types/vendor.d.ts" />
// @hotline/pack-review: what policy staff and the server check about a pack before it is published.
// Pure (no I/O): the modeler runs it in the browser on unsaved edits, the server on a stored draft.
//  - process lint: bpmnlint with Camunda 8.5 compatibility and our house rules, against the pack;
//  - pack diff: two pack versions compared as policy staff read a change;
//  - roll-out checklist: what an implementer must still do before the city can go live.

// Process lint
export { createLinterConfig, createLintConfig, resolver as lintResolver, ZEEBE_VERSION, COMPAT_CONFIG } from './lint/lint-config';
export type { LintContext } from './lint/lint-config';
export { knownStagesOf, lintContextOf } from './lint/lint-context';
export { lintDefinitions, lintProcessXml, flattenLintResults } from './lint/lint-process';
export type { LintIssue, LintSeverity, XmlReader } from './lint/lint-process';
export { lintPackProcesses } from './lint/lint-pack';
export { createBpmnReader } from './lint/moddle';
export { localizeLintMessage, ruleTitle } from './lint/messages-zh';
export { hotlineRules, hotlineConfigs, PLUGIN_PACKAGE, DEADLINE_JOB_TYPE, formNameOf, stageOfTimeDate } from './lint/plugin';
// Reading BPMN elements by our conventions (the modeler's "热线设置" shortcuts use the same helpers).
export { expressionText, extensionOf, is, taskHeaderOf } from './lint/plugin/model';
export type { ModdleElement } from './lint/plugin/types';

// Pack diff
export { diffPacks, fileChanges } from './diff/pack-diff';
export type { FileChanges, FileJsonChange, FormDiff, PackDiff } from './diff/pack-diff';
export { cellText } from './diff/deadline-table';
export type { DeadlineCell, DeadlineCellChange, DeadlineTableDiff } from './diff/deadline-table';
export type { JsonChange, JsonChangeKind } from './diff/json-diff';
export type { ChangedElement, ProcessDiff, ProcessElementSummary } from './diff/process-diff';

// Roll-out checklist
export { COPIED_NOTE, checklistSummary, organisationChecklist, packChecklist, rolesInProcesses } from './rollout/checklist';
export type { OrganisationFacts, RolloutGroup, RolloutItem, RolloutStatus } from './rollout/checklist';
