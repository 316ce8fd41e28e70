#!/usr/bin/env bash
# Fetches S3Proxy (an S3 API over a local directory) from Maven Central into the engines' cache,
# as lib/kafka.sh fetches Kafka: mvn dependency:copy-dependencies of ./pom.xml into a temp dir,
# swapped into place, marked complete with the pom's hash. Idempotent; prints the directory of
# jars on stdout (progress and errors go to stderr). Used by the media specs' S3 engine
# (libs/testing/src/s3-server.ts) and ahead of a test run by scripts/install-test-deps.sh.
set -euo pipefail

S3PROXY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/common.sh
source "$S3PROXY_DIR/../lib/common.sh"

S3PROXY_POM="$S3PROXY_DIR/pom.xml"
# The pom is the one place the version is written down.
S3PROXY_VERSION="$(sed -n 's:.*<s3proxy\.version>\(.*\)</s3proxy\.version>.*:\1:p' "$S3PROXY_POM")"
[[ -n "$S3PROXY_VERSION" ]] || die "s3proxy: cannot read <s3proxy.version> from $S3PROXY_POM"
S3PROXY_HOME="$CACHE_DIR/s3proxy-$S3PROXY_VERSION"
S3PROXY_LIBS="$S3PROXY_HOME/libs"

marker() { sha256sum "$S3PROXY_POM" | cut -d' ' -f1; }
fetched() { [[ -f "$S3PROXY_HOME/.complete" && "$(<"$S3PROXY_HOME/.complete")" == "$(marker)" ]]; }

if ! fetched; then
  mkdir -p "$S3PROXY_HOME"
  # Two spec files (jest workers) may ask at once on a fresh machine: one fetches, the other waits.
  exec {lock}>"$S3PROXY_HOME/.fetch.lock"
  flock -w 600 "$lock" || die "s3proxy: another fetch holds $S3PROXY_HOME/.fetch.lock"
  if ! fetched; then
    log "s3proxy: fetching $S3PROXY_VERSION jars with mvn (Maven Central, via ~/.m2) into $S3PROXY_LIBS"
    tmp="$S3PROXY_HOME/libs.tmp.$$"
    rm -rf "$tmp"
    # Copy into a temp dir and swap, so an interrupted fetch never leaves a half-filled libs/.
    mvn_logged "$S3PROXY_HOME/fetch.log" -f "$S3PROXY_POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" ||
      { rm -rf "$tmp"; die "s3proxy: mvn dependency:copy-dependencies failed"; }
    [[ -f "$tmp/s3proxy-$S3PROXY_VERSION.jar" ]] || { rm -rf "$tmp"; die "s3proxy: s3proxy-$S3PROXY_VERSION.jar missing after fetch"; }
    rm -rf "$S3PROXY_LIBS"
    mv "$tmp" "$S3PROXY_LIBS"
    marker >"$S3PROXY_HOME/.complete"
  fi
fi
printf '%s\n' "$S3PROXY_LIBS"
