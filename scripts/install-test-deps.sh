#!/usr/bin/env bash
# Installs what the browser tests need from Debian's packages: Chromium at /usr/bin/chromium,
# driven by playwright-core (which never downloads a browser of its own here).
# Idempotent and quiet when everything is already present; safe to call from CI on every run.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-test-deps: /usr/bin/chromium is missing and this user cannot run apt-get (not root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A machine without the package may have empty or stale package lists (a stale list points at
# files the mirror no longer has), so refresh them first; a machine that has the package but
# lost the binary skips the slow update.
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  $SUDO apt-get update -qq
fi
echo "install-test-deps: installing chromium (Debian package)"
$SUDO apt-get install -y -qq --no-install-recommends --reinstall chromium >/dev/null
test -x /usr/bin/chromium || { echo "install-test-deps: chromium installed but /usr/bin/chromium is missing" >&2; exit 1; }
echo "install-test-deps: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
