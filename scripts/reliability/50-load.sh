#!/usr/bin/env bash
# Section of docs/RELIABILITY.md: `marsad serve` under load on loopback (scripts/load-test.sh:
# wrk against the read API and the ingest endpoint). Prints nothing when wrk cannot be had here.
set -uo pipefail
cd "$REPO"
duration="${LOAD_SECONDS:-10}"
status=0
MARSAD_BIN="$MARSAD" DURATION="$duration" scripts/load-test.sh > "$SCRATCH/load.out" 2> "$SCRATCH/load.err" || status=$?
[ "$status" -eq 3 ] && exit 0   # wrk missing and not installable: no figures
[ "$status" -eq 0 ] || { cat "$SCRATCH/load.err" >&2; exit 2; }

echo "## Under load"
echo
echo "\`scripts/load-test.sh\` with ${duration} s per endpoint: \`marsad serve\` over a store of the 270"
echo "development reports, wrk on loopback (2 threads). Limits as shipped: body size, request"
echo "timeout and concurrent ingests are capped (see docs/SERVER.md)."
echo
echo "| endpoint | requests/s | p50 | p99 | requests | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
errors=0
while IFS= read -r line; do
    # "NAME   R req/s  p50 X  p99 Y  requests N  errors E"
    name=$(sed -E "s/ +[0-9.]+ req\/s.*//" <<< "$line")
    rps=$(sed -n 's/.* \([0-9.]*\) req\/s.*/\1/p' <<< "$line")
    p50=$(sed -n 's/.*p50 *\([^ ]*\).*/\1/p' <<< "$line")
    p99=$(sed -n 's/.*p99 *\([^ ]*\).*/\1/p' <<< "$line")
    requests=$(sed -n 's/.*requests *\([0-9]*\).*/\1/p' <<< "$line")
    e=$(sed -n 's/.*errors \([0-9]*\).*/\1/p' <<< "$line")
    errors=$((errors + e))
    echo "| \`$(sed 's/ *$//' <<< "$name")\` | $rps | $p50 | $p99 | $requests | $e |"
done < <(grep " req/s " "$SCRATCH/load.out")
grep "^documents stored" "$SCRATCH/load.out" | sed 's/^/\n/'
[ "$errors" -eq 0 ]
