#!/usr/bin/env bash
# Postgres archive_command: copy one finished WAL segment (or .history/.backup file) into the archive.
#
#   archive_command = '/path/to/pg-archive-wal.sh [--gzip] %p %f /path/to/archive'
#
# Postgres deletes or recycles a segment once this exits 0, so 0 must mean "durably archived":
# the copy goes to a temporary name, is fsynced, then linked to its real name (atomic, and it
# fails rather than replacing a file that appeared meanwhile), and the directory is fsynced.
# An archived file is never overwritten: the same content again (Postgres retries a segment whose
# success it did not record before a crash) exits 0, different content fails, and Postgres keeps
# the segment and retries until someone looks (pg_stat_archiver.failed_count, the server log).
# --gzip stores <name>.gz: a segment cut short by archive_timeout is still 16 MB, mostly zeros.
set -euo pipefail

die() {
  printf 'pg-archive-wal: ERROR: %s\n' "$*" >&2
  exit 1
}

gzip=0
if [[ "${1:-}" == --gzip ]]; then
  gzip=1
  shift
fi
(($# == 3)) || die "usage: pg-archive-wal.sh [--gzip] <path (%p)> <file name (%f)> <archive dir>"
src="$1" name="$2" dir="$3"

[[ -f "$src" ]] || die "no WAL file at $src"
[[ "$name" =~ ^[0-9A-Fa-f]{8,24}(\.[0-9A-Fa-f]{8}\.backup|\.history|\.partial)?$ ]] || die "unexpected WAL file name '$name'"
# Never mkdir the archive: a volume that failed to mount must fail loudly, not fill the data disk.
[[ -d "$dir" && -w "$dir" ]] || die "archive dir $dir does not exist or is not writable"

# True if the archived copy $1 holds exactly the bytes of $src.
same_content() {
  if [[ "$1" == *.gz ]]; then
    gzip -dc -- "$1" 2>/dev/null | cmp -s - "$src"
  else
    cmp -s -- "$1" "$src"
  fi
}

dest="$dir/$name"
((gzip)) && dest="$dest.gz"
# Either form may be there already (the --gzip setting changed since): both count.
for existing in "$dir/$name" "$dir/$name.gz"; do
  [[ -e "$existing" ]] || continue
  same_content "$existing" && exit 0
  die "refusing to overwrite $existing: it differs from $src (two clusters archiving into one directory?)"
done

tmp="$dir/.$name.$$.tmp"
trap 'rm -f -- "$tmp"' EXIT
if ((gzip)); then
  gzip -1 -c -- "$src" >"$tmp"
else
  cp -- "$src" "$tmp"
fi
sync -- "$tmp"
if ! ln -- "$tmp" "$dest" 2>/dev/null; then
  # Another archiver got there between our check and now.
  [[ -e "$dest" ]] && same_content "$dest" && exit 0
  die "could not link $tmp to $dest"
fi
rm -f -- "$tmp"
sync -- "$dir"
