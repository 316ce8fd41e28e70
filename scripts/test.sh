#!/usr/bin/env bash
# The whole test suite, as CI runs it: static checks, unit specs, integration specs on embedded
# Postgres (and headless Chromium for the web client), then the distributed suite against real
# Kafka, Redis, Postgres and Elasticsearch started by deploy/local/engines.sh on ports of our own.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true

# A jest run that does not end (a resource a failed spec left running keeps the process alive)
# fails here with its output, well inside CI's 90 minutes, instead of using them up. The bounds
# leave room above what the runs take on a 2-core box (unit + integration 25 minutes on a quiet one,
# 38 on a busy one on 2026-12-07; distributed about 8): a slow box must not fail a green suite,
# and the two bounds with the install stay inside the 90.
within() {
  local limit=$1; shift
  timeout --kill-after=30s "$limit" "$@" || {
    local rc=$?
    [ "$rc" -eq 124 ] && echo "test.sh: '$*' did not finish within $limit" >&2
    return "$rc"
  }
}

bash scripts/install-test-deps.sh

echo "== typecheck"; npm run --silent typecheck
echo "== lint (module boundaries)"; npm run --silent lint
echo "== unit + integration"
within 55m npx jest --selectProjects unit integration --maxWorkers=2

if compgen -G "apps/*/src/**/*.distributed-spec.ts" > /dev/null || compgen -G "libs/*/src/**/*.distributed-spec.ts" > /dev/null; then
  echo "== distributed (real Kafka, Redis, Postgres, Elasticsearch)"
  trap 'bash deploy/local/engines.sh stop > /dev/null 2>&1 || true' EXIT
  bash deploy/local/engines.sh start
  eval "$(bash deploy/local/engines.sh env)"
  within 25m npx jest --selectProjects distributed --runInBand
fi
