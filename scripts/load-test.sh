#!/usr/bin/env bash
# Load test of `marsad serve` on loopback: wrk (Debian's package, installed when missing) against
# the read API (GET /api/events) and the ingest endpoint (POST /api/documents), over a store of
# the annotated corpus (eval/corpus_dev.jsonl, 270 reports). Bounded: DURATION seconds per
# endpoint (default 15), CONNECTIONS connections (default 8 for reads, 4 for writes), loopback
# only. Prints requests per second, p50 and p99 latency and errors for each.
#
#   scripts/load-test.sh            # builds target/release/marsad when MARSAD_BIN is not set
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-15}
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
    else
        echo "load-test: wrk is not installed (apt-get install wrk)" >&2
        exit 3
    fi
fi
marsad=${MARSAD_BIN:-}
if [ -z "$marsad" ]; then
    (cd "$root" && cargo build --release --bin marsad >&2)
    marsad="$root/target/release/marsad"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$marsad" ingest "$root/eval/corpus_dev.jsonl" --db "$work/store.db" --reference-date none 2>"$work/ingest.log"
tail -1 "$work/ingest.log" >&2
export MARSAD_WRITE_TOKEN
MARSAD_WRITE_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$marsad" serve --db "$work/store.db" --addr 127.0.0.1:0 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's/.* on \(http:\/\/127\.0\.0\.1:[0-9]*\)\/$/\1/p' "$work/serve.log" | head -1)
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 2; }

# One report of the seed file (seed-003, 4.6 KB of Arabic) as the POST body.
python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readlines()[1])["text"])' "$root/eval/seeds.jsonl" > "$work/report.txt"
export REPORT_FILE="$work/report.txt"

summary() { # name, wrk output file
    awk -v name="$1" '
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /Requests\/sec/ { rps = $2 }
        /requests in/ { total = $1 }
        /Non-2xx or 3xx responses/ { non2xx = $NF }
        /Socket errors/ { split($0, a, /[ ,]+/); for (i in a) if (a[i] ~ /^[0-9]+$/) sock += a[i] }
        END { printf "%-40s %8s req/s  p50 %8s  p99 %8s  requests %6s  errors %d\n", name, rps, p50, p99, total, non2xx + sock }
    ' "$2"
}

echo "marsad load test: $(nproc) cores, ${duration}s per endpoint, $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
wrk -t2 -c8 -d"${duration}s" --latency "$base/api/events?limit=100" > "$work/read.txt"
summary "GET /api/events?limit=100 (8 conn)" "$work/read.txt"
wrk -t2 -c8 -d"${duration}s" --latency "$base/api/events?actor=NDF&from=2015-01-01&sort=-fatalities&limit=20" > "$work/filter.txt"
summary "GET /api/events?actor=..&from=..&sort (8 conn)" "$work/filter.txt"
wrk -t2 -c4 -d"${duration}s" --latency -s "$root/scripts/load/post.lua" "$base" > "$work/post.txt"
summary "POST /api/documents, 4.6 KB report (4 conn)" "$work/post.txt"
echo "documents stored by the POST run: $("$marsad" stats --db "$work/store.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"] - 270)')"
