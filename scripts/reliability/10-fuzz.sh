#!/usr/bin/env bash
# Section of docs/RELIABILITY.md: a fuzz run of every target (scripts/fuzz.sh), with executions
# and crashes per target. Prints nothing when cargo-fuzz cannot be installed or built here.
set -uo pipefail
cd "$REPO"

summary="$SCRATCH/summary.tsv"
FUZZ_SUMMARY="$summary" scripts/fuzz.sh "$FUZZ_SECONDS" > "$SCRATCH/fuzz.out"
status=$?
[ -s "$summary" ] || exit 0

# What each target feeds and what it asserts (fuzz/fuzz_targets/<target>.rs runs the check).
describe() {
    case "$1" in
        text) echo "normalisation, map back, tokens, sentences, clauses: idempotent, offsets valid and ordered, map round-trips" ;;
        numbers) echo "number expressions and number words: valid, ordered, a number or a vague kind" ;;
        dates) echo "time expressions and the date line, resolved against ordinary days and chrono's limits" ;;
        lexicons) echo "actor, trigger and modifier mentions: valid and ordered" ;;
        places) echo "gazetteer mentions and resolution: valid ranges, parents, located places" ;;
        extract) echo "the whole extractor: every evidence span inside the document, equal to its text; JSON round trip" ;;
        html) echo "the HTML reader on any bytes under four Content-Type headers: deterministic, header charset honoured, the evidence of its report inside its text" ;;
        *) echo "see fuzz/fuzz_targets/$1.rs" ;;
    esac
}

total_exec=0
total_crash=0
echo "## Fuzzing"
echo
echo "\`scripts/fuzz.sh $FUZZ_SECONDS\`: each cargo-fuzz target (libFuzzer, no sanitizer, debug assertions on)"
echo "for $FUZZ_SECONDS s, from the seeds in \`fuzz/seeds/\` and the saved crashes in \`fuzz/regressions/\`. A"
echo "target's check is \`marsad_invariants::check_<target>\`; \`cargo test -p marsad-invariants\` runs the"
echo "same checks on every seed and saved crash."
echo
echo "| target | what it checks | seconds | executions | crashes |"
echo "| --- | --- | ---: | ---: | ---: |"
while IFS=$'\t' read -r target seconds executions crashes artifact; do
    echo "| \`$target\` | $(describe "$target") | $seconds | $executions | $crashes |"
    total_exec=$((total_exec + executions))
    total_crash=$((total_crash + crashes))
done < "$summary"
echo "| all | | | $total_exec | $total_crash |"
if [ "$total_crash" -ne 0 ]; then
    echo
    echo "Inputs kept (under \`fuzz/artifacts/\`):"
    echo
    cut -f1,5 "$summary" | awk -F'\t' '$2 != "-" { printf "- `%s`: `%s`\n", $1, $2 }'
fi
[ "$status" -eq 0 ] || exit 1
