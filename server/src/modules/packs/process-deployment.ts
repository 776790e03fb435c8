// The seams between publishing a pack and the workflow engine: deploying a version's processes
// (before the publication commits, so a process the engine refuses publishes nothing), and moving the
// live deadline timers of running tickets when a deadline is recomputed. The workflow module
// implements both over the engine in use; the app passes them to the pack routes (app.ts).
export interface DeployedProcessSummary {
  /** The pack file, e.g. `processes/ticket.bpmn`. */
  resource: string;
  bpmnProcessId: string;
  /** The engine's version of that process id (the same XML deployed again keeps its version). */
  version: number;
}

export interface DeploymentResult {
  engine: 'zeebe' | 'embedded';
  processes: DeployedProcessSummary[];
}

export interface PackProcessDeployer {
  readonly engine: 'zeebe' | 'embedded';
  /**
   * Deploys a stored pack version's processes on the engine in use and records what they became.
   * The version's files are final (a draft being published: validated, locked). Throws the engine's
   * refusal (EngineError DEPLOY_REJECTED) with its reason.
   */
  deploy(version: { id: number; cityId: string; number: number }): Promise<DeploymentResult>;
}

/** Moves a running ticket's deadline watch: the `deadlineChanged` message its process waits for. */
export interface DeadlineTimers {
  readonly engine: 'zeebe' | 'embedded';
  move(message: { ticketId: string; variables: Record<string, unknown>; messageId: string }): Promise<void>;
}

/** What the pack routes get from the workflow module; absent parts are reported, never skipped quietly. */
export interface PackWorkflow {
  deployer?: PackProcessDeployer;
  timers?: DeadlineTimers;
}

export const NO_DEPLOYER =
  'no workflow engine is wired to publishing (PackWorkflow.deployer is missing in app.ts): the processes were not deployed, so tickets of this version cannot start';
export const NO_TIMERS =
  'no workflow engine is wired to deadline recomputation (PackWorkflow.timers is missing in app.ts): the deadlines were recomputed in the database, the live timers were not moved';
