#!/usr/bin/env bash
# Peak memory (maximum RSS) of the report formats that once held every linted file until the end
# (issue 24, item 8): many small files, and one dense text on standard input, in each format.
# JSON streams, and is the yardstick: the human and HTML formats should stay near it.
#
#   files   N small files of one sentence with findings each, in one folder (default 20,000)
#   dense   M MB of text with a finding every few words, on standard input (default 10)
#
# The output goes to /dev/null (a file: formats that can, stream). Maximum RSS is the kernel's
# figure for the child (getrusage), so no other tool is needed.
#
# usage: benches/memory.sh [N] [M]
#        SPINLINT_EXE=/path/to/spinlint benches/memory.sh   (another build, to compare)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
files=${1:-20000}
megabytes=${2:-10}
target=${CARGO_TARGET_DIR:-$root/target}
exe=${SPINLINT_EXE:-$target/release/spinlint}
if [[ -z ${SPINLINT_EXE:-} ]]; then
    cargo build --release --locked -q -p spinlint
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/spinlint-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" "$files" "$megabytes" <<'PY'
import os, sys
tmp, files, megabytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{tmp}/many")
for i in range(files):
    with open(f"{tmp}/many/{i:06}.txt", "w") as f:
        f.write(f"Article {i}: there is no evidence, the so-called experts said.\n")
line = "The so-called experts, the so-called reforms, no evidence at all.\n"
with open(f"{tmp}/dense.txt", "w") as f:
    f.write(line * (megabytes * 1_000_000 // len(line)))
PY

# max_rss_kb ARGS...: the peak RSS of one run, KiB (the exit status is ignored: findings give 1).
max_rss_kb() {
    python3 -c 'import resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else subprocess.DEVNULL
subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

printf '%-8s %-7s %12s %9s\n' input format "max RSS MB" "vs json"
for input in files dense; do
    declare -A rss=()
    for format in json human html; do
        if [[ $input == files ]]; then
            kb=$(max_rss_kb - "$exe" check --format "$format" "$tmp/many")
        else
            kb=$(max_rss_kb "$tmp/dense.txt" "$exe" check --format "$format" -)
        fi
        rss[$format]=$kb
        awk -v i="$input" -v f="$format" -v kb="$kb" -v json="${rss[json]}" \
            'BEGIN { printf "%-8s %-7s %12.0f %9.2f\n", i, f, kb / 1024, kb / json }'
    done
    unset rss
done
