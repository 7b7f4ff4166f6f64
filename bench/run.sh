#!/usr/bin/env bash
# Benchmark of the segment service against raw PostgreSQL, in one command (see bench/README.md):
#   bench/run.sh [writes|reads|list|q|assignments|items|events|reference|all]   (default all; a comma list such as reads,q works too)
# Sizes and durations come from SEGMENTS_BENCH_* variables; SEGMENTS_BENCH_SMOKE=1 makes every size and duration
# small (a quick check that everything works, not a measurement), e.g.
#   SEGMENTS_BENCH_SMOKE=1 bench/run.sh assignments,items
# It compiles the harness (bench/src, JDK only) into bench/results/classes and checks the scenario names, builds
# the jar, recreates the databases segments_bench (service) and segments_bench_raw (baseline, same DDL as the
# Flyway migrations of all modules), starts the service on a free 127.0.0.1 port, runs dev.segments.bench.Bench,
# writes bench/results/latest.md and stops the service on exit. All traffic goes to 127.0.0.1.

# One block, which bash reads whole before running it: editing run.sh or checking out another version of it
# while a run waits for the lock or measures cannot change that run (bash reads a plain script as it goes).
{
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SCENARIOS=${1:-all}

# Smoke mode: small defaults for every size and duration not set explicitly.
if [[ ${SEGMENTS_BENCH_SMOKE:-0} == 1 ]]; then
  for kv in SEED=5000 DURATION=3 WARMUP=1 WRITE_WARMUP=2 READ_WARMUP=2 LIST_DURATION=3 LIST_WARMUP=1 Q_DURATION=2 Q_WARMUP=1 \
            JIT_WARMUP=2 JIT_SETTLE_WINDOW=1 JIT_SETTLE_MAX=1 BULK_WARMUP=4 BULK_DURATION=6 ASSIGN_WARMUP=1 ASSIGN_DURATION=2 BIG_SEGMENT=20000 OWN_SEGMENTS=1000 \
            OWN_ASSIGNMENTS=20000 CATEGORIES=1000 PRODUCTS=10000 ITEM_SEGMENTS=100 ITEMS_WARMUP=1 ITEMS_DURATION=2 \
            EVENTS_CATCHUP=5000 EVENTS_WARMUP=3 EVENTS_DURATION=5 EVENTS_LATENCY_DURATION=8 REFERENCE_MESSAGES=5000 \
            HISTORY_EVENTS=500 HISTORY_MEMBERS=20000 HISTORY_SEGMENTS=1000 HISTORY_DURATION=3 \
            REBUILD_EVENTS=20000; do
    var=SEGMENTS_BENCH_${kv%%=*}
    [[ -n ${!var:-} ]] || export "$var=${kv#*=}"
  done
fi

# Two runs at once would drop each other's databases and share the CPU: wait for any other run to finish.
exec 9>"${TMPDIR:-/tmp}/segments-bench.lock"
if ! flock -n 9; then
  echo "$(date -u +%H:%M:%S) another bench/run.sh is running; waiting for it (at most 20 min)" >&2
  flock -w 1200 9 || { echo "gave up waiting for the other bench run" >&2; exit 1; }
fi

export PGHOST=127.0.0.1 PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${SEGMENTS_BENCH_DB:-segments_bench}
RAW_DB=${DB}_raw
# SEGMENTS_BENCH_JAR measures another build of the service (an earlier commit's jar, for before/after figures)
JAR=${SEGMENTS_BENCH_JAR:-$ROOT/app/target/segment-service.jar}
RESULTS=$HERE/results
CLASSES=$RESULTS/classes
SERVICE_OPTS=${SEGMENTS_BENCH_SERVICE_OPTS:--Xmx1g}
mkdir -p "$RESULTS"

log() { echo "$(date -u +%H:%M:%S) $*"; }

# The harness needs only the JDK to compile (pgjdbc is used through java.sql, the service's query engine through
# reflection), so it is compiled, and the scenario names checked against its registry, before the service build.
mapfile -t SOURCES < <(find "$HERE/src" -name '*.java' | sort)
rm -rf "$CLASSES"
javac --release 17 -encoding UTF-8 -Xlint:all -d "$CLASSES" "${SOURCES[@]}"
java -cp "$CLASSES" dev.segments.bench.Bench "--check-scenarios=$SCENARIOS" || exit 2

# Always (re)build, so the run measures the checked-out code; set SEGMENTS_BENCH_SKIP_BUILD=1 to reuse the jar.
if [[ -z ${SEGMENTS_BENCH_JAR:-} ]] && [[ ${SEGMENTS_BENCH_SKIP_BUILD:-0} != 1 || ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi

# The pgjdbc driver the service itself ships, from ~/.m2 or else taken out of the fat jar.
PG_JAR_NAME=$(unzip -Z1 "$JAR" | sed -n 's#^BOOT-INF/lib/\(postgresql-[0-9][0-9.]*\.jar\)$#\1#p' | head -1)
PG_VERSION=${PG_JAR_NAME#postgresql-}; PG_VERSION=${PG_VERSION%.jar}
PG_JAR=$HOME/.m2/repository/org/postgresql/postgresql/$PG_VERSION/$PG_JAR_NAME
if [[ ! -f $PG_JAR ]]; then
  mkdir -p "$RESULTS/lib"
  unzip -q -o -j "$JAR" "BOOT-INF/lib/$PG_JAR_NAME" -d "$RESULTS/lib"
  PG_JAR=$RESULTS/lib/$PG_JAR_NAME
fi

log "recreating databases $DB and $RAW_DB"
for db in "$DB" "$RAW_DB"; do
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
done
# The baseline gets the service's DDL: the Flyway migrations of every module (any folder below
# <module>/src/main/resources/db/migration), applied in version order across modules (V2 before V10).
shopt -s globstar nullglob
MIGRATIONS=("$ROOT"/*/src/main/resources/db/migration/**/V*__*.sql)
shopt -u globstar nullglob
[[ ${#MIGRATIONS[@]} -gt 0 ]] || { echo "no migrations in $ROOT/*/src/main/resources/db/migration" >&2; exit 1; }
BY_VERSION=$(for f in "${MIGRATIONS[@]}"; do
  v=${f##*/}; v=${v#V}; v=${v%%__*}; printf '%s\t%s\n' "${v//_/.}" "$f"   # V1_1 and V1.1 are both version 1.1
done | sort -t $'\t' -k1,1V)
DUPLICATES=$(cut -f1 <<<"$BY_VERSION" | uniq -d)
[[ -z $DUPLICATES ]] || { echo "migration versions used twice: $DUPLICATES" >&2; exit 1; }
log "applying ${#MIGRATIONS[@]} migrations to $RAW_DB: $(cut -f1 <<<"$BY_VERSION" | sed 's/^/V/' | paste -sd' ')"
while IFS=$'\t' read -r _ f; do
  psql -X -q -v ON_ERROR_STOP=1 -d "$RAW_DB" -f "$f"
done <<<"$BY_VERSION"

PORT=""
for p in $(seq 18080 18180); do
  if ! ss -Hltn "sport = :$p" | grep -q .; then PORT=$p; break; fi
done
[[ -n $PORT ]] || { echo "no free port in 18080-18180" >&2; exit 1; }

export SEGMENTS_JWT_SECRET=${SEGMENTS_JWT_SECRET:-segments-bench-local-secret-0123456789abcdef}
SVC_PID=""
KAFKA_STARTED=""
cleanup() {
  local rc=$?
  if [[ -n $KAFKA_STARTED ]]; then
    log "stopping the Kafka broker"
    bash "$KAFKA_CTL" stop "$KAFKA_DIR" || true
  fi
  if [[ -n $SVC_PID ]] && kill -0 "$SVC_PID" 2>/dev/null; then
    log "stopping service (pid $SVC_PID)"
    kill -TERM "$SVC_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SVC_PID" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting service on 127.0.0.1:$PORT ($SERVICE_OPTS), log in $RESULTS/service.log"
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 \
  java $SERVICE_OPTS -jar "$JAR" >"$RESULTS/service.log" 2>&1 &
SVC_PID=$!

for i in $(seq 1 240); do
  if ! kill -0 "$SVC_PID" 2>/dev/null; then
    echo "service exited during start-up; last log lines:" >&2; tail -30 "$RESULTS/service.log" >&2; exit 1
  fi
  if curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then break; fi
  [[ $i == 240 ]] && { echo "service not healthy after 120 s" >&2; exit 1; }
  sleep 0.5
done
log "service healthy (pid $SVC_PID)"

# admin too: the lag the harness waits for is a detail of /actuator/health, shown to operators only
BENCH_TOKEN=$(java -jar "$JAR" token --tenant=acme --ttl=14400 \
  --scope="customersegment.segment_manage customersegment.segment_read customersegment.reference_manage customersegment.admin")
export BENCH_TOKEN
# another tenant's token: the reads scenario also measures requests refused before any database work
BENCH_TOKEN_OTHER=$(java -jar "$JAR" token --tenant=other --ttl=14400 --scope="customersegment.segment_read")
export BENCH_TOKEN_OTHER
# an operator's token (customersegment.admin) for the rebuild group's /actuator/projections
BENCH_TOKEN_ADMIN=$(java -jar "$JAR" token --tenant=ops --ttl=14400 --scope=customersegment.admin)
export BENCH_TOKEN_ADMIN
# customer tokens (segment_read_own) for the own-segment list (assignments) and the category trees (items)
if [[ ",$SCENARIOS," =~ ,(all|assignments|items), ]]; then
  BENCH_TOKEN_OWN=$(java -jar "$JAR" token --tenant=acme --ttl=14400 --sub=bench-own-customer \
    --scope=customersegment.segment_read_own)
  BENCH_TOKEN_TREES=$(java -jar "$JAR" token --tenant=acme --ttl=14400 --sub=bench-trees-customer \
    --scope=customersegment.segment_read_own)
  export BENCH_TOKEN_OWN BENCH_TOKEN_TREES
fi

# The events group needs a real Kafka broker (KRaft, from Maven jars, no Docker): the machine's helper
# ../shared/tools/kafka/kafka-ctl.sh (SEGMENTS_BENCH_KAFKA_CTL), in bench/results/kafka, on the first free port
# pair from 19092. The group starts service instances of its own against it (see EventsScenario).
if [[ ",$SCENARIOS," =~ ,(all|events|reference), ]]; then
  KAFKA_CTL=${SEGMENTS_BENCH_KAFKA_CTL:-$(dirname "$ROOT")/shared/tools/kafka/kafka-ctl.sh}
  [[ -f $KAFKA_CTL ]] || { echo "the events group needs $KAFKA_CTL (set SEGMENTS_BENCH_KAFKA_CTL)" >&2; exit 1; }
  KAFKA_DIR=$RESULTS/kafka
  KAFKA_PORT=""
  for p in $(seq 19092 2 19192); do
    if ! ss -Hltn "sport = :$p" | grep -q . && ! ss -Hltn "sport = :$((p + 1))" | grep -q .; then KAFKA_PORT=$p; break; fi
  done
  [[ -n $KAFKA_PORT ]] || { echo "no free port pair in 19092-19193" >&2; exit 1; }
  rm -rf "$KAFKA_DIR"
  log "starting a Kafka broker on 127.0.0.1:$KAFKA_PORT ($KAFKA_CTL)"
  bash "$KAFKA_CTL" start "$KAFKA_DIR" "$KAFKA_PORT" || { echo "kafka broker did not start" >&2; exit 1; }
  KAFKA_STARTED=1
  export BENCH_KAFKA_CTL=$KAFKA_CTL BENCH_KAFKA_DIR=$KAFKA_DIR BENCH_KAFKA_PORT=$KAFKA_PORT BENCH_JAR=$JAR \
    BENCH_RESULTS=$RESULTS BENCH_RAW_PRODUCER=$HERE/kafka/RawProducer.java \
    BENCH_REFERENCE_PRODUCER=$HERE/kafka/ReferenceProducer.java
fi

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]]; then COMMIT="$COMMIT (+local changes)"; fi
CPU_MODEL=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)
MEM=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
PG_SERVER=$(psql -X -Atc "show server_version" -d postgres)
JAVA=$(java -version 2>&1 | head -1)

# The service's own query engine (query-side jar and the Jackson it uses), so the q scenarios can also time
# the exact SQL the service compiles next to the hand-written SQL.
ENGINE_LIB=$RESULTS/engine-lib
rm -rf "$ENGINE_LIB" && mkdir -p "$ENGINE_LIB"
unzip -q -o -j "$JAR" 'BOOT-INF/lib/query-side-*.jar' 'BOOT-INF/lib/jackson-*.jar' -d "$ENGINE_LIB"
java -Xms256m -Xmx1g -cp "$CLASSES:$PG_JAR:$ENGINE_LIB/*" dev.segments.bench.Bench \
  --base="http://127.0.0.1:$PORT" --tenant=acme --pid="$SVC_PID" --scenarios="$SCENARIOS" \
  --svc-jdbc="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" --raw-jdbc="jdbc:postgresql://127.0.0.1:$PGPORT/$RAW_DB" \
  --out="$RESULTS/latest.md" \
  "--info-commit=$COMMIT" \
  "--info-machine=$(nproc) cores ($CPU_MODEL), $MEM" \
  "--info-load average at start=$(cut -d' ' -f1-3 /proc/loadavg)" \
  "--info-software=PostgreSQL $PG_SERVER on 127.0.0.1, $JAVA, service $SERVICE_OPTS, pgjdbc $PG_VERSION" \
  2>&1 | tee "$RESULTS/bench.log"
exit "${PIPESTATUS[0]}"
}
