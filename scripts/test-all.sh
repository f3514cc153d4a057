#!/usr/bin/env bash
# Runs every test tier: static checks, unit, build, e2e (Chromium), and integration (real sandbox).
# The sandbox binaries (etcd, kube-apiserver, dex, kwok, kubectl) build in the background while
# the fast tiers run; they are cached by version, so later runs reuse them.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
rm -f artifacts/vitest-*.json  # a tier that does not run must not be read from an earlier run
failures=()
step() { echo; echo "=== $*"; }

ensure_chromium() {
  if [ -x "${PIPE_CHROMIUM:-/usr/bin/chromium}" ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian chromium (needed by the e2e tests)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The e2e tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'." >&2
    return 1
  fi
}

step "sandbox binaries: building in the background (log: artifacts/sandbox-build.log)"
(npx tsx sandbox/build-binaries.ts && npx tsx sandbox/build-binaries.ts tekton-controller gofakes3) > artifacts/sandbox-build.log 2>&1 &
build_pid=$!

ensure_chromium || failures+=("chromium")

step "typecheck"; npm run -s typecheck || failures+=("typecheck")
step "lint"; npx eslint . || failures+=("lint")

step "unit tests"
npx vitest run --project unit --project dom --reporter=default --reporter=json \
  --outputFile.json=artifacts/vitest-unit.json || failures+=("unit")

step "build"; npx electron-vite build > artifacts/build.log 2>&1 || { tail -30 artifacts/build.log; failures+=("build"); }

step "waiting for sandbox binaries"
if wait "$build_pid"; then
  tail -5 artifacts/sandbox-build.log
else
  tail -40 artifacts/sandbox-build.log; failures+=("sandbox-build")
fi

step "integration tests (real kube-apiservers, Dex, kwok)"
npx vitest run --project integration --reporter=default --reporter=json \
  --outputFile.json=artifacts/vitest-integration.json || failures+=("integration")

step "e2e tests (Chromium, browser mode)"
npx vitest run --project e2e --reporter=default --reporter=json \
  --outputFile.json=artifacts/vitest-e2e.json || failures+=("e2e")

if [ ${#failures[@]} -gt 0 ]; then
  echo "FAILED steps: ${failures[*]}"
  status=1
else
  echo "all test tiers passed"
  status=0
fi
# The closing line counts every tier's tests: "tests: N passed, N failed, N skipped". A suite that failed outside
# its tests counts as failed, and so does any skipped test in the integration and e2e tiers.
npx tsx scripts/summarize-tests.ts artifacts/vitest-unit.json --no-skips artifacts/vitest-integration.json artifacts/vitest-e2e.json || status=1
exit $status
