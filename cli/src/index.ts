export { runCli, processIo } from './run';
export type { CliIo } from './run';
