#!/usr/bin/env bash
# A local Zeebe broker for development and the engine-adapter tests: the camunda-zeebe distribution
# (Maven Central), one broker with its embedded gateway, everything bound to 127.0.0.1, under .data/zeebe.
#
#   scripts/zeebe.sh install   fetch and unpack the distribution once
#   scripts/zeebe.sh start     run the broker in the background, wait until it is ready
#   scripts/zeebe.sh stop      stop it cleanly
#   scripts/zeebe.sh status    say whether it runs (exit 3 when it does not)
#
# Settings (environment), with their defaults:
#   ZEEBE_VERSION=8.5.8           the last line under the Zeebe Community License (README, "Zeebe")
#   ZEEBE_GRPC_PORT=26500         gateway (what the adapter talks to)
#   ZEEBE_MONITORING_PORT=9600    actuator: health, /actuator/clock
#   ZEEBE_REST_PORT=8080          the broker's REST gateway
#   ZEEBE_COMMAND_PORT=26501 ZEEBE_INTERNAL_PORT=26502   broker-internal, loopback only
#   ZEEBE_CLOCK_CONTROLLED=false  true lets tests move the broker's clock (POST /actuator/clock/add)
#   ZEEBE_JAVA_HOME               a JDK to use instead of the one picked from JAVA_HOME and /usr/lib/jvm
#   ZEEBE_START_TIMEOUT=180       seconds to wait for readiness
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=${ZEEBE_VERSION:-8.5.8}
GRPC_PORT=${ZEEBE_GRPC_PORT:-26500}
MONITORING_PORT=${ZEEBE_MONITORING_PORT:-9600}
REST_PORT=${ZEEBE_REST_PORT:-8080}
COMMAND_PORT=${ZEEBE_COMMAND_PORT:-26501}
INTERNAL_PORT=${ZEEBE_INTERNAL_PORT:-26502}
CLOCK_CONTROLLED=${ZEEBE_CLOCK_CONTROLLED:-false}
START_TIMEOUT=${ZEEBE_START_TIMEOUT:-180}

BASE=$ROOT/.data/zeebe
DIST=$BASE/dist/camunda-zeebe-$VERSION
DATA=$BASE/data
LOGS=$BASE/logs
PID_FILE=$BASE/broker.pid
# What the running broker was started with, so a second `start` asking for something else fails.
RUN_FILE=$BASE/broker.run

die() { echo "zeebe: $*" >&2; exit 1; }
say() { echo "zeebe: $*"; }

install() {
  if [ -x "$DIST/bin/broker" ]; then say "camunda-zeebe $VERSION already installed in $DIST"; return; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch io.camunda:camunda-zeebe:$VERSION"
  mkdir -p "$BASE/dist"
  say "fetching io.camunda:camunda-zeebe:$VERSION:tar.gz"
  mvn -B -q -C -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.camunda:camunda-zeebe:$VERSION:tar.gz" -DoutputDirectory="$BASE/dist" \
    || die "could not fetch io.camunda:camunda-zeebe:$VERSION:tar.gz (is ZEEBE_VERSION a published version?)"
  local archive=$BASE/dist/camunda-zeebe-$VERSION.tar.gz
  # Unpack beside the target and move into place, so an interrupted install is never taken as done.
  rm -rf "$DIST.partial" && mkdir -p "$DIST.partial"
  tar -xzf "$archive" -C "$DIST.partial" --strip-components=1
  mv "$DIST.partial" "$DIST" && rm -f "$archive"
  say "installed camunda-zeebe $VERSION in $DIST"
}

# The Java release the distribution is compiled for, read from its main class (class-file major - 44).
required_java() {
  local main javap jdk
  main=$(grep -o 'io\.camunda\.[A-Za-z.]*Standalone[A-Za-z]*' "$DIST/bin/broker" | head -1)
  for jdk in "${ZEEBE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$jdk" ] && [ -x "$jdk/bin/javap" ] && javap=$jdk/bin/javap && break
  done
  [ -n "${javap:-}" ] || die "no JDK (with javap) found in ZEEBE_JAVA_HOME, JAVA_HOME or /usr/lib/jvm"
  echo $(( $("$javap" -v -cp "$DIST/lib/*" "$main" | awk '/major version/ { print $3 }') - 44 ))
}

java_release() { # the feature release of a JDK folder, from its `release` file (1.8 counts as 8)
  sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release" 2>/dev/null
}

# ZEEBE_JAVA_HOME if set (it must fit); otherwise the oldest JDK that fits, the one closest to what
# the distribution was built and tested with.
pick_java() {
  local need jdk release best='' best_release=''
  need=$(required_java)
  if [ -n "${ZEEBE_JAVA_HOME:-}" ]; then
    release=$(java_release "$ZEEBE_JAVA_HOME")
    [ -n "$release" ] && [ "$release" -ge "$need" ] \
      || die "ZEEBE_JAVA_HOME=$ZEEBE_JAVA_HOME is Java ${release:-?}; camunda-zeebe $VERSION needs Java $need or newer"
    echo "$ZEEBE_JAVA_HOME"; return
  fi
  for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$jdk" ] && [ -x "$jdk/bin/java" ] || continue
    release=$(java_release "$jdk")
    [ -n "$release" ] && [ "$release" -ge "$need" ] || continue
    if [ -z "$best" ] || [ "$release" -lt "$best_release" ]; then best=$jdk; best_release=$release; fi
  done
  [ -n "$best" ] || die "camunda-zeebe $VERSION needs Java $need or newer; none found in JAVA_HOME or /usr/lib/jvm (set ZEEBE_JAVA_HOME)"
  echo "$best"
}

running_pid() { # the broker's pid if it is alive (and really our broker, not a reused pid)
  [ -f "$PID_FILE" ] || return 1
  local pid; pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q Standalone \
    && echo "$pid"
}

settings() { echo "version=$VERSION grpc=127.0.0.1:$GRPC_PORT monitoring=127.0.0.1:$MONITORING_PORT rest=127.0.0.1:$REST_PORT clockControlled=$CLOCK_CONTROLLED"; }

# Ready means the broker says so and its gateway already knows a healthy leader: the actuator turns
# ready a moment before the gateway learns the partition, and commands sent then are refused.
ready() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$MONITORING_PORT/actuator/health/readiness" 2>/dev/null || return 1
  local api
  for api in v1 v2; do
    curl -fsS --max-time 2 "http://127.0.0.1:$REST_PORT/$api/topology" 2>/dev/null | grep -q '"role":"leader","health":"healthy"' && return 0
  done
  return 1
}

fail_start() {
  echo "zeebe: $1; last lines of $LOGS:" >&2
  tail -n 40 "$LOGS/broker.out" >&2 2>/dev/null || true
  tail -n 40 "$LOGS/zeebe.log" >&2 2>/dev/null || true
  exit 1
}

start() {
  local pid
  if pid=$(running_pid); then
    [ "$(cat "$RUN_FILE" 2>/dev/null)" = "$(settings)" ] \
      || die "a broker already runs (pid $pid) with $(cat "$RUN_FILE" 2>/dev/null); asked for $(settings). Run scripts/zeebe.sh stop first"
    say "already running (pid $pid): $(settings)"; return
  fi
  [ -x "$DIST/bin/broker" ] || die "camunda-zeebe $VERSION is not installed; run scripts/zeebe.sh install"
  command -v curl >/dev/null || die "curl is needed to wait for the broker's readiness"
  local java_home release; java_home=$(pick_java); release=$(java_release "$java_home")
  mkdir -p "$DATA" "$LOGS"
  say "starting camunda-zeebe $VERSION on Java $release ($java_home): $(settings)"
  (
    export JAVA_HOME=$java_home
    # Modest memory for a 2-core CI machine; the broker's page cache and RocksDB need little here.
    export JAVA_OPTS="-Xms128m -Xmx512m -XX:MaxDirectMemorySize=256m -XX:+UseSerialGC -Dlog4j2.configurationFile=$ROOT/scripts/zeebe/log4j2.xml"
    # Netty's native and Unsafe calls are still allowed on newer JDKs, only loudly; say so once here.
    [ "$release" -lt 23 ] || JAVA_OPTS+=" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
    export LOGGING_CONFIG=$ROOT/scripts/zeebe/log4j2.xml ZEEBE_LOG_DIR=$LOGS
    export ZEEBE_BROKER_NETWORK_HOST=127.0.0.1
    export ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT=$COMMAND_PORT ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT=$INTERNAL_PORT
    export ZEEBE_BROKER_GATEWAY_ENABLE=true ZEEBE_BROKER_GATEWAY_NETWORK_HOST=127.0.0.1 ZEEBE_BROKER_GATEWAY_NETWORK_PORT=$GRPC_PORT
    export ZEEBE_BROKER_GATEWAY_SECURITY_ENABLED=false ZEEBE_BROKER_GATEWAY_SECURITY_AUTHENTICATION_MODE=none
    export SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$REST_PORT SPRING_MAIN_BANNER_MODE=off
    export MANAGEMENT_SERVER_ADDRESS=127.0.0.1 MANAGEMENT_SERVER_PORT=$MONITORING_PORT
    # The clock endpoint is off by default; reading it is harmless, moving it needs the controlled clock.
    export MANAGEMENT_ENDPOINT_CLOCK_ENABLED=true ZEEBE_CLOCK_CONTROLLED=$CLOCK_CONTROLLED
    export ZEEBE_BROKER_DATA_DIRECTORY=$DATA ZEEBE_BROKER_DATA_LOGSEGMENTSIZE=16MB
    export ZEEBE_BROKER_CLUSTER_CLUSTERSIZE=1 ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT=1 ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR=1
    export ZEEBE_BROKER_THREADS_CPUTHREADCOUNT=1 ZEEBE_BROKER_THREADS_IOTHREADCOUNT=1
    export ZEEBE_BROKER_EXPERIMENTAL_ROCKSDB_MEMORYLIMIT=64MB
    # No exporter is configured (nothing leaves the machine); the distribution has no telemetry.
    cd "$BASE"
    # broker.out holds what the JVM prints before logging starts (and the reason it died), this run only.
    setsid "$DIST/bin/broker" </dev/null >"$LOGS/broker.out" 2>&1 &
    echo $! >"$PID_FILE"
  )
  settings >"$RUN_FILE"
  pid=$(cat "$PID_FILE")
  local waited=0
  until ready; do
    kill -0 "$pid" 2>/dev/null || fail_start "the broker exited during start-up"
    [ "$waited" -lt "$START_TIMEOUT" ] || fail_start "not ready after ${START_TIMEOUT}s (pid $pid still running; scripts/zeebe.sh stop ends it)"
    sleep 1; waited=$((waited + 1))
  done
  say "ready after ${waited}s (pid $pid)"
}

stop() {
  local pid waited=0
  if ! pid=$(running_pid); then say "not running"; rm -f "$PID_FILE" "$RUN_FILE"; return; fi
  kill -TERM "$pid"
  # The broker shuts down gracefully (30s per phase), flushing its log and snapshot.
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 90 ]; then say "still running after 90s; killing pid $pid"; kill -KILL "$pid"; fi
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$PID_FILE" "$RUN_FILE"
  say "stopped (pid $pid)"
}

status() {
  local pid
  if pid=$(running_pid); then
    if ready; then say "running and ready (pid $pid): $(cat "$RUN_FILE")"; else say "running, not ready (pid $pid): $(cat "$RUN_FILE")"; fi
  else
    say "not running"; exit 3
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/zeebe.sh {install|start|stop|status}" >&2; exit 2 ;;
esac
