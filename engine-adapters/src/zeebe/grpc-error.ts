// What a rejected gateway call means for the port: Zeebe answers with gRPC status codes.
import { EngineError } from '../port';

/** The gRPC status codes Zeebe uses for outcomes the adapter tells apart. */
export const GrpcStatus = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
} as const;

export function grpcStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Zeebe's own words (the gRPC `details`), which name the element or key concerned. */
export function grpcDetails(error: unknown): string {
  const { details, message } = (error ?? {}) as { details?: unknown; message?: unknown };
  if (typeof details === 'string' && details) return details;
  return typeof message === 'string' ? message : String(error);
}

/** A failed gateway call as an EngineError; anything but a bad argument or a missing key counts as unavailable. */
export function toEngineError(error: unknown, doing: string): EngineError {
  const code = grpcStatus(error);
  const kind = code === GrpcStatus.INVALID_ARGUMENT || code === GrpcStatus.FAILED_PRECONDITION ? 'INVALID_ARGUMENT' : code === GrpcStatus.NOT_FOUND ? 'NOT_FOUND' : 'UNAVAILABLE';
  return new EngineError(kind, `${doing}: ${grpcDetails(error)}`, { cause: error });
}
