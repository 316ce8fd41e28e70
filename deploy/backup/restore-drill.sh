#!/usr/bin/env bash
# The restore drill (quarterly, seed 003 R14.2): restore the newest base backup plus all archived
# WAL into a scratch cluster, check the chat database in it, report the measured RTO and RPO, and
# remove the scratch cluster again.
#
#   restore-drill.sh [--backup-dir DIR] [--wal-archive DIR] [--database NAME] [--source-url URL]
#                    [--report FILE] [--scratch-dir DIR]
#
#   --backup-dir   where pg-backup.sh puts backups (BACKUP_DIR)
#   --wal-archive  the WAL archive (WAL_ARCHIVE_DIR)
#   --database     the application's database in the cluster (DRILL_DATABASE, default chat)
#   --source-url   the live database (DRILL_SOURCE_URL, optional): the RPO is then the gap between
#                  its newest message and the restored one's, and must be within DRILL_RPO_LIMIT
#   --report       also write the report to FILE
#   --scratch-dir  parent of the scratch cluster (default $TMPDIR or /tmp); it needs room for a
#                  full copy of the database
#
# Checks: the restore promotes within DRILL_RTO_LIMIT seconds (default 900, the RTO of 15 minutes),
# the app's migrations table is there and not empty, the key tables can be counted, and with
# --source-url the RPO is at most DRILL_RPO_LIMIT seconds (default 300). Queries run as PGUSER
# (default: the cluster's OS user name) over the scratch cluster's private socket.
# Prints the report on stdout; exits non-zero if the restore or any check fails.
set -euo pipefail
SCRIPT_NAME=restore-drill
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

usage() {
  sed -n '2,24s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

backup_dir="${BACKUP_DIR:-}"
wal_archive="${WAL_ARCHIVE_DIR:-}"
database="${DRILL_DATABASE:-chat}"
source_url="${DRILL_SOURCE_URL:-}"
report_file=""
scratch_parent="${TMPDIR:-/tmp}"
rto_limit="${DRILL_RTO_LIMIT:-900}"
rpo_limit="${DRILL_RPO_LIMIT:-300}"
while (($#)); do
  case "$1" in
    --backup-dir) backup_dir="${2:?--backup-dir needs a value}"; shift 2 ;;
    --wal-archive) wal_archive="${2:?--wal-archive needs a value}"; shift 2 ;;
    --database) database="${2:?--database needs a value}"; shift 2 ;;
    --source-url) source_url="${2:?--source-url needs a value}"; shift 2 ;;
    --report) report_file="${2:?--report needs a value}"; shift 2 ;;
    --scratch-dir) scratch_parent="${2:?--scratch-dir needs a value}"; shift 2 ;;
    -h | --help) usage 0 ;;
    *) usage ;;
  esac
done
[[ -n "$backup_dir" ]] || die "no backup dir: pass --backup-dir or set BACKUP_DIR"
[[ -n "$wal_archive" ]] || die "no WAL archive: pass --wal-archive or set WAL_ARCHIVE_DIR"
[[ "$database" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "--database must be a plain identifier"
require_pg_bindir
backup="$(newest_backup "$backup_dir")"
[[ -n "$backup" ]] || die "no complete base backup in $backup_dir"

scratch="$(mktemp -d "$scratch_parent/restore-drill.XXXXXX")"
data="$scratch/data"
sock="$scratch/sock"
# Whatever happens, the scratch cluster goes: stopped (immediate: it holds nothing worth a
# checkpoint) and deleted.
cleanup() {
  if [[ -f "$data/postmaster.pid" ]]; then
    as_pg_user "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$scratch"
}
trap cleanup EXIT
chmod 755 "$scratch"
give_to_pg_user "$scratch"

failures=()
# First line only: psql's error carries the query and a caret on the lines after it.
fail() { failures+=("$(head -n 1 <<<"$*")"); }

started_at="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
t0="$(date +%s%N)"
port="$(free_port)" || die "no free port found"
restore_out="$scratch/pg-restore.out"
if ! "$SCRIPT_DIR/pg-restore.sh" --backup "$backup" --wal-archive "$wal_archive" --target-dir "$data" \
  --port "$port" --socket-dir "$sock" --keep-running >"$restore_out"; then
  die "restore of $(basename "$backup") failed (pg-restore.sh's messages above)"
fi
rto="$(elapsed_since "$t0")"
restored_to="$(sed -n 's/^restored_to=//p' "$restore_out")"

sql() {
  as_pg_user "$PG_BIN/psql" -h "$sock" -p "$port" -d "$database" -XtAq -v ON_ERROR_STOP=1 -c "$1"
}

migrations="$(sql 'SELECT count(*) FROM migrations' 2>&1)" || {
  fail "no migrations table in database $database: $migrations"
  migrations=""
}
[[ -z "$migrations" || "$migrations" -gt 0 ]] || fail "the migrations table is empty"
newest_migration="$(sql 'SELECT name FROM migrations ORDER BY "timestamp" DESC LIMIT 1' 2>/dev/null || true)"

counts=""
for table in tenants users conversations messages outbox; do
  if n="$(sql "SELECT count(*) FROM $table" 2>&1)"; then
    counts+="$table=$n "
  else
    fail "cannot count $table: $n"
  fi
done

newest_message="$(sql "SELECT coalesce(to_char(max(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), '') FROM messages" 2>/dev/null || true)"
restored_epoch="$(sql 'SELECT coalesce(extract(epoch FROM max(created_at)), 0) FROM messages' 2>/dev/null || echo 0)"

if [[ -n "$source_url" ]]; then
  if source_epoch="$("$PG_BIN/psql" "$source_url" -XtAq -v ON_ERROR_STOP=1 -c 'SELECT coalesce(extract(epoch FROM max(created_at)), 0) FROM messages' 2>&1)"; then
    rpo="$(awk -v s="$source_epoch" -v r="$restored_epoch" 'BEGIN { d = s - r; if (d < 0) d = 0; printf "%.1f", d }')"
    rpo_line="$rpo s (the source's newest message vs. the restored newest)"
    awk -v d="$rpo" -v l="$rpo_limit" 'BEGIN { exit !(d > l) }' && fail "RPO $rpo s is over the limit of $rpo_limit s"
  else
    fail "cannot read the source database: $source_epoch"
    rpo_line="unknown (source unreachable)"
  fi
else
  # Without the live database the drill can only say how old the newest restored message is; on a
  # quiet system that age is not data loss, so it is reported, not checked.
  age="$(awk -v n="$(date +%s.%N)" -v r="$restored_epoch" 'BEGIN { printf "%.1f", n - r }')"
  rpo_line="at most $age s (newest restored message vs. the drill's start; pass --source-url to measure it)"
fi
awk -v d="$rto" -v l="$rto_limit" 'BEGIN { exit !(d > l) }' && fail "restore took $rto s, over the RTO limit of $rto_limit s"

verdict=PASS
((${#failures[@]} == 0)) || verdict=FAIL
report="restore drill: $verdict
  started:          $started_at
  backup:           $(basename "$backup") ($(du -sh "$backup" | cut -f1))
  replayed to:      ${restored_to:-unknown} (all archived WAL)
  restore time:     $rto s (RTO limit $rto_limit s)
  migrations:       ${migrations:-none} applied, newest ${newest_migration:-none}
  rows:             ${counts% }
  newest message:   ${newest_message:-none}
  achieved RPO:     $rpo_line"
for f in "${failures[@]}"; do report+=$'\n'"  FAILED: $f"; done
printf '%s\n' "$report"
[[ -z "$report_file" ]] || printf '%s\n' "$report" >"$report_file"
[[ "$verdict" == PASS ]]
