// @hotline/forms: the JSON-Schema forms of a city pack's tasks. Pure (no I/O): the portal renders
// what resolveForm gives with @rjsf, the server checks the same schema with validateSubmission.
export type { FormAnnotation, FormCondition, FormFile, JsonObject, JsonValue, ResolvedForm, TaskForm } from './form-file';
export { FORM_ANNOTATIONS, JSON_SCHEMA_2020, OPTIONAL_TASK_FORMS, TASK_FORMS } from './form-file';
export type { FormContext, PlaceOption, PlaceRecord, UnitOption } from './context';
export { placeOptions } from './context';
export type { OptionItem, OptionSource } from './options';
export { OPTION_SOURCES, PICKER_SOURCES } from './options';
export { FormAnnotationError, resolveForm } from './resolve';
export type { FieldError, SubmissionResult } from './submission';
export { validateSubmission } from './submission';
export type { PackFormsOptions } from './pack-forms';
export { packForms, validatePackForms } from './pack-forms';
export type { UserTaskForm } from './bpmn-form-keys';
export { userTaskForms } from './bpmn-form-keys';
export { RJSF_FORM_PROPS } from './rjsf';
export type { ActionContext, ActionDefinition, ActionGuard, TaskAction } from './task-kind';
export { NOTE_SCHEMA, PROTECTED_VARIABLES, actionDefinitions, completionVariables, feelProblem, splitUnits, taskActions } from './task-kind';
export type { CompletedStep, ContextDefinition, ContextItem, ContextItemDefinition, ContextSources, HandoffContext } from './handoff-context';
export { CONTEXT_TICKET_FIELDS, resolveHandoffContext, valueInWords } from './handoff-context';
export type { DecisionInput, DecisionWords } from './decision-words';
export { decisionWords } from './decision-words';
