# shellcheck shell=bash
# Elasticsearch: the integ-test-zip distribution from Maven Central (no JDK bundled, no
# artifacts.elastic.co download), run on the machine's JDK as a dedicated user since ES refuses root.
#
# integ-test-zip ships only the modules transport-netty4, x-pack-core, x-pack-security and apm:
# core queries/mappings/the standard analyzer work; analysis-common (ngram, edge_ngram, custom
# filters), painless scripts, ingest pipelines and mapper-extras do not. See README.md.
# It also lacks rest-root (GET / and HEAD /, i.e. the client's info() and ping()); a tiny plugin
# of ours, elasticsearch/root-endpoint-plugin, compiled here against the node's own jars, adds them.

# Newest 8.x on Maven Central when chosen (8.x matches the app's @elastic/elasticsearch 8 client).
ES_VERSION="${CHAT_ES_VERSION:-8.19.21}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_CACHE_HOME="$CACHE_DIR/elasticsearch-$ES_VERSION"
ES_OS_USER="${CHAT_ES_OS_USER:-chat-es}"
ES_JAVA_OPTS_LOCAL="${CHAT_ES_JAVA_OPTS:--Xms512m -Xmx512m}"
# ES 8 runs on JDK 17+; 9.x would need 21+.
ES_MIN_JAVA=17

ES_DIR="$RUN_DIR/elasticsearch"
ES_HOME_RUN="$ES_DIR/home"
ES_CONF="$ES_DIR/config"
ES_DATA="$ES_DIR/data"
ES_LOGS="$ES_DIR/logs"
ES_TMP="$ES_DIR/tmp"
ES_PIDFILE="$ES_DIR/elasticsearch.pid"
ES_STARTUP_LOG="$ES_DIR/startup.log"
ES_MAIN_CLASS=org.elasticsearch.bootstrap.Elasticsearch

ES_PLUGIN_SRC="$LOCAL_DIR/elasticsearch/root-endpoint-plugin"
ES_PLUGIN_NAME=chat-root-endpoint
ES_PLUGIN_CACHE="$CACHE_DIR/elasticsearch-$ES_VERSION-$ES_PLUGIN_NAME"

es_fetch() {
  ensure_system_user "$ES_OS_USER"
  es_java_home >/dev/null
  es_fetch_distribution
  es_build_root_plugin
}

es_fetch_distribution() {
  [[ -f "$ES_CACHE_HOME/.complete" ]] && return 0
  log "elasticsearch: fetching $ES_ARTIFACT with mvn (Maven Central, via ~/.m2)"
  local tmp="$CACHE_DIR/elasticsearch-$ES_VERSION.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/zip" "$tmp/unpacked"
  # Run from the temp dir so mvn never picks up some unrelated pom.xml in the caller's cwd.
  (cd "$tmp" && mvn_logged "$tmp.log" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp/zip") ||
    { rm -rf "$tmp" "$tmp.log"; die "elasticsearch: could not fetch $ES_ARTIFACT (set CHAT_ES_VERSION to one that exists)"; }
  unzip -q "$tmp/zip/elasticsearch-$ES_VERSION.zip" -d "$tmp/unpacked" ||
    { rm -rf "$tmp"; die "elasticsearch: unzip failed"; }
  [[ -x "$tmp/unpacked/elasticsearch-$ES_VERSION/bin/elasticsearch" ]] ||
    { rm -rf "$tmp"; die "elasticsearch: unexpected zip layout"; }
  rm -rf "$ES_CACHE_HOME"
  mv "$tmp/unpacked/elasticsearch-$ES_VERSION" "$ES_CACHE_HOME"
  rm -rf "$tmp" "$tmp.log"
  printf '%s\n' "$ES_VERSION" >"$ES_CACHE_HOME/.complete"
}

# Changes to the plugin's source or the ES version rebuild it; anything else reuses the cached jar.
es_plugin_hash() {
  { printf '%s\n' "$ES_VERSION"; cat "$ES_PLUGIN_SRC/plugin-descriptor.properties.template"; find "$ES_PLUGIN_SRC/src" -name '*.java' -print0 | sort -z | xargs -0 cat; } |
    sha256sum | cut -d' ' -f1
}

es_build_root_plugin() {
  local hash
  hash="$(es_plugin_hash)"
  [[ -f "$ES_PLUGIN_CACHE/.complete" && "$(<"$ES_PLUGIN_CACHE/.complete")" == "$hash" ]] && return 0
  local javac tmp
  javac="$(es_java_home)/bin/javac"
  [[ -x "$javac" ]] || die "elasticsearch: $javac not found: a JDK (not a JRE) is needed to build $ES_PLUGIN_NAME"
  log "elasticsearch: building $ES_PLUGIN_NAME plugin against $ES_VERSION"
  tmp="$ES_PLUGIN_CACHE.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/classes" "$tmp/plugin"
  local -a sources
  mapfile -t sources < <(find "$ES_PLUGIN_SRC/src" -name '*.java' | sort)
  "$javac" --release 17 -nowarn -cp "$ES_CACHE_HOME/lib/*" -d "$tmp/classes" "${sources[@]}" >"$tmp/javac.log" 2>&1 ||
    { show_log_tail "$tmp/javac.log"; rm -rf "$tmp"; die "elasticsearch: $ES_PLUGIN_NAME does not compile against $ES_VERSION"; }
  "$(dirname "$javac")/jar" cf "$tmp/plugin/$ES_PLUGIN_NAME.jar" -C "$tmp/classes" . ||
    { rm -rf "$tmp"; die "elasticsearch: jar failed"; }
  render_template "$ES_PLUGIN_SRC/plugin-descriptor.properties.template" "$tmp/plugin/plugin-descriptor.properties" \
    "ES_VERSION=$ES_VERSION"
  rm -rf "$ES_PLUGIN_CACHE"
  mv "$tmp/plugin" "$ES_PLUGIN_CACHE"
  rm -rf "$tmp"
  printf '%s\n' "$hash" >"$ES_PLUGIN_CACHE/.complete"
}

es_java_home() {
  find_java_home "$ES_MIN_JAVA" || die "elasticsearch: no JDK >= $ES_MIN_JAVA found (set CHAT_ENGINE_JAVA_HOME)"
}

# The cache may sit under root's 0700 home, out of the ES user's reach, so give the run dir its own
# copy: hard links (instant, no extra disk), or a real copy across filesystems.
es_stage_home() {
  local stamp
  stamp="$ES_VERSION $(<"$ES_PLUGIN_CACHE/.complete")"
  if [[ -f "$ES_HOME_RUN/.staged" && "$(<"$ES_HOME_RUN/.staged")" == "$stamp" ]]; then
    return 0
  fi
  rm -rf "$ES_HOME_RUN"
  cp -al "$ES_CACHE_HOME" "$ES_HOME_RUN" 2>/dev/null || cp -a "$ES_CACHE_HOME" "$ES_HOME_RUN"
  mkdir -p "$ES_HOME_RUN/plugins"
  cp -r "$ES_PLUGIN_CACHE" "$ES_HOME_RUN/plugins/$ES_PLUGIN_NAME"
  rm -f "$ES_HOME_RUN/plugins/$ES_PLUGIN_NAME/.complete"
  chmod -R a+rX "$ES_HOME_RUN"
  printf '%s\n' "$stamp" >"$ES_HOME_RUN/.staged"
}

es_write_config() {
  # ES writes its keystore into the config dir at startup, so config lives in the run dir, owned by
  # the ES user, not in the (read-only to it) distribution.
  if [[ ! -f "$ES_CONF/jvm.options" ]]; then
    mkdir -p "$ES_CONF"
    cp -r "$ES_HOME_RUN/config/." "$ES_CONF/"
  fi
  render_template "$LOCAL_DIR/elasticsearch/elasticsearch.yml.template" "$ES_CONF/elasticsearch.yml" \
    "DATA_DIR=$ES_DATA" "LOGS_DIR=$ES_LOGS" "HTTP_PORT=$ES_PORT" "TRANSPORT_PORT=$ES_TRANSPORT_PORT"
  # The stock jvm.options writes up to 32 x 64 MB of GC logs and crash files into the working dir;
  # keep them small and in the logs dir. No heap dumps: 512 MB files help nobody here.
  mkdir -p "$ES_CONF/jvm.options.d"
  cat >"$ES_CONF/jvm.options.d/chat-local.options" <<EOF
-Xlog:disable
-Xlog:gc*:file=$ES_LOGS/gc.log:utctime,level,pid,tags:filecount=2,filesize=8m
-XX:ErrorFile=$ES_LOGS/hs_err_pid%p.log
-XX:-HeapDumpOnOutOfMemoryError
EOF
}

es_health_url() {
  printf 'http://127.0.0.1:%s/_cluster/health?wait_for_status=yellow&timeout=5s\n' "$ES_PORT"
}

es_ready() {
  curl -sf -o /dev/null --max-time 10 "$(es_health_url)"
}

es_version_running() {
  curl -sf --max-time 5 "http://127.0.0.1:$ES_PORT/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p'
}

# startup.log is the launcher's console (the node's log until it detaches, then the launcher's verdict);
# its ERROR / Caused by lines name the root cause, which the node log's tail buries under shutdown noise.
es_show_logs() {
  show_log_tail "$ES_LOGS/chat-local.log" 25
  show_log_errors "$ES_STARTUP_LOG" '\]\[ERROR|^ERROR:|^Caused by:|^Exception'
  return 0
}

es_start() {
  if live_pid "$ES_PIDFILE" "$ES_MAIN_CLASS" >/dev/null; then
    log "elasticsearch: already running on port $ES_PORT"
    return 0
  fi
  es_fetch
  require_port_free elasticsearch "$ES_PORT"
  require_port_free elasticsearch-transport "$ES_TRANSPORT_PORT"
  mkdir -p "$ES_DIR"
  es_stage_home
  es_write_config
  local d
  for d in "$ES_CONF" "$ES_DATA" "$ES_LOGS" "$ES_TMP"; do make_user_dir "$ES_OS_USER" "$d"; done
  rm -f "$ES_PIDFILE"
  chown "$ES_OS_USER:" "$ES_DIR"
  rotate_log "$ES_LOGS/chat-local.log"

  local java_home
  java_home="$(es_java_home)"
  # -d: the launcher returns once the node has started (or failed) and the server runs on, detached;
  # -p: the server JVM writes its own pid, which stop uses. Working dir = run dir, writable by the user.
  # setsid --wait: the server gets a session of its own, like the other engines, so a signal to the
  # caller's session or process group (Ctrl-C in a test run) doesn't take it down half-way.
  if ! (cd "$ES_DIR" && setsid --wait timeout "$START_TIMEOUT" runuser -u "$ES_OS_USER" -- env \
    ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_CONF" ES_TMPDIR="$ES_TMP" ES_JAVA_OPTS="$ES_JAVA_OPTS_LOCAL" \
    "$ES_HOME_RUN/bin/elasticsearch" -d -p "$ES_PIDFILE" </dev/null >"$ES_STARTUP_LOG" 2>&1 {LOCK_FD}>&-); then
    es_show_logs
    local pid
    pid="$(live_pid "$ES_PIDFILE" "$ES_MAIN_CLASS")" && { kill -TERM "$pid"; wait_pid_exit "$pid" elasticsearch 30; }
    die "elasticsearch: launcher failed"
  fi
  wait_until 10 test -s "$ES_PIDFILE" || { es_show_logs; die "elasticsearch: no pid file after start"; }
  wait_ready elasticsearch "$(head -n 1 "$ES_PIDFILE")" es_show_logs es_ready
  log "elasticsearch: ready on http://127.0.0.1:$ES_PORT (v$(es_version_running), transport $ES_TRANSPORT_PORT, JDK $java_home)"
}

es_stop() {
  # SIGTERM = ES's orderly shutdown; it removes its pid file on exit.
  stop_by_pidfile elasticsearch "$ES_PIDFILE" "$ES_MAIN_CLASS"
}

es_status() {
  local pid
  if pid="$(live_pid "$ES_PIDFILE" "$ES_MAIN_CLASS")"; then
    local version
    if version="$(es_version_running)" && [[ -n "$version" ]]; then
      printf 'elasticsearch  running  pid %-7s 127.0.0.1:%s  v%s\n' "$pid" "$ES_PORT" "$version"
    else
      printf 'elasticsearch  starting pid %-7s 127.0.0.1:%s\n' "$pid" "$ES_PORT"
    fi
  else
    printf 'elasticsearch  stopped\n'
  fi
}
