#!/usr/bin/env bash
# Section of docs/RELIABILITY.md: the real binary on hostile inputs made here, one table row
# per case with the lines it wrote on stdout, every line it wrote on stderr, and its exit code.
# Commands run in a scratch directory with relative paths, so the messages do not depend on
# where it is.
set -euo pipefail
cd "$SCRATCH"
mkdir -p bin
ln -sf "$MARSAD" bin/marsad
export PATH="$SCRATCH/bin:$PATH"

good="$REPO/examples/sy24_jorah_clash.txt"
cp "$good" report.txt
cp "$good" slow.txt

# --- the inputs ---------------------------------------------------------------------------
printf 'قتل ثلاثة \xff\xfe عناصر في حي الجورة\n' > invalid-utf8.txt
: > empty.txt
# Over the default --max-document-mb 5: the example report repeated to 6 MB.
python3 - "$good" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
with open("six-mb.txt", "w", encoding="utf-8") as f:
    written = 0
    while written < 6 * 1024 * 1024:
        f.write(text)
        written += len(text.encode())
EOF
python3 - "$good" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
good = lambda i: json.dumps({"doc_id": f"r{i}", "text": text, "published": "2017-10-11"}, ensure_ascii=False)
with open("broken-line.jsonl", "w", encoding="utf-8") as f:
    f.write(good(1) + "\n" + good(2)[:60] + "\n" + good(3) + "\n")
with open("fifty.jsonl", "w", encoding="utf-8") as f:
    for i in range(50):
        f.write(good(i) + "\n")
# Deep nesting: 100 000 open <div> around one sentence, then as many closing tags.
with open("nested.html", "w", encoding="utf-8") as f:
    f.write("<html><body>" + "<div>" * 100000 + text.split("\n")[0] + "</div>" * 100000 + "</body></html>")
# 1 MB on one line, no space: real words glued together.
words = "".join(text.split())
with open("one-line.txt", "w", encoding="utf-8") as f:
    line = (words * (1024 * 1024 // len(words.encode()) + 1))
    f.write(line[: 1024 * 1024 // 2])
EOF
# The first half of the compressed bytes of 50 reports.
gzip -n -c fifty.jsonl > whole.jsonl.gz
head -c $(( $(stat -c %s whole.jsonl.gz) / 2 )) whole.jsonl.gz > truncated.jsonl.gz
rm whole.jsonl.gz
mkdir -p dir
cp report.txt dir/report.txt
# A binary file among the reports (bytes 0..255, sixteen times).
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 16)' > dir/blob.bin
printf '<html><head><title></title><script>var x = 1;</script></head><body><img src="a.png"></body></html>\n' > no-text.html
printf 'Three soldiers were killed in an ambush near the border on Monday, officials said.\n' > english.txt
printf 'قتل ثلاثة\0عناصر من قوات النظام\0 في حي الجورة بمدينة ديرالزور\n' > nul-bytes.txt
# The development corpus: enough output (hundreds of KB) to fill a pipe.
cp "$REPO/eval/corpus_dev.jsonl" many.jsonl

# --- the table ----------------------------------------------------------------------------
# A Markdown cell with every line of a file, each as code; `|` escaped for the table.
cell() {
    if [ ! -s "$1" ]; then
        echo "(nothing)"
        return
    fi
    grep -v '^ *$' "$1" | sed -e 's/|/\\|/g' -e 's/^/`` /' -e 's/$/ ``/' | paste -sd '\t' - | sed 's/\t/<br>/g'
}

# Exit codes other than marsad's own (0, 1, 2): a panic (101) or a signal (128+n).
crashed=0

row() {
    local input="$1" cmd="$2" status=0
    bash -o pipefail -c "$cmd" > out 2> err || status=$?
    case "$status" in 0|1|2) ;; *) crashed=1 ;; esac
    # The output is many lines of JSON: how many, not what.
    printf '| %s | `%s` | %s | %s | %s |\n' "$input" "${cmd//|/\\|}" "$(wc -l < out | tr -d ' ')" "$(cell err)" "$status"
}

echo "## Bad input"
echo
echo "The release binary on hostile inputs that \`scripts/reliability/20-bad-input.sh\` makes in a"
echo "scratch directory (\`report.txt\` is \`examples/sy24_jorah_clash.txt\`, a good report). \"Lines out\" counts"
echo "the lines written on stdout (for \`extract\`, one JSON record per report read); stderr is quoted"
echo "whole, less blank lines."
echo
echo "| input | command | lines out | stderr | exit |"
echo "| --- | --- | ---: | --- | ---: |"
row "invalid UTF-8 (bytes FF FE inside Arabic text), beside a good report" "marsad extract invalid-utf8.txt report.txt"
row "an empty file" "marsad extract empty.txt report.txt"
row "empty standard input" "marsad extract - < empty.txt"
row "empty input to \`actors\`" "marsad actors empty.txt"
row "empty input to \`places\`" "marsad places --file empty.txt"
row "a 6 MB report (over the default --max-document-mb 5)" "marsad extract six-mb.txt report.txt"
row "a JSONL file whose second of three lines is cut short" "marsad extract broken-line.jsonl"
row "a .jsonl.gz of 50 reports cut to half its bytes" "marsad extract truncated.jsonl.gz"
row "a directory with a report and a binary file (\`blob.bin\`)" "marsad extract dir"
row "HTML with no text (a script and an image)" "marsad extract no-text.html"
row "English text" "marsad extract english.txt"
row "NUL bytes inside an Arabic report" "marsad extract nul-bytes.txt"
row "\`--threads 0\`" "marsad extract --threads 0 report.txt"
row "a closed output pipe (270 reports, 1 byte read)" "marsad extract many.jsonl | head -c 1"
row "a report slower than --time-budget (held 3 s by the test hook \`MARSAD_TEST_DELAY\`)" \
    "MARSAD_TEST_DELAY=slow.txt=3 marsad extract slow.txt report.txt --time-budget 1"
row "512 K characters (1 MB) on one line, no space: real words glued" "marsad extract one-line.txt"
row "HTML nested 100 000 \`<div>\` deep" "marsad extract nested.html"
exit "$crashed"
