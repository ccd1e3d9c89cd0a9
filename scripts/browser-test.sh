#!/usr/bin/env bash
# Browser tests of the web page served by `marsad serve`: Playwright (playwright-core from npm,
# installed in web/tests/) driving Debian's Chromium (installed with apt-get when missing).
# Makes a store from eval/seeds.jsonl and examples/, serves it on a free loopback port, runs
# web/tests/browser.mjs, and keeps the screenshots in target/browser-artefacts/.
#
#   scripts/browser-test.sh            # builds target/release/marsad when MARSAD_BIN is not set
#   MARSAD_BIN=path/to/marsad scripts/browser-test.sh
#
# Exit status: 0 all passed, 1 a test failed, 3 a requirement (node, npm, Chromium) could not be
# had, 2 anything else.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
artefacts="$root/target/browser-artefacts"
chromium_bin=${CHROMIUM:-/usr/bin/chromium}

need() { echo "browser-test: $*" >&2; exit 3; }

if [ ! -x "$chromium_bin" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "browser-test: installing Debian's chromium" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core) >&2 \
            || need "apt-get could not install chromium"
        [ -x "$chromium_bin" ] || need "no Chromium at $chromium_bin after installing Debian's chromium (set CHROMIUM)"
    else
        need "no Chromium at $chromium_bin (apt-get install chromium, or set CHROMIUM)"
    fi
fi
command -v node >/dev/null || need "node is not installed (apt-get install nodejs npm)"
command -v npm >/dev/null || need "npm is not installed (apt-get install npm)"
if [ ! -d "$root/web/tests/node_modules/playwright-core" ]; then
    (cd "$root/web/tests" && npm ci --no-audit --no-fund >&2) || need "npm could not install playwright-core"
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

"$marsad" ingest "$root/eval/seeds.jsonl" "$root/examples" --db "$work/store.db" --reference-date none 2>"$work/ingest.log" \
    || { cat "$work/ingest.log" >&2; echo "browser-test: ingest failed" >&2; exit 2; }
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" > "$work/token"
"$marsad" serve --db "$work/store.db" --addr 127.0.0.1:0 --token-file "$work/token" 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's/.* on \(http:\/\/127\.0\.0\.1:[0-9]*\/\)$/\1/p' "$work/serve.log" | head -1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "browser-test: marsad serve stopped" >&2; exit 2; }
    sleep 0.1
done
[ -n "$base" ] || { cat "$work/serve.log" >&2; echo "browser-test: marsad serve did not start" >&2; exit 2; }

rm -rf "$artefacts"
mkdir -p "$artefacts"
cd "$root/web/tests"
CHROMIUM="$chromium_bin" node browser.mjs "$base" "$artefacts" "$token"
