#!/usr/bin/env bash
# The whole test suite: lint, type-check, then every package's tests (real services included).
# Each step fails loudly; a package whose tests cannot start its dependencies fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

bash scripts/setup.sh
echo "== lint"
npx eslint .
echo "== type-check"
npx turbo run typecheck --output-logs=errors-only
echo "== tests"
rm -rf test-results && mkdir -p test-results
# Two lanes at once, one per core: the suites that need the one local Zeebe broker (they would only
# take turns on it anyway), and all the others. Each lane runs its packages one at a time;
# --continue: one package's failure does not hide the others'; the run still fails.
lane() { npx turbo run "test:$1" --concurrency=1 --continue --output-logs=full; }
lane with-broker & broker_lane=$!
lane without-broker & other_lane=$!
status=0
wait "$broker_lane" || status=$?
wait "$other_lane" || status=$?
node scripts/test-summary.mjs test-results || status=$?
exit "$status"
