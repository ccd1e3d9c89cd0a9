#!/usr/bin/env bash
# marsad speed benchmark: throughput (1 and 2 threads), start-up, peak RSS, and in the same run
# the physical floor (ripgrep counting the gazetteer names and trigger words over the same text)
# and CAMeL Tools normalising and tokenising the same texts (vs marsad's text core alone).
#
#   bench/run.sh [--quick]        # --quick: a ~5 MB slice of the corpus
#
# Corpus: the real reports in $MARSAD_CORPUS_DIR (default ../shared/data/corpus/*.jsonl.gz)
# when present, else a generated one (marsad-gen, seed 6, 100 MB). Appends a markdown table to
# bench/results.md and ends with one line:
#   mb_per_s_per_core=X docs_per_s=Y startup_ms=Z peak_rss_mb=W ratio_to_scan=R
set -euo pipefail

QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench"
CORPUS_DIR=${MARSAD_CORPUS_DIR:-$ROOT/../shared/data/corpus}
mkdir -p "$OUT"
cd "$ROOT"
log() { echo "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------------------
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v rg >/dev/null || need_apt+=(ripgrep)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

log "building (release)"
cargo build --release --locked -q -p marsad-cli -p marsad-bench
MARSAD="$ROOT/target/release/marsad"
TEXTCORE="$ROOT/target/release/marsad-textcore"
GEN="$ROOT/target/release/marsad-gen"

# --- corpus ------------------------------------------------------------------------------
shopt -s nullglob
real=("$CORPUS_DIR"/*.jsonl.gz)
FULL="$OUT/corpus_full.jsonl"
if [ ${#real[@]} -gt 0 ]; then
  CORPUS_NAME="real corpus ($(cd "$CORPUS_DIR" && ls ./*.jsonl.gz | sed 's|^\./||' | paste -sd+ -))"
  [ -s "$FULL" ] && [ "$FULL" -nt "${real[0]}" ] || zcat "${real[@]}" > "$FULL"
else
  CORPUS_NAME="generated corpus (marsad-gen --seed 6 --size 100MB)"
  "$GEN" --seed 6 --size 100MB > "$FULL"
fi
CORPUS="$FULL"
if [ "$QUICK" = 1 ]; then
  CORPUS="$OUT/corpus_quick.jsonl"
  python3 bench/prepare.py slice "$FULL" "$CORPUS" 5000000
  CORPUS_NAME="$CORPUS_NAME, first ~5 MB"
fi
python3 bench/prepare.py texts "$CORPUS" "$OUT/corpus.txt"
npat=$(python3 bench/prepare.py patterns "$ROOT" "$OUT/patterns.txt")

# Text bytes and documents, and the text core alone (normalise + tokenise, 1 thread).
core=$("$TEXTCORE" "$CORPUS" --repeat 3)
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
DOCS=$(kv docs "$core"); BYTES=$(kv bytes "$core"); CORE_S=$(kv seconds "$core")
log "corpus: $CORPUS_NAME: $DOCS documents, $BYTES bytes of text"

now() { date +%s.%N; }
py() { python3 -c "print($1)"; }

# --- marsad extract, 1 and 2 threads -----------------------------------------------------
declare -A WALL RSS
for t in 1 2; do
  log "marsad extract --threads $t"
  s=$(now)
  /usr/bin/time -v -o "$OUT/time_t$t.txt" "$MARSAD" extract --reference-date none --threads "$t" "$CORPUS" \
    > "$OUT/events_t$t.jsonl" 2> "$OUT/stderr_t$t.txt" || true
  e=$(now)
  WALL[$t]=$(py "$e - $s")
  RSS[$t]=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/time_t$t.txt")
done

# --- start-up: one-line input, median of 11 ---------------------------------------------
printf '{"doc_id":"startup","text":"قتل مدني في درعا"}\n' > "$OUT/one.jsonl"
starts=()
for _ in $(seq 11); do
  s=$(now); "$MARSAD" extract --reference-date none --threads 1 "$OUT/one.jsonl" >/dev/null 2>&1; e=$(now)
  starts+=("$(py "($e - $s) * 1000")")
done
STARTUP_MS=$(printf '%s\n' "${starts[@]}" | sort -g | sed -n 6p)

# --- the floor: ripgrep over the same text, median of 3 ----------------------------------
rg --count-matches -F -f "$OUT/patterns.txt" -j1 "$OUT/corpus.txt" >/dev/null || true  # warm
rgs=()
for _ in 1 2 3; do
  s=$(now); rg --count-matches -F -f "$OUT/patterns.txt" -j1 "$OUT/corpus.txt" > "$OUT/rg_count.txt" || true; e=$(now)
  rgs+=("$(py "$e - $s")")
done
RG_S=$(printf '%s\n' "${rgs[@]}" | sort -g | sed -n 2p)

# --- CAMeL Tools (normalisers + simple_word_tokenize) ------------------------------------
VENV="$OUT/.venv"
CAMEL_S=""; CAMEL_NOTE=""
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import camel_tools.tokenizers.word" 2>/dev/null; then
  log "installing camel-tools into $VENV"
  # The full dependency set pulls in torch and transformers for models this comparison does not
  # use; the normalisers and simple_word_tokenize need only six, emoji and regex.
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --no-deps camel-tools \
      && "$VENV/bin/pip" install -q six emoji regex; } > "$OUT/pip.log" 2>&1 || CAMEL_NOTE="pip install failed (see target/bench/pip.log)"
fi
if [ -z "$CAMEL_NOTE" ]; then
  if camel=$("$VENV/bin/python" bench/camel_textcore.py "$CORPUS" 2>"$OUT/camel.err"); then
    CAMEL_S=$(kv seconds "$camel")
  else
    CAMEL_NOTE="camel-tools failed to run (see target/bench/camel.err)"
  fi
fi

# --- figures -----------------------------------------------------------------------------
MB=$(py "$BYTES / 1e6")
MBS1=$(py "round($MB / ${WALL[1]}, 2)")
MBS2=$(py "round($MB / ${WALL[2]} / 2, 2)")
DPS1=$(py "round($DOCS / ${WALL[1]}, 1)")
DPS2=$(py "round($DOCS / ${WALL[2]}, 1)")
RSS1=$(py "round(${RSS[1]} / 1024, 1)"); RSS2=$(py "round(${RSS[2]} / 1024, 1)")
PEAK=$(py "max($RSS1, $RSS2)")
RATIO=$(py "round(${WALL[1]} / $RG_S, 1)")
CORE_MBS=$(py "round($MB / $CORE_S, 1)")
if [ -n "$CAMEL_S" ]; then
  CAMEL_MBS=$(py "round($MB / $CAMEL_S, 2)")
  CAMEL_RATIO=$(py "round($CAMEL_S / $CORE_S, 1)")
  CAMEL_ROW="| CAMeL Tools normalise + simple_word_tokenize (1 thread) | ${CAMEL_S} s | ${CAMEL_MBS} MB/s | ${CAMEL_RATIO}× marsad's text core |"
else
  CAMEL_ROW="| CAMeL Tools normalise + simple_word_tokenize | skipped: ${CAMEL_NOTE} | | |"
fi
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates data Cargo.lock || echo "+dirty")
DATE=$(date -u +%Y-%m-%dT%H:%MZ)
CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)

TABLE=$(cat <<EOF
### $DATE, commit $COMMIT$( [ "$QUICK" = 1 ] && echo ", --quick")

\`bench/run.sh$( [ "$QUICK" = 1 ] && echo " --quick")\` on $CORPUS_NAME: $DOCS documents, $MB MB of report text; $(nproc) cores ($CPU), $(rg --version | head -1), $npat ripgrep patterns.

| measure | time | throughput | note |
| --- | --- | --- | --- |
| marsad extract, 1 thread | $(py "round(${WALL[1]}, 2)") s | ${MBS1} MB/s per core, ${DPS1} docs/s | peak RSS ${RSS1} MB |
| marsad extract, 2 threads | $(py "round(${WALL[2]}, 2)") s | ${MBS2} MB/s per core, ${DPS2} docs/s | peak RSS ${RSS2} MB |
| start-up (one-line input, median of 11) | ${STARTUP_MS%.*} ms | | |
| floor: \`rg --count-matches -F -f PATTERNS\` (1 thread, median of 3) | $(py "round($RG_S, 3)") s | $(py "round($MB / $RG_S, 1)") MB/s | marsad 1 thread = ${RATIO}× the scan |
| marsad text core: normalise + tokenise (marsad-textcore, 1 thread) | $(py "round($CORE_S, 3)") s | ${CORE_MBS} MB/s | |
$CAMEL_ROW
EOF
)
echo "$TABLE"
{ echo; echo "$TABLE"; } >> "$ROOT/bench/results.md"
echo
echo "mb_per_s_per_core=$MBS1 docs_per_s=$DPS2 startup_ms=$(py "round($STARTUP_MS)") peak_rss_mb=$PEAK ratio_to_scan=$RATIO"
