#!/usr/bin/env bash
# What the store costs on top of extraction: `marsad extract SLICE > /dev/null` against
# `marsad ingest SLICE --db FRESH.db` on the same reports, alternated, RUNS times each (default
# 3), the store deleted before every ingest run. Prints each run and ends with one line:
#   extract_s=X ingest_s=Y ratio=R   (medians of wall-clock seconds; goal: ratio <= 1.30)
#
#   bench/ingest.sh [SLICE.jsonl] [RUNS]
#
# Default slice: the first 2,000 reports of ../shared/data/corpus/almayadeen_2023_2024.jsonl.gz
# (written to target/bench/ingest_slice.jsonl), else the repository's eval/corpus_dev.jsonl.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
cd "$ROOT"
SLICE=${1:-}
RUNS=${2:-3}
if [ -z "$SLICE" ]; then
  SLICE="$OUT/ingest_slice.jsonl"
  GZ=${MARSAD_CORPUS_DIR:-$ROOT/../shared/data/corpus}/almayadeen_2023_2024.jsonl.gz
  if [ -f "$GZ" ]; then
    [ -s "$SLICE" ] || { zcat "$GZ" | head -n 2000 > "$SLICE" || true; }
  else
    SLICE="$ROOT/eval/corpus_dev.jsonl"
  fi
fi
[ -x /usr/bin/time ] || { echo "bench/ingest.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "bench: building (release)" >&2
cargo build --release --locked -q -p marsad-cli
MARSAD="$ROOT/target/release/marsad"
DB="$OUT/ingest_bench.db"

# One run: prints wall-clock seconds and user+system seconds; a failed run ends the bench.
timed() {
  local log="$OUT/ingest_bench.log"
  if ! /usr/bin/time -o "$log.time" -f "%e %U %S" "$@" >/dev/null 2>"$log"; then
    echo "bench/ingest.sh: failed: $*" >&2; tail -n 3 "$log" >&2; exit 1
  fi
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$log.time"
}

extract_s=(); ingest_s=()
echo "slice: $SLICE ($(wc -l < "$SLICE") lines, $(du -h "$SLICE" | cut -f1))"
for i in $(seq "$RUNS"); do
  read -r e ecpu <<< "$(timed "$MARSAD" extract "$SLICE" --reference-date none)"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  read -r g gcpu <<< "$(timed "$MARSAD" ingest "$SLICE" --reference-date none --db "$DB")"
  echo "run $i: extract ${e}s (cpu ${ecpu}s)  ingest ${g}s (cpu ${gcpu}s)"
  extract_s+=("$e"); ingest_s+=("$g")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
me=$(median "${extract_s[@]}"); mi=$(median "${ingest_s[@]}")
echo "store: $(du -h "$DB" | cut -f1) for $("$MARSAD" stats --db "$DB" --json)"
awk -v e="$me" -v i="$mi" 'BEGIN {printf "extract_s=%s ingest_s=%s ratio=%.2f\n", e, i, i / e}'
