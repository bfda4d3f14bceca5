#!/usr/bin/env bash
# Local infrastructure without Docker: Kafka (KRaft), FerretDB (MongoDB wire API on PostgreSQL), Redis.
#
#   infra.sh up                     build/fetch what is missing, start (or reuse) all three
#   infra.sh down                   stop what this script started (pid files only)
#   infra.sh status                 running (pid, port) / stopped / external, per component
#   infra.sh start <kafka|mongo|redis>
#   infra.sh stop  <kafka|mongo|redis>
#   infra.sh env                    print the connection variables the app uses
#
# Downloads and builds are cached in <repo>/.cache/infra (a warm `up` runs neither mvn nor go);
# runtime data lives in <repo>/.data/{kafka,ferretdb,postgres,redis}, logs in .data/logs, pid files in .data/run.
# The mongo component is two processes: FerretDB and the PostgreSQL server it stores into (our own
# cluster on 127.0.0.1:$PG_PORT, run as the `postgres` user when infra.sh runs as root).
#
# If MONGO_URL / KAFKA_BROKERS / REDIS_URL point somewhere other than the local default address,
# that component is "external": nothing is built or started for it.
#
# Tunables (environment): INFRA_KAFKA_HEAP (default "-Xms256m -Xmx1g"), INFRA_KAFKA_TIMEOUT (90),
# INFRA_MONGO_TIMEOUT (30), INFRA_REDIS_TIMEOUT (20), INFRA_STOP_TIMEOUT (60).
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
CACHE_DIR="$REPO_ROOT/.cache/infra"
DATA_DIR="$REPO_ROOT/.data"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"

FERRETDB_VERSION="v1.24.2"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"

KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
MONGO_PORT=27017
PG_PORT=27432   # FerretDB's backend only; not used by the application
REDIS_PORT=6379

KAFKA_TIMEOUT="${INFRA_KAFKA_TIMEOUT:-90}"
MONGO_TIMEOUT="${INFRA_MONGO_TIMEOUT:-30}"
REDIS_TIMEOUT="${INFRA_REDIS_TIMEOUT:-20}"
STOP_TIMEOUT="${INFRA_STOP_TIMEOUT:-60}"

COMPONENTS=(kafka mongo redis)
COMPONENT="infra"   # prefix for log lines; each component's subshell sets its own

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

say() { printf '[%-5s] %s\n' "$COMPONENT" "$*"; }

# port_open PORT: true if something accepts TCP connections on 127.0.0.1:PORT.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# Marker that must appear in /proc/<pid>/cmdline, so a recycled pid is never mistaken for ours.
cmd_marker() {
  case "$1" in
    kafka) echo "kafka.Kafka" ;;
    mongo) echo "ferretdb" ;;
    redis) echo "redis-server" ;;
  esac
}

# our_pid NAME: prints the pid if the pid file names a live process of that component.
our_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f $f ]] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ $cmdline == *"$(cmd_marker "$1")"* ]] || return 1
  echo "$pid"
}

# Rotate the previous log so waits only look at this start's output.
rotate_log() {
  local f
  f="$(log_file "$1")"
  if [[ -f $f ]]; then mv -f "$f" "$f.1"; fi
  : >"$f"
}

# report_failure NAME MESSAGE [LOG]: say what failed; the details (last 30 log lines) go to
# .data/run/NAME.failure and are printed by up_components after all parallel jobs have finished,
# so output does not interleave.
report_failure() {
  local name="$1" msg="$2" log="${3:-$(log_file "$1")}"
  say "FAILED: $msg"
  {
    echo "[$name] FAILED: $msg"
    echo "[$name] log: $log — last 30 lines:"
    if [[ -f $log ]]; then tail -n 30 "$log" | sed 's/^/    /'; else echo "    (no log file)"; fi
  } >"$RUN_DIR/$name.failure"
}

fail() {
  report_failure "$@"
  exit 1
}

# port_holder PORT: "name pid N" of the process listening on 127.0.0.1:PORT, if ss can tell.
port_holder() {
  local line
  line="$(ss -Hltnp "sport = :$1" 2>/dev/null || true)"
  if [[ $line =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]} pid ${BASH_REMATCH[2]}"
  else
    echo "unknown process"
  fi
}

# Serialise up/start/stop/down of concurrent infra.sh runs (fd 9; closed for the servers we start).
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/infra.lock"
  if ! flock -w 300 9; then
    echo "[infra] FAILED: another infra.sh still holds $RUN_DIR/infra.lock after 300s" >&2
    exit 1
  fi
}

# start_bg NAME LOG CMD...: start CMD detached, stdout/stderr appended to LOG, pid file written.
start_bg() {
  local name="$1" log="$2"
  shift 2
  nohup setsid "$@" >>"$log" 2>&1 </dev/null 9>&- &
  echo $! >"$(pid_file "$name")"
}

# wait_ready NAME TIMEOUT CHECK...: poll CHECK until it succeeds; fail if our process dies or the
# timeout passes.
wait_ready() {
  local name="$1" timeout="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    # Right after the fork /proc/<pid>/cmdline may still show the parent's command line, so only a
    # pid that is gone counts as "exited" (seen once under load while Kafka was starting).
    if ! our_pid "$name" >/dev/null && ! kill -0 "$(cat "$(pid_file "$name")" 2>/dev/null || echo 0)" 2>/dev/null; then
      fail "$name" "process exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      report_failure "$name" "not ready after ${timeout}s (stopping it again)"
      stop_component "$name" >/dev/null
      exit 1
    fi
    sleep 0.5
  done
}

# stop_component NAME: SIGTERM our process, SIGKILL after STOP_TIMEOUT seconds.
stop_component() {
  local name="$1" pid
  COMPONENT="$name"
  if ! pid="$(our_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    say "not running (nothing started by infra.sh)"
    return 0
  fi
  say "stopping pid $pid ..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.3
  done
  rm -f "$(pid_file "$name")"
  say "stopped"
}

# url_hostport URL DEFAULT_PORT: "host:port" of the first host in a mongodb:// or redis:// URL.
url_hostport() {
  local rest="${1#*://}" hp
  hp="${rest%%[/?]*}"      # authority part
  hp="${hp##*@}"           # drop user:password@
  hp="${hp%%,*}"           # first host of a list
  [[ $hp == *:* ]] || hp="$hp:$2"
  echo "$hp"
}

is_local_hostport() {
  case "$1" in
    127.0.0.1:"$2" | localhost:"$2") return 0 ;;
    *) return 1 ;;
  esac
}

# is_external NAME: true if the app is configured to use a server we must not start.
is_external() {
  case "$1" in
    kafka)
      [[ -n ${KAFKA_BROKERS:-} ]] || return 1
      ! is_local_hostport "${KAFKA_BROKERS%%,*}" "$KAFKA_PORT"
      ;;
    mongo)
      [[ -n ${MONGO_URL:-} ]] || return 1
      [[ $MONGO_URL == mongodb+srv://* ]] && return 0
      ! is_local_hostport "$(url_hostport "$MONGO_URL" 27017)" "$MONGO_PORT"
      ;;
    redis)
      [[ -n ${REDIS_URL:-} ]] || return 1
      ! is_local_hostport "$(url_hostport "$REDIS_URL" 6379)" "$REDIS_PORT"
      ;;
  esac
}

external_desc() {
  case "$1" in
    kafka) echo "KAFKA_BROKERS=$KAFKA_BROKERS" ;;
    mongo) echo "MONGO_URL=$(echo "$MONGO_URL" | sed -E 's#//[^@/]*@#//***@#')" ;;
    redis) echo "REDIS_URL=$(echo "$REDIS_URL" | sed -E 's#//[^@/]*@#//***@#')" ;;
  esac
}

component_port() {
  case "$1" in
    kafka) echo "$KAFKA_PORT" ;;
    mongo) echo "$MONGO_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
  esac
}

# healthy NAME: the port answers with the expected kind of server.
healthy() {
  case "$1" in
    kafka) kafka_ping ;;
    mongo) port_open "$MONGO_PORT" ;;
    redis) redis_ping ;;
  esac
}

# Install Debian packages for missing commands, once and serially (before parallel work).
ensure_tools() {
  local need_kafka="$1" need_go="$2" need_redis="$3" need_pg="${4:-no}" pkgs=()
  if [[ $need_pg == yes && -z $(pg_bindir) ]]; then
    pkgs+=(postgresql)
  fi
  if [[ $need_kafka == yes ]]; then
    command -v java >/dev/null || pkgs+=(openjdk-17-jre-headless)
    [[ -f $CACHE_DIR/kafka/libs.ok ]] || command -v mvn >/dev/null || pkgs+=(maven)
  fi
  if [[ $need_redis == yes ]]; then
    command -v redis-server >/dev/null || pkgs+=(redis-server)
    command -v redis-cli >/dev/null || pkgs+=(redis-tools)
  fi
  if [[ $need_go == yes ]] && ! command -v go >/dev/null; then
    echo "[infra] FAILED: 'go' (>= 1.24) is needed to build FerretDB once; Debian's golang is too old." >&2
    echo "[infra]         Install Go, or set MONGO_URL to an existing MongoDB." >&2
    exit 1
  fi
  ((${#pkgs[@]})) || return 0
  if [[ $(id -u) != 0 ]]; then
    echo "[infra] FAILED: missing ${pkgs[*]} and not root; install them with apt-get." >&2
    exit 1
  fi
  echo "[infra] installing ${pkgs[*]} with apt-get (log: $LOG_DIR/apt.log) ..."
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"; } \
    >"$LOG_DIR/apt.log" 2>&1 9>&-; then
    echo "[infra] FAILED: apt-get install ${pkgs[*]}; last 30 lines of $LOG_DIR/apt.log:" >&2
    tail -n 30 "$LOG_DIR/apt.log" | sed 's/^/    /' >&2
    exit 1
  fi
  if [[ " ${pkgs[*]} " == *" postgresql "* ]]; then
    # Debian starts a default cluster on 5432; we run our own (pg_up), so stop it.
    command -v pg_ctlcluster >/dev/null && for v in /etc/postgresql/*/main; do
      [[ -d $v ]] && pg_ctlcluster "$(basename "$(dirname "$v")")" main stop >/dev/null 2>&1 || true
    done
  fi
  if [[ " ${pkgs[*]} " == *" redis-server "* ]]; then
    # A packaged service may have been started on 6379 with Debian's config: we run our own.
    if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
      systemctl disable --now redis-server >/dev/null 2>&1 || true
    elif [[ -x /etc/init.d/redis-server ]]; then
      /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka: broker classpath from Maven Central, single-node KRaft
# ---------------------------------------------------------------------------------------------

KAFKA_LIBS="$CACHE_DIR/kafka/libs"

kafka_pom_sum() { sha256sum "$INFRA_DIR/kafka/pom.xml" | cut -d' ' -f1; }

kafka_prepare() {
  local stamp="$CACHE_DIR/kafka/libs.ok"
  if [[ -f $stamp && $(cat "$stamp") == "$(kafka_pom_sum)" ]]; then
    return 0
  fi
  local log="$LOG_DIR/kafka-build.log" tmp="$CACHE_DIR/kafka/libs.tmp"
  say "fetching broker jars from Maven Central (mvn, log: $log) ..."
  mkdir -p "$CACHE_DIR/kafka"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1; then
    fail kafka "mvn dependency:copy-dependencies failed" "$log"
  fi
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  kafka_pom_sum >"$stamp"
  say "broker jars cached in ${KAFKA_LIBS#"$REPO_ROOT"/}"
}

kafka_version() {
  local jars=("$KAFKA_LIBS"/kafka_2.13-*.jar) jar
  jar="${jars[0]##*/kafka_2.13-}"
  echo "${jar%.jar}"
}

# kafka_java_cmd: the java command line (array KAFKA_JAVA) for running Kafka classes.
kafka_java_cmd() {
  local heap
  read -r -a heap <<<"${INFRA_KAFKA_HEAP:--Xms256m -Xmx1g}"
  KAFKA_JAVA=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Dlog4j2.shutdownHookEnabled=false
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties"
    -Dkafka.logs.dir="$LOG_DIR"
    -cp "$KAFKA_LIBS/*")
}

# ApiVersions v0 request (api key 18, correlation id 7); healthy if the reply carries
# correlation id 7 and error code 0. Works with any Kafka broker version.
kafka_ping() {
  local out bytes
  out="$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT || exit 1
    printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x07\x00\x00' >&3
    head -c 10 <&3 | od -An -tx1" 2>/dev/null)" || return 1
  read -r -a bytes <<<"$out"
  # bytes 0-3: response size, 4-7: correlation id, 8-9: error code
  [[ ${#bytes[@]} == 10 && "${bytes[*]:4:6}" == "00 00 00 07 00 00" ]]
}

kafka_started_in_log() { grep -q "Kafka Server started" "$(log_file kafka)" 2>/dev/null; }
kafka_ready() { kafka_started_in_log && kafka_ping; }

kafka_up() {
  COMPONENT=kafka
  local pid
  if pid="$(our_pid kafka)" && kafka_ping; then
    say "reused (pid $pid, 127.0.0.1:$KAFKA_PORT)"; return 0
  fi
  if kafka_ping; then
    say "reused (external broker answering on 127.0.0.1:$KAFKA_PORT)"; return 0
  fi
  if pid="$(our_pid kafka)"; then
    # Our broker is still starting (or hanging): wait for it rather than starting a second one.
    say "pid $pid is starting, waiting ..."
    wait_ready kafka "$KAFKA_TIMEOUT" kafka_ping
    say "running (pid $pid, 127.0.0.1:$KAFKA_PORT)"; return 0
  fi
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      fail kafka "port $p is in use by $(port_holder "$p"), which is not a healthy Kafka broker"
    fi
  done

  kafka_prepare

  local dir="$DATA_DIR/kafka"
  mkdir -p "$dir/data"
  sed "s#@KAFKA_LOG_DIRS@#$dir/data#" "$INFRA_DIR/kafka/server.properties.template" >"$dir/server.properties"
  rotate_log kafka
  kafka_java_cmd
  if [[ ! -f $dir/data/meta.properties ]]; then
    [[ -s $dir/cluster.id ]] ||
      head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$dir/cluster.id"
    say "formatting storage (cluster id $(cat "$dir/cluster.id")) ..."
    if ! "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$(cat "$dir/cluster.id")" \
      -c "$dir/server.properties" >>"$(log_file kafka)" 2>&1; then
      fail kafka "kafka.tools.StorageTool format failed"
    fi
  fi

  say "starting Kafka $(kafka_version) (KRaft, 127.0.0.1:$KAFKA_PORT, controller :$KAFKA_CONTROLLER_PORT) ..."
  local start=$SECONDS
  start_bg kafka "$(log_file kafka)" "${KAFKA_JAVA[@]}" kafka.Kafka "$dir/server.properties"
  wait_ready kafka "$KAFKA_TIMEOUT" kafka_ready
  say "started in $((SECONDS - start))s (pid $(our_pid kafka), log ${LOG_DIR#"$REPO_ROOT"/}/kafka.log)"
}

# ---------------------------------------------------------------------------------------------
# FerretDB (MongoDB wire protocol), built from the Go module source
# ---------------------------------------------------------------------------------------------

FERRETDB_BIN="$CACHE_DIR/ferretdb/ferretdb-$FERRETDB_VERSION"

mongo_prepare() {
  if [[ -x $FERRETDB_BIN && -f $FERRETDB_BIN.ok ]]; then
    return 0
  fi
  local log="$LOG_DIR/ferretdb-build.log" src="$CACHE_DIR/ferretdb/src"
  say "building FerretDB $FERRETDB_VERSION from the Go module proxy (first time ~2 min, log: $log) ..."
  mkdir -p "$CACHE_DIR/ferretdb"
  (
    set -e
    cd "$CACHE_DIR/ferretdb"
    export GOTOOLCHAIN=local GOFLAGS=-mod=readonly
    moddir="$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [[ -n $moddir && -d $moddir ]] || { echo "go mod download gave no module directory"; exit 1; }
    # `go install` of this module builds a binary that panics at start: build/version/version.txt
    # is generated by FerretDB's release tooling and not part of the module zip. Build from a
    # writable copy of the module source with that file written.
    rm -rf "$src"
    cp -r "$moddir" "$src"
    chmod -R u+w "$src"
    echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
    cd "$src"
    go build -buildvcs=false -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb
    "$FERRETDB_BIN.tmp" --version
  ) >"$log" 2>&1 || fail mongo "FerretDB build failed" "$log"
  mv -f "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$src"
  echo "$FERRETDB_VERSION" >"$FERRETDB_BIN.ok"
  say "FerretDB binary cached in ${FERRETDB_BIN#"$REPO_ROOT"/}"
}

mongo_up() {
  COMPONENT=mongo
  local pid
  if pid="$(our_pid mongo)" && port_open "$MONGO_PORT"; then
    # FerretDB outlived its PostgreSQL (a crash of the database): start the database again under it.
    if ! pg_ready; then say "PostgreSQL is down under FerretDB; starting it ..."; pg_up; fi
    say "reused (pid $pid, 127.0.0.1:$MONGO_PORT)"; return 0
  fi
  if port_open "$MONGO_PORT"; then
    say "reused (external server answering on 127.0.0.1:$MONGO_PORT)"; return 0
  fi
  if pid="$(our_pid mongo)"; then
    say "pid $pid is starting, waiting ..."
    wait_ready mongo "$MONGO_TIMEOUT" port_open "$MONGO_PORT"
    say "running (pid $pid, 127.0.0.1:$MONGO_PORT)"; return 0
  fi

  mongo_prepare
  pg_up

  local dir="$DATA_DIR/ferretdb"
  mkdir -p "$dir"
  rotate_log mongo
  say "starting FerretDB $FERRETDB_VERSION (PostgreSQL backend on 127.0.0.1:$PG_PORT, 127.0.0.1:$MONGO_PORT) ..."
  local start=$SECONDS
  # pool_max_conns: FerretDB runs the updates of one command concurrently, each holding a pooled
  # connection while it waits for the collection; with its default pool (50) one bulk of 100
  # replaces, or many concurrent upserts, exhausted the pool and FerretDB stopped answering
  # anyone (docs/decisions/0014). The services also send at most 16 updates per request.
  start_bg mongo "$(log_file mongo)" "$FERRETDB_BIN" \
    --handler=pg \
    --postgresql-url="postgres://postgres@127.0.0.1:$PG_PORT/ferretdb?pool_max_conns=150" \
    --state-dir="$dir" \
    --listen-addr="127.0.0.1:$MONGO_PORT" \
    --debug-addr=- \
    --telemetry=disable \
    --log-format=text
  wait_ready mongo "$MONGO_TIMEOUT" port_open "$MONGO_PORT"
  say "started in $((SECONDS - start))s (pid $(our_pid mongo), log ${LOG_DIR#"$REPO_ROOT"/}/mongo.log)"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL for FerretDB: Debian's server binaries, our own cluster. FerretDB 1.24 on SQLite
# scans a table for every look-up by _id, so every operation slowed as collections grew; on
# PostgreSQL, with the GIN index infra/postgres/ferretdb-id-index.sql adds, look-ups stay flat
# (docs/decisions/0012-ferretdb-on-postgresql.md).
# ---------------------------------------------------------------------------------------------

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# The cluster lives in .data/postgres unless the postgres user cannot reach it (a checkout under /root).
pg_datadir() {
  if [[ $(id -u) == 0 ]] && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    echo "/var/lib/postgresql/cw-$(echo "$REPO_ROOT" | cksum | cut -d' ' -f1)"
  else
    echo "$DATA_DIR/postgres"
  fi
}

# pg_run CMD...: as the postgres user when root (PostgreSQL refuses to run as root).
pg_run() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ready() { "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }

pg_up() {
  local bin dir
  bin="$(pg_bindir)"
  [[ -n $bin ]] || fail mongo "PostgreSQL server binaries not found (apt-get install postgresql)"
  dir="$(pg_datadir)"
  if ! pg_ready; then
    if [[ ! -f $dir/PG_VERSION ]]; then
      say "creating the PostgreSQL cluster for FerretDB in $dir ..."
      mkdir -p "$dir"
      [[ $(id -u) != 0 ]] || chown postgres: "$dir"
      chmod 700 "$dir"
      pg_run "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --no-locale >"$LOG_DIR/postgres-init.log" 2>&1 \
        || fail mongo "initdb failed" "$LOG_DIR/postgres-init.log"
    fi
    say "starting PostgreSQL $("$bin/postgres" --version | grep -o '[0-9][0-9.]*' | head -n 1) (127.0.0.1:$PG_PORT) ..."
    # synchronous_commit=on: a write FerretDB acknowledged survives a crash of PostgreSQL or the machine
    # (the services write in batches, so the flush per commit costs little: docs/decisions/0014).
    # force_custom_plan: FerretDB's prepared look-ups must see the _id value to use the GIN index.
    # After a crash the old postmaster's backends take a moment to exit and release the data
    # directory's lock and shared memory: try again for up to 20 s.
    local tries=0
    until pg_run "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir \
      -c synchronous_commit=on -c plan_cache_mode=force_custom_plan -c shared_buffers=256MB -c max_connections=200" \
      start >"$LOG_DIR/postgres-start.log" 2>&1 9>&-; do
      tries=$((tries + 1))
      ((tries < 20)) || fail mongo "PostgreSQL did not start" "$dir/server.log"
      sleep 1
    done
  fi
  if ! pg_run "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname = 'ferretdb'" postgres | grep -q 1; then
    pg_run "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ferretdb || fail mongo "createdb ferretdb failed"
  fi
  pg_run "$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -d ferretdb \
    -f "$INFRA_DIR/postgres/ferretdb-id-index.sql" >"$LOG_DIR/postgres-setup.log" 2>&1 \
    || fail mongo "installing the _id index trigger failed" "$LOG_DIR/postgres-setup.log"
}

pg_down() {
  local bin dir
  bin="$(pg_bindir)"
  [[ -n $bin ]] || return 0
  dir="$(pg_datadir)"
  [[ -f $dir/postmaster.pid ]] || return 0
  COMPONENT=mongo
  say "stopping PostgreSQL ..."
  pg_run "$bin/pg_ctl" -D "$dir" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------
# Redis from Debian's redis-server package, our own instance and config
# ---------------------------------------------------------------------------------------------

redis_ping() {
  [[ $(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_up() {
  COMPONENT=redis
  local pid
  if pid="$(our_pid redis)" && redis_ping; then
    say "reused (pid $pid, 127.0.0.1:$REDIS_PORT)"; return 0
  fi
  if redis_ping; then
    say "reused (external redis answering PONG on 127.0.0.1:$REDIS_PORT)"; return 0
  fi
  if pid="$(our_pid redis)"; then
    say "pid $pid is starting, waiting ..."
    wait_ready redis "$REDIS_TIMEOUT" redis_ping
    say "running (pid $pid, 127.0.0.1:$REDIS_PORT)"; return 0
  fi
  if port_open "$REDIS_PORT"; then
    fail redis "port $REDIS_PORT is in use by $(port_holder "$REDIS_PORT"), which does not answer PING"
  fi

  local dir="$DATA_DIR/redis"
  mkdir -p "$dir"
  rotate_log redis
  say "starting $(redis-server --version | grep -o 'v=[0-9.]*' | sed 's/v=/Redis /') (127.0.0.1:$REDIS_PORT) ..."
  local start=$SECONDS
  start_bg redis "$(log_file redis)" redis-server "$INFRA_DIR/redis/redis.conf" \
    --dir "$dir" --logfile "$(log_file redis)"
  wait_ready redis "$REDIS_TIMEOUT" redis_ping
  say "started in $((SECONDS - start))s (pid $(our_pid redis), log ${LOG_DIR#"$REPO_ROOT"/}/redis.log)"
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------

valid_component() {
  case "${1:-}" in
    kafka | mongo | redis) return 0 ;;
    *) echo "unknown component '${1:-}'; expected one of: ${COMPONENTS[*]}" >&2; return 1 ;;
  esac
}

# up_components NAME...: bring up the given components in parallel, report failures at the end.
up_components() {
  mkdir -p "$CACHE_DIR" "$LOG_DIR" "$RUN_DIR"
  local todo=() c
  for c in "$@"; do
    COMPONENT="$c"
    if is_external "$c"; then
      say "external ($(external_desc "$c")): not started"
    else
      todo+=("$c")
    fi
  done
  COMPONENT=infra
  ((${#todo[@]})) || return 0

  local k=no g=no r=no p=no
  for c in "${todo[@]}"; do
    case "$c" in
      kafka) k=yes ;;
      mongo) [[ -f $FERRETDB_BIN.ok ]] || g=yes; p=yes ;;
      redis) r=yes ;;
    esac
  done
  ensure_tools "$k" "$g" "$r" "$p"

  local -A jobs=()
  for c in "${todo[@]}"; do
    rm -f "$RUN_DIR/$c.failure"
    ("${c}_up") &
    jobs[$c]=$!
  done
  local failed=()
  for c in "${todo[@]}"; do
    wait "${jobs[$c]}" || failed+=("$c")
  done
  if ((${#failed[@]})); then
    echo
    for c in "${failed[@]}"; do
      if [[ -f $RUN_DIR/$c.failure ]]; then cat "$RUN_DIR/$c.failure"; else echo "[$c] FAILED"; fi
      echo
    done
    echo "[infra] FAILED: ${failed[*]}" >&2
    return 1
  fi
}

cmd_up() {
  local t0=$SECONDS
  up_components "${COMPONENTS[@]}"
  echo "[infra] up in $((SECONDS - t0))s"
  cmd_env | sed 's/^/[infra]   /'
}

cmd_down() {
  local c
  for c in "${COMPONENTS[@]}"; do stop_component "$c"; done
  pg_down
}

cmd_status() {
  local c pid port
  for c in "${COMPONENTS[@]}"; do
    port="$(component_port "$c")"
    if is_external "$c"; then
      printf '%-6s external (%s)\n' "$c" "$(external_desc "$c")"
    elif pid="$(our_pid "$c")"; then
      if healthy "$c"; then
        printf '%-6s running (pid %s, 127.0.0.1:%s)\n' "$c" "$pid" "$port"
      else
        printf '%-6s starting or unhealthy (pid %s, 127.0.0.1:%s not answering; log %s)\n' \
          "$c" "$pid" "$port" "$(log_file "$c")"
      fi
    elif healthy "$c"; then
      printf '%-6s external (answering on 127.0.0.1:%s, not started by infra.sh)\n' "$c" "$port"
    else
      printf '%-6s stopped\n' "$c"
    fi
  done
}

cmd_env() {
  echo "KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  echo "MONGO_URL=${MONGO_URL:-mongodb://127.0.0.1:$MONGO_PORT/cw}"
  echo "REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
}

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    up | down | start | stop) take_lock ;;
  esac
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    start)
      valid_component "${2:-}"
      up_components "$2"
      ;;
    stop)
      valid_component "${2:-}"
      stop_component "$2"
      [[ $2 != mongo ]] || pg_down
      ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
