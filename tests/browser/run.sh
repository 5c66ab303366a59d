#!/usr/bin/env bash
# The HTML report and the live editor in a real browser: installs what it needs if missing
# (Debian's chromium and chromium-driver, playwright-core from tests/browser/package-lock.json;
# never a downloaded browser), builds the release binary, writes the report of the fixture
# articles and runs check.mjs on it in headless Chromium, then starts `spinlint serve` on a free
# port and runs check-editor.mjs on its page. Screenshots go to $SPINLINT_BROWSER_OUT
# (default /tmp/spinlint-browser).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../serve-url.sh"
root="$(cd "$here/../.." && pwd)"
out="${SPINLINT_BROWSER_OUT:-/tmp/spinlint-browser}"
started=$(date +%s)
cd "$root"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser: installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "browser: node and npm (Node.js 20 or newer) are needed to drive Chromium" >&2
  exit 1
fi

# playwright-core as pinned in package-lock.json; it never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
pinned="$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' "$here/package-lock.json")"
installed="$(node -p 'try { require(process.argv[1]).version } catch { "" }' "$here/node_modules/playwright-core/package.json")"
if [ "$pinned" != "$installed" ]; then
  echo "browser: npm ci (playwright-core $pinned)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo build --release --locked --quiet
spinlint="${CARGO_TARGET_DIR:-target}/release/spinlint"

mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.pdf "$out"/editor-report.html
# Exit code 1 only says there are findings.
lint() {
  local status=0
  "$spinlint" check --isolated "$@" || status=$?
  [ "$status" -le 1 ] || { echo "browser: spinlint check $* exited $status" >&2; exit 1; }
}
lint --format html fixtures/00*.txt >"$out/report.html"
lint --format json fixtures/00*.txt >"$out/report.json"

# An article, and a file name, made of markup that must show as text and run nothing.
xss_dir="$(mktemp -d)"
large_dir=""
serve_log="$(mktemp)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$xss_dir" "$large_dir" "$serve_log"
}
trap cleanup EXIT
printf '%s\n' 'Experts argue <script>window.__pwned = 1; alert(1)</script> and "><img src=x onerror="window.__pwned = 2"> there is no evidence, because none exists.' \
  >"$xss_dir/x\"><img src=x onerror=\"window.__pwned = 3\">.md"
lint --format html "$xss_dir" >"$out/xss.html"

# More files than a page of the report shows: three pages.
large_dir="$(mktemp -d)"
for copy in $(seq -w 0 25); do
  for fixture in fixtures/00*.txt; do cp "$fixture" "$large_dir/$copy-$(basename "$fixture")"; done
done
# Last, so on a page that starts inert: markup that would end or change its data block early.
printf '%s\n' 'Experts argue </script><script>window.__pwned = 5</script> <!-- <script> and "><img src=x onerror="window.__pwned = 6"> there is no evidence, because none exists.' \
  >"$large_dir/zz-hostile.md"
lint --format html "$large_dir" >"$out/large.html"
lint --format json "$large_dir" >"$out/large.json"

status=0
node "$here/check.mjs" "$out/report.html" "$out/report.json" "$out/xss.html" "$out/large.html" "$out/large.json" "$out" ||
  status=1

# The editor: the server on a free port (port 0), whose number it says on standard error.
"$spinlint" serve --isolated --addr 127.0.0.1:0 2>"$serve_log" &
server_pid=$!
url="$(serve_origin "$serve_log" "$server_pid")/" || exit 1
node "$here/check-editor.mjs" "$url" "$out" || status=1
echo "browser: took $(($(date +%s) - started)) s"
exit "$status"
