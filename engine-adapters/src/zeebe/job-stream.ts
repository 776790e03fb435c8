// Job push (Zeebe's StreamActivatedJobs, 8.4+): the broker activates a new job for an open stream of its
// type as it creates it and pushes it here, so no job waits for a worker's next poll. The SDK's own
// `streamJobs` neither reports nor reopens a stream the gateway dropped, so the adapter holds the calls
// itself, on one channel, with the SDK's own gateway protocol file.
//
// A stream only carries jobs created (or yielded back) while it is open: what existed before it opened,
// or was created while it was down, is found by the activation poll that runs beside it (job-feed.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ClientReadableStream, type ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ActivatedJob } from './zeebe-job.mapping';

/** A job as the gateway sends it: variables and headers as JSON text, keys as decimal text. */
interface WireJob extends Omit<ActivatedJob, 'variables' | 'customHeaders'> {
  variables: string;
  customHeaders: string;
}

interface StreamRequest {
  type: string;
  worker: string;
  timeout: number;
  fetchVariable: string[];
  tenantIds: string[];
}

interface GatewayStub {
  StreamActivatedJobs(request: StreamRequest): ClientReadableStream<WireJob>;
  close(): void;
}
type GatewayConstructor = new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options: object) => GatewayStub;

export interface JobStreamRequest {
  type: string;
  worker: string;
  /** The lease each pushed job is activated with, as a poll's `timeout`. */
  timeoutMs: number;
}

export interface JobStreams {
  /** Keeps a stream of the type open (reopened after a loss) until close(); each pushed job goes to onJob. */
  open(request: JobStreamRequest, onJob: (job: ActivatedJob) => void): void;
  close(): void;
}

/** Reopening a lost stream: first soon, then backing off up to this while the gateway stays away. */
const REOPEN_FIRST_MS = 200;
const REOPEN_MAX_MS = 5_000;
/** A stream that lived this long was up: its loss is worth a log line, and the back-off starts over. */
const LIVED_MS = 2_000;

export function createJobStreams(address: string, log: (message: string) => void): JobStreams {
  const gateway = new (gatewayConstructor())(address, credentials.createInsecure(), {
    // A broker that went away unannounced (killed, network) is noticed within a minute, not never.
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const calls = new Set<ClientReadableStream<WireJob>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const open = (request: JobStreamRequest, onJob: (job: ActivatedJob) => void, failures = 0): void => {
    if (closed) return;
    const openedAt = Date.now();
    const call = gateway.StreamActivatedJobs({ type: request.type, worker: request.worker, timeout: request.timeoutMs, fetchVariable: [], tenantIds: [] });
    calls.add(call);
    let ended = false;
    const reopen = (reason: string) => {
      if (ended) return;
      ended = true;
      calls.delete(call);
      call.removeAllListeners('data');
      if (closed) return;
      const lived = Date.now() - openedAt >= LIVED_MS;
      const attempt = lived ? 0 : failures + 1;
      if (lived) log(`job stream ${request.type} lost (${reason}); reopening it, the poll finds what it missed`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        open(request, onJob, attempt);
      }, Math.min(REOPEN_MAX_MS, REOPEN_FIRST_MS * 2 ** Math.min(attempt, 5)));
      timer.unref();
      timers.add(timer);
    };
    call.on('data', (job: WireJob) => {
      let parsed: ActivatedJob;
      try {
        parsed = parseWireJob(job);
      } catch (error) {
        // Not handed to anyone: its lease lapses and a poll activates it again (and reports it then).
        log(`job ${job.key} (${request.type}) pushed with unreadable variables: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      onJob(parsed);
    });
    call.on('error', (error: ServiceError) => reopen(error.details || error.message));
    call.on('status', (status: { code: number; details: string }) => reopen(status.details || `status ${status.code}`));
    call.on('end', () => reopen('ended by the gateway'));
  };

  return {
    open: (request, onJob) => open(request, onJob),
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const call of calls) call.cancel();
      calls.clear();
      gateway.close();
    },
  };
}

export function parseWireJob(job: WireJob): ActivatedJob {
  return {
    ...job,
    variables: job.variables ? (JSON.parse(job.variables) as ActivatedJob['variables']) : {},
    customHeaders: job.customHeaders ? (JSON.parse(job.customHeaders) as ActivatedJob['customHeaders']) : {},
  };
}

let gatewayClass: GatewayConstructor | undefined;

/** The Gateway service from the gateway protocol file the SDK ships (so both speak the same version). */
function gatewayConstructor(): GatewayConstructor {
  if (!gatewayClass) {
    const sdkMain = createRequire(import.meta.url).resolve('@camunda8/sdk');
    const definition = loadSync(join(dirname(sdkMain), 'proto', 'zeebe.proto'), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const loaded = loadPackageDefinition(definition) as unknown as { gateway_protocol: { Gateway: GatewayConstructor } };
    gatewayClass = loaded.gateway_protocol.Gateway;
  }
  return gatewayClass;
}
