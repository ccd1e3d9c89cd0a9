#!/usr/bin/env bash
# Bounded fuzz run: every cargo-fuzz target in fuzz/ for SECONDS_PER_TARGET seconds (default 20),
# from the committed seeds (fuzz/seeds/<target>) and the saved crashes (fuzz/regressions/<target>)
# plus whatever the fuzzer grew before (fuzz/corpus/<target>, not committed).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
#
# Prints executions and crashes per target; exits 1 when any target crashed, timed out or ran
# out of memory, keeping the input under fuzz/artifacts/<target>/. To keep a fixed crash fixed,
# move that file to fuzz/regressions/<target>/: `cargo test -p marsad-invariants` replays it.
# With FUZZ_SUMMARY=FILE, also writes one tab-separated line per target to FILE:
#   target  seconds  executions  crashes  artifact
#
# cargo-fuzz passes flags only nightly accepts; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# take them. Targets are built without a sanitizer (-s none: the code is safe Rust, and the
# sanitizer would halve the executions) and with debug assertions (-a: overflow panics).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
flags=(--sanitizer none --debug-assertions)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
cargo fuzz build "${flags[@]}" >&2

summary="${FUZZ_SUMMARY:-}"
[ -n "$summary" ] && : > "$summary"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

failed=0
printf '%-10s %8s %12s %8s  %s\n' target seconds executions crashes artifact
for target in $(cargo fuzz list); do
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    dirs=("fuzz/corpus/$target" "fuzz/seeds/$target")
    [ -d "fuzz/regressions/$target" ] && dirs+=("fuzz/regressions/$target")
    # Seed data kept elsewhere in the repository, named in fuzz/seeds/<target>.dirs.
    if [ -f "fuzz/seeds/$target.dirs" ]; then
        while read -r dir; do
            case "$dir" in ''|'#'*) ;; *) dirs+=("$dir") ;; esac
        done < "fuzz/seeds/$target.dirs"
    fi
    before=$(find "fuzz/artifacts/$target" -type f | sort)
    status=0
    # -timeout: one input taking this long is a hang, reported as a crash.
    cargo fuzz run "${flags[@]}" "$target" "${dirs[@]}" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$logs/$target.log" 2>&1 || status=$?
    new=$(comm -13 <(echo "$before") <(find "fuzz/artifacts/$target" -type f | sort) | grep -v '^$' || true)
    crashes=$(printf '%s' "$new" | grep -c . || true)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$target.log" | tail -1)
    if [ -z "$executions" ]; then
        # Stopped by a crash before the final statistics: the last status line has the count.
        executions=$(grep -o '^#[0-9]*' "$logs/$target.log" | tail -1 | tr -d '#')
    fi
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        # The run failed without an input to blame (a build error, a crash at start-up).
        crashes=1
        new="(no input; see the log below)"
    fi
    artifact=$(printf '%s' "$new" | head -1)
    printf '%-10s %8s %12s %8s  %s\n' "$target" "$seconds" "${executions:-0}" "$crashes" "${artifact:--}"
    [ -n "$summary" ] && printf '%s\t%s\t%s\t%s\t%s\n' "$target" "$seconds" "${executions:-0}" "$crashes" "${artifact:--}" >> "$summary"
    if [ "$crashes" -ne 0 ]; then
        failed=1
        echo "---- $target: last lines of the libFuzzer log" >&2
        tail -40 "$logs/$target.log" >&2
    fi
done
exit "$failed"
