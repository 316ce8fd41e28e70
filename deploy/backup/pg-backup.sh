#!/usr/bin/env bash
# Take a base backup of a running Postgres, then apply retention to base backups and archived WAL.
#
#   pg-backup.sh [--backup-dir DIR] [--keep N] [--wal-archive DIR] [--dbname CONNINFO]
#
#   --backup-dir   where base backups go (BACKUP_DIR), one directory per backup: base-<UTC time>
#   --keep         how many base backups to keep, newest first (BACKUP_KEEP, default 7)
#   --wal-archive  the WAL archive (WAL_ARCHIVE_DIR); when given, archived WAL older than the
#                  oldest kept backup is deleted, since no kept backup can use it
#   --dbname       connection string; otherwise libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD. The
#                  role needs the REPLICATION attribute (or superuser) and a pg_hba replication line.
#
# A backup is tar format, compressed (BACKUP_COMPRESS, default gzip; any pg_basebackup --compress
# value), with the WAL it needs streamed in (pg_wal.tar.*) and pg_basebackup's backup_manifest,
# which pg-restore.sh checks with pg_verifybackup before it restores anything.
# Exits non-zero, saying why, if any step fails; a failed backup leaves nothing behind.
set -euo pipefail
SCRIPT_NAME=pg-backup
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

usage() {
  sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

backup_dir="${BACKUP_DIR:-}"
keep="${BACKUP_KEEP:-7}"
wal_archive="${WAL_ARCHIVE_DIR:-}"
compress="${BACKUP_COMPRESS:-gzip}"
# fast: start at once with an immediate checkpoint. spread would wait up to checkpoint_timeout for a
# throttled one, gentler on a busy disk; set BACKUP_CHECKPOINT=spread where that matters.
checkpoint="${BACKUP_CHECKPOINT:-fast}"
dbname=()
while (($#)); do
  case "$1" in
    --backup-dir) backup_dir="${2:?--backup-dir needs a value}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a value}"; shift 2 ;;
    --wal-archive) wal_archive="${2:?--wal-archive needs a value}"; shift 2 ;;
    --dbname) dbname=(--dbname "${2:?--dbname needs a value}"); shift 2 ;;
    -h | --help) usage 0 ;;
    *) usage ;;
  esac
done

[[ -n "$backup_dir" ]] || die "no backup dir: pass --backup-dir or set BACKUP_DIR"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "--keep must be a whole number of at least 1, not '$keep'"
[[ -d "$backup_dir" && -w "$backup_dir" ]] || die "backup dir $backup_dir does not exist or is not writable"
if [[ -n "$wal_archive" ]]; then
  [[ -d "$wal_archive" && -w "$wal_archive" ]] || die "WAL archive $wal_archive does not exist or is not writable"
fi
require_pg_bindir

# One backup at a time per directory: a second run's retention could delete the one being written.
exec {lock_fd}>"$backup_dir/.pg-backup.lock"
flock -n "$lock_fd" || die "another pg-backup.sh is running on $backup_dir"

name="base-$(date -u +%Y%m%dT%H%M%SZ)"
final="$backup_dir/$name"
partial="$backup_dir/.partial-$name"
[[ ! -e "$final" ]] || die "$final already exists (two backups within one second?)"
rm -rf -- "$partial"
trap 'rm -rf -- "$partial"' EXIT

t0="$(date +%s%N)"
log "taking base backup $name"
if ! "$PG_BIN/pg_basebackup" "${dbname[@]}" --pgdata="$partial" --format=tar --compress="$compress" \
  --wal-method=stream --checkpoint="$checkpoint" --label="$name" --no-password \
  --manifest-checksums=CRC32C; then
  die "pg_basebackup failed (is the server up, and may this role make replication connections?)"
fi
# A point-in-time recovery can only reach times after the backup's end: pg-restore.sh reads this to
# pick a backup for a target time, and to refuse one that ended after it. Noted just after
# pg_basebackup returned, so a little late, never early.
date -u '+%Y-%m-%d %H:%M:%S.%N+00' >"$partial/backup_end"
[[ -f "$partial/backup_manifest" ]] || die "pg_basebackup wrote no backup_manifest"
base_tar="$(find "$partial" -maxdepth 1 -name 'base.tar*' -print -quit)"
[[ -n "$base_tar" ]] || die "pg_basebackup wrote no base.tar*"

# Kept beside the tars: retention needs the backup's first WAL file, and reading it out of the
# compressed tar each time would decompress the whole backup.
tar --occurrence=1 -xOf "$base_tar" backup_label >"$partial/backup_label" ||
  die "could not read backup_label from $base_tar"
start_wal="$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]\{24\}\))$/\1/p' "$partial/backup_label")"
[[ -n "$start_wal" ]] || die "no START WAL LOCATION in backup_label of $name"

sync -- "$partial"/*
mv -T -- "$partial" "$final"
sync -- "$backup_dir"
trap - EXIT
log "backup $name done in $(elapsed_since "$t0") s: $(du -sh "$final" | cut -f1), starts at WAL $start_wal"

# Retention: the newest $keep complete backups stay (complete = renamed from .partial above).
mapfile -t backups < <(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -exec test -f '{}/backup_manifest' ';' -print | sort)
if ((${#backups[@]} > keep)); then
  for old in "${backups[@]:0:${#backups[@]}-keep}"; do
    rm -rf -- "$old"
    log "retention: deleted $(basename "$old")"
  done
fi

if [[ -n "$wal_archive" ]]; then
  oldest="$(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -exec test -f '{}/backup_manifest' ';' -print | sort | head -n 1)"
  oldest_wal="$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]\{24\}\))$/\1/p' "$oldest/backup_label")"
  [[ -n "$oldest_wal" ]] || die "no START WAL LOCATION in $oldest/backup_label"
  # -x .gz: pg-archive-wal.sh --gzip names segments <segment>.gz. .history files are always kept.
  "$PG_BIN/pg_archivecleanup" -x .gz "$wal_archive" "$oldest_wal" ||
    die "pg_archivecleanup failed on $wal_archive"
  log "retention: archived WAL before $oldest_wal (start of $(basename "$oldest")) deleted"
fi
printf '%s\n' "$final"
