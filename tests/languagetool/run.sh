#!/usr/bin/env bash
# A real LanguageTool client against `spinlint serve`: language-tool-python (pinned in
# requirements.txt, from PyPI, in a virtualenv under target/) checks texts through the server
# and must get spinlint's findings with the right offsets (client.py). Also checks that the
# request log holds no article text and that SIGTERM stops the server cleanly.
#
# usage: tests/languagetool/run.sh   (SPINLINT_EXE=/path/to/spinlint to test another build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../venv.sh"
. "$here/../serve-url.sh"
root="$(cd "$here/../.." && pwd)"
started=$(date +%s)
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

venv="$target/languagetool-venv"
pinned_venv languagetool "$here/requirements.txt" "$venv"

exe="${SPINLINT_EXE:-}"
if [ -z "$exe" ]; then
  cargo build --release --locked --quiet -p spinlint
  exe="$target/release/spinlint"
fi

log="$(mktemp "${TMPDIR:-/tmp}/spinlint-serve.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server" 2>/dev/null || true; fi
  rm -f "$log"
}
trap cleanup EXIT

"$exe" serve --isolated --addr 127.0.0.1:0 2>"$log" &
server=$!
url="$(serve_origin "$log" "$server")" || exit 1

"$venv/bin/python" "$here/client.py" "$url" "$exe"

# The request log names methods, paths and statuses, never the text checked.
if grep -E "so-called|evidence|Experts" "$log" >/dev/null; then
  echo "languagetool: the request log holds article text:" >&2
  cat "$log" >&2
  exit 1
fi
grep -q "^POST /v2/check 200 " "$log" || { echo "languagetool: no request in the log" >&2; cat "$log" >&2; exit 1; }

# SIGTERM: the server finishes and exits 0.
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
if [ "$status" -ne 0 ] || ! grep -q "spinlint serve: stopped" "$log"; then
  echo "languagetool: after SIGTERM the server exited $status:" >&2
  tail -5 "$log" >&2
  exit 1
fi
echo "languagetool: took $(($(date +%s) - started)) s"
