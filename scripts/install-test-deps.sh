#!/usr/bin/env bash
# Installs what the tests need from Debian's packages: Chromium at /usr/bin/chromium, driven by
# playwright-core (which never downloads a browser of its own here), and ClamAV's daemon at
# /usr/sbin/clamd, which the media scanning specs start with a database of their own (no freshclam),
# and nginx at /usr/sbin/nginx, the caching edge the media CDN spec puts in front of the server;
# then Java and Maven, with which it fetches S3Proxy's jars from Maven Central into the engines'
# cache (deploy/local/s3proxy/fetch.sh): the S3-compatible store the media S3 specs start.
# Idempotent and quiet when everything is already present; safe to call from CI on every run.
set -euo pipefail

# binary → Debian package
declare -A PACKAGES=([/usr/bin/chromium]=chromium [/usr/sbin/clamd]=clamav-daemon [/usr/sbin/nginx]=nginx-light [/usr/bin/java]=openjdk-17-jre-headless [/usr/bin/mvn]=maven)
missing=()
for binary in "${!PACKAGES[@]}"; do
  [ -x "$binary" ] || missing+=("$binary")
done
fetch_s3proxy() {
  bash "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/s3proxy/fetch.sh" >/dev/null
}
if [ "${#missing[@]}" -eq 0 ]; then
  fetch_s3proxy
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-test-deps: ${missing[*]} missing and this user cannot run apt-get (not root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
updated=""
for binary in "${missing[@]}"; do
  package="${PACKAGES[$binary]}"
  # A machine without the package may have empty or stale package lists (a stale list points at
  # files the mirror no longer has), so refresh them first; a machine that has the package but
  # lost the binary skips the slow update.
  if [ -z "$updated" ] && ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    $SUDO apt-get update -qq
    updated=1
  fi
  echo "install-test-deps: installing $package (Debian package)"
  $SUDO apt-get install -y -qq --no-install-recommends --reinstall "$package" >/dev/null
  test -x "$binary" || { echo "install-test-deps: $package installed but $binary is missing" >&2; exit 1; }
done
echo "install-test-deps: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed); $(/usr/sbin/clamd --version 2>/dev/null || echo clamd installed); $(/usr/sbin/nginx -v 2>&1 || echo nginx installed)"
fetch_s3proxy
