#!/usr/bin/env bash
# Runs the whole platform on this machine, without Docker: a real Kafka broker (KRaft,
# broker+controller in one JVM), Apicurio Registry (storage in Kafka), the development OpenID Connect
# issuer, and the three services (which make the topics they use; in one JVM unless LOCAL_STACK_SERVICE_JVMS=separate).
#
#   ./local-stack.sh up [--instances N]
#                                  build what is missing, start what is not running, wait until healthy;
#                                  N instances of each service (default: as last time, else 1), instance i
#                                  on its service's port + 10*(i-1) (8091, 8092, 8093 for the second)
#   ./local-stack.sh status        every part: pid, healthy or not (exit 0 only when all are healthy)
#   ./local-stack.sh down [--wipe] stop everything it started (--wipe also deletes .local-stack/)
#   ./local-stack.sh demo          a scripted session through the HTTP API: ann shares a list with bob, two devices
#   ./local-stack.sh logs [PART]   where the logs are; the tail of one part's log (kafka, registry, issuer, a service)
#   ./local-stack.sh token USER [--admin]
#                                  print an access token of the development user USER ([A-Za-z0-9_-]{1,64}; its
#                                  password is its name), with the operator scope sync:admin when --admin
#
# The web app (TodoMVC on the browser SDK, http://localhost:8085) is web/dist served by web/serve.mjs (Node.js
# 20 or newer); 'up' builds web/dist first when it is missing or older than its sources (npm ci, npm run build).
# Its part is named web (status, logs web, down). Sign in there as any development user (password: the name).
#
# The issuer (http://localhost:8084) is the development issuer of the issuer/ module: any user name signs
# in with itself as the password. It is started by every 'up', also with LOCAL_STACK_SERVICES=none.
#
# Data, logs and pid files live in .local-stack/ (LOCAL_STACK_DIR); data survives down/up.
#
# Environment (defaults in brackets):
#   LOCAL_STACK_SERVICES  all | none | comma list of ingest-gateway,projector-streams,query-api [all]
#   LOCAL_STACK_INSTANCES instances of each service, as --instances [as last time, else 1]
#   LOCAL_STACK_SERVICE_JVMS shared | separate [shared]: each instance's services in one JVM (the part named
#                         services, services-2, ...: service-host/) or each service in a JVM of its own
#   STANDBY_REPLICAS      of the Kafka Streams services [1 with several instances, else 0]
#   KAFKA_PORT [9092] KAFKA_CONTROLLER_PORT [9093] REGISTRY_PORT [8080]
#   REGISTRY_MANAGEMENT_PORT [9000] (registry health/metrics)
#   GATEWAY_PORT [8081] QUERY_API_PORT [8082] PROJECTOR_PORT [8083] ISSUER_PORT [8084]
#   ISSUER_KEY_FILE [.local-stack/issuer/signing-key.jwk] the issuer's signing key, kept across restarts
#   ISSUER_TOKEN_TTL [2h] lifetime of the issuer's access tokens
#   CORS_ALLOWED_ORIGINS [http://localhost:5173,http://localhost:WEB_PORT] browser origins the services answer
#   LOCAL_STACK_WEB [on]  on | off: build and serve the web app
#   WEB_PORT [8085] WEB_HOST [127.0.0.1] the web app's port and bind address
#   WEB_PROJECTION [v1]   the derivation the web app runs (v1, v2, v3: see web/README.md, "Changing the derivation")
#   SERVICE_LOADER_PATH   extra classes for the services (bench/run.sh auth only)
#   PROJECTION_PLUGINS    jars (or folders of jars), comma-separated, of projections to install beside v1 and v2,
#                         e.g. examples/archive-projection/target/archive-projection-0.1.0-SNAPSHOT.jar (v3); the
#                         services and ./projections load them. Which ones run and are served: PROJECTIONS [v1,v2]
#                         (QUERY_PROJECTIONS: what the query-api serves, if not the same)
#   TOPIC_PARTITIONS [6]   LOCAL_STACK_TIMEOUT [180] seconds to wait for each part to be healthy
#   LOCAL_STACK_STOP_TIMEOUT [30] seconds 'down' waits after SIGTERM before SIGKILL (Kafka: twice that)
#   KAFKA_HEAP_OPTS [-Xmx512m -Xms64m ...] REGISTRY_HEAP_OPTS [-Xmx384m -Xms48m ...]
#   SERVICE_HEAP_OPTS [-Xmx384m -Xms48m $GIVE_BACK] (a service in a JVM of its own)
#   SHARED_SERVICE_HEAP_OPTS [-Xmx1g -Xms96m $GIVE_BACK] (the JVM of an instance's services)
#   ISSUER_HEAP_OPTS [-Xmx192m -Xms32m ...]
#     (a small initial heap that G1 grows under load and gives back at rest, GIVE_BACK below: a JVM otherwise
#     commits 1/64 of the machine's memory up front, up to -Xmx, and keeps it)
#   MALLOC_ARENA_MAX [2] glibc malloc arenas of every process it starts
#   KAFKA_JAVA_OPTS, REGISTRY_JAVA_OPTS, SERVICE_JAVA_OPTS, ISSUER_JAVA_OPTS: extra JVM options
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$ROOT"

STACK_DIR=${LOCAL_STACK_DIR:-$ROOT/.local-stack}
case $STACK_DIR in /*) ;; *) STACK_DIR=$ROOT/$STACK_DIR ;; esac
case $STACK_DIR$ROOT in
  *[[:space:]]*) echo "local-stack: paths with spaces are not supported: $ROOT, $STACK_DIR" >&2; exit 1 ;;
esac
RUN_DIR=$STACK_DIR/run
LOG_DIR=$STACK_DIR/logs

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
REGISTRY_PORT=${REGISTRY_PORT:-8080}
REGISTRY_MANAGEMENT_PORT=${REGISTRY_MANAGEMENT_PORT:-9000}
GATEWAY_PORT=${GATEWAY_PORT:-8081}
QUERY_API_PORT=${QUERY_API_PORT:-8082}
PROJECTOR_PORT=${PROJECTOR_PORT:-8083}
ISSUER_PORT=${ISSUER_PORT:-8084}
WEB_PORT=${WEB_PORT:-8085}
WEB_HOST=${WEB_HOST:-127.0.0.1}
export TOPIC_PARTITIONS=${TOPIC_PARTITIONS:-6}
TIMEOUT=${LOCAL_STACK_TIMEOUT:-180}
# What a JVM gives back at rest: after 10 s without a collection G1 runs a full one (a concurrent cycle frees too little
# to shrink: the old garbage stays until mixed collections) and shrinks the heap until at most 30% of it is free (its
# default keeps up to 70% free: 2-3x the live data stays resident). Measured in BENCHMARKS.md ("Memory at rest"); the
# cost: a pause of about 100 ms on a JVM that was quiet for 10 s, and more frequent heap growth under a changing load.
# Not 30 s: an idle JVM of this stack still allocates 2-10 MB/s (empty fetches, metrics), so once its young generation
# has grown under load it collects every 20-40 s at rest, and a 30 s check seldom finds 30 s without a collection: the
# broker kept 629-655 MiB resident at rest after `bench/run.sh all`, 260 once given back, and the services' JVM 1,356
# once, 593 given back (BENCHMARKS.md, "Issue 15, fourteenth part").
# Under load the same ratio shrinks the heap at the end of every concurrent cycle, until the old data fills 70% of it,
# over the 45% that starts the next cycle: the services' JVM ran a cycle every 1.7 s at 5,000 events/s (pauses of up
# to 50 ms). GCTimeRatio=99 (1% of the time in GC, not G1's 8%) lets young collections grow the heap past that, and
# the cycles stop; the full collection at rest still gives it back (BENCHMARKS.md, "Issue 15, twelfth part").
GIVE_BACK="-XX:G1PeriodicGCInterval=10000 -XX:-G1PeriodicGCInvokesConcurrent -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:GCTimeRatio=99"
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx512m -Xms64m $GIVE_BACK}
# glibc gives threads that allocate their own malloc arenas (up to 8 per core), which RocksDB's and Kafka's threads
# fill; with 2, a bounded RocksDB and the small initial heaps above, the stack at rest went from 2,843 to 2,331 MiB
# resident (BENCHMARKS.md, "Issue 15")
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
REGISTRY_HEAP_OPTS=${REGISTRY_HEAP_OPTS:--Xmx384m -Xms48m $GIVE_BACK}
SERVICE_HEAP_OPTS=${SERVICE_HEAP_OPTS:--Xmx384m -Xms48m $GIVE_BACK}
# the three services' heaps in one: room for the sum of their peaks (each gives its share back at rest)
SHARED_SERVICE_HEAP_OPTS=${SHARED_SERVICE_HEAP_OPTS:--Xmx1g -Xms96m $GIVE_BACK}
ISSUER_HEAP_OPTS=${ISSUER_HEAP_OPTS:--Xmx192m -Xms32m $GIVE_BACK}
AVRO_TRUSTED=java.lang,java.util,io.offlinesync.schemas.avro

BOOTSTRAP=localhost:$KAFKA_PORT
REGISTRY_URL=http://localhost:$REGISTRY_PORT
REGISTRY_HEALTH_URL=http://localhost:$REGISTRY_MANAGEMENT_PORT/health/ready
ISSUER_URL=http://localhost:$ISSUER_PORT
ISSUER_HEALTH_URL=$ISSUER_URL/actuator/health
ISSUER_KEY_FILE=${ISSUER_KEY_FILE:-$STACK_DIR/issuer/signing-key.jwk}
WEB_URL=http://localhost:$WEB_PORT
WEB_DIR=$ROOT/web
# browser origins: Vite's usual dev port and the web app's
CORS_ALLOWED_ORIGINS=${CORS_ALLOWED_ORIGINS:-http://localhost:5173,$WEB_URL}
# a development user's name: the platform's id pattern (PROTOCOL.md)
USER_PATTERN='^[A-Za-z0-9_-]{1,64}$'

KAFKA_HOME=$ROOT/local-stack/target/kafka
APICURIO_HOME=$ROOT/local-stack/target/apicurio
STACK_ADMIN=$ROOT/local-stack/tools/StackAdmin.java
DEMO_SRC=$ROOT/local-stack/demo/Demo.java

ALL_SERVICES=(ingest-gateway projector-streams query-api)
# Each instance's services share one JVM (service-host/, the part "services" or "services-I"): their classes,
# compiled code and the JVM's own memory once, not three times; at rest that was most of a service's memory
# (BENCHMARKS.md, "Issue 15, fourth part"). "separate" runs a JVM per service.
SERVICE_JVMS=${LOCAL_STACK_SERVICE_JVMS:-shared}
case $SERVICE_JVMS in shared|separate) ;; *)
  echo "local-stack: LOCAL_STACK_SERVICE_JVMS must be shared or separate, was '$SERVICE_JVMS'" >&2; exit 1 ;;
esac
HOST=services
MAX_MESSAGE_BYTES=2097152

say() { printf '%s\n' "$*"; }
warn() { printf 'local-stack: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }

service_port() {
  case $1 in
    ingest-gateway) echo "$GATEWAY_PORT" ;;
    projector-streams) echo "$PROJECTOR_PORT" ;;
    query-api) echo "$QUERY_API_PORT" ;;
    *) return 1 ;;
  esac
}

# Instance I of service S is the part "S" for I = 1 (pid file, log and state directory named as with
# one instance) and "S-I" otherwise; it listens on S's port + 10 * (I - 1).
part_name() { if [ "$2" -le 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
part_service() { if [[ $1 =~ ^(.*[^0-9-])-([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo "$1"; fi; }
part_instance() { if [[ $1 =~ [^0-9-]-([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo 1; fi; }
part_port() { # part
  local base
  base=$(service_port "$(part_service "$1")") || return 1
  echo $((base + 10 * ($(part_instance "$1") - 1)))
}

# Instances of each service: --instances, else LOCAL_STACK_INSTANCES, else as the last 'up', else 1.
INSTANCES_FILE=$RUN_DIR/instances
recorded_instances() {
  local n=1
  [ -f "$INSTANCES_FILE" ] && n=$(<"$INSTANCES_FILE")
  [[ $n =~ ^[1-9][0-9]?$ ]] || n=1
  echo "$n"
}
INSTANCES=${LOCAL_STACK_INSTANCES:-}

instances() { echo "${INSTANCES:-$(recorded_instances)}"; }

# The parts (instances) of the selected services, each service's instances in order.
selected_parts() {
  local svc i n
  n=$(instances)
  for svc in $(selected_services); do
    for i in $(seq 1 "$n"); do part_name "$svc" "$i"; done
  done
}

# The services this run manages, from LOCAL_STACK_SERVICES.
selected_services() {
  local sel=${LOCAL_STACK_SERVICES:-all} s
  case $sel in
    all|"") printf '%s\n' "${ALL_SERVICES[@]}" ;;
    none) ;;
    *)
      for s in ${sel//,/ }; do
        service_port "$s" >/dev/null || die "unknown service '$s' in LOCAL_STACK_SERVICES (known: ${ALL_SERVICES[*]}, all, none)"
        echo "$s"
      done
      ;;
  esac
}

# ---------------------------------------------------------------- processes

# Every JVM this script starts carries these two options, so that its processes can be found
# (and only its own, also those of a lost pid file) by their command line.
marker_opts() { echo "-Dlocal.stack.part=$1 -Dlocal.stack.dir=$STACK_DIR $NATIVE_TRIM"; }

# glibc keeps native memory a process freed (RocksDB's, Kafka clients' buffers) for reuse; the JVM can hand it back to
# the system every 30 s (a product option from JDK 22, experimental in 21.0.1+, absent before: then nothing).
native_trim_opts() {
  local opts
  for opts in "-XX:TrimNativeHeapInterval=30000" "-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=30000"; do
    # shellcheck disable=SC2086
    if java $opts -version >/dev/null 2>&1; then echo "$opts"; return; fi
  done
}
NATIVE_TRIM=""

cmdline_of() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null; }

is_our_process() { # pid part
  local args
  args=$(cmdline_of "$1") || return 1
  [[ " $args " == *" -Dlocal.stack.part=$2 "* && " $args " == *" -Dlocal.stack.dir=$STACK_DIR "* ]]
}

# Names of this stack's running parts, from their markers.
running_parts() {
  ps -ww -eo args= 2>/dev/null \
    | LS_DIR_MARK=" -Dlocal.stack.dir=$STACK_DIR " \
      awk '{ line = " " $0 " " } index(line, ENVIRON["LS_DIR_MARK"]) && match(line, / -Dlocal\.stack\.part=[^ ]+ /) {
             print substr(line, RSTART + 20, RLENGTH - 21) }'
}

# Every instance of every service that runs or is recorded: what status and down look at.
known_parts() {
  local n svc i part
  n=$(recorded_instances)
  for part in $(running_parts) $(ls "$RUN_DIR" 2>/dev/null | sed -n 's/\.pid$//p'); do
    case $(part_service "$part") in
      ingest-gateway|projector-streams|query-api|$HOST) i=$(part_instance "$part"); [ "$i" -gt "$n" ] && n=$i ;;
    esac
  done
  [ -n "${INSTANCES:-}" ] && [ "$INSTANCES" -gt "$n" ] && n=$INSTANCES
  for svc in "$@"; do
    for i in $(seq 1 "$n"); do part_name "$svc" "$i"; done
  done
}

# Pids of running processes of this stack; of one part when given. (awk gets the markers through
# its environment, so that its own command line does not match.)
marked_pids() {
  ps -ww -eo pid=,args= 2>/dev/null \
    | LS_DIR_MARK=" -Dlocal.stack.dir=$STACK_DIR " LS_PART_MARK="${1:+ -Dlocal.stack.part=$1 }" \
      awk '{ line = $0 " " } index(line, ENVIRON["LS_DIR_MARK"]) && index(line, ENVIRON["LS_PART_MARK"]) { print $1 }'
}

# Prints the pid of the running part, from its pid file or else by its marker.
part_pid() {
  local part=$1 pid=""
  if [ -f "$RUN_DIR/$part.pid" ]; then
    pid=$(<"$RUN_DIR/$part.pid")
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_our_process "$pid" "$part"; then
      echo "$pid"
      return 0
    fi
  fi
  pid=$(marked_pids "$part" | head -n1)
  if [ -z "$pid" ]; then
    hosted_pid "$part"
    return
  fi
  if [ -d "$RUN_DIR" ]; then echo "$pid" >"$RUN_DIR/$part.pid"; fi
  echo "$pid"
}

# The pid of the shared JVM that runs a service's part (its instance's host, with the service among its arguments).
hosted_pid() { # part
  local svc host pid
  svc=$(part_service "$1")
  [[ " ${ALL_SERVICES[*]} " == *" $svc "* ]] || return 1
  host=$(part_name "$HOST" "$(part_instance "$1")")
  pid=$(part_pid "$host") || return 1
  [[ " $(cmdline_of "$pid") " == *" $svc "* ]] || return 1
  echo "$pid"
}

# Where a part logs: its own file, or its instance's host's when the services share a JVM.
part_log() { # part
  local svc
  svc=$(part_service "$1")
  if [ "$SERVICE_JVMS" = shared ] && [[ " ${ALL_SERVICES[*]} " == *" $svc "* ]]; then
    echo "$LOG_DIR/$(part_name "$HOST" "$(part_instance "$1")").log"
  else
    echo "$LOG_DIR/$1.log"
  fi
}

# start_bg PART LOGFILE command...: starts the command in its own session, detached from this
# shell, stdout+stderr appended to LOGFILE; the pid (the command's own, through exec) goes to
# the part's pid file.
start_bg() {
  local part=$1 log=$2 pidfile=$RUN_DIR/$1.pid i
  shift 2
  rm -f "$pidfile"
  printf '\n===== %s local-stack.sh starting %s\n' "$(date '+%F %T')" "$part" >>"$log"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$log" 2>&1 9>&- &
  for i in $(seq 1 100); do
    [ -s "$pidfile" ] && return 0
    sleep 0.05
  done
  die "could not start $part (no pid file); see $log"
}

stop_part() { # part deadline-seconds
  local part=$1 deadline=$2 pids pid waited=0
  pids=$( { [ -f "$RUN_DIR/$part.pid" ] && part_pid "$part"; marked_pids "$part"; } 2>/dev/null | sort -u)
  if [ -z "$pids" ]; then
    rm -f "$RUN_DIR/$part.pid"
    return 0
  fi
  say "stopping $part (pid $(echo $pids))"
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  while :; do
    local alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && break
    if [ "$waited" -ge $((deadline * 10)) ]; then
      warn "$part did not stop within ${deadline}s; killing$alive"
      for pid in $alive; do kill -KILL "$pid" 2>/dev/null || true; done
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$RUN_DIR/$part.pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Fails when a port that a part is about to use is taken by something else.
require_free_port() { # port what
  if port_open "$1"; then
    die "port $1 ($2) is already in use by a process that local-stack.sh did not start; stop it or set another port (see the top of $0)"
  fi
}

log_hint() { # logfile
  warn "last lines of $1:"
  grep -vE 'sun\.misc\.Unsafe|^\[ERROR\] *$|\[Help 1\]|re-run Maven|Re-run Maven' "$1" 2>/dev/null | tail -n 25 \
    | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' >&2 || true
}

http_get() { curl -fsS -m 3 "$1" 2>/dev/null; }

# True when the JSON health document at the URL has "status": "UP" as its first status field
# (the overall one, in Spring Boot's and in Quarkus' formats).
health_up() { # url
  local body first
  body=$(http_get "$1") || return 1
  first=$(printf '%s' "$body" | grep -o -m1 '"status" *: *"[A-Za-z_]*"' | head -n1) || return 1
  [[ $first == *'"UP"' ]]
}

# wait_until PART LOGFILE DESCRIPTION command...: polls the command every 0.5 s until it
# succeeds, the part's process dies, or TIMEOUT passes.
wait_until() {
  local part=$1 log=$2 what=$3 start=$SECONDS pid
  shift 3
  until "$@"; do
    if ! pid=$(part_pid "$part"); then
      warn "$part exited while waiting for $what"
      log_hint "$log"
      return 1
    fi
    if [ $((SECONDS - start)) -ge "$TIMEOUT" ]; then
      warn "$part (pid $pid) not ready after ${TIMEOUT}s: $what"
      log_hint "$log"
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- build

local_stack_built() {
  [ -f "$APICURIO_HOME/quarkus-run.jar" ] && [ -f "$KAFKA_HOME/config/log4j2.properties" ] \
    && compgen -G "$KAFKA_HOME/libs/kafka_2.13-*.jar" >/dev/null \
    && compgen -G "$KAFKA_HOME/libs/kafka-tools-*.jar" >/dev/null
}

service_jar() { # service -> newest *-exec.jar
  local jar
  jar=$(ls -t "$ROOT/$1"/target/*-exec.jar 2>/dev/null | head -n1) || true
  [ -n "$jar" ] && echo "$jar"
}

# Whether a pom or a main source file is newer than $1, so an edited or pulled checkout never runs an
# old jar. Which modules a service needs is not worked out: any change rebuilds (mvn is incremental).
sources_newer_than() {
  [ -n "$(find "$ROOT" -maxdepth 1 -name pom.xml -newer "$1" -print -quit)" ] && return 0
  [ -n "$(find "$ROOT" -mindepth 2 \( -name target -o -name .local-stack -o -name .git \) -prune \
        -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$1" -print -quit 2>/dev/null)" ]
}

build_missing() {
  local svc missing=() blog=$LOG_DIR/build.log
  local jar
  local jars=(issuer $(selected_services))
  if [ "$SERVICE_JVMS" = shared ] && [ -n "$(selected_services)" ]; then jars+=(service-host); fi
  for svc in "${jars[@]}"; do
    if ! jar=$(service_jar "$svc"); then
      missing+=("$svc")
    elif sources_newer_than "$jar"; then
      missing+=("$svc (sources changed)")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "building (mvn -B -q -DskipTests package; for: ${missing[*]}) ... log: $blog"
    # A failed build leaves the jars of the last good one: starting them would run code older than the checkout.
    mvn -B -q -DskipTests package >"$blog" 2>&1 \
      || { log_hint "$blog"; die "the build failed: nothing started (the jars there are older than the sources)"; }
  fi
  if ! local_stack_built; then
    say "building local-stack (Kafka and Apicurio Registry jars) ... log: $blog"
    mvn -B -q -f "$ROOT/local-stack/pom.xml" package >>"$blog" 2>&1 \
      || { log_hint "$blog"; die "could not build local-stack"; }
    local_stack_built || die "local-stack/target is incomplete after the build; see $blog"
  fi
}

# ---------------------------------------------------------------- kafka

write_kafka_config() {
  mkdir -p "$STACK_DIR/kafka/data" "$LOG_DIR/kafka"
  cat >"$STACK_DIR/kafka/server.properties" <<EOF
# Written by local-stack.sh on every 'up'; edit the script, not this file.
# Single node: broker and KRaft controller in one process.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$STACK_DIR/kafka/data

num.network.threads=2
num.io.threads=4
# the log cleaner's buffer of keys, allocated on the heap for good when it starts: 128 MiB by default (most of the
# broker's heap at rest); 16 MiB holds about 600,000 keys per cleaning pass, and a larger backlog takes more passes
log.cleaner.dedupe.buffer.size=16777216
num.partitions=$TOPIC_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
message.max.bytes=$MAX_MESSAGE_BYTES
replica.fetch.max.bytes=$MAX_MESSAGE_BYTES

offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=12
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

log.retention.hours=168
log.segment.bytes=268435456
EOF
}

kafka_java() { # main-class args... (a short-lived Kafka tool, logging warnings to stderr)
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KAFKA_HOME/config/tools-log4j2.properties" \
    -cp "$KAFKA_HOME/libs/*" "$@"
}

format_kafka_storage() {
  local data=$STACK_DIR/kafka/data cluster_id
  [ -f "$data/meta.properties" ] && return 0
  if [ -s "$STACK_DIR/kafka/cluster.id" ]; then
    cluster_id=$(<"$STACK_DIR/kafka/cluster.id")
  else
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid)
    echo "$cluster_id" >"$STACK_DIR/kafka/cluster.id"
  fi
  say "formatting Kafka storage in $data (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
    -c "$STACK_DIR/kafka/server.properties" >>"$LOG_DIR/kafka-format.log" 2>&1 \
    || { log_hint "$LOG_DIR/kafka-format.log"; die "formatting Kafka storage failed"; }
}

start_kafka() {
  local pid log=$LOG_DIR/kafka.out
  if pid=$(part_pid kafka); then
    say "kafka: already running (pid $pid)"
    return 0
  fi
  require_free_port "$KAFKA_PORT" "Kafka"
  require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller"
  write_kafka_config
  format_kafka_storage
  say "kafka: starting on $BOOTSTRAP (logs: $LOG_DIR/kafka/server.log)"
  # shellcheck disable=SC2086
  start_bg kafka "$log" java $KAFKA_HEAP_OPTS $(marker_opts kafka) \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_HOME/config/log4j2.properties" \
    -Dkafka.logs.dir="$LOG_DIR/kafka" \
    ${KAFKA_JAVA_OPTS:-} \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$STACK_DIR/kafka/server.properties"
}

# Waits for the broker (through the admin API), watching that it stays alive meanwhile. The services
# make the topics they use (sync.topics.*: TOPIC_PARTITIONS is passed on in the environment).
await_kafka() {
  local log=$LOG_DIR/kafka-ready.log out=$RUN_DIR/kafka-ready.out admin rc=0 start=$SECONDS
  java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$KAFKA_HOME/config/tools-log4j2.properties" \
    -cp "$KAFKA_HOME/libs/*" "$STACK_ADMIN" wait "$BOOTSTRAP" "$TIMEOUT" >"$out" 2>&1 9>&- &
  admin=$!
  while kill -0 "$admin" 2>/dev/null; do
    if ! part_pid kafka >/dev/null; then
      kill "$admin" 2>/dev/null || true
      wait "$admin" 2>/dev/null || true
      warn "kafka exited during startup"
      log_hint "$LOG_DIR/kafka/server.log"
      log_hint "$LOG_DIR/kafka.out"
      return 1
    fi
    sleep 0.2
  done
  wait "$admin" || rc=$?
  { printf '\n===== %s\n' "$(date '+%F %T')"; cat "$out"; } >>"$log"
  if [ "$rc" -ne 0 ]; then
    warn "kafka is not ready (after $((SECONDS - start))s)"
    log_hint "$out"
    log_hint "$LOG_DIR/kafka/server.log"
    return 1
  fi
  sed 's/^/  /' "$out"
}

# ---------------------------------------------------------------- registry

registry_healthy() { health_up "$REGISTRY_HEALTH_URL"; }

start_registry() { # starts it in the background when it is not running, does not wait
  local pid log=$LOG_DIR/registry.log
  if pid=$(part_pid registry); then
    say "registry: already running (pid $pid)"
  else
    require_free_port "$REGISTRY_PORT" "registry"
    require_free_port "$REGISTRY_MANAGEMENT_PORT" "registry management"
    mkdir -p "$STACK_DIR/registry/tmp"
    say "registry: starting Apicurio Registry on $REGISTRY_URL (storage: kafkasql on $BOOTSTRAP; log: $log)"
    # Apicurio 3.x configuration (MicroProfile Config; system properties override the
    # application.properties inside the app jar).
    # shellcheck disable=SC2086
    start_bg registry "$log" java $REGISTRY_HEAP_OPTS $(marker_opts registry) -XX:TieredStopAtLevel=1 \
      -Djava.io.tmpdir="$STACK_DIR/registry/tmp" \
      -Dquarkus.http.host=127.0.0.1 \
      -Dquarkus.http.port="$REGISTRY_PORT" \
      -Dquarkus.management.host=127.0.0.1 \
      -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
      -Dapicurio.storage.kind=kafkasql \
      -Dapicurio.kafkasql.bootstrap.servers="$BOOTSTRAP" \
      -Dapicurio.kafkasql.consumer.poll.timeout=1000 \
      -Dapicurio.storage.snapshot.location="$STACK_DIR/registry/tmp" \
      -Dapicurio.import.work-dir="$STACK_DIR/registry/tmp" \
      -Dapicurio.rest.artifact.deletion.enabled=true \
      ${REGISTRY_JAVA_OPTS:-} \
      -jar "$APICURIO_HOME/quarkus-run.jar"
  fi
}

wait_registry() {
  wait_until registry "$LOG_DIR/registry.log" "$REGISTRY_HEALTH_URL" registry_healthy || return 1
  say "registry: healthy ($REGISTRY_HEALTH_URL)"
}

# ---------------------------------------------------------------- issuer

issuer_healthy() { health_up "$ISSUER_HEALTH_URL"; }

start_issuer() { # starts the development issuer in the background when it is not running, does not wait
  local pid jar log=$LOG_DIR/issuer.log
  if pid=$(part_pid issuer); then
    say "issuer: already running (pid $pid)"
    return 0
  fi
  if ! jar=$(service_jar issuer); then
    warn "issuer: no issuer/target/*-exec.jar; build it with: mvn -B -DskipTests package (see $LOG_DIR/build.log)"
    return 1
  fi
  if port_open "$ISSUER_PORT"; then
    warn "issuer: port $ISSUER_PORT is already in use by a process that local-stack.sh did not start; set ISSUER_PORT"
    return 1
  fi
  mkdir -p "$(dirname "$ISSUER_KEY_FILE")"
  say "issuer: starting the development OpenID Connect issuer on $ISSUER_URL (key: $ISSUER_KEY_FILE; log: $log)"
  # ISSUER_URL is the iss of every token: the services must be given the same URL (OIDC_ISSUER_URI).
  # It listens on the loopback address only: anyone who reaches it can sign in as anyone, operators included.
  # shellcheck disable=SC2086
  start_bg issuer "$log" env \
    ISSUER_URL="$ISSUER_URL" \
    ISSUER_KEY_FILE="$ISSUER_KEY_FILE" \
    ISSUER_WEB_REDIRECT_URIS="http://localhost:5173/callback,$WEB_URL/callback" \
    ISSUER_CORS_ORIGINS="$CORS_ALLOWED_ORIGINS" \
    ${ISSUER_TOKEN_TTL:+ISSUER_TOKEN_TTL="$ISSUER_TOKEN_TTL"} \
    java $ISSUER_HEAP_OPTS $(marker_opts issuer) -XX:TieredStopAtLevel=1 \
    ${ISSUER_JAVA_OPTS:-} \
    -jar "$jar" --server.port="$ISSUER_PORT" --server.address=127.0.0.1
}

wait_issuer() {
  wait_until issuer "$LOG_DIR/issuer.log" "$ISSUER_HEALTH_URL UP" issuer_healthy || return 1
  say "issuer: healthy ($ISSUER_URL/.well-known/openid-configuration)"
}

# ---------------------------------------------------------------- services

service_healthy() { health_up "http://localhost:$(part_port "$1")/actuator/health/readiness"; }

# The settings of a service's part that its instance's other parts do not share, as NAME=value lines.
part_settings() { # part
  local part=$1 svc port standby n
  svc=$(part_service "$part")
  n=$(instances)
  port=$(part_port "$part")
  # Several instances keep a warm copy of each other's state (standby replicas); the query-apis find
  # each other through their advertised URLs (application.server). One instance is not a group: without an
  # advertised URL it reads its own stores directly, and neither follows the heads changelog for other
  # instances' lists nor locates each read (BENCHMARKS.md, "Issue 15, tenth part").
  standby=${STANDBY_REPLICAS:-$([ "$n" -gt 1 ] && echo 1 || echo 0)}
  echo "SERVER_PORT=$port"
  echo "STATE_DIR=$STACK_DIR/state/$part"
  case $svc in
    query-api)
      if [ "$n" -gt 1 ]; then echo "QUERY_API_ADVERTISED_URL=http://localhost:$port"; fi
      echo "STANDBY_REPLICAS=$standby" ;;
    projector-streams) echo "STANDBY_REPLICAS=$standby" ;;
  esac
}

# Whether a service's part can start: its jar is built and its port free. Prints the jar.
part_startable() { # part jar-service
  local part=$1 jar port
  port=$(part_port "$part")
  if ! jar=$(service_jar "$2"); then
    warn "$2: no $2/target/*-exec.jar; build it with: mvn -B -DskipTests package (see $LOG_DIR/build.log)"
    return 1
  fi
  if port_open "$port"; then
    warn "$part: port $port is already in use by a process that local-stack.sh did not start; set another port"
    return 1
  fi
  echo "$jar"
}

start_service() { # part (a service's instance in a JVM of its own); starts it in the background, does not wait
  local part=$1 svc jar pid log=$LOG_DIR/$1.log settings=()
  svc=$(part_service "$part")
  if pid=$(part_pid "$part"); then
    say "$part: already running (pid $pid)"
    return 0
  fi
  jar=$(part_startable "$part" "$svc") || return 1
  mapfile -t settings < <(part_settings "$part")
  mkdir -p "$STACK_DIR/state/$part"
  say "$part: starting $(basename "$jar") on http://localhost:$(part_port "$part") (log: $log)"
  # shellcheck disable=SC2086
  start_bg "$part" "$log" env \
    KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
    REGISTRY_URL="$REGISTRY_URL" \
    OIDC_ISSUER_URI="$ISSUER_URL" \
    CORS_ALLOWED_ORIGINS="$CORS_ALLOWED_ORIGINS" \
    "${settings[@]}" \
    java $SERVICE_HEAP_OPTS $(marker_opts "$part") \
    -Dorg.apache.avro.SERIALIZABLE_PACKAGES="$AVRO_TRUSTED" \
    ${SERVICE_JAVA_OPTS:-} \
    $(service_launch "$jar")
}

# start_host INSTANCE PART...: the instance's service parts in one JVM (service-host/), each with its own settings as
# arguments; the JVM is the part "services" (or "services-I"). Starts it in the background, does not wait.
start_host() {
  local instance=$1 host jar pid log part args=() setting
  shift
  host=$(part_name "$HOST" "$instance")
  log=$LOG_DIR/$host.log
  if pid=$(part_pid "$host"); then
    for part in "$@"; do
      hosted_pid "$part" >/dev/null \
        || { warn "$host (pid $pid) runs without $part; stop the stack first: ./local-stack.sh down"; return 1; }
    done
    say "$host: already running (pid $pid): $*"
    return 0
  fi
  for part in "$@"; do
    if pid=$(marked_pids "$part" | head -n1) && [ -n "$pid" ]; then
      warn "$part runs in a JVM of its own (pid $pid, LOCAL_STACK_SERVICE_JVMS=separate); stop the stack first: ./local-stack.sh down"
      return 1
    fi
    part_startable "$part" "$(part_service "$part")" >/dev/null || return 1
    mkdir -p "$STACK_DIR/state/$part"
    args+=("$(part_service "$part")")
    while IFS= read -r setting; do args+=("--$setting"); done < <(part_settings "$part")
  done
  if ! jar=$(service_jar service-host); then
    warn "service-host: no service-host/target/*-exec.jar; build it with: mvn -B -DskipTests package (see $LOG_DIR/build.log)"
    return 1
  fi
  say "$host: starting $* in one JVM ($(basename "$jar"), log: $log)"
  # shellcheck disable=SC2086
  start_bg "$host" "$log" env -u SERVER_PORT -u STATE_DIR -u QUERY_API_ADVERTISED_URL \
    KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
    REGISTRY_URL="$REGISTRY_URL" \
    OIDC_ISSUER_URI="$ISSUER_URL" \
    CORS_ALLOWED_ORIGINS="$CORS_ALLOWED_ORIGINS" \
    java $SHARED_SERVICE_HEAP_OPTS $(marker_opts "$host") \
    -Dorg.apache.avro.SERIALIZABLE_PACKAGES="$AVRO_TRUSTED" \
    ${SERVICE_JAVA_OPTS:-} \
    $(service_launch "$jar") "${args[@]}"
}

# How a service jar is run: -jar, or with SERVICE_LOADER_PATH (bench/run.sh auth: extra classes for the benchmark)
# and PROJECTION_PLUGINS (projections' jars) through Spring Boot's PropertiesLauncher, which adds them to the class path.
service_launch() {
  local extra
  extra=$(printf '%s\n' "${SERVICE_LOADER_PATH:-}" "${PROJECTION_PLUGINS:-}" | grep -v '^$' | paste -sd, -)
  if [ -n "$extra" ]; then
    printf '%s\n' "-Dloader.path=$extra -cp $1 org.springframework.boot.loader.launch.PropertiesLauncher"
  else
    printf '%s\n' "-jar $1"
  fi
}

# ---------------------------------------------------------------- web app

web_enabled() { [ "${LOCAL_STACK_WEB:-on}" != off ]; }

web_healthy() { health_up "$WEB_URL/health"; }

# Whether web/dist is missing or older than a source of the app (or its lockfile, or the build script).
web_build_needed() {
  local stamp=$WEB_DIR/dist/index.html
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$WEB_DIR/src" "$WEB_DIR/public" "$WEB_DIR/build.mjs" "$WEB_DIR/package-lock.json" \
        -type f -newer "$stamp" -print -quit 2>/dev/null)" ]
}

build_web() { # npm ci (when the lockfile changed) and npm run build, with the Maven build's checks of Node.js
  local blog=$LOG_DIR/web-build.log
  web_build_needed || return 0
  say "building the web app (npm ci, npm run build in web/) ... log: $blog"
  if ! { sh "$WEB_DIR/maven/npm.sh" ci && sh "$WEB_DIR/maven/npm.sh" run build; } >"$blog" 2>&1; then
    log_hint "$blog"
    warn "the web app could not be built"
    return 1
  fi
}

start_web() { # serves web/dist with web/serve.mjs in the background, does not wait
  local pid log=$LOG_DIR/web.log
  if pid=$(part_pid web); then
    say "web: already running (pid $pid)"
    return 0
  fi
  build_web || return 1
  if port_open "$WEB_PORT"; then
    warn "web: port $WEB_PORT is already in use by a process that local-stack.sh did not start; set WEB_PORT"
    return 1
  fi
  say "web: serving the web app on $WEB_URL (log: $log)"
  # the two -D arguments mean nothing to serve.mjs: they are the markers this script finds its processes by
  start_bg web "$log" env \
    WEB_PORT="$WEB_PORT" WEB_HOST="$WEB_HOST" WEB_PUBLIC_URL="$WEB_URL" \
    GATEWAY_URL="http://localhost:$GATEWAY_PORT" QUERY_URL="http://localhost:$QUERY_API_PORT" ISSUER_URL="$ISSUER_URL" \
    node "$WEB_DIR/serve.mjs" $(marker_opts web)
}

# ---------------------------------------------------------------- commands

cmd_up() {
  while [ $# -gt 0 ]; do
    case $1 in
      --instances) [ $# -ge 2 ] || die "up: --instances needs a number"; INSTANCES=$2; shift 2 ;;
      --instances=*) INSTANCES=${1#--instances=}; shift ;;
      *) die "up: unknown option $1 (known: --instances N)" ;;
    esac
  done
  if [ -n "${INSTANCES:-}" ] && ! [[ $INSTANCES =~ ^[1-9]$ ]]; then
    die "up: --instances must be 1 to 9, was '$INSTANCES'"
  fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  touch "$STACK_DIR/.local-stack-dir"
  exec 9>"$RUN_DIR/lock"
  flock -w 600 9 || die "another local-stack.sh is running (lock $RUN_DIR/lock)"

  # shellcheck source=scripts/jdk.sh
  . "$ROOT/scripts/jdk.sh" || exit 1
  NATIVE_TRIM=$(native_trim_opts)
  command -v curl >/dev/null || die "curl is needed"
  command -v setsid >/dev/null || die "setsid (util-linux) is needed"

  local t0=$SECONDS failed=() part parts
  INSTANCES=$(instances)
  echo "$INSTANCES" >"$INSTANCES_FILE"
  parts=$(selected_parts)
  build_missing

  start_kafka
  # The issuer needs nothing else: it starts beside the broker and must be up before the services.
  local issuer_started=true
  start_issuer || issuer_started=false
  # The broker opens its client port once it has started; from then on the registry (which
  # creates its own kafkasql-* topics) and the readiness check run side by side.
  wait_until kafka "$LOG_DIR/kafka/server.log" "port $KAFKA_PORT" port_open "$KAFKA_PORT" \
    || die "kafka did not come up; logs: $LOG_DIR/kafka/server.log, $LOG_DIR/kafka.out"
  start_registry
  await_kafka || die "kafka did not come up; logs: $LOG_DIR/kafka/server.log, $LOG_DIR/kafka.out"
  say "kafka: ready on $BOOTSTRAP ($((SECONDS - t0))s)"
  wait_registry || die "the registry did not become healthy; log: $LOG_DIR/registry.log"
  if $issuer_started && wait_issuer; then :; else failed+=(issuer); fi

  if [ "$SERVICE_JVMS" = shared ]; then
    local i instance_parts
    for i in $(seq 1 "$INSTANCES"); do
      instance_parts=$(for part in $parts; do if [ "$(part_instance "$part")" = "$i" ]; then echo "$part"; fi; done)
      [ -n "$instance_parts" ] || continue
      # shellcheck disable=SC2086
      start_host "$i" $instance_parts || failed+=($instance_parts)
    done
  else
    for part in $parts; do
      start_service "$part" || failed+=("$part")
    done
  fi
  local web_started=false
  if web_enabled; then
    if start_web; then web_started=true; else failed+=(web); fi
  fi
  for part in $parts; do
    [[ " ${failed[*]} " == *" $part "* ]] && continue
    if wait_until "$part" "$(part_log "$part")" "http://localhost:$(part_port "$part")/actuator/health/readiness UP" service_healthy "$part"; then
      say "$part: healthy"
    else
      failed+=("$part")
    fi
  done

  if $web_started; then
    if wait_until web "$LOG_DIR/web.log" "$WEB_URL/health UP" web_healthy; then say "web: healthy"; else failed+=(web); fi
  fi

  say ""
  say "local stack up in $((SECONDS - t0))s:"
  say "  kafka               $BOOTSTRAP"
  say "  registry            $REGISTRY_URL  (Confluent API: $REGISTRY_URL/apis/ccompat/v7, health: $REGISTRY_HEALTH_URL)"
  say "  issuer              $ISSUER_URL$([[ " ${failed[*]} " == *" issuer "* ]] && echo '  (NOT RUNNING)' || echo '  (development users: ./local-stack.sh token USER [--admin])')"
  for part in $parts; do
    say "  $(printf '%-19s' "$part") http://localhost:$(part_port "$part")$([[ " ${failed[*]} " == *" $part "* ]] && echo '  (NOT RUNNING)')"
  done
  if web_enabled; then
    say "  web app (TodoMVC)   $WEB_URL$([[ " ${failed[*]} " == *" web "* ]] && echo '  (NOT RUNNING)' || echo '  (sign in as any development user, password: the name)')"
  fi
  say "  data and logs       $STACK_DIR"
  if [ ${#failed[@]} -gt 0 ]; then
    die "not started: ${failed[*]} (logs in $LOG_DIR)"
  fi
}

cmd_down() {
  local wipe=false arg part
  for arg in "$@"; do
    case $arg in
      --wipe) wipe=true ;;
      *) die "down: unknown option $arg" ;;
    esac
  done
  # services first (they flush and leave their groups), the registry, the broker last
  local t=${LOCAL_STACK_STOP_TIMEOUT:-30}
  stop_part web "$t"
  # a shared JVM closes its services in the order they started: the gateway first
  for part in $(known_parts "$HOST"); do stop_part "$part" "$t"; done
  for part in $(known_parts query-api projector-streams ingest-gateway); do stop_part "$part" "$t"; done
  stop_part issuer "$t"
  stop_part registry "$t"
  stop_part kafka $((t * 2))
  local left
  left=$(marked_pids)
  if [ -n "$left" ]; then
    warn "still running after down: $(echo $left); killing"
    kill -KILL $left 2>/dev/null || true
  fi
  if $wipe; then
    if [ -d "$STACK_DIR" ]; then
      [ -f "$STACK_DIR/.local-stack-dir" ] || [ "$STACK_DIR" = "$ROOT/.local-stack" ] \
        || die "refusing to delete $STACK_DIR: it has no .local-stack-dir marker"
      rm -rf "$STACK_DIR"
      say "deleted $STACK_DIR"
    fi
  fi
  say "local stack down"
}

cmd_status() {
  local pid ok=0 port part
  line() { printf '  %-20s %-14s %s\n' "$1" "$2" "$3"; }
  say "local stack in $STACK_DIR"
  if pid=$(part_pid kafka); then
    if port_open "$KAFKA_PORT"; then line kafka "pid $pid" "healthy  $BOOTSTRAP"
    else line kafka "pid $pid" "NOT ANSWERING on $BOOTSTRAP"; ok=1; fi
  else line kafka "stopped" ""; ok=1; fi
  if pid=$(part_pid registry); then
    if registry_healthy; then line registry "pid $pid" "healthy  $REGISTRY_URL"
    else line registry "pid $pid" "NOT HEALTHY  $REGISTRY_HEALTH_URL"; ok=1; fi
  else line registry "stopped" ""; ok=1; fi
  if pid=$(part_pid issuer); then
    if issuer_healthy; then line issuer "pid $pid" "healthy  $ISSUER_URL"
    else line issuer "pid $pid" "NOT HEALTHY  $ISSUER_HEALTH_URL"; ok=1; fi
  else line issuer "stopped" ""; ok=1; fi
  if pid=$(part_pid web); then
    if web_healthy; then line web "pid $pid" "healthy  $WEB_URL"
    else line web "pid $pid" "NOT HEALTHY  $WEB_URL/health"; ok=1; fi
  elif web_enabled; then line web "stopped" ""; ok=1; fi
  for part in $(known_parts "$HOST"); do
    if pid=$(part_pid "$part"); then line "$part" "pid $pid" "one JVM for the services below with pid $pid"; fi
  done
  for part in $(known_parts "${ALL_SERVICES[@]}"); do
    port=$(part_port "$part")
    if pid=$(part_pid "$part"); then
      if service_healthy "$part"; then line "$part" "pid $pid" "healthy  http://localhost:$port"
      else line "$part" "pid $pid" "NOT HEALTHY  http://localhost:$port/actuator/health/readiness"; ok=1; fi
    else
      line "$part" "stopped" ""
      [[ $'\n'"$(selected_parts)"$'\n' == *$'\n'"$part"$'\n'* ]] && ok=1
    fi
  done
  if [ "${1:-}" = "--topics" ] && part_pid kafka >/dev/null; then
    . "$ROOT/scripts/jdk.sh" || exit 1
    say "topics:"
    java -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KAFKA_HOME/config/tools-log4j2.properties" \
      -cp "$KAFKA_HOME/libs/*" "$STACK_ADMIN" describe "$BOOTSTRAP" | sed 's/^/  /' || ok=1
  fi
  return $ok
}

cmd_logs() {
  local part=${1:-}
  if [ -z "$part" ]; then
    say "logs in $LOG_DIR:"
    ls -l "$LOG_DIR" "$LOG_DIR/kafka" 2>/dev/null | sed 's/^/  /'
    return 0
  fi
  case $part in
    kafka) tail -n "${LINES_TO_SHOW:-60}" "$LOG_DIR/kafka/server.log" ;;
    *) tail -n "${LINES_TO_SHOW:-60}" "$(part_log "$part")" ;;
  esac
}

cmd_demo() {
  . "$ROOT/scripts/jdk.sh" || exit 1
  local_stack_built || die "local-stack is not built; run ./local-stack.sh up first"
  health_up "http://localhost:$GATEWAY_PORT/actuator/health/readiness" \
    || die "ingest-gateway is not healthy on http://localhost:$GATEWAY_PORT; run ./local-stack.sh up"
  health_up "http://localhost:$QUERY_API_PORT/actuator/health/readiness" \
    || die "query-api is not healthy on http://localhost:$QUERY_API_PORT; run ./local-stack.sh up"
  local ann_token bob_token
  ann_token=$(cmd_token ann) || exit 1
  bob_token=$(cmd_token bob) || exit 1
  # Demo.java uses the JDK's HTTP client and the Jackson jars that come with the broker.
  GATEWAY_URL=http://localhost:$GATEWAY_PORT QUERY_API_URL=http://localhost:$QUERY_API_PORT \
    ANN_TOKEN=$ann_token BOB_TOKEN=$bob_token java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$KAFKA_HOME/libs/*" "$DEMO_SRC" "$@"
}

# Prints an access token of a development user: the password grant of the issuer's public client
# offline-sync-cli (the password of a development user is its name).
cmd_token() {
  local user="" admin=false arg scope body token
  for arg in "$@"; do
    case $arg in
      --admin) admin=true ;;
      -*) die "token: unknown option $arg (usage: ./local-stack.sh token USER [--admin])" ;;
      *) [ -z "$user" ] || die "token: one user at a time (usage: ./local-stack.sh token USER [--admin])"; user=$arg ;;
    esac
  done
  [ -n "$user" ] || die "token: which user? usage: ./local-stack.sh token USER [--admin]"
  [[ $user =~ $USER_PATTERN ]] \
    || die "token: '$user' is not a user name: 1 to 64 of A-Z a-z 0-9 _ - (the platform's id pattern)"
  command -v curl >/dev/null || die "curl is needed"
  scope="openid profile"
  $admin && scope="$scope sync:admin"
  if ! body=$(curl -sS -m 10 -X POST "$ISSUER_URL/oauth2/token" \
        --data-urlencode grant_type=password --data-urlencode client_id=offline-sync-cli \
        --data-urlencode "username=$user" --data-urlencode "password=$user" --data-urlencode "scope=$scope" 2>&1); then
    die "the issuer does not answer on $ISSUER_URL ($body); start it with ./local-stack.sh up"
  fi
  token=$(printf '%s' "$body" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || die "the issuer on $ISSUER_URL gave no token for $user: $body"
  printf '%s\n' "$token"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  demo) cmd_demo "$@" ;;
  logs) cmd_logs "$@" ;;
  token) cmd_token "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
