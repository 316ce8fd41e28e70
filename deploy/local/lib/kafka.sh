# shellcheck shell=bash
# shellcheck disable=SC2153 # KAFKA_PORT & co. come from common.sh, sourced first by engines.sh
# Kafka: single-node KRaft (one JVM is broker + controller) from the Maven Central jars,
# no tarball and no bin/ scripts: we call the main classes ourselves.

KAFKA_POM="$LOCAL_DIR/kafka/pom.xml"
# The pom is the one place the version is written down.
KAFKA_VERSION="$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$KAFKA_POM")"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"

KAFKA_DIR="$RUN_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_OUT="$KAFKA_DIR/kafka.out"
KAFKA_HEAP_OPTS="${CHAT_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

kafka_java() {
  local home
  home="$(find_java_home 17)" || die "kafka: no JDK >= 17 found (set CHAT_ENGINE_JAVA_HOME)"
  printf '%s/bin/java\n' "$home"
}

# The marker holds the pom's hash: editing the pom (a new dependency) refetches the same version.
kafka_marker_value() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

kafka_fetch() {
  [[ -n "$KAFKA_VERSION" ]] || die "kafka: cannot read <kafka.version> from $KAFKA_POM"
  if [[ -f "$KAFKA_HOME/.complete" && "$(<"$KAFKA_HOME/.complete")" == "$(kafka_marker_value)" ]]; then
    return 0
  fi
  log "kafka: fetching $KAFKA_VERSION jars with mvn (Maven Central, via ~/.m2) into $KAFKA_LIBS"
  mkdir -p "$KAFKA_HOME"
  local tmp="$KAFKA_HOME/libs.tmp.$$"
  rm -rf "$tmp"
  # Copy into a temp dir and swap, so an interrupted fetch never leaves a half-filled libs/.
  mvn_logged "$KAFKA_HOME/fetch.log" -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" ||
    { rm -rf "$tmp"; die "kafka: mvn dependency:copy-dependencies failed"; }
  [[ -n "$(find "$tmp" -name "kafka_2.13-$KAFKA_VERSION.jar" -print -quit)" ]] ||
    { rm -rf "$tmp"; die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after fetch"; }
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  kafka_marker_value >"$KAFKA_HOME/.complete"
}

# kafka_run_class <main-class> [args...]: run a Kafka tool in a short-lived, quiet JVM.
kafka_run_class() {
  kafka_fetch
  local cls="$1"
  shift
  "$(kafka_java)" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOCAL_DIR/kafka/tools-log4j.properties" \
    -cp "$KAFKA_LIBS/*" "$cls" "$@"
}

# Short client timeouts: a probe against a broker that isn't up yet must fail fast and retry,
# not sit in the AdminClient's default 60 s wait.
kafka_admin_config() {
  local file="$KAFKA_DIR/admin-probe.properties"
  printf 'request.timeout.ms=5000\ndefault.api.timeout.ms=8000\n' >"$file"
  printf '%s\n' "$file"
}

# Ready = the broker answers a Metadata/ListTopics request, not merely that the port is open.
kafka_ready() {
  port_open "$KAFKA_PORT" || return 1
  kafka_run_class org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    --command-config "$(kafka_admin_config)" --list >/dev/null 2>>"$KAFKA_DIR/probe.err"
}

# A 22-char base64url UUID, like `kafka-storage random-uuid`, without paying for a JVM start.
kafka_random_cluster_id() {
  head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

kafka_format_storage() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local id
  id="$(kafka_random_cluster_id)"
  log "kafka: formatting KRaft storage (cluster id $id)"
  # Static quorum (controller.quorum.voters), so no --standalone: that flag is for dynamic quorums.
  kafka_run_class kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" \
    >"$KAFKA_DIR/format.log" 2>&1 ||
    { show_log_tail "$KAFKA_DIR/format.log"; die "kafka: StorageTool format failed"; }
}

# kafka.out has JVM-level failures (bad flags, OOM), server.log the broker's own.
kafka_show_logs() {
  [[ -s "$KAFKA_OUT" ]] && show_log_tail "$KAFKA_OUT" 15
  show_log_tail "$KAFKA_LOGS/server.log" 25
  show_log_errors "$KAFKA_LOGS/server.log" '\] (ERROR|FATAL) |^Caused by:'
  [[ -s "$KAFKA_DIR/probe.err" ]] && show_log_tail "$KAFKA_DIR/probe.err" 5
  return 0
}

kafka_start() {
  if live_pid "$KAFKA_PIDFILE" kafka.Kafka >/dev/null; then
    log "kafka: already running on port $KAFKA_PORT"
    return 0
  fi
  kafka_fetch
  require_port_free kafka "$KAFKA_PORT"
  require_port_free kafka-controller "$KAFKA_CONTROLLER_PORT"
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS"
  # Rendered on every start so changed CHAT_KAFKA_*PORT values apply to an existing data dir.
  render_template "$LOCAL_DIR/kafka/server.properties.template" "$KAFKA_DIR/server.properties" \
    "KAFKA_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" "DATA_DIR=$KAFKA_DATA"
  cp "$LOCAL_DIR/kafka/log4j.properties" "$KAFKA_DIR/log4j.properties"
  kafka_format_storage

  local java
  java="$(kafka_java)"
  rm -f "$KAFKA_PIDFILE" "$KAFKA_DIR/probe.err"
  : >"$KAFKA_OUT"
  rotate_log "$KAFKA_LOGS/server.log"
  # setsid: the broker outlives this script and a Ctrl-C in the caller's terminal.
  # The inner shell records its own pid, then execs java, so the pid file names the JVM itself.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  # shellcheck disable=SC2016 # $1 and $@ are the inner shell's
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$KAFKA_PIDFILE" \
    "$java" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_LOGS" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    </dev/null >>"$KAFKA_OUT" 2>&1 {LOCK_FD}>&- &
  wait_until 10 test -s "$KAFKA_PIDFILE" || { show_log_tail "$KAFKA_OUT"; die "kafka: JVM did not start"; }

  local pid
  pid="$(head -n 1 "$KAFKA_PIDFILE")"
  wait_ready kafka "$pid" kafka_show_logs kafka_ready
  log "kafka: ready on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, v$KAFKA_VERSION)"
}

kafka_stop() {
  # SIGTERM runs Kafka's shutdown hook: a controlled shutdown that flushes and closes the logs.
  stop_by_pidfile kafka "$KAFKA_PIDFILE" kafka.Kafka
}

kafka_status() {
  local pid
  if pid="$(live_pid "$KAFKA_PIDFILE" kafka.Kafka)"; then
    if port_open "$KAFKA_PORT"; then
      printf 'kafka          running  pid %-7s 127.0.0.1:%s  v%s (KRaft, controller :%s)\n' \
        "$pid" "$KAFKA_PORT" "$KAFKA_VERSION" "$KAFKA_CONTROLLER_PORT"
    else
      printf 'kafka          starting pid %-7s 127.0.0.1:%s\n' "$pid" "$KAFKA_PORT"
    fi
  else
    printf 'kafka          stopped\n'
  fi
}
