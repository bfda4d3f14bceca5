#!/usr/bin/env bash
# One command for a fresh machine: install, build, bring up Kafka/MongoDB-API/Redis, start every
# service and the gateway as separate processes with prefixed logs, load demo data. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
echo "==> build"
npx tsc -b
echo "==> infrastructure"
bash infra/bin/infra.sh up

export LOG_PRETTY="${LOG_PRETTY:-1}"
PORT="${PORT:-8080}"
export PORT

(
  # Demo data once the system answers (idempotent: same records, same cases).
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1 && break
    sleep 1
  done
  node scripts/demo-seed.mjs "http://127.0.0.1:${PORT}" || echo "demo data could not be loaded (see above)"
  cat <<MSG

  Consumer-rights workflow is running:
    API + health      http://127.0.0.1:${PORT}/healthz
    cases             http://127.0.0.1:${PORT}/api/v1/cases
  Press Ctrl-C to stop every process (the infrastructure keeps running: npm run infra:down stops it).

MSG
) &

exec npx concurrently --kill-others-on-fail --names gateway,intake,router,workflow,sla,stats \
  --prefix-colors blue,green,magenta,yellow,cyan,white --handle-input=false \
  "node gateway/dist/main.js" \
  "node services/intake/dist/main.js" \
  "node services/router/dist/main.js" \
  "node services/workflow/dist/main.js" \
  "node services/sla/dist/main.js" \
  "node services/stats/dist/main.js"
