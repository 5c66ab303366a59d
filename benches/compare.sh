#!/usr/bin/env bash
# The performance figures of issue 6, in one run, against their targets:
#
#   throughput       spinlint check --format json -j 1 on the 100 MB corpus file, MB/s (10^6 bytes);
#                    also with the default threads (all cores), for information
#   vs ripgrep       the same run against `rg -c -i -F -f phrases.txt` on the same file, where
#                    phrases.txt is `spinlint rules --phrases` (the built-in rules' literal words)
#   rule scaling     1,000 generated phrase rules (`--rules PACKDIR`) vs none, on the 10 MB file
#   start-up         spinlint check on a two-sentence file, best of 10, ms
#   peak memory      /usr/bin/time -v maximum RSS on the 100 MB file, and on the 10,000 small files
#   many files       10,000 small files (default threads: all cores) vs one file of the same bytes
#   instructions     (issue 22) beside the times: counted by `valgrind --tool=callgrind` over all
#                    threads (unlike a time, not moved by the machine's load), by
#                    benches/instructions.sh, one run of `spinlint check --format json -j 1 FILE >
#                    /dev/null` each (M = 10^6):
#                    - start-up: on tiny.txt, the whole run (beside the start-up time; <= 15 M);
#                    - per MB: on corpus-1mb.txt, (I(corpus-1mb.txt) - I(start-up)) / its size in MB
#                      (beside the throughput; <= 50 M);
#                    - per MB on the seed articles (../shared/seeds/*.txt from the project root, in
#                      order, a blank line between, repeated to 1 MB), the same way (a row of its
#                      own; <= 50 M; "not measured" without that folder);
#                    - ripgrep: `rg -c -i -F -f phrases.txt corpus-1mb.txt`, the whole run, against
#                      spinlint's whole run on that file (beside the ripgrep times, for information)
#
# Every time is the best of 3 runs (the rule pack: of 5; start-up: of 10). A run that would take
# longer than $SPINLINT_BENCH_MAX_RUN seconds (default 60) is made on a smaller file instead, and the
# output says so. The instruction counts come first (about 15 s on two cores);
# SPINLINT_BENCH_INSTRUCTIONS=0 skips them (the rows then say "not measured"). Builds the release
# binary and the corpus (benches/corpus.rs, into ${CARGO_TARGET_DIR:-target}/bench-corpus) if
# missing, and installs ripgrep and valgrind with apt-get if missing (benches/common.sh): without
# ripgrep it stops; without valgrind the instruction rows say "not measured (valgrind missing)".
# Needs only bash, python3, cargo/rustc, valgrind for the instructions (and apt-get, if ripgrep
# or valgrind is not installed).
#
# usage: benches/compare.sh            (from anywhere; prints progress on stderr, the table on stdout)
#        SPINLINT_EXE=/path/to/spinlint benches/compare.sh
#                                       (measures that binary instead of building this checkout's:
#                                       a build of an older commit, to compare in one session)
#        SPINLINT_BENCH_INSTRUCTIONS=0 benches/compare.sh   (times only)
#        benches/instructions.sh       (the instruction counts only, in a table of their own)
set -euo pipefail

# ---------------------------------------------------------------------------------------------- setup
bench=compare
# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
max_run=${SPINLINT_BENCH_MAX_RUN:-60}

# Best wall time of N runs of each command (commands separated by `--`, run in turn so that a
# change of load on the machine touches all of them alike), in seconds, one line per command. Exit
# codes 0 and 1 are success (spinlint: 1 = findings; rg: 1 = no match). Stops repeating once a
# round takes longer than LIMIT seconds.
cat >"$tmp/best.py" <<'PY'
import subprocess, sys, time
n, limit, commands = int(sys.argv[1]), float(sys.argv[2]), [[]]
for arg in sys.argv[3:]:
    if arg == "--":
        commands.append([])
    else:
        commands[-1].append(arg)
best = [None] * len(commands)
for i in range(n):
    took = 0.0
    for k, cmd in enumerate(commands):
        start = time.perf_counter()
        code = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        one = time.perf_counter() - start
        if code not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit code {code}")
        best[k] = one if best[k] is None else min(best[k], one)
        took = max(took, one)
    if took > limit and i + 1 < n:
        print(f"compare: one run took {took:.1f} s (> {limit:.0f} s): not repeated", file=sys.stderr)
        break
print("\n".join(f"{b:.6f}" for b in best))
PY
best() { python3 "$tmp/best.py" "$@"; }
calc() { python3 -c "print($1)"; }
size_of() { stat -c %s "$1"; }

results=$tmp/results
: >"$results"
put() { printf '%s=%s\n' "$1" "$2" >>"$results"; }
put cores "$(nproc)"
put cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
put commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
put builtin_rules "$("$exe" rules | grep -vc '^#')"
put phrases "$(wc -l <"$tmp/phrases.txt")"

# ---------------------------------------------------------------------------------- instructions
# benches/instructions.sh appends its figures to the results (instr_*); its own table goes to stderr.
say "instruction counts: benches/instructions.sh"
SPINLINT_EXE=$exe "$root/benches/instructions.sh" --results "$results" >&2 || die "benches/instructions.sh failed"

# ------------------------------------------------------------------------ throughput and ripgrep
ten=$corpus/corpus-10mb.txt
say "one run of spinlint -j 1 on the 10 MB file, to see how long the others will take"
t_ten=$(best 1 "$max_run" "$exe" check --format json -j 1 "$ten")
put ten_size "$(size_of "$ten")"

big=$corpus/corpus-100mb.txt
estimate=$(calc "$t_ten * $(size_of "$big") / $(size_of "$ten")")
if python3 -c "import sys; sys.exit(0 if $estimate > $max_run else 1)"; then
    say "the 100 MB file would take about ${estimate%.*} s a run (> $max_run s): using the 10 MB file instead"
    big=$ten
    put big_note "100 MB file skipped: about ${estimate%.*} s a run; measured on the 10 MB file"
fi
say "spinlint -j 1 and ripgrep on $(basename "$big"), in turn (best of 3)"
{ read -r t_big; read -r t_rg; } < <(best 3 "$max_run" "$exe" check --format json -j 1 "$big" -- \
    rg -c -i -F -f "$tmp/phrases.txt" "$big")
put big_name "$(basename "$big")"
put big_size "$(size_of "$big")"
put t_big "$t_big"
put t_rg "$t_rg"
# The same file with the default threads (all cores): a long file is linted in sections in parallel.
say "spinlint, default threads, on $(basename "$big") (best of 3)"
put t_big_all "$(best 3 "$max_run" "$exe" check --format json "$big")"
# ripgrep's fixed cost (building its matcher for the phrases), which weighs more on a smaller file.
put t_rg_tiny "$(best 3 "$max_run" rg -c -i -F -f "$tmp/phrases.txt" "$corpus/tiny.txt")"

# ---------------------------------------------------------------------------------- rule scaling
# 1,000 phrase rules of made-up words (none of them a word of the fixture articles, so the corpus
# never matches), with every required field and 2 flag + 2 pass examples each.
pack=$tmp/pack
mkdir -p "$pack"
python3 - "$pack" "$root" <<'PY'
import pathlib, random, re, sys
pack, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
articles = sorted(root.glob("fixtures/00*.txt")) + sorted(root.glob("fixtures/quality/*.txt"))
known = set(re.findall(r"[a-z]+", " ".join(p.read_text(encoding="utf-8").lower() for p in articles)))
rng = random.Random(6)
onsets = ["b", "br", "d", "dr", "f", "fl", "g", "gr", "k", "kl", "m", "n", "p", "pl", "r", "s", "sk", "t", "tr", "v", "z", "zh"]
vowels = ["a", "e", "i", "o", "u", "ae", "ou"]
codas = ["", "", "k", "l", "n", "r", "s", "th", "x", "nd"]
used = set()
def word():
    while True:
        w = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(2, 3))) + rng.choice(codas)
        if w not in known and w not in used:
            used.add(w)
            return w
def phrase():
    return " ".join(word() for _ in range(rng.randint(2, 3)))
phrases = []
for f in range(10):
    out = []
    for r in range(100):
        n = f * 100 + r
        a, b = phrase(), phrase()
        phrases += [a, b]
        out.append(f'''[[rule]]
id = "bench-made-up-{n:04}"
category = "bench"
severity = "warning"
message = "made-up phrase: `{{match}}`"
help = "A generated benchmark rule; its phrases are made up and never occur in the corpus."
phrases = ["{a}", "{b}"]
flag = ["The minister said the [[{a}]] was on schedule.", "Critics called it [[{b}]] on Monday."]
pass = ["The minister said the {a.split()[0]} was on schedule.", "Critics called it {b.split()[-1]} on Monday."]
''')
    (pack / f"bench-{f:02}.toml").write_text("\n".join(out), encoding="utf-8")
# The made-up rules' category, declared as a newsroom declares its own.
(pack / "categories.toml").write_text(
    '[[category]]\nname = "bench"\nlabel = "made up"\ncolour = "#888888"\n'
    'description = "Generated benchmark rules."\n',
    encoding="utf-8",
)
(pack.parent / "pack-phrases.txt").write_text("".join(p + "\n" for p in phrases), encoding="utf-8")
PY
pack_rules=$("$exe" rules --rules "$pack" | grep -vc '^#') || die "the generated rule pack does not load"
put pack_rules "$((pack_rules - $(grep '^builtin_rules=' "$results" | cut -d= -f2)))"
# The made-up phrases must not occur in the corpus (rg exits 1: no match).
if rg -q -i -F -f "$tmp/pack-phrases.txt" "$ten"; then die "a generated phrase occurs in the corpus"; fi
say "spinlint -j 1 on the 10 MB file, without and with --rules PACK (1,000 more rules), in turn (best of 5)"
{ read -r t_base; read -r t_pack; } < <(best 5 "$max_run" "$exe" check --format json -j 1 "$ten" -- \
    "$exe" check --format json -j 1 --rules "$pack" "$ten")
put t_base "$t_base"
put t_pack "$t_pack"

# -------------------------------------------------------------------------------------- start-up
say "start-up: spinlint check on a tiny file (best of 10)"
put t_tiny "$(best 10 "$max_run" "$exe" check "$corpus/tiny.txt")"

# ----------------------------------------------------------------------------------- peak memory
# The maximum RSS of a command, in KiB: /usr/bin/time -v, or the kernel's figure for the child
# through Python where there is no GNU time.
max_rss_kb() {
    local kb
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || true
        kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
    else
        kb=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@")
    fi
    [[ -n $kb ]] || die "could not read the maximum RSS of $*"
    echo "$kb"
}
say "peak memory on $(basename "$big")"
rss_kb=$(max_rss_kb "$exe" check --format json -j 1 "$big")
put rss_kb "$rss_kb"

# -------------------------------------------------------------------------------- many files
small=("$corpus/small")
one=$corpus/small-concat.txt
estimate=$(calc "$t_ten * $(size_of "$one") / $(size_of "$ten")")
if python3 -c "import sys; sys.exit(0 if $estimate > $max_run else 1)"; then
    # Keep the first folders (100 files each) that fit, and their bytes as one file.
    keep=$(calc "max(1, min(100, int(100 * $max_run / $estimate)))")
    say "the 10,000 files would take about ${estimate%.*} s a run: using the first $((keep * 100))"
    small=()
    for ((d = 0; d < keep; d++)); do small+=("$corpus/small/$(printf %02d $d)"); done
    find "${small[@]}" -type f -name '*.txt' | sort | xargs cat >"$tmp/small-concat.txt"
    one=$tmp/small-concat.txt
    put many_note "$((keep * 100)) of the 10,000 files: the whole set would take about ${estimate%.*} s a run"
fi
files=$(find "${small[@]}" -type f -name '*.txt' | wc -l)
put many_files "$files"
put many_size "$(size_of "$one")"
[[ $(find "${small[@]}" -type f -name '*.txt' -printf '%s\n' | python3 -c 'import sys; print(sum(map(int, sys.stdin)))') == $(size_of "$one") ]] ||
    die "the small files and the one file differ in size"
say "$files small files and the same bytes as one file, default threads, in turn (best of 3)"
{ read -r t_many; read -r t_one; } < <(best 3 "$max_run" "$exe" check --format json "${small[@]}" -- \
    "$exe" check --format json "$one")
put t_many "$t_many"
put t_one "$t_one"
say "peak memory on the $files small files"
rss_many_kb=$(max_rss_kb "$exe" check --format json "${small[@]}")
put rss_many_kb "$rss_many_kb"
put many_largest "$(find "${small[@]}" -type f -name '*.txt' -printf '%s\n' | sort -n | tail -1)"

# ------------------------------------------------------------------------------------------ table
python3 - "$results" <<'PY'
import sys
r = {}
for line in open(sys.argv[1], encoding="utf-8"):
    key, _, value = line.rstrip("\n").partition("=")
    r[key] = value
f = lambda k: float(r[k])
mb = lambda n: n / 1e6
rows = []
def row(name, figure, target, met):
    rows.append((name, figure, target, met if isinstance(met, str) else "met" if met else "**not met**"))
# Beside a time, the instruction count of benches/instructions.sh (row KEY): the figures, the
# targets and the verdicts joined with "; " (one verdict when they agree; none for a count that
# was not measured).
def beside(key, figure, target, met):
    verdicts = ["met" if met else "**not met**", r[f"instr_{key}_met"]]
    return (f"{figure}; {r[f'instr_{key}_figure']}", f"{target}; {r[f'instr_{key}_target']}",
            "; ".join(dict.fromkeys(v for v in verdicts if v)))

big, big_mb = r["big_name"], mb(f("big_size"))
tput = big_mb / f("t_big")
row(f"throughput, `-j 1`, {big} ({big_mb:.0f} MB); instructions per MB less start-up, {r.get('instr_corpus_file', 'corpus-1mb.txt')}",
    *beside("corpus", f"{tput:.1f} MB/s ({f('t_big'):.2f} s)", ">= 100 MB/s", tput >= 100))
row("instructions " + r["instr_seeds_name"], r["instr_seeds_figure"], r["instr_seeds_target"], r["instr_seeds_met"])
tput_all = big_mb / f("t_big_all")
row(f"throughput, all {r['cores']} cores, {big}", f"{tput_all:.1f} MB/s ({f('t_big_all'):.2f} s)",
    ">= 100 MB/s (one thread)", tput_all >= 100)
ratio = f("t_big") / f("t_rg")
if "instr_rg" in r:
    rg_instr = (f"instructions on {r['instr_corpus_file']}: {f('instr_corpus') / f('instr_rg'):.2f}x"
                f" ({f('instr_corpus') / 1e6:.1f} M / {f('instr_rg') / 1e6:.1f} M)")
else:
    rg_instr = f"instructions {r['instr_rg_figure']}"
row(f"spinlint / ripgrep, {big} ({r['phrases']} phrases)",
    f"{ratio:.1f}x ({f('t_big'):.2f} s / {f('t_rg'):.2f} s, of which {f('t_rg_tiny'):.2f} s ripgrep start-up); {rg_instr}",
    "<= 5x (times)", ratio <= 5)
ten_mb = mb(f("ten_size"))
base, packed = ten_mb / f("t_base"), ten_mb / f("t_pack")
drop = (1 - packed / base) * 100
row(f"+{int(r['pack_rules']):,} phrase rules (on {r['builtin_rules']} built-in), 10 MB file",
    f"{drop:.1f}% drop ({base:.1f} -> {packed:.1f} MB/s)", "drop <= 20%", drop <= 20)
ms = f("t_tiny") * 1000
row("start-up, `check` on a tiny file, best of 10; instructions with `--format json -j 1`",
    *beside("startup", f"{ms:.1f} ms", "< 10 ms", ms < 10))
rss = f("rss_kb") * 1024 / 1e6
limit = 2 * big_mb + 30
row(f"peak memory (max RSS), {big}", f"{rss:.0f} MB (limit {limit:.0f} MB)", "<= 2x file + 30 MB", rss <= limit)
rss_many = f("rss_many_kb") * 1024 / 1e6
limit_many = 2 * mb(f("many_largest")) + 30
row(f"peak memory (max RSS), {int(r['many_files']):,} small files (largest {f('many_largest') / 1e3:.0f} kB)",
    f"{rss_many:.0f} MB (limit {limit_many:.0f} MB)", "<= 2x largest file + 30 MB", rss_many <= limit_many)
many = f("t_many") / f("t_one")
row(f"{int(r['many_files']):,} files vs 1 file of the same {mb(f('many_size')):.0f} MB, all cores",
    f"{many:.2f}x ({f('t_many'):.2f} s / {f('t_one'):.2f} s)", "<= 1.5x", many <= 1.5)

print()
instr = "" if "instr_none" in r else "; instructions (valgrind --tool=callgrind, all threads) one run each, M = 10^6"
print(f"spinlint {r['commit']} on {r['cores']} cores ({r['cpu'] or 'unknown CPU'}); best of 3 runs, the rule pack best of 5, start-up best of 10{instr}.")
for note in ("big_note", "many_note"):
    if note in r:
        print(f"Note: {r[note]}.")
if "instr_none" in r:
    print(f"Note: instructions not measured: {r['instr_none']}.")
print()
print("| measurement | result | target | |")
print("|---|---|---|---|")
for name, figure, target, met in rows:
    print(f"| {name} | {figure} | {target} | {met} |")
PY
