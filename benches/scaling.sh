#!/usr/bin/env bash
# Linear or not: the instructions one run spends on an input of size n and of size 2n, for the
# inputs that once took quadratic time (issue 24). Instructions are counted by callgrind, so the
# figures do not depend on the machine's load.
#
#   sarif        n findings on one line, --format sarif (each fingerprint looked for its sentence)
#   baseline     the same, --write-baseline (the same fingerprints)
#   html         n findings, --format html (every boundary looked at every finding)
#   next-line    n next-line comments for another rule, each above a finding (every finding
#                against every comment)
#   one-line     n such comments on one line, above a line of n findings (every finding
#                against every comment)
#   unclosed     n unclosed comments (each searched forward to the end of the text)
#   Each suppression case has findings, so that the comments are read at all.
#
# For each: instructions at 0, n and 2n, and the growth (I(2n) - I(0)) / (I(n) - I(0)): about 2
# when linear, about 4 when quadratic. The start-up (rule loading) is the I(0) taken off.
#
# usage: benches/scaling.sh [n]        (default n = 2000; needs valgrind)
#        SPINLINT_EXE=/path/to/spinlint benches/scaling.sh   (another build, to compare)
#        CASES="html unclosed" benches/scaling.sh             (some of the cases)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
n=${1:-2000}
target=${CARGO_TARGET_DIR:-$root/target}
exe=${SPINLINT_EXE:-$target/release/spinlint}
command -v valgrind >/dev/null || { echo "scaling: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
if [[ -z ${SPINLINT_EXE:-} ]]; then
    cargo build --release --locked -q -p spinlint
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spinlint-scaling.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# make CASE COUNT FILE: the input of CASE with COUNT repetitions.
make() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
case, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = {
    "sarif": "so-called experts, " * count + "\n",
    "baseline": "so-called experts, " * count + "\n",
    "html": "so-called experts, " * count + "\n",
    "next-line": "<!-- spinlint-disable-next-line whataboutism-what-about -->\nso-called experts.\n" * count,
    "one-line": "<!-- spinlint-disable-next-line whataboutism-what-about -->" * count + "\n"
        + "so-called experts, " * count + "\n",
    "unclosed": "<!-- spinlint-disable whataboutism-what-about\n" * count + "so-called experts.\n",
}[case]
open(path, "w").write(text)
EOF
}

# instructions CASE FILE: the instructions of one run on FILE.
instructions() {
    local case=$1 file=$2 out=$tmp/callgrind.out
    local args=(check --format json -j 1 "$file")
    case $case in
        sarif) args=(check --format sarif -j 1 "$file") ;;
        baseline) args=(check --format json -j 1 --write-baseline "$tmp/baseline.json" "$file") ;;
        html) args=(check --format html -j 1 "$file") ;;
    esac
    rm -f "$out"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$exe" "${args[@]}" >/dev/null 2>"$tmp/valgrind.log" || true
    sed -n 's/^summary: //p' "$out"
}

printf '%-10s %14s %14s %14s %7s\n' case "I(0)" "I(n=$n)" "I(2n)" growth
for case in ${CASES:-sarif baseline html next-line one-line unclosed}; do
    counts=()
    for count in 0 "$n" $((2 * n)); do
        make "$case" "$count" "$tmp/input.md"
        counts+=("$(instructions "$case" "$tmp/input.md")")
    done
    growth=$(python3 -c "a,b,c=$(IFS=,; echo "${counts[*]}"); print(f'{(c-a)/max(b-a,1):.2f}')")
    printf '%-10s %14s %14s %14s %7s\n' "$case" "${counts[@]}" "$growth"
done
