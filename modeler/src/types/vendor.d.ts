// Type declarations for the bpmn-io packages that ship none (or none this package can reach
// through their `exports` maps). Only what the modeler uses is declared; the lint's own (bpmnlint)
// come with @hotline/pack-review.

declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const ZeebePropertiesProviderModule: Record<string, unknown>;
  export const ZeebeTooltipProvider: Record<string, unknown>;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: Record<string, unknown>;
  export default module;
}
