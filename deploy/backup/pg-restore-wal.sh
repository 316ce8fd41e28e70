#!/usr/bin/env bash
# Postgres restore_command: fetch one WAL file from the archive pg-archive-wal.sh writes.
#
#   restore_command = '/path/to/pg-restore-wal.sh %f %p /path/to/archive'
#
# Recovery asks for files that do not exist (the segment after the last one, newer timelines'
# .history files): that is how it learns where the archive ends, so a missing file exits 1
# quietly. Plain and .gz copies are both read. A file that is there but cannot be read exits 127,
# which Postgres treats like "command not found" and stops recovery with an error: exit 1 would
# make it take a damaged segment for the end of the archive and promote on incomplete data.
set -uo pipefail

(($# == 3)) || {
  printf 'usage: pg-restore-wal.sh <file name (%%f)> <destination (%%p)> <archive dir>\n' >&2
  exit 1
}
name="$1" dest="$2" dir="$3"

if [[ -f "$dir/$name" ]]; then
  cp -- "$dir/$name" "$dest" || exit 127
elif [[ -f "$dir/$name.gz" ]]; then
  gzip -dc -- "$dir/$name.gz" >"$dest" || exit 127
else
  exit 1
fi
