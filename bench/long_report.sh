#!/usr/bin/env bash
# Cost against a report's length: one real article (the report of eval/corpus_dev.jsonl with the
# most gold events per character, so the bench needs no ../shared and every repetition brings
# new events and mentions) repeated to about 100 KB, 800 KB and 5 MB, each extracted as one
# report by the release binary, timed by /usr/bin/time.
#
#   bench/long_report.sh
#
# Prints one row per size and ends with the line
#   s_per_mb_100k=A s_per_mb_800k=B ratio_800k_to_100k=R s_5mb=S
# A cost linear in the length gives a ratio near 1; the goal is under 2.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench/long"
mkdir -p "$OUT"
cd "$ROOT"
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
cargo build --release --locked -q -p marsad-cli
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
docs = [json.loads(l) for l in open("eval/corpus_dev.jsonl", encoding="utf-8")]
text = max(docs, key=lambda d: len(d["events"]) / len(d["text"]))["text"] + "\n"
for name, size in (("100k", 100_000), ("800k", 800_000), ("5mb", 5_000_000)):
    reps = size // len(text.encode()) + 1
    body = (text * reps).encode()[:size].decode("utf-8", "ignore")
    open(f"{out}/long_{name}.txt", "w", encoding="utf-8").write(body)
PY
declare -A secs
for name in 100k 800k 5mb; do
  f="$OUT/long_$name.txt"
  /usr/bin/time -f "%e %M" -o "$OUT/time_$name" target/release/marsad extract "$f" --reference-date none >/dev/null 2>"$OUT/err_$name"
  read -r s kb < "$OUT/time_$name"
  secs[$name]=$s
  bytes=$(stat -c %s "$f")
  echo "long report $name: $bytes bytes, ${s} s, peak RSS $((kb / 1024)) MB"
done
python3 - "${secs[100k]}" "${secs[800k]}" "${secs[5mb]}" <<'PY'
import sys
a, b, c = map(float, sys.argv[1:])
pa, pb = a / 0.1, b / 0.8
print(f"s_per_mb_100k={pa:.3f} s_per_mb_800k={pb:.3f} ratio_800k_to_100k={pb / max(pa, 1e-9):.2f} s_5mb={c:.2f}")
PY
