#!/usr/bin/env bash
# One command for a fresh machine: install, build, bring up Kafka/MongoDB-API/Redis, start every
# service and the gateway as supervised processes (pm2), load demo data. Ctrl-C stops all.
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

# An admin API key for this run (the gateway creates it at start); demo-seed.mjs posts with it.
random() { node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('base64url'))"; }
export CW_BOOTSTRAP_API_KEY="${CW_BOOTSTRAP_API_KEY:-cwk_$(random)}"
# One demo user per role, all with one password: DEMO_PASSWORD, or a new random one each start.
DEMO_PASSWORD="${DEMO_PASSWORD:-demo-$(random)}"
echo "==> demo users"
DEMO_USERS="$(node gateway/dist/cli/users.js demo --password "$DEMO_PASSWORD")"

(
  # Demo data once the system answers (idempotent: same records, same cases).
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1 && break
    sleep 1
  done
  node scripts/demo-seed.mjs "http://127.0.0.1:${PORT}" || echo "demo data could not be loaded (see above)"
  # The synthetic year 2020 (npm run demo:2020) replays in the background: the board fills as it goes.
  mkdir -p .data/logs
  GATEWAY_URL="http://127.0.0.1:${PORT}" LOG_PRETTY=0 npx tsx scripts/demo-2020.ts --if-needed >.data/logs/demo-2020.log 2>&1 &
  cat <<MSG

  Consumer-rights workflow is running:
    API + health      http://127.0.0.1:${PORT}/healthz
    cases             http://127.0.0.1:${PORT}/api/v1/cases   (log in first: POST /api/v1/auth/login)
    council board     http://127.0.0.1:${PORT}/board   (this year, live)
    2020 demo year    http://127.0.0.1:${PORT}/board?from=2020-01-01&to=2020-12-31
                      (replaying in the background, about a minute here; progress: .data/logs/demo-2020.log)
    consoles          http://127.0.0.1:${PORT}/login
    job queues        http://127.0.0.1:${PORT}/admin/queues   (admin)
    processes         npm run ps   (state, restarts, memory of every process; a crashed one restarts by itself)
    metrics           http://127.0.0.1:${PORT}/metrics   (Prometheus; services on :9101 intake, :9102 router,
                      :9103 workflow, :9104 sla, :9105 stats, each with /health; docs/operations.md)

  Demo users (password for all: ${DEMO_PASSWORD}):
$(printf '%s\n' "$DEMO_USERS" | sed 's/^/    /')

  Admin API key for this run (Authorization: Bearer …): ${CW_BOOTSTRAP_API_KEY}
  Press Ctrl-C to stop every process (the infrastructure keeps running: npm run infra:down stops it).

MSG
) &

# Every service and the gateway run under pm2 (infra/pm2/ecosystem.config.cjs): a crashed process
# is restarted with back-off while the others keep running; Ctrl-C stops them all. Each process's
# V8 old space is capped (SERVICE_HEAP_MB, decision 0023).
export PM2_HOME="${PM2_HOME:-$PWD/.data/pm2}"
mkdir -p "$PM2_HOME"
exec npx pm2-runtime infra/pm2/ecosystem.config.cjs
