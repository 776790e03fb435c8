// The heavy part of @hotline/pack-review (bpmn-moddle, bpmnlint and the rules), imported only with
// import() so it stays out of the first chunk: the app loads it when it lints or compares processes.
export { createBpmnReader, lintPackProcesses } from '@hotline/pack-review';
