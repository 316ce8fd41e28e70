#!/usr/bin/env bash
# Print the postgresql.conf lines that turn on WAL archiving into the archive the other scripts use.
#
#   pg-archive-settings.sh [--archive-dir DIR] [--timeout SECONDS] [--no-gzip] >> "$PGDATA/postgresql.conf"
#
#   --archive-dir  where finished WAL goes (WAL_ARCHIVE_DIR; must exist, writable by the server)
#   --timeout      archive_timeout: the longest a commit waits in an unfinished segment before it is
#                  archived, which bounds the RPO on a quiet server (ARCHIVE_TIMEOUT, default 60)
#   --no-gzip      store segments uncompressed
#
# Changing archive_mode needs a restart; archive_command and archive_timeout only a reload.
set -euo pipefail
SCRIPT_NAME=pg-archive-settings
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

usage() {
  sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

archive_dir="${WAL_ARCHIVE_DIR:-}"
timeout="${ARCHIVE_TIMEOUT:-60}"
gzip_flag="--gzip "
while (($#)); do
  case "$1" in
    --archive-dir) archive_dir="${2:?--archive-dir needs a value}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs a value}"; shift 2 ;;
    --no-gzip) gzip_flag=""; shift ;;
    -h | --help) usage 0 ;;
    *) usage ;;
  esac
done
[[ -n "$archive_dir" ]] || die "no archive dir: pass --archive-dir or set WAL_ARCHIVE_DIR"
require_plain_path "archive dir" "$archive_dir"
require_plain_path "script dir" "$SCRIPT_DIR"
if ! [[ "$timeout" =~ ^[0-9]+$ ]] || ((timeout < 1 || timeout > 300)); then
  die "--timeout must be 1..300 seconds: above 300 a quiet server could lose more than the 5 minutes the RPO allows"
fi

cat <<CONF
# --- WAL archiving for point-in-time recovery (deploy/backup/pg-archive-settings.sh) ---
wal_level = replica
archive_mode = on
archive_command = '$SCRIPT_DIR/pg-archive-wal.sh $gzip_flag%p %f $archive_dir'
archive_timeout = $timeout
# pg_basebackup streams WAL over a second replication connection.
max_wal_senders = 10
CONF
