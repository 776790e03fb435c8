// The @camunda8/sdk types the adapter uses, in one place: the SDK's namespace does not re-export its job
// and gRPC interfaces, so they come from its dist path (types only; nothing is loaded from there).
import type { Zeebe } from '@camunda8/sdk';

export type ZeebeClient = Zeebe.ZeebeGrpcClient;
export type { IProcessVariables as ZeebeVariables, ZeebeJob } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
export type { ProcessDeployment, TopologyResponse } from '@camunda8/sdk/dist/zeebe/lib/interfaces-grpc-1.0';
