#!/usr/bin/env bash
# Section of docs/RELIABILITY.md: `marsad ingest` killed with SIGKILL at random moments, again and
# again, each time run once more to the end; then the store must open (integrity_check ok),
# hold every document once, and hold exactly the events of a run that was never killed.
#
#   KILL_RUNS (default 20): how many kills.
set -euo pipefail
# shellcheck source=lib.sh
. "$REPO/scripts/reliability/lib.sh"
cd "$SCRATCH"
runs="${KILL_RUNS:-20}"

# Input: the development reports, five times over under distinct ids, so an ingest spans
# several transactions (256 documents each) and a kill can land inside any of them.
python3 - "$REPO/eval/corpus_dev.jsonl" "$REPO/eval/dev.jsonl" <<'PY' > input.jsonl
import json, sys
docs = [json.loads(l) for path in sys.argv[1:] for l in open(path, encoding="utf-8") if l.strip()]
for copy in range(5):
    for d in docs:
        d = dict(d)
        d["doc_id"] = f"{d.get('doc_id') or d.get('id')}#{copy}"
        d.pop("url", None)
        print(json.dumps(d, ensure_ascii=False))
PY
documents=$(wc -l < input.jsonl)

"$MARSAD" ingest input.jsonl --db clean.db 2> clean.err
start=$(date +%s%N)
"$MARSAD" ingest input.jsonl --db timing.db 2> /dev/null
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))

lost=0 doubled=0 differ=0 broken=0 killed_mid=0
for run in $(seq 1 "$runs"); do
    db="run$run.db"
    delay_ms=$(( RANDOM % (full_ms + 1) ))
    "$MARSAD" ingest input.jsonl --db "$db" 2> /dev/null &
    pid=$!
    sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    if kill -KILL "$pid" 2> /dev/null; then killed_mid=$((killed_mid + 1)); fi
    wait "$pid" 2> /dev/null || true
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check;' 2>&1)" = ok ] || broken=$((broken + 1))
    "$MARSAD" ingest input.jsonl --db "$db" 2> "rerun$run.err" || broken=$((broken + 1))
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check;' 2>&1)" = ok ] || broken=$((broken + 1))
    stored=$(sqlite3 "$db" 'SELECT count(*) FROM documents;')
    lost=$((lost + documents - stored))
    extra=$(sqlite3 "$db" 'SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT document, ordinal FROM events)) FROM events;')
    doubled=$((doubled + extra))
    cmp -s <(events_of clean.db) <(events_of "$db") || differ=$((differ + 1))
    rm -f "$db" "$db-wal" "$db-shm"
done

echo "## Killed ingests"
echo
echo "\`scripts/reliability/30-kill-loop.sh\`: $runs runs of \`marsad ingest\` over $documents reports"
echo "(the development reports five times over, 256 to a transaction; a whole run took $full_ms ms),"
echo "each killed with SIGKILL after a random delay in that span, then run again to the end."
echo
echo "| runs | killed while running | store did not open or failed integrity_check | documents lost | events doubled | runs whose events differ from an unkilled run |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
echo "| $runs | $killed_mid | $broken | $lost | $doubled | $differ |"
[ $((broken + lost + doubled + differ)) -eq 0 ]
