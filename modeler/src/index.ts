// @hotline/modeler: the browser modeler (built with Vite into dist/, see README.md). Other packages
// may import the parts that run anywhere: the lint rules (the server can lint a process before
// deploying it) and the typed client of the pack API.
export { createLinterConfig, createLintConfig, resolver as lintResolver, ZEEBE_VERSION, COMPAT_CONFIG } from './lint/lint-config';
export type { LintContext } from './lint/lint-config';
export { lintContextOf } from './lint/lint-context';
export { lintDefinitions, lintProcessXml, flattenLintResults } from './lint/lint-process';
export type { LintIssue, LintSeverity, XmlReader } from './lint/lint-process';
export { lintPackProcesses } from './lint/lint-pack';
export { createBpmnReader } from './lint/moddle';
export { hotlineRules, hotlineConfigs, PLUGIN_PACKAGE } from './lint/plugin';
export { createApiClient, ApiError, encodePackPath, issueFromWhere } from './api';
export type { HotlineApi, PackVersion, PackStatus, SignedInUser, ApiClientOptions } from './api';
