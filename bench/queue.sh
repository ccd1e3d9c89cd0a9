#!/usr/bin/env bash
# Throughput of the PostgreSQL work queue against the number of workers, and what the queue
# costs per document. On the 2,000 reports of data/corpus/almayadeen_2000.jsonl.gz, each step
# on a fresh database from scripts/postgres.sh, wall-clock seconds:
#   extract   marsad extract --threads 1 > /dev/null          (extraction alone)
#   ingest    marsad ingest --threads 1 --db postgres://...    (extraction + PostgreSQL writes)
#   enqueue   marsad enqueue --db postgres://...
#   workers=N N × marsad worker --exit-when-done, started together, until the last exits
# plus, for each worker run, the WAL written and the queue table's size and dead rows.
# Ends with lines `workers=N docs_per_s=X speedup=Y` and one line of costs per document:
# ingest_over_extract = what storing in PostgreSQL adds to extraction (ingest − extract),
# worker_over_extract = what storing plus the queue add (one worker − extract); the queue's own
# cost is the difference of the two.
#
#   bench/queue.sh [WORKERS...]     (default: 1 2 4)   MARSAD_BIN: another binary; BATCH: --batch (16)
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=data/corpus/almayadeen_2000.jsonl.gz
WORKERS=("$@"); [ ${#WORKERS[@]} -gt 0 ] || WORKERS=(1 2 4)
if [ -z "${MARSAD_BIN:-}" ]; then
    cargo build --release --locked -q -p marsad-cli
    MARSAD_BIN=$PWD/target/release/marsad
fi
M=$MARSAD_BIN
DOCS=$(zcat "$INPUT" | wc -l)
DBS=()
cleanup() { for u in "${DBS[@]}"; do psql -q "${u%/*}/postgres" -c "DROP DATABASE IF EXISTS ${u##*/} WITH (FORCE)" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
fresh() { local u; u=$(scripts/postgres.sh 2>/dev/null) || { echo "bench/queue.sh: no PostgreSQL server" >&2; exit 2; }; DBS+=("$u"); URL=$u; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
sql() { psql -X -At "$URL" -c "$1"; }

echo "bench: $DOCS documents, $(nproc) cores, $(psql -X -At "${URL:-postgres://postgres@127.0.0.1:5432/postgres}" -c 'SHOW server_version' 2>/dev/null || echo '?')" >&2
t0=$(now); "$M" extract "$INPUT" --threads 1 --reference-date none >/dev/null 2>&1; t1=$(now)
extract_s=$(secs "$t0" "$t1"); echo "extract            ${extract_s}s" >&2

fresh; "$M" stats --db "$URL" >/dev/null   # schema made outside the timing
t0=$(now); "$M" ingest "$INPUT" --db "$URL" --threads 1 --reference-date none 2>/dev/null; t1=$(now)
ingest_s=$(secs "$t0" "$t1"); echo "ingest (postgres)  ${ingest_s}s" >&2

declare -A wall
for n in "${WORKERS[@]}"; do
    fresh; "$M" stats --db "$URL" >/dev/null
    t0=$(now); "$M" enqueue "$INPUT" --db "$URL" --reference-date none 2>/dev/null; t1=$(now)
    enqueue_s=$(secs "$t0" "$t1")
    wal0=$(sql "SELECT pg_current_wal_lsn()")
    pids=()
    t0=$(now)
    for k in $(seq "$n"); do "$M" worker --db "$URL" --batch "${BATCH:-16}" --exit-when-done --name "w$k" 2>/dev/null & pids+=($!); done
    wait "${pids[@]}"
    t1=$(now)
    wall[$n]=$(secs "$t0" "$t1")
    wal=$(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0')::bigint")
    sql "ANALYZE jobs" >/dev/null
    jobs_size=$(sql "SELECT pg_total_relation_size('jobs')")
    dead=$(sql "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'jobs'")
    done_n=$(sql "SELECT count(*) FROM jobs WHERE state = 'done'")
    echo "workers=$n wall=${wall[$n]}s done=$done_n enqueue=${enqueue_s}s wal_bytes_per_doc=$((wal / DOCS)) jobs_table_bytes_per_doc=$((jobs_size / DOCS)) jobs_dead_rows=$dead" >&2
done

base=${wall[${WORKERS[0]}]}
for n in "${WORKERS[@]}"; do
    python3 -c "print(f'workers=$n docs_per_s={$DOCS / ${wall[$n]}:.1f} speedup={$base / ${wall[$n]}:.2f}')"
done
one=${wall[1]:-$base}
python3 -c "
d = $DOCS
print(f'per_doc_ms: extract={1000 * $extract_s / d:.2f} ingest_over_extract={1000 * ($ingest_s - $extract_s) / d:.2f} worker_over_extract={1000 * ($one - $extract_s) / d:.2f} enqueue={1000 * $enqueue_s / d:.2f}')"
