#!/usr/bin/env bash
# Load on `spinlint serve` over the loopback (issue 19): requests per second and latency
# percentiles of POST /v2/check with a 5 KB article (made of fixtures/*.txt), and the server's
# resident memory (VmRSS) at start, after a warm-up, after the run and after as many again, to
# show it stays flat.
#
#   N   requests in the measured run (default 100,000), after a warm-up of 2,000
#   C   connections, each with one request at a time (default 8; CONNECTIONS=...)
#
# The load comes from oha (`cargo install oha --locked`, into target/tools if it is not on the
# PATH) on the same machine as the server, so both share its cores. The release binary is
# built unless SPINLINT_EXE names another; the server runs with --quiet (no request log) unless
# LOG=1.
#
# usage: benches/serve.sh [N]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
requests=${1:-100000}
connections=${CONNECTIONS:-8}
target=${CARGO_TARGET_DIR:-$root/target}
exe=${SPINLINT_EXE:-$target/release/spinlint}
if [[ -z ${SPINLINT_EXE:-} ]]; then
    cargo build --release --locked -q -p spinlint
fi
oha=${OHA:-$(command -v oha || echo "$target/tools/bin/oha")}
if [[ ! -x $oha ]]; then
    echo "serve: installing oha into $target/tools (cargo install, a few minutes)" >&2
    cargo install oha --locked --quiet --root "$target/tools"
    oha=$target/tools/bin/oha
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spinlint-serve.XXXXXX")
server=""
cleanup() {
    if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# A 5 KB article: whole paragraphs of the fixture articles, in order, up to 5,000 bytes; sent as
# LanguageTool's clients send it, a form.
python3 - "$tmp" fixtures/*.txt <<'PY'
import sys, urllib.parse
tmp, paths = sys.argv[1], sys.argv[2:]
paragraphs = [p.strip() for path in paths for p in open(path, encoding="utf-8").read().split("\n\n") if p.strip()]
article = ""
for paragraph in paragraphs:
    if len((article + paragraph).encode()) > 5000:
        break
    article += paragraph + "\n\n"
with open(f"{tmp}/article.txt", "w", encoding="utf-8") as f:
    f.write(article)
with open(f"{tmp}/body", "w") as f:
    f.write(urllib.parse.urlencode({"language": "en-US", "text": article}))
PY

quiet=--quiet
[[ ${LOG:-0} == 1 ]] && quiet=""
"$exe" serve --isolated $quiet --addr 127.0.0.1:0 2>"$tmp/log" &
server=$!
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's|^spinlint serve: listening on \(http://[^/ ]*\)/.*|\1|p' "$tmp/log")
    [[ -n $url ]] && break
    sleep 0.1
done
[[ -n $url ]] || { echo "serve: the server did not start:" >&2; cat "$tmp/log" >&2; exit 1; }

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
load() { # load N OUT.json
    "$oha" -n "$1" -c "$connections" --no-tui --output-format json -m POST \
        -T application/x-www-form-urlencoded -D "$tmp/body" "$url/v2/check" >"$2"
}

matches=$(curl -s --data-binary @"$tmp/body" "$url/v2/check" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["matches"]))')
rss_start=$(rss_kb)
load 2000 "$tmp/warm.json"
rss_warm=$(rss_kb)
load "$requests" "$tmp/run.json"
rss_after=$(rss_kb)
# As many again: memory that grows with the requests served shows as a second step.
load "$requests" "$tmp/again.json"
rss_again=$(rss_kb)

python3 - "$tmp/run.json" "$tmp/article.txt" "$requests" "$connections" "$matches" "$rss_start" "$rss_warm" "$rss_after" "$rss_again" <<'PY'
import json, sys
run, article, requests, connections, matches = sys.argv[1], sys.argv[2], *sys.argv[3:6]
rss_start, rss_warm, rss_after, rss_again = (int(kb) / 1024 for kb in sys.argv[6:10])
result = json.load(open(run))
summary, percentiles = result["summary"], result["latencyPercentiles"]
statuses = result.get("statusCodeDistribution", {})
size = len(open(article, "rb").read())
print(f"POST /v2/check, a {size} byte article ({matches} matches), {requests} requests, {connections} connections")
print(f"  status codes        {statuses}")
print(f"  requests/s          {summary['requestsPerSec']:.0f}")
print(f"  latency p50         {percentiles['p50'] * 1000:.2f} ms")
print(f"  latency p99         {percentiles['p99'] * 1000:.2f} ms")
print(f"  latency p99.9       {percentiles['p99.9'] * 1000:.2f} ms")
print(f"  RSS at start        {rss_start:.1f} MB")
print(f"  RSS after warm-up   {rss_warm:.1f} MB (2,000 requests)")
print(f"  RSS after the run   {rss_after:.1f} MB ({int(requests):,} more)")
print(f"  RSS after another   {rss_again:.1f} MB ({int(requests):,} more)")
if set(statuses) != {"200"}:
    sys.exit("serve: not every request was answered 200")
PY
