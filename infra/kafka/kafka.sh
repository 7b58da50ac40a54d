#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller in one JVM) for tests.
#
#   ./kafka.sh fetch    fetch the broker jars with Maven into .cache/libs (no-op when present)
#   ./kafka.sh start    format a fresh data dir, start the broker in the background, wait
#                       until it answers a Metadata request, print KAFKA_BROKERS=localhost:PORT
#   ./kafka.sh stop     SIGTERM, wait, SIGKILL; leaves no broker JVM behind
#   ./kafka.sh status   exit 0 and print KAFKA_BROKERS=... when running, exit 3 otherwise
#
# Environment:
#   KAFKA_PORT             client (PLAINTEXT) port, default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port, default 9093
#   KAFKA_DATA_DIR         data dir, default infra/kafka/.cache/data-$KAFKA_PORT
#   KAFKA_KEEP_DATA=1      keep the data dir (and its cluster id) instead of wiping it on start
#   KAFKA_HEAP_OPTS        default "-Xms128m -Xmx512m"
#   KAFKA_JVM_OPTS         extra JVM options
#   KAFKA_LOG_LEVEL        log4j2 root level, default WARN (log: $DATA/logs/server.log)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness, default 60
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL, default 20
#   JAVA                   java binary, default: $JAVA_HOME/bin/java or java on PATH
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$HERE/.cache"
LIBS="$CACHE/libs"
RUN_DIR="$CACHE/run"

PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
HOST=localhost
DATA="${KAFKA_DATA_DIR:-$CACHE/data-$PORT}"
PIDFILE="$RUN_DIR/kafka-$PORT.pid"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-20}"
# Marker put on the broker's command line so that stop can find a broker of this port
# even when the pid file is lost. It names this folder and the port, nothing broader.
MARKER="-Dinfra.kafka.id=$HERE:$PORT"

if [[ -n "${JAVA:-}" ]]; then :;
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java";
else JAVA=java; fi

log() { echo "kafka.sh: $*" >&2; }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }
now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- fetch
# The stamp names a hash of pom.xml, so changing the Kafka version re-fetches.
pom_stamp() { echo "$LIBS/.fetched-$(sha256sum "$HERE/pom.xml" | cut -c1-16)"; }

cmd_fetch() {
  local stamp; stamp="$(pom_stamp)"
  if [[ -f "$stamp" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Kafka jars)"
  mkdir -p "$CACHE"
  # one fetch at a time (parallel starts on different ports share .cache/libs)
  if command -v flock >/dev/null && [[ -z "${_KAFKA_FETCH_LOCKED:-}" ]]; then
    _KAFKA_FETCH_LOCKED=1 flock "$CACHE/fetch.lock" bash "$HERE/kafka.sh" fetch || exit 1
    return 0
  fi
  if [[ -f "$stamp" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  log "fetching Kafka broker jars with Maven into $LIBS ..."
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  local out="$CACHE/mvn-fetch.log"
  if ! mvn -q -B -f "$HERE/pom.xml" package >"$out" 2>&1; then
    cat "$out" >&2
    die "maven fetch failed (log: $out)"
  fi
  compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null || die "maven ran but no kafka_2.13 jar in $LIBS"
  touch "$stamp"
  log "fetched $(ls "$LIBS"/*.jar | wc -l) jars ($(ls "$LIBS"/kafka_2.13-*.jar | xargs -n1 basename))"
}

# ---------------------------------------------------------------- helpers
# alive = exists and is not a zombie waiting to be reaped (after SIGKILL, say)
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local st; st="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$st" != "Z" && "$st" != "X" ]]
}

# pids of JVMs carrying this folder's marker for this port
marker_pids() {
  local p
  for p in /proc/[0-9]*; do
    [[ -r "$p/cmdline" ]] || continue
    if { tr '\0' '\n' <"$p/cmdline"; } 2>/dev/null | grep -qxF -- "$MARKER"; then
      echo "${p#/proc/}"
    fi
  done
}

read_pidfile() { [[ -f "$PIDFILE" ]] && cat "$PIDFILE" 2>/dev/null || true; }

running_pid() {
  local pid; pid="$(read_pidfile)"
  if pid_alive "$pid"; then echo "$pid"; return 0; fi
  pid="$(marker_pids | head -n1)"
  if [[ -n "$pid" ]]; then echo "$pid"; return 0; fi
  return 1
}

port_open() { (exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1"); }

# Sends a Metadata v4 request (all topics) over /dev/tcp and checks that the answer carries
# our correlation id and at least one broker, i.e. the broker is registered and unfenced.
# v4 is non-flexible (simple framing) and inside the range the 4.x broker advertises (v0-v13).
metadata_ok() {
  local hex
  hex="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    # size=23 | api_key=3 | api_version=4 | correlation_id=0x2a | client_id="kafka.sh" | topics=null | allow_auto_create=false
    printf '\x00\x00\x00\x17\x00\x03\x00\x04\x00\x00\x00\x2a\x00\x08kafka.sh\xff\xff\xff\xff\x00' >&3
    timeout 3 head -c 16 <&3 | od -An -tx1 | tr -d ' \n'
  )" 2>/dev/null || return 1
  # bytes 4-7 correlation id, 8-11 throttle_time_ms, 12-15 broker count
  [[ ${#hex} -eq 32 && "${hex:8:8}" == "0000002a" ]] || return 1
  local brokers=$((16#${hex:24:8}))
  (( brokers >= 1 && brokers < 1000 ))
}

# FindCoordinator v1 (non-flexible, has key_type) for key "warmup" of the given key type
# (0 = consumer group -> __consumer_offsets, 1 = transaction -> __transaction_state).
# Asking makes the broker create the internal topic; succeeds once the coordinator is
# loaded, so clients don't log COORDINATOR_NOT_AVAILABLE / LOAD_IN_PROGRESS on first use
# (kafkajs' idempotent producer needs the transaction coordinator for InitProducerId).
coordinator_ok() {
  local hex
  hex="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    # size=27 | api_key=10 | api_version=1 | correlation_id=0x2b | client_id="kafka.sh" | key="warmup" | key_type
    printf '\x00\x00\x00\x1b\x00\x0a\x00\x01\x00\x00\x00\x2b\x00\x08kafka.sh\x00\x06warmup\x0'"$1" >&3
    timeout 3 head -c 14 <&3 | od -An -tx1 | tr -d ' \n'
  )" 2>/dev/null || return 1
  # bytes 4-7 correlation id, 8-11 throttle_time_ms, 12-13 error_code
  [[ ${#hex} -eq 28 && "${hex:8:8}" == "0000002b" && "${hex:24:4}" == "0000" ]]
}

# InitProducerId v1 with a null transactional id, as an idempotent producer sends it:
# succeeds once the transaction coordinator has loaded __transaction_state.
init_producer_id_ok() {
  local hex
  hex="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    # size=24 | api_key=22 | api_version=1 | correlation_id=0x2c | client_id="kafka.sh" | transactional_id=null | timeout=60000
    printf '\x00\x00\x00\x18\x00\x16\x00\x01\x00\x00\x00\x2c\x00\x08kafka.sh\xff\xff\x00\x00\xea\x60' >&3
    timeout 3 head -c 14 <&3 | od -An -tx1 | tr -d ' \n'
  )" 2>/dev/null || return 1
  [[ ${#hex} -eq 28 && "${hex:8:8}" == "0000002c" && "${hex:24:4}" == "0000" ]]
}

write_config() {
  cat >"$DATA/server.properties" <<EOF
# generated by infra/kafka/kafka.sh -- single-node KRaft broker for tests
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/kraft
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
# lets tests use short consumer session timeouts (broker default minimum is 6000)
group.min.session.timeout.ms=1000
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A broker restarted after SIGKILL can't re-register until its old session times out
# (default 9 s); keep that short so crash-restart tests are quick.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=4000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
EOF
}

# ---------------------------------------------------------------- start
cmd_start() {
  local pid ms0 ms_fmt ms_ready ms_warm
  ms0="$(now_ms)"
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
    echo "KAFKA_BROKERS=$HOST:$PORT"
    return 0
  fi
  port_open "$PORT" && die "port $PORT is already in use by another process"
  port_open "$CPORT" && die "controller port $CPORT is already in use by another process"
  cmd_fetch
  command -v "$JAVA" >/dev/null || die "java not found"

  local cp="$LIBS/*"
  mkdir -p "$RUN_DIR"
  if [[ "${KAFKA_KEEP_DATA:-0}" != "1" ]]; then
    rm -rf "$DATA"
  fi
  mkdir -p "$DATA/logs"
  write_config

  if [[ ! -f "$DATA/kraft/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
      -Dkafka.logs.dir="$DATA/logs" kafka.tools.StorageTool random-uuid 2>>"$DATA/logs/format.log" | tail -n1)"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "could not generate a cluster id (log: $DATA/logs/format.log)"
    "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
      -Dkafka.logs.dir="$DATA/logs" kafka.tools.StorageTool format \
      --cluster-id "$cluster_id" --config "$DATA/server.properties" --ignore-formatted \
      >>"$DATA/logs/format.log" 2>&1 || { cat "$DATA/logs/format.log" >&2; die "storage format failed"; }
  fi

  ms_fmt="$(now_ms)"
  # shellcheck disable=SC2086
  nohup "$JAVA" ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    ${KAFKA_JVM_OPTS:-} \
    "$MARKER" \
    -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -Dkafka.logs.dir="$DATA/logs" -Dkafka.log.level="${KAFKA_LOG_LEVEL:-WARN}" \
    -cp "$cp" kafka.Kafka "$DATA/server.properties" \
    </dev/null >>"$DATA/logs/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT" && metadata_ok; do
    if ! pid_alive "$pid"; then
      rm -f "$PIDFILE"
      log "broker exited during start-up; last log lines:"
      tail -n 30 "$DATA/logs/stdout.log" "$DATA/logs/server.log" >&2 2>/dev/null || true
      die "start failed"
    fi
    if (( SECONDS >= deadline )); then
      log "broker not ready after ${START_TIMEOUT}s; stopping it. Last log lines:"
      tail -n 30 "$DATA/logs/server.log" >&2 2>/dev/null || true
      cmd_stop || true
      die "start timed out"
    fi
    sleep 0.2
  done
  ms_ready="$(now_ms)"
  # Warm up the group and transaction coordinators (best effort, bounded by the same deadline).
  local kt
  for kt in 0 1; do
    until coordinator_ok "$kt"; do
      (( SECONDS >= deadline )) && { log "warning: coordinator warm-up (key type $kt) not done"; break; }
      sleep 0.2
    done
  done
  until init_producer_id_ok; do
    (( SECONDS >= deadline )) && { log "warning: transaction coordinator warm-up not done"; break; }
    sleep 0.2
  done
  ms_warm="$(now_ms)"
  log "started pid $pid in $(secs $((ms_warm - ms0))): fetch+format $((ms_fmt - ms0)) ms, broker ready $((ms_ready - ms_fmt)) ms, coordinator warm-up $((ms_warm - ms_ready)) ms (data: $DATA)"
  echo "KAFKA_BROKERS=$HOST:$PORT"
}

# ---------------------------------------------------------------- stop
cmd_stop() {
  local pids p
  pids="$( { read_pidfile; marker_pids; } | sort -u | while read -r p; do pid_alive "$p" && echo "$p"; done || true)"
  if [[ -z "$pids" ]]; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  local deadline=$((SECONDS + STOP_TIMEOUT)) left
  while :; do
    left=""
    for p in $pids; do pid_alive "$p" && left="$left $p"; done
    [[ -z "$left" ]] && break
    if (( SECONDS >= deadline )); then
      log "still alive after ${STOP_TIMEOUT}s, SIGKILL:$left"
      for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$PIDFILE"
  log "stopped ($(echo $pids))"
}

# ---------------------------------------------------------------- status
cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if metadata_ok; then
      log "running, pid $pid, ready"
    else
      log "running, pid $pid, not answering Metadata yet"
    fi
    echo "KAFKA_BROKERS=$HOST:$PORT"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  *) echo "usage: $0 {fetch|start|stop|restart|status}" >&2; exit 2 ;;
esac
