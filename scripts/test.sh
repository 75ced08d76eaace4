#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: type check, build, unit tests,
# integration tests on SQLite and again on PostgreSQL, browser tests.
# Ends with one line `N passed, N failed` summed over every tier.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || exit 1
. scripts/use-node-24.sh || exit 1
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1
npm run --silent typecheck || { echo "0 passed, 1 failed"; exit 1; }
npm run --silent build || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
mocha=node_modules/.bin/mocha
status=0

tier() {
  local label=$1
  shift
  echo
  echo "=== $label"
  "$mocha" "$@" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}

tier "unit" 'test/unit/**/*.test.ts'
tier "integration on SQLite" 'test/integration/**/*.test.ts'
WARBLE_TEST_DATABASE=postgres tier "integration on PostgreSQL" 'test/integration/**/*.test.ts'
tier "end-to-end (Chromium)" 'test/e2e/**/*.test.ts'

sum() { grep -Eo "^ +[0-9]+ $1" "$log" | awk '{ total += $1 } END { print total + 0 }'; }
passed=$(sum passing)
failed=$(sum failing)
skipped=$(sum pending)
echo
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit "$status"
