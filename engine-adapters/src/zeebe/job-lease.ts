// Keeps a job leased while its handler works: the timeout is renewed at half-time, so a long handler
// needs no huge timeout and a crashed worker's job is handed out again soon.
import type { ZeebeClient } from './zeebe-sdk';

export interface JobLease {
  release(): void;
}

export function holdJobLease(client: ZeebeClient, jobKey: string, timeoutMs: number): JobLease {
  const renew = setInterval(() => {
    // A renewal that fails (the job was completed, cancelled or handed out again) just stops renewing.
    client.updateJobTimeout({ jobKey, timeout: timeoutMs }).catch(() => clearInterval(renew));
  }, timeoutMs / 2);
  renew.unref();
  return { release: () => clearInterval(renew) };
}
