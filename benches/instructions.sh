#!/usr/bin/env bash
# Instruction counts (issue 22): what a run of spinlint costs, counted by `valgrind --tool=callgrind`
# over every thread, so that, unlike times, the figures do not depend on the machine's load. Each
# is one run of `spinlint check --format json -j 1 FILE > /dev/null` (one thread), M = 10^6:
#
#   start-up         FILE = the corpus's tiny.txt (two sentences): the whole run; target <= 15 M
#   corpus, per MB   FILE = corpus-1mb.txt: (I(corpus-1mb.txt) - I(start-up)) / its size in MB
#                    (10^6 bytes); target <= 50 M per MB
#   seeds, per MB    the same with FILE = the seed articles (../shared/seeds/*.txt from the project
#                    root) in order, separated by a blank line, repeated up to the first article
#                    boundary at or past 1,000,000 bytes; target <= 50 M per MB. Without that folder
#                    (it sits beside the checkout) it says so and the row is "not measured".
#   ripgrep          `rg -c -i -F -f phrases.txt corpus-1mb.txt` (phrases.txt: `spinlint rules
#                    --phrases`), the whole run, for information
#
# Valgrind is installed with apt-get if missing; if that fails, the rows say "not measured
# (valgrind missing)" and the script does not fail. SPINLINT_BENCH_INSTRUCTIONS=0 skips the
# counting the same way. About 15 s on two cores. Builds the release binary and the corpus, and
# installs ripgrep, as benches/compare.sh does (benches/common.sh); compare.sh runs this script and
# prints the counts beside its times.
#
# usage: benches/instructions.sh       (from anywhere; progress on stderr, the table on stdout)
#        SPINLINT_EXE=/path/to/spinlint benches/instructions.sh   (that binary instead of this
#                                      checkout's build)
#        benches/instructions.sh --results FILE   (also appends the figures to FILE as key=value
#                                      lines: how compare.sh reads them)
set -euo pipefail

results_out=""
case ${1:-} in
    --results) results_out=${2:?"--results needs a FILE"} ;;
    "") ;;
    *) echo "usage: benches/instructions.sh [--results FILE]" >&2; exit 2 ;;
esac
case $results_out in /* | "") ;; *) results_out=$PWD/$results_out ;; esac

bench=instructions
# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

raw=$tmp/instructions
: >"$raw"
put() { printf '%s=%s\n' "$1" "$2" >>"$raw"; }

# count ARGS...: (call as `n=$(count ...) || exit 2`: a `die` inside only leaves the subshell)
# the instructions of one run of ARGS (all threads: callgrind's "Collected" line).
# Exit codes 0 and 1 are success (spinlint: 1 = findings; rg: 1 = no match).
count() {
    local code=0 n
    valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" "$@" \
        </dev/null >/dev/null 2>"$tmp/valgrind.log" || code=$?
    if ((code > 1)); then
        cat "$tmp/valgrind.log" >&2
        die "$*: exit code $code under valgrind"
    fi
    n=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$tmp/valgrind.log")
    [[ -n $n ]] || { cat "$tmp/valgrind.log" >&2; die "$*: no instruction count from callgrind"; }
    echo "$n"
}

if [[ ${SPINLINT_BENCH_INSTRUCTIONS:-1} == 0 ]]; then
    say "SPINLINT_BENCH_INSTRUCTIONS=0: instructions not counted"
    put none "SPINLINT_BENCH_INSTRUCTIONS=0"
elif ! command -v valgrind >/dev/null && ! { apt_install valgrind && command -v valgrind >/dev/null; }; then
    say "valgrind is missing and could not be installed: instructions not counted"
    put none "valgrind missing"
else
    seeds=$root/../shared/seeds
    tiny=$corpus/tiny.txt
    one=$corpus/corpus-1mb.txt
    say "start-up: callgrind, spinlint check --format json -j 1 tiny.txt"
    n=$(count "$exe" check --format json -j 1 "$tiny") || exit 2; put tiny "$n"
    say "callgrind, spinlint check --format json -j 1 $(basename "$one")"
    n=$(count "$exe" check --format json -j 1 "$one") || exit 2; put corpus "$n"
    put corpus_file "$(basename "$one")"
    put corpus_size "$(stat -c %s "$one")"
    if compgen -G "$seeds/*.txt" >/dev/null; then
        python3 - "$seeds" "$tmp/seeds.txt" <<'PY'
import pathlib, sys
articles = [p.read_bytes().rstrip(b"\n") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
# size: the bytes of the articles so far, each followed by a blank line, less the last newline.
out, size, i = [], -1, 0
while size < 1_000_000:
    out.append(articles[i % len(articles)])
    size += len(out[-1]) + 2
    i += 1
pathlib.Path(sys.argv[2]).write_bytes(b"\n\n".join(out) + b"\n")
PY
        put seeds_articles "$(compgen -G "$seeds/*.txt" | wc -l)"
        put seeds_size "$(stat -c %s "$tmp/seeds.txt")"
        say "callgrind, spinlint check --format json -j 1 on the seed articles repeated to 1 MB"
        n=$(count "$exe" check --format json -j 1 "$tmp/seeds.txt") || exit 2; put seeds "$n"
    else
        say "no seed articles ($seeds/*.txt): the seeds row is not measured"
        put seeds_none "no ../shared/seeds"
    fi
    say "callgrind, rg -c -i -F -f phrases.txt $(basename "$one")"
    n=$(count rg -c -i -F -f "$tmp/phrases.txt" "$one") || exit 2; put rg "$n"
fi

# The rows: measure, result, target and whether it is met ("" where there is no verdict), here as
# a table and, with --results, as instr_<row>_<column>= lines for compare.sh's table.
python3 - "$raw" "$results_out" <<'PY'
import sys
r = {}
for line in open(sys.argv[1], encoding="utf-8"):
    key, _, value = line.rstrip("\n").partition("=")
    r[key] = value
M = 1e6
STARTUP_MAX, PER_MB_MAX = 15 * M, 50 * M
rows = {}
def row(key, name, figure, target, met=None):
    rows[key] = (name, figure, target, "" if met is None else "met" if met else "**not met**")

startup = "start-up, `check --format json -j 1` on a tiny file"
startup_target = f"<= {STARTUP_MAX / M:.0f} M instructions"
per_mb_target = f"<= {PER_MB_MAX / M:.0f} M instructions/MB"
rg_name = "ripgrep, `rg -c -i -F -f phrases.txt` on corpus-1mb.txt"
if "none" in r:
    missing = f"not measured ({r['none']})"
    row("startup", startup, missing, startup_target)
    row("corpus", "per MB less start-up, `-j 1`, corpus-1mb.txt", missing, per_mb_target)
    row("seeds", "per MB less start-up, `-j 1`, the seed articles repeated to 1 MB", missing, per_mb_target)
    row("rg", rg_name, missing, "for information")
else:
    tiny = float(r["tiny"])
    row("startup", startup, f"{tiny / M:.1f} M instructions", startup_target, tiny <= STARTUP_MAX)
    def per_mb(key, name):
        size = float(r[f"{key}_size"])
        value = (float(r[key]) - tiny) / (size / M)
        row(key, f"per MB less start-up, `-j 1`, {name} ({size / M:.2f} MB)",
            f"{value / M:.1f} M instructions/MB ({float(r[key]) / M:.1f} M in all)", per_mb_target,
            value <= PER_MB_MAX)
    per_mb("corpus", r["corpus_file"])
    if "seeds_none" in r:
        row("seeds", "per MB less start-up, `-j 1`, the seed articles repeated to 1 MB",
            f"not measured ({r['seeds_none']})", per_mb_target)
    else:
        per_mb("seeds", f"the {r['seeds_articles']} seed articles repeated")
    rg = float(r["rg"])
    row("rg", rg_name, f"{rg / M:.1f} M instructions (spinlint / ripgrep: {float(r['corpus']) / rg:.2f}x)",
        "for information")

if sys.argv[2]:
    with open(sys.argv[2], "a", encoding="utf-8") as out:
        for key, value in r.items():
            out.write(f"instr_{key}={value}\n")
        for key, (name, figure, target, met) in rows.items():
            for column, text in (("name", name), ("figure", figure), ("target", target), ("met", met)):
                out.write(f"instr_{key}_{column}={text}\n")

print()
print("Instructions (valgrind --tool=callgrind, all threads), one run each; M = 10^6.")
print()
print("| measurement | result | target | |")
print("|---|---|---|---|")
for name, figure, target, met in rows.values():
    print(f"| {name} | {figure} | {target} | {met} |")
PY
