#!/usr/bin/env bash
# Integration test of the PostgreSQL work queue on real reports (run by .ci/run):
# 2,000 reports of data/corpus/almayadeen_2000.jsonl.gz enqueued, three workers started, one
# killed with SIGKILL while it holds a batch; checks that every document ends processed exactly
# once (none lost, none doubled) and that the events equal those of `marsad ingest` into a
# temporary SQLite file from the same input. Last line:
#   documents=N processed=N lost=0 doubled=0 same_as_sqlite=true
# Exits 0 on success, 1 on a failed check. With no PostgreSQL server to be had, says
# "skipped: why" and exits 0, unless MARSAD_REQUIRE_SERVICES=1 (then 1).
# MARSAD_BIN: the marsad binary to test (default: built here with cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=data/corpus/almayadeen_2000.jsonl.gz
LEASE=5
say() { echo "postgres-it: $*" >&2; }

if ! URL=$(scripts/postgres.sh); then
    if [ "${MARSAD_REQUIRE_SERVICES:-}" = 1 ]; then say "no PostgreSQL server (MARSAD_REQUIRE_SERVICES=1)"; exit 1; fi
    say "skipped: no PostgreSQL server could be had (scripts/postgres.sh failed)"
    exit 0
fi
if [ -z "${MARSAD_BIN:-}" ]; then
    cargo build --release --locked -q -p marsad-cli
    MARSAD_BIN=$PWD/target/release/marsad
fi
M=$MARSAD_BIN
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    psql -q "${URL%/*}/postgres" -c "DROP DATABASE IF EXISTS ${URL##*/} WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
sql() { psql -X -At "$URL" -c "$1"; }

say "database $URL"
"$M" enqueue "$INPUT" --db "$URL" --reference-date none 2>&1 | tail -1 >&2
# Starts a worker named $1 in the background; its pid is left in $LAST.
start_worker() {
    "$M" worker --db "$URL" --batch 10 --lease "$LEASE" --exit-when-done --name "$1" >/dev/null 2>"$WORK/$1.log" &
    LAST=$!
    PIDS+=("$LAST")
}
start_worker w1; w1=$LAST
start_worker w2; w2=$LAST
start_worker w3; w3=$LAST

# Kill a worker while it holds a batch: wait until some work is done, then kill it at a moment
# its jobs are leased. If it committed between the look and the kill, a fresh worker is
# started under another name and the attempt repeated.
victim=w2 pid=$w2 killed_holding=0
for attempt in 1 2 3 4 5; do
    until [ "$(sql "SELECT count(*) FROM jobs WHERE state = 'done'")" -ge $((300 * attempt)) ]; do sleep 0.05; done
    until [ "$(sql "SELECT count(*) FROM jobs WHERE state = 'leased' AND worker = '$victim'")" -gt 0 ]; do sleep 0.01; done
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    held=$(sql "SELECT count(*) FROM jobs WHERE state = 'leased' AND worker = '$victim'")
    if [ "$held" -gt 0 ]; then
        killed_holding=$held
        say "killed $victim (pid $pid) with SIGKILL holding $held leased documents"
        break
    fi
    victim=w2_$attempt
    start_worker "$victim"; pid=$LAST
done
[ "$killed_holding" -gt 0 ] || say "could not kill a worker in the middle of a batch"

wait "$w1" "$w3"
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
for w in "$WORK"/*.log; do tail -1 "$w" >&2; done
"$M" jobs --db "$URL" >&2

documents=$(sql "SELECT count(*) FROM jobs")
processed=$(sql "SELECT count(*) FROM jobs j WHERE j.state = 'done'
    AND EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = j.doc_id)")
lost=$(sql "SELECT count(*) FROM jobs j WHERE j.state <> 'done'
    OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = j.doc_id)")
doubled=$(sql "SELECT (SELECT count(*) FROM job_results WHERE commits > 1)
    + (SELECT count(*) - count(DISTINCT job) FROM job_results)")
reclaimed=$(sql "SELECT count(*) FROM jobs WHERE attempts > 1")
say "jobs taken back from the killed worker after its lease: $reclaimed"

"$M" ingest "$INPUT" --db "$WORK/sqlite.db" --reference-date none 2>&1 | tail -1 >&2
"$M" query --db "$WORK/sqlite.db" --format jsonl >"$WORK/sqlite.jsonl"
"$M" query --db "$URL" --format jsonl >"$WORK/pg.jsonl"
same=false
if cmp -s "$WORK/sqlite.jsonl" "$WORK/pg.jsonl" && [ -s "$WORK/pg.jsonl" ]; then same=true; fi
say "events: sqlite $(wc -l <"$WORK/sqlite.jsonl"), postgres $(wc -l <"$WORK/pg.jsonl")"

echo "documents=$documents processed=$processed lost=$lost doubled=$doubled same_as_sqlite=$same"
[ "$documents" = 2000 ] && [ "$processed" = 2000 ] && [ "$lost" = 0 ] && [ "$doubled" = 0 ] \
    && [ "$same" = true ] && [ "$killed_holding" -gt 0 ] && [ "$reclaimed" -gt 0 ]
