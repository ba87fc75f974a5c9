#!/usr/bin/env bash
# Benchmarks against raw Kafka on the same broker, in the same run:
#   bench/run.sh [ingest|sequence|replay|catchup|visible|sustained|memory|fold|auth|switch|floor|all]
#   bench/run.sh [stream-visible|streams|stream-catchup|stream]   (the live stream, GET /v1/stream; `stream`: all three,
#     they are also part of `all`; stream-visible runs `visible` first, for the long-poll figure of the same run)
# (auth: what sign-in costs, with and without the token in the same run; it restarts the stack with the bench's overlay)
# (floor: the least any pipeline of the platform's design costs here, stage by stage, against the raw consumer; see
#  run_floor. FLOOR_LISTS [10000] lists of 100 events, FLOOR_ROUNDS [3]; part of `all`, last)
# (switch: an operator's migration to the plugin projection v3, timed: replay, diff, activate; see run_switch)
# Each starts or reuses the local stack (./local-stack.sh up with the same environment), prints its figures
# as RESULT lines and the ratio to its baseline, and ends within 5 minutes on 2 cores. `all` also writes
# the table of its figures into BENCHMARKS.md (between the bench:all markers).
#
# Ports and data dir: the variables of local-stack.sh (KAFKA_PORT [9092], REGISTRY_PORT [8080],
# GATEWAY_PORT [8081], QUERY_API_PORT [8082], ..., LOCAL_STACK_DIR [.local-stack]).
# Sizes (defaults in brackets):
#   INGEST_EVENTS [300000] INGEST_CLIENTS [32] BATCH [100]       RAW_PRODUCE_RECORDS [30000]
#   INGEST_CLIENT [socket]: the devices' HTTP client, one keep-alive socket each (jdk: the JDK's HttpClient, which cost
#     the load generator half of the two cores)
#   SEQUENCE_EVENTS [1000000] over /100 lists (SEQUENCE_TIMEOUT [280] s: reports complete=false past it)
#   REPLAY_PROJECTION [v1] the projection replay rebuilds: any installed one (v3: examples/archive-projection) REPLAY_TIMEOUT [240]
#   REPLAY_JVM_OPTS [none] the replay's JVM flags besides its heap (BENCH_HEAP), e.g. -XX:+UseParallelGC
#   REPLAY_TUNING [replay] a replay's settings (a thread per core, a commit per second); live: the live projector's
#                 (one thread, 100 ms), what replays ran with before
#   CATCHUP_REQUESTS [5000] BIG_LIST [100000]                     VISIBLE_RATE [5000] VISIBLE_SECONDS [30]
#   (visible also splits each push's time where its entry became readable in todo.events, read by a consumer of its
#   own: RESULT visible-stages, the sequencer's part and the query-api's, and lines naming the slowest 1% of pushes
#   with their times, to line them up with a profile)
#   SUSTAINED_SECONDS [60] SUSTAINED_CLIENTS [32] SUSTAINED_ADMISSION [true] (sustained restarts the stack with it)
#   STREAM_READERS [1] (stream-visible: devices, one stream each over all the lists written)
#   STREAMS [10000] STREAM_LISTS_PER_STREAM [5] STREAM_LISTS [100] STREAM_PUSHES [20]   (streams: fan-out)
#   STREAMS_SERVICE_HEAP_OPTS [-Xmx2g -Xms48m -XX:G1PeriodicGCInterval=30000] (streams restarts the stack with it: a
#     stream holds about 140 KB of the query-api's heap; the stack is stopped after it), and
#   STREAMS_SHARED_SERVICE_HEAP_OPTS [-Xmx2560m -Xms96m ...] for the one JVM of the services (the local stack's default)
#   STREAM_CATCHUP_LISTS [50] STREAM_CATCHUP_PER_LIST [2000]
#   BENCH_JFR=1 records a JFR profile of the load generator and of every service (jcmd JFR.start on the running
#     processes) in $LOCAL_STACK_DIR/bench/NAME.jfr and NAME-<part>.jfr; `jfr view hot-methods FILE` summarizes one
#   Every benchmark also prints where the machine's CPU went while it ran (bench/cpu-split.sh, read from /proc):
#     RESULT cpu-parts (cores per part of the stack, the load generator's, the machine's), RESULT cpu-threads (the
#     services' stream threads by application, their producers, the garbage collector, RocksDB, the JIT, HTTP, the
#     rest) and RESULT cpu-waits (how many threads of each kind waited for a core, on average)
#   BENCH_WARMUP=0 skips the warm-up (by default, once the stack is up, 10 s of pushes at full speed whose events
#     are sequenced, folded and indexed, then 40 s of `visible`'s paced load, before anything is measured: no
#     benchmark measures cold JVMs); BENCH_WARMUP_PACED=0 skips only the paced part, BENCH_WARMUP_PACED_SECONDS [35]
#     sets its measured part (after its own 5 s)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
  if [ -n "$jdk" ] && [ -x "$jdk/bin/java" ] && "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    export JAVA_HOME=$jdk; break
  fi
done
JAVA=$JAVA_HOME/bin/java
STACK_DIR=${LOCAL_STACK_DIR:-$ROOT/.local-stack}
OUT=$STACK_DIR/bench
mkdir -p "$OUT"
BOOTSTRAP=localhost:${KAFKA_PORT:-9092}
BATCH=${BATCH:-100}
KAFKA_LIBS="$ROOT/local-stack/target/kafka/libs/*"
CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
AVRO="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.util,io.offlinesync.schemas.avro"
LOG4J="-Dlog4j2.level=WARN -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

build() {
  if [ ! -d bench/target/lib ] || [ -n "$(find bench/src projector-streams/src domain/src schemas/src examples/archive-projection/src -newer bench/target/classes -type f 2>/dev/null | head -1)" ]; then
    echo "bench: building (mvn -B -q -pl bench -am install -DskipTests)"
    mvn -B -q -pl bench -am install -DskipTests >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
    touch bench/target/classes
  fi
}

# The load generators push as fast as the answers come from one machine: the gateway's push rate limits
# (on by default) are off for the stack a benchmark starts, unless set here.
export RATE_LIMIT_PUSHES_PER_SECOND=${RATE_LIMIT_PUSHES_PER_SECOND:-0}
export RATE_LIMIT_PER_ADDRESS_PUSHES_PER_SECOND=${RATE_LIMIT_PER_ADDRESS_PUSHES_PER_SECOND:-0}
# So is the gateway's admission (503 while the sequencer or the query-api is behind its bound): `ingest` measures
# what the gateway takes, and `sequence` and `catchup` load the inbox directly, leaving backlogs that later pushes
# would meet as 503s. ADMISSION_ENABLED=true measures with it.
export ADMISSION_ENABLED=${ADMISSION_ENABLED:-false}
# `streams` holds 10,000 streams as the one bench user (all lists are theirs): the query-api's per-user cap (16 by
# default) is raised to its instance cap for the stack a benchmark starts. A stack started otherwise answers 429.
export MAX_STREAMS_PER_USER=${MAX_STREAMS_PER_USER:-20000}
# Likewise its long-polls: `visible` holds one per batch in flight (50 a second), more than a user's 64 (the default)
# as soon as a write takes 1.3 s to be visible; refused, it measured its own 429s (BENCHMARKS.md, "Issue 16").
export MAX_LONGPOLLS_PER_USER=${MAX_LONGPOLLS_PER_USER:-2000}
stack_up() {
  ./local-stack.sh up >"$OUT/stack-up.log" 2>&1 || { tail -20 "$OUT/stack-up.log"; exit 1; }
  # every benchmark pushes and reads as the user "bench", who owns the lists the benchmarks load
  BENCH_TOKEN=$(./local-stack.sh token bench) || exit 1
  export BENCH_TOKEN
}

# stack_parts: "part pid" of every running JVM of the stack, from local-stack.sh's pid files
stack_parts() {
  local f pid
  for f in "$STACK_DIR"/run/*.pid; do
    [ -f "$f" ] || continue
    pid=$(<"$f")
    [[ $pid =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] && echo "$(basename "$f" .pid) $pid"
  done
}

# services_jfr start|dump NAME: with BENCH_JFR=1, a profile of every running part during one benchmark
services_jfr() {
  [ "${BENCH_JFR:-0}" = 1 ] || return 0
  local part pid
  while read -r part pid; do
    if [ "$1" = start ]; then
      "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile >/dev/null 2>&1 || true
    else
      "$JAVA_HOME/bin/jcmd" "$pid" JFR.dump name=bench filename="$OUT/$2-$part.jfr" >/dev/null 2>&1 || true
      "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=bench >/dev/null 2>&1 || true
    fi
  done < <(stack_parts)
}

# drain: waits until the pipeline has read what an earlier benchmark left (its backlog is not this one's)
drain() {
  "$JAVA" -Xmx256m $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain drain timeout-s=${DRAIN_TIMEOUT:-300} \
    2>>"$OUT/drain.err" | grep -E '^drain' || true
}

. "$ROOT/bench/cpu-split.sh"

# bench_java NAME ARGS...: a load generator run, tee'd to $OUT/NAME.log
bench_java() {
  local name=$1; shift
  local jfr=()
  drain
  [ "${BENCH_JFR:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile")
  services_jfr start "$name"
  cpu_split start "$name"
  "$JAVA" -Xmx${BENCH_HEAP:-768m} ${BENCH_JVM_OPTS:-} "${jfr[@]}" $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain "$@" 2>"$OUT/$name.err" | tee "$OUT/$name.log" | grep -E '^(RESULT|timeout|big list|sustained)' || true
  cpu_split end "$name" | tee -a "$OUT/$name.log"
  services_jfr dump "$name"
}

# warm_up: once per run, pushes at full speed for 10 s and waits until the pipeline has read all of it, so
# that no benchmark measures cold JVMs (the first run after a restart used to be a cold start)
warm_up() {
  [ "${BENCH_WARMUP:-1}" = 1 ] || return 0
  echo "bench: warming up the stack (10 s of pushes until the pipeline has read them, then 40 s at the visible rate)"
  "$JAVA" -Xmx${BENCH_HEAP:-768m} $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain sustained seconds=10 \
    clients=16 >"$OUT/warmup.log" 2>&1 || true
  # a stack that was already running keeps the settings it was started with: one started by `./local-stack.sh up`
  # alone limits pushes to 20/s per user, and every paced benchmark would measure its own 429s
  local limited; limited=$(field "$OUT/warmup.log" sustained refused_429 || true)
  if [ "${limited:-0}" -gt 0 ] && [ "$RATE_LIMIT_PUSHES_PER_SECOND" = 0 ]; then
    echo "bench: the running stack refused $limited warm-up pushes with 429: it limits pushes per user, so it was" \
      "not started by bench/run.sh. Stop it (./local-stack.sh down) and run the benchmark again, which starts it" \
      "with the limits off (or set RATE_LIMIT_PUSHES_PER_SECOND to measure with them)." >&2
    exit 1
  fi
  # one left running with the gateway's admission on (by `sustained`, the last stack `all` starts) refuses full-speed
  # pushes with 503 while the pipeline is behind: `ingest` would measure its own refusals. Started again without it.
  local refused; refused=$(field "$OUT/warmup.log" sustained refused_503 || true)
  if [ "${refused:-0}" -gt 0 ] && [ "$ADMISSION_ENABLED" = false ] && [ -z "${WARMUP_RESTARTED:-}" ]; then
    echo "bench: the running stack refused $refused warm-up pushes with 503 (the gateway's admission is on, as" \
      "\`sustained\` leaves it); restarting it without admission"
    WARMUP_RESTARTED=1 # once: a 503 of another cause (the inbox unavailable) is not cured by a restart
    ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
    stack_up
    warm_up
    return
  fi
  # then 40 s of the paced load `visible` measures (pushes and long-polls at VISIBLE_RATE): after the full-speed
  # pushes alone, the first `visible` on a fresh stack still fell behind its rate (p50 0.4-10 s; 20 s of this left
  # p50 0.2-0.3 s, 40 s 73-75 ms against 31-37 ms warm: BENCHMARKS.md)
  if [ "${BENCH_WARMUP_PACED:-1}" = 1 ]; then
    drain
    "$JAVA" -Xmx${BENCH_HEAP:-768m} $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain visible \
      rate=${VISIBLE_RATE:-5000} batch=$BATCH seconds=${BENCH_WARMUP_PACED_SECONDS:-35} warmup-s=5 >>"$OUT/warmup.log" 2>&1 || true
  fi
}

# rss_mb PID: resident memory of a process, MiB
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# field FILE PREFIX KEY: the value of KEY= on the RESULT line starting with PREFIX
field() { grep -E "^RESULT $2 " "$1" | tail -1 | tr ' ' '\n' | sed -n "s/^$3=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }

topic() { # topic NAME PARTITIONS: create if missing
  "$JAVA" -Xmx256m -cp "$KAFKA_LIBS" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor 1 \
    --config max.message.bytes=2097152 >/dev/null 2>&1
}

# raw_consume TOPIC RECORDS: ConsumerPerformance's records/s over the first RECORDS records of TOPIC
raw_consume() {
  printf 'isolation.level=read_committed\nmax.partition.fetch.bytes=4194304\n' >"$OUT/consumer.properties"
  "$JAVA" -Xmx512m -cp "$KAFKA_LIBS" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" \
    --topic "$1" --messages "$2" --timeout 60000 --hide-header --consumer.config "$OUT/consumer.properties" \
    2>"$OUT/consumer-perf.err" | tail -1 | awk -F', *' '{ print $6 }'
}

run_ingest() {
  local size; size=$("$JAVA" -Xmx256m $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain inbox-record-size batch=$BATCH 2>/dev/null | tail -1)
  topic bench.raw-produce 6
  echo "ingest baseline: ProducerPerformance, ${RAW_PRODUCE_RECORDS:-30000} records of $size bytes (= one $BATCH-event inbox record), acks=all"
  "$JAVA" -Xmx512m -cp "$KAFKA_LIBS" org.apache.kafka.tools.ProducerPerformance --topic bench.raw-produce \
    --num-records "${RAW_PRODUCE_RECORDS:-30000}" --record-size "$size" --throughput -1 \
    --producer-props bootstrap.servers="$BOOTSTRAP" acks=all enable.idempotence=true linger.ms=2 batch.size=65536 \
    max.request.size=2097152 >"$OUT/ingest-raw.log" 2>&1
  local raw; raw=$(grep -E 'records sent' "$OUT/ingest-raw.log" | tail -1 | sed -E 's/.* \(?([0-9.]+) records\/sec.*/\1/')
  grep 'records sent' "$OUT/ingest-raw.log" | tail -1
  local raw_events; raw_events=$(awk -v r="$raw" -v b="$BATCH" 'BEGIN { printf "%.0f", r * b }')
  echo "RESULT ingest-baseline records_per_s=$raw events_per_s=$raw_events"
  bench_java ingest ingest events=${INGEST_EVENTS:-300000} clients=${INGEST_CLIENTS:-32} batch=$BATCH client=${INGEST_CLIENT:-socket}
  echo "ingest: ratio to raw producer = $(ratio "$(field "$OUT/ingest.log" ingest events_per_s)" "$raw_events") (target >= 0.5)"
}

run_sequence() {
  bench_java sequence sequence events=${SEQUENCE_EVENTS:-1000000} timeout-s=${SEQUENCE_TIMEOUT:-280}
  local records; records=$(field "$OUT/sequence.log" sequence inbox_records)
  local raw; raw=$(raw_consume todo.inbox "$records")
  local raw_events; raw_events=$(awk -v r="$raw" -v b="$BATCH" 'BEGIN { printf "%.0f", r * b }')
  echo "RESULT sequence-baseline tool=ConsumerPerformance records=$records records_per_s=$raw events_per_s=$raw_events"
  echo "sequence: ratio to raw consumer = $(ratio "$(field "$OUT/sequence.log" sequence events_per_s)" "$raw_events") (target >= 0.25)"
}

# The floor under `sequence`'s target: stages that do less than each of the pipeline's, with its settings, on the
# same inbox records, and the raw consumer over them in the same run (bench/src/.../StageFloorBench)
run_floor() {
  local broker; broker=$(stack_parts | awk '$1 == "kafka" { print $2 }')
  bench_java floor floor lists=${FLOOR_LISTS:-10000} per-list=100 batch=$BATCH rounds=${FLOOR_ROUNDS:-3} broker-pid=${broker:-0}
  echo "floor: the pipeline's stages at their least need $(field "$OUT/floor.log" floor-model cpu_us_per_event) us of CPU per event" \
    "($(field "$OUT/floor.log" floor-model stateless_cpu_us_per_event) without a state write per event);" \
    "$(field "$OUT/floor.log" floor-model target_cpu_us_per_event) us is what 0.25 of the raw consumer leaves on $(nproc) cores:" \
    "at most $(field "$OUT/floor.log" floor-model ratio_at_most) of it ($(field "$OUT/floor.log" floor-model stateless_ratio_at_most))"
}

run_replay() { # REPLAY_PROJECTION [v1]: any installed projection (v3: examples/archive-projection)
  BENCH_JVM_OPTS=${REPLAY_JVM_OPTS:-} bench_java replay replay timeout-s=${REPLAY_TIMEOUT:-240} projection=${REPLAY_PROJECTION:-v1} tuning=${REPLAY_TUNING:-replay}
  echo "replay: ratio to raw consumer = $(ratio "$(field "$OUT/replay.log" replay events_per_s)" "$(field "$OUT/replay.log" replay-baseline events_per_s)") (target >= 300000 events/s)"
}

run_catchup() {
  local prefix; prefix=$(field "$OUT/sequence.log" sequence prefix 2>/dev/null || true)
  if [ -z "$prefix" ]; then run_sequence; prefix=$(field "$OUT/sequence.log" sequence prefix); fi
  local lists; lists=$(field "$OUT/sequence.log" sequence lists)
  bench_java catchup catchup prefix="$prefix" lists="$lists" requests=${CATCHUP_REQUESTS:-5000} big-list=${BIG_LIST:-100000}
  echo "catchup: p99 $(field "$OUT/catchup.log" catchup-page p99_ms) ms (target <= 10); download $(field "$OUT/catchup.log" catchup-download events_per_s) events/s (target >= 200000)"
}

# What authentication costs: the services restarted with the bench's overlay (bench/src/.../open/OpenForBenchmark,
# never part of a service jar), which lets requests marked X-Bench-Open skip the token check; then pushes and
# catch-up pages with the token and without it, alternating, in the same run.
run_auth() {
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  SERVICE_LOADER_PATH="$ROOT/bench/target/classes" SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-} -Dsync.bench.open=true" \
    stack_up
  local prefix; prefix=$(field "$OUT/sequence.log" sequence prefix 2>/dev/null || true)
  if [ -z "$prefix" ]; then run_sequence; prefix=$(field "$OUT/sequence.log" sequence prefix); fi
  local lists; lists=$(field "$OUT/sequence.log" sequence lists)
  bench_java auth auth events=${AUTH_EVENTS:-100000} clients=${INGEST_CLIENTS:-32} batch=$BATCH prefix="$prefix" \
    lists="$lists" requests=${AUTH_REQUESTS:-3000}
  echo "auth: ingest with token $(field "$OUT/auth.log" auth-ingest token_events_per_s) events/s, without $(field "$OUT/auth.log" auth-ingest open_events_per_s): ratio $(field "$OUT/auth.log" auth-ingest ratio) (mean of 4 alternating pairs; goal >= 0.9)"
  echo "auth: catch-up page p50 with token $(field "$OUT/auth.log" catchup-page-token p50_ms) ms, without $(field "$OUT/auth.log" catchup-page-open p50_ms) ms; p99 $(field "$OUT/auth.log" catchup-page-token p99_ms) / $(field "$OUT/auth.log" catchup-page-open p99_ms) ms"
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  echo "auth: the stack was stopped (it ran with the bench overlay); ./local-stack.sh up starts it as usual"
}

# The end-to-end sustained rate with the gateway's admission as shipped (on): the stack is restarted with it,
# unless SUSTAINED_ADMISSION=false (then without it: the same overload, nothing refused, for comparison)
run_sustained() {
  local admission=${SUSTAINED_ADMISSION:-true}
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  ADMISSION_ENABLED=$admission stack_up
  ADMISSION_ENABLED=$admission warm_up
  bench_java sustained sustained seconds=${SUSTAINED_SECONDS:-60} clients=${SUSTAINED_CLIENTS:-32} batch=$BATCH
  echo "sustained: accepted $(field "$OUT/sustained.log" sustained accepted_events_per_s) events/s while pushing; end to end (accepted until all read by the pipeline) $(field "$OUT/sustained.log" sustained e2e_events_per_s) events/s; push-to-visible of the probes p50 $(field "$OUT/sustained.log" sustained-visible p50_ms) / p99 $(field "$OUT/sustained.log" sustained-visible p99_ms) ms"
}

# An operator's migration to projection v3 (examples/archive-projection, loaded as a plugin jar) over the log there
# is, timed step by step with the ./projections command line: the stack is restarted with the jar
# (PROJECTION_PLUGINS) and the query-api serving v3 (QUERY_PROJECTIONS) while the projector does not run it yet;
# replay v3 in the operator's process, diff it with v1 (the active one), activate it, roll back. The stack is
# stopped after it. Run `sequence` first for a log worth the name (SEQUENCE_EVENTS=1000000).
run_switch() {
  local jar; jar=$(ls "$ROOT"/examples/archive-projection/target/archive-projection-*.jar | grep -v -- '-tests' | head -1)
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  # a replay from offset 0 every time: what an earlier run built of v3 is forgotten while no service reads it
  LOCAL_STACK_SERVICES=none LOCAL_STACK_WEB=off ./local-stack.sh up >"$OUT/stack-up.log" 2>&1 || { tail -20 "$OUT/stack-up.log"; exit 1; }
  "$JAVA" -Xmx256m $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain reset-projection projection=v3 \
    2>"$OUT/switch-reset.err" | grep '^reset' || true
  rm -rf "$OUT/switch-state" "$STACK_DIR/state/query-api" # the query-api's copy of the deleted topic: restored anew
  PROJECTION_PLUGINS=$jar QUERY_PROJECTIONS=v1,v2,v3 stack_up
  export SYNC_TOKEN; SYNC_TOKEN=$(./local-stack.sh token bench-operator --admin) || exit 1
  local t0 t1 t2 t3 t4
  t0=$(date +%s.%N)
  PROJECTION_PLUGINS=$jar ./projections replay --version 3 --state-dir "$OUT/switch-state" >"$OUT/switch-replay.log" 2>&1
  t1=$(date +%s.%N)
  # the progress line counts offsets of todo.events (segments of entries, and markers) and the entries folded: the events
  local events; events=$(tr '\r' '\n' <"$OUT/switch-replay.log" | grep -oE '[0-9]+ entries folded' | tail -1 | cut -d' ' -f1)
  PROJECTION_PLUGINS=$jar ./projections diff --from v1 --to v3 --show 2 >"$OUT/switch-diff.log" 2>&1 || true
  t2=$(date +%s.%N)
  PROJECTION_PLUGINS=$jar ./projections activate --version 3 --yes --show 2 >"$OUT/switch-activate.log" 2>&1 \
    || { echo "switch: activate failed:"; grep -v '^\s*at ' "$OUT/switch-activate.log" | tail -5; }
  t3=$(date +%s.%N)
  PROJECTION_PLUGINS=$jar ./projections rollback >"$OUT/switch-rollback.log" 2>&1
  t4=$(date +%s.%N)
  grep -E "caught up|differ between" "$OUT/switch-replay.log" "$OUT/switch-diff.log" | sed 's/^/  /'
  awk -v e="${events:-0}" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v f="$t4" 'BEGIN {
    printf "RESULT switch events=%s replay_s=%.1f replay_events_per_s=%.0f diff_s=%.1f activate_s=%.1f rollback_s=%.1f replay_to_active_s=%.1f\n",
      e, b - a, (b > a ? e / (b - a) : 0), c - b, d - c, f - d, d - a }'
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  echo "switch: the stack was stopped (it ran with the plugin); ./local-stack.sh up starts it as usual"
}

# The RSS of every part at rest (the pipeline idle) and its peak under 30 s of pushes at full speed.
run_memory() {
  local part pid total=0 line=""
  "$JAVA" -Xmx256m $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain sustained seconds=1 clients=1 >/dev/null 2>&1 || true
  # at rest: the pipeline has read everything, and the JVMs had time to give back heap they no longer use. G1 checks
  # every G1PeriodicGCInterval (10 s, local-stack.sh's heap options) whether 10 s passed without a collection, so its
  # give-back comes 10 to 20 s after the last one (with 30 s, 30 to 60 s: at 45 s the services' JVM once held 965 MiB
  # before it and 540 after, BENCHMARKS.md "Issue 15, fourth part"; at 65 s it once still held 732, "fourteenth part")
  sleep "${MEMORY_REST_SECONDS:-65}"
  while read -r part pid; do
    local mb; mb=$(rss_mb "$pid"); total=$((total + mb)); line="$line $part=$mb"
  done < <(stack_parts)
  echo "RESULT memory-rest total_mb=$total$line" | tee "$OUT/memory.log"
  declare -A peak=()
  ( "$JAVA" -Xmx${BENCH_HEAP:-768m} $AVRO $LOG4J -cp "$CP" io.offlinesync.bench.BenchMain sustained seconds=30 \
      clients=${SUSTAINED_CLIENTS:-32} >"$OUT/memory-load.log" 2>&1 ) &
  local load=$!
  while kill -0 "$load" 2>/dev/null; do
    while read -r part pid; do
      local mb; mb=$(rss_mb "$pid")
      if [ "${peak[$part]:-0}" -lt "$mb" ]; then peak[$part]=$mb; fi
    done < <(stack_parts)
    sleep 1
  done
  total=0; line=""
  for part in $(printf '%s\n' "${!peak[@]}" | sort); do total=$((total + peak[$part])); line="$line $part=${peak[$part]}"; done
  echo "RESULT memory-load total_mb=$total$line" | tee -a "$OUT/memory.log"
}

run_visible() {
  bench_java visible visible rate=${VISIBLE_RATE:-5000} batch=$BATCH seconds=${VISIBLE_SECONDS:-30}
  echo "visible: p99 $(field "$OUT/visible.log" visible p99_ms) ms (target <= 100); sequencer's part p99 $(field "$OUT/visible.log" visible-stages sequencer_p99_ms) ms, query-api's $(field "$OUT/visible.log" visible-stages query_api_p99_ms) ms"
}

# The live stream (GET /v1/stream). stream-visible: the `visible` load observed by one stream per reader device
# instead of a long-poll per batch (`visible` runs before it in the same run, for comparison).
run_stream_visible() {
  bench_java stream-visible stream-visible rate=${VISIBLE_RATE:-5000} batch=$BATCH seconds=${VISIBLE_SECONDS:-30} \
    readers=${STREAM_READERS:-1}
  echo "stream-visible: p50 $(field "$OUT/stream-visible.log" stream-visible p50_ms) / p99 $(field "$OUT/stream-visible.log" stream-visible p99_ms) ms over the stream; long-poll (visible) p50 $(field "$OUT/visible.log" visible p50_ms 2>/dev/null || echo -) / p99 $(field "$OUT/visible.log" visible p99_ms 2>/dev/null || echo -) ms (target <= 100)"
}

# STREAMS concurrent streams on the one query-api: time to open them, fan-out latency, the query-api's RSS and threads
# (from its pid file) before, with all open and after closing; an operator token lets the bench read how many
# streams the query-api still counts open. A stream holds about 140 KB of heap (Tomcat's buffers of its request and
# its parked virtual thread's stack: BENCHMARKS.md, "Issue 16"), so -Xmx384m holds about 2,500: the stack is
# restarted with STREAMS_SERVICE_HEAP_OPTS and MAX_STREAMS=20000 (the default, 1000, fits -Xmx384m) for this
# benchmark, and stopped after it.
run_streams() {
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  MAX_STREAMS=${MAX_STREAMS:-20000} SERVICE_HEAP_OPTS=${STREAMS_SERVICE_HEAP_OPTS:--Xmx2g -Xms48m -XX:G1PeriodicGCInterval=30000} \
    SHARED_SERVICE_HEAP_OPTS=${STREAMS_SHARED_SERVICE_HEAP_OPTS:--Xmx2560m -Xms96m -XX:G1PeriodicGCInterval=30000} stack_up
  warm_up
  # the query-api's own JVM, or the one it shares with the other services (the local stack's default)
  local pid; pid=$(stack_parts | awk '$1 == "query-api" || $1 == "services" { print $2 }' | head -n1)
  BENCH_ADMIN_TOKEN=$(./local-stack.sh token bench --admin 2>/dev/null || true) \
    bench_java streams streams streams=${STREAMS:-10000} lists-per-stream=${STREAM_LISTS_PER_STREAM:-5} \
    lists=${STREAM_LISTS:-100} pushes=${STREAM_PUSHES:-20} query-api-pid="${pid:-0}"
  echo "streams: $(field "$OUT/streams.log" streams-open open) open in $(field "$OUT/streams.log" streams-open open_seconds) s; fan-out p50 $(field "$OUT/streams.log" streams-fanout p50_ms) / p99 $(field "$OUT/streams.log" streams-fanout p99_ms) / max $(field "$OUT/streams.log" streams-fanout max_ms) ms; query-api $(field "$OUT/streams.log" streams-open before_rss_mb) -> $(field "$OUT/streams.log" streams-open open_rss_mb) -> $(field "$OUT/streams.log" streams-closed closed_rss_mb) MiB, threads $(field "$OUT/streams.log" streams-open before_threads) -> $(field "$OUT/streams.log" streams-open open_threads) -> $(field "$OUT/streams.log" streams-closed closed_threads)"
  ./local-stack.sh down >"$OUT/stack-down.log" 2>&1 || true
  echo "streams: the stack was stopped (it ran with STREAMS_SERVICE_HEAP_OPTS); ./local-stack.sh up starts it as usual"
}

run_stream_catchup() {
  bench_java stream-catchup stream-catchup lists=${STREAM_CATCHUP_LISTS:-50} per-list=${STREAM_CATCHUP_PER_LIST:-2000}
  echo "stream-catchup: one stream $(field "$OUT/stream-catchup.log" stream-catchup stream_s) s, pages one list after another $(field "$OUT/stream-catchup.log" stream-catchup sequential_s) s (x$(field "$OUT/stream-catchup.log" stream-catchup ratio_sequential_to_stream)), all lists at once $(field "$OUT/stream-catchup.log" stream-catchup parallel_s) s (x$(field "$OUT/stream-catchup.log" stream-catchup ratio_parallel_to_stream))"
}

run_fold() {
  # one fork, one thread: events/s on one core
  "$JAVA" -Xmx512m $AVRO -cp "$CP" org.openjdk.jmh.Main FoldBenchmark -t 1 -f 1 -rf text -rff "$OUT/fold.txt" 2>&1 \
    | tee "$OUT/fold.log" | grep -E '^(Benchmark|FoldBenchmark)'
}

# f LOG PREFIX KEY: field from $OUT/LOG, or "-" when that benchmark did not report it
f() { local v; v=$(field "$OUT/$1" "$2" "$3" 2>/dev/null || true); echo "${v:--}"; }

# floor_us STAGE: the stage's cheapest CPU per event in floor.log
floor_us() {
  grep -E "^RESULT floor stage=$1 " "$OUT/floor.log" 2>/dev/null | tr ' ' '\n' | sed -n 's/^cpu_us_per_event=//p' | sort -g | head -1
}

# write_summary: the figures of this run as a table in BENCHMARKS.md, between the bench:all markers
write_summary() {
  local md="$ROOT/BENCHMARKS.md" table; table=$(mktemp)
  local raw_seq; raw_seq=$(grep -E '^RESULT sequence-baseline' "$OUT/sequence.out" 2>/dev/null | tr ' ' '\n' | sed -n 's/^events_per_s=//p')
  local raw_ingest; raw_ingest=$(grep -E '^RESULT ingest-baseline' "$OUT/ingest.out" 2>/dev/null | tr ' ' '\n' | sed -n 's/^events_per_s=//p')
  {
    echo "<!-- bench:all:start: written by bench/run.sh all, replaced on every run -->"
    echo "### Last \`bench/run.sh all\`"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
      "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); sizes: INGEST_EVENTS=${INGEST_EVENTS:-300000}" \
      "SEQUENCE_EVENTS=${SEQUENCE_EVENTS:-1000000} BIG_LIST=${BIG_LIST:-100000} VISIBLE_RATE=${VISIBLE_RATE:-5000}."
    echo
    echo "| benchmark | ours | raw Kafka, same run | ratio | target |"
    echo "| --- | --- | --- | --- | --- |"
    echo "| ingest | $(f ingest.log ingest events_per_s) events/s (request p50 $(f ingest.log ingest p50_ms) / p99 $(f ingest.log ingest p99_ms) / p99.9 $(f ingest.log ingest p999_ms) ms) | ${raw_ingest:--} events/s (ProducerPerformance) | $(ratio "$(f ingest.log ingest events_per_s)" "${raw_ingest:-0}") | >= 0.5 |"
    echo "| sequence + projection | $(f sequence.log sequence events_per_s) events/s | ${raw_seq:--} events/s (ConsumerPerformance on todo.inbox) | $(ratio "$(f sequence.log sequence events_per_s)" "${raw_seq:-0}") | >= 0.25 |"
    echo "| the floor under sequence: stages that do less than the pipeline's (its settings, cheapest of $(grep -c '^RESULT floor stage=copy' "$OUT/floor.log" 2>/dev/null || echo 0) rounds) | us of CPU per event: copy $(floor_us copy), decode $(floor_us decode), a state write per event $(floor_us state); a pipeline of one state, two decode and one copy stage at least $(f floor.log floor-model cpu_us_per_event) | the consumer $(f floor.log floor-baseline cpu_us_per_event) us per event, $(f floor.log floor-baseline events_per_s) events/s | at most $(f floor.log floor-model ratio_at_most) on $(nproc) cores; without the state write $(f floor.log floor-model stateless_ratio_at_most) | 0.25 leaves $(f floor.log floor-model target_cpu_us_per_event) us per event |"
    echo "| replay | $(f replay.log replay events_per_s) events/s | $(f replay.log replay-baseline events_per_s) events/s (consumer on todo.events) | $(ratio "$(f replay.log replay events_per_s)" "$(f replay.log replay-baseline events_per_s)") | >= 300,000 events/s |"
    echo "| catch-up page (limit 500) | p50 $(f catchup.log catchup-page p50_ms) / p99 $(f catchup.log catchup-page p99_ms) ms | - | - | p99 <= 10 ms |"
    echo "| one device's download | $(f catchup.log catchup-download events_per_s) events/s | - | - | >= 200,000 events/s |"
    echo "| push to visible | p50 $(f visible.log visible p50_ms) / p99 $(f visible.log visible p99_ms) ms at $(f visible.log visible achieved_events_per_s) events/s | - | - | p99 <= 100 ms |"
    echo "| push to visible over one stream | p50 $(f stream-visible.log stream-visible p50_ms) / p99 $(f stream-visible.log stream-visible p99_ms) ms ($(f stream-visible.log stream-visible readers) stream over $(f stream-visible.log stream-visible lists) lists) | - | - | p99 <= 100 ms |"
    echo "| $(f streams.log streams-open streams) streams of $(f streams.log streams-open lists_per_stream) lists | open in $(f streams.log streams-open open_seconds) s ($(f streams.log streams-open refused) refused); fan-out to $(f streams.log streams-fanout followers_per_list) followers p50 $(f streams.log streams-fanout p50_ms) / p99 $(f streams.log streams-fanout p99_ms) / max $(f streams.log streams-fanout max_ms) ms; query-api RSS $(f streams.log streams-open before_rss_mb) -> $(f streams.log streams-open open_rss_mb) -> $(f streams.log streams-closed closed_rss_mb) MiB, threads $(f streams.log streams-open before_threads) -> $(f streams.log streams-open open_threads) -> $(f streams.log streams-closed closed_threads) (before, open, closed) | - | - | - |"
    echo "| catch up $(f stream-catchup.log stream-catchup lists) lists of $(f stream-catchup.log stream-catchup per_list) | one stream $(f stream-catchup.log stream-catchup stream_s) s; pages list after list $(f stream-catchup.log stream-catchup sequential_s) s, all at once $(f stream-catchup.log stream-catchup parallel_s) s | - | pages / stream $(f stream-catchup.log stream-catchup ratio_sequential_to_stream), $(f stream-catchup.log stream-catchup ratio_parallel_to_stream) | - |"
    echo "| sustained, end to end (accepted until all read by the pipeline) | $(f sustained.log sustained e2e_events_per_s) events/s (accepted $(f sustained.log sustained accepted_events_per_s) events/s, $(f sustained.log sustained refused_503) pushes refused 503; probes' push-to-visible p50 $(f sustained.log sustained-visible p50_ms) / p99 $(f sustained.log sustained-visible p99_ms) ms) | - | - | the figure to beat |"
    for b in ingest sequence; do
      echo "| where the CPU went during \`$b\` (cores of $(nproc)) | $(grep -E '^RESULT cpu-parts ' "$OUT/$b.log" 2>/dev/null | tail -1 | cut -d' ' -f4- | sed 's/ /, /g'); the services' threads: $(grep -E '^RESULT cpu-threads ' "$OUT/$b.log" 2>/dev/null | tail -1 | cut -d' ' -f4- | sed 's/ /, /g'); their threads waiting for a core: $(grep -E '^RESULT cpu-waits ' "$OUT/$b.log" 2>/dev/null | tail -1 | cut -d' ' -f4- | sed 's/ /, /g') | - | - | - |"
    done
    echo "| memory, RSS of the whole stack | at rest $(f memory.log memory-rest total_mb) MiB, peak under load $(f memory.log memory-load total_mb) MiB | - | - | < 1,500 MiB at rest |"
    echo "| fold (JMH, one core) | $(awk '/^FoldBenchmark\.fold / { print $(NF-3), $NF }' "$OUT/fold.log" 2>/dev/null | head -1) | - | - | - |"
    echo "<!-- bench:all:end -->"
  } >"$table"
  if grep -q '<!-- bench:all:start' "$md"; then
    awk -v t="$table" '/<!-- bench:all:start/ { while ((getline l < t) > 0) print l; skip = 1; next }
                       /<!-- bench:all:end/ { skip = 0; next } !skip' "$md" >"$md.tmp" && mv "$md.tmp" "$md"
  else
    { echo; cat "$table"; } >>"$md"
  fi
  rm -f "$table"
  echo "bench: the figures are in BENCHMARKS.md (section \"Last bench/run.sh all\")"
}

what=${1:-all}
build
case $what in
  fold) run_fold ;;
  ingest|sequence|replay|catchup|visible|floor) stack_up; warm_up; "run_$what" ;;
  stream-visible) stack_up; warm_up; run_visible; run_stream_visible ;;
  streams) run_streams ;;
  stream-catchup) stack_up; warm_up; run_stream_catchup ;;
  stream) stack_up; warm_up; run_visible; run_stream_visible; run_stream_catchup; run_streams ;;  # streams last: it restarts the stack
  sustained) run_sustained ;;
  memory) stack_up; warm_up; run_memory ;;
  auth) run_auth ;;
  switch) run_switch ;;
  all)
    stack_up
    warm_up
    # floor last: its million events and the topics it deletes would weigh on the latency benchmarks after it
    for b in ingest sequence replay catchup visible stream_visible stream_catchup streams sustained memory floor; do
      "run_$b" | tee "$OUT/$b.out"
    done
    run_fold
    write_summary ;;
  *) echo "usage: bench/run.sh [ingest|sequence|replay|catchup|visible|sustained|memory|fold|auth|switch|floor|all|stream-visible|streams|stream-catchup|stream]" >&2; exit 2 ;;
esac
