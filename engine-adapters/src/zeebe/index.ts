// The Zeebe adapter's public face: the engine factory and its configuration.
export { createZeebeEngine } from './zeebe-engine';
export { zeebeConfigFromEnv, zeebeDefaults } from './zeebe.config';
export type { ZeebeEngineConfig, ZeebeEngineOptions } from './zeebe.config';
