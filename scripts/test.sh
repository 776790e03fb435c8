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
# --continue: one package's failure does not hide the others'; the run still fails.
status=0
npx turbo run test --concurrency=1 --continue --output-logs=full || status=$?
node scripts/test-summary.mjs test-results
exit "$status"
