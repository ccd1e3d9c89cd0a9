#!/usr/bin/env bash
# Section of docs/RELIABILITY.md: `marsad ingest` into a store on a file system too small for it.
# The run must fail loudly (non-zero exit, a message saying the disk is full), leave a store that
# opens, and, once there is room, a second run must complete it with the events of a run that
# never ran out of space. The small file system is a 512 KiB tmpfs mounted here (needs root);
# without the right to mount, a file-size limit (ulimit -f) stands in for it.
set -euo pipefail
# shellcheck source=lib.sh
. "$REPO/scripts/reliability/lib.sh"
cd "$SCRATCH"
input=("$REPO/eval/corpus_dev.jsonl" "$REPO/eval/dev.jsonl")
"$MARSAD" ingest "${input[@]}" --db clean.db 2> /dev/null

mkdir -p small
how=""
if mount -t tmpfs -o size=512k tmpfs small 2> /dev/null; then
    how="a 512 KiB tmpfs"
    trap 'umount "$SCRATCH/small" 2> /dev/null || true' EXIT
    status=0
    "$MARSAD" ingest "${input[@]}" --db small/m.db 2> full.err || status=$?
else
    how="a 1 MiB file-size limit (ulimit -f; no right to mount here)"
    status=0
    ( ulimit -f 1024; trap '' XFSZ; exec "$MARSAD" ingest "${input[@]}" --db small/m.db ) 2> full.err || status=$?
fi
message=$(grep -m1 -i "full\|disk\|space" full.err || true)
opens=$(sqlite3 small/m.db 'PRAGMA integrity_check;' 2>&1 || true)
stored_full=$(sqlite3 small/m.db 'SELECT count(*) FROM documents;' 2>/dev/null || echo "?")

# Room again: a larger tmpfs over the same files, or the limit lifted.
if [ -n "$(findmnt -n small 2>/dev/null)" ]; then
    mount -o remount,size=64m small
fi
status2=0
"$MARSAD" ingest "${input[@]}" --db small/m.db 2> again.err || status2=$?
same=false
cmp -s <(events_of clean.db) <(events_of small/m.db) && same=true
documents=$(sqlite3 clean.db 'SELECT count(*) FROM documents;')
stored=$(sqlite3 small/m.db 'SELECT count(*) FROM documents;')

echo "## Full disk"
echo
echo "\`scripts/reliability/40-full-disk.sh\`: \`marsad ingest\` of the $documents development reports into a store on"
echo "$how, then again with room."
echo
echo "| run | exit code | stderr | store opens (integrity_check) | documents stored | events as an unconstrained run |"
echo "| --- | ---: | --- | --- | ---: | --- |"
echo "| disk full | $status | \`${message//|/\\|}\` | $opens | $stored_full | |"
echo "| with room | $status2 | \`$(grep -m1 "documents new" again.err | sed "s|$SCRATCH/||g; s/|/\\\\|/g")\` | $(sqlite3 small/m.db 'PRAGMA integrity_check;') | $stored | $same |"
[ "$status" -ne 0 ] && [ -n "$message" ] && [ "$opens" = ok ] && [ "$status2" -eq 0 ] && [ "$same" = true ] && [ "$stored" -eq "$documents" ]
