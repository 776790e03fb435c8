// vitest globalSetup: a Zeebe broker with a controlled clock for the conformance suite.
// With ZEEBE_ADDRESS and ZEEBE_CLOCK_URL set (the adapter's own settings), that broker is used as it
// is: it must run with ZEEBE_CLOCK_CONTROLLED=true (its clock may be anywhere: scenarios start after
// it). Otherwise the engine-adapters' harness (re)starts the local broker (scripts/zeebe.sh, the Maven
// Central distribution) and stops it after the run.
import type { TestProject } from 'vitest/node';
import startLocalBroker from '../../engine-adapters/test/zeebe.global-setup';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const { ZEEBE_ADDRESS: address, ZEEBE_CLOCK_URL: clockUrl } = process.env;
  if (address && clockUrl) {
    project.provide('zeebe', { address, clockUrl });
    return undefined;
  }
  if (address || clockUrl) throw new Error('set both ZEEBE_ADDRESS and ZEEBE_CLOCK_URL to use a running broker, or neither to start the local one');
  return startLocalBroker(project);
}
