#!/usr/bin/env bash
# Throughput and peak memory of a JSON Lines stream (issue 21, "archives at scale"): GB of
# records, generated on the fly (never on disk), piped into
# `spinlint check --input-format jsonl -`, the output to /dev/null. The stream must be read in
# bounded memory: the peak RSS stays flat whatever the size (tests/archives.rs checks it on a
# few tens of MB; this runs the real size).
#
# The records are news-like articles of about 3 KB written for this benchmark (a finding every
# few sentences), with a URL id and a date, as crawls ship them.
#
# usage: benches/archives.sh [GB] [FORMAT]     (default: 1 GB, --format jsonl)
#        SPINLINT_EXE=/path/to/spinlint benches/archives.sh   (another build, to compare)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
gigabytes=${1:-1}
format=${2:-jsonl}
target=${CARGO_TARGET_DIR:-$root/target}
exe=${SPINLINT_EXE:-$target/release/spinlint}
if [[ -z ${SPINLINT_EXE:-} ]]; then
    cargo build --release --locked -q -p spinlint
fi

python3 - "$exe" "$gigabytes" "$format" <<'PY'
import json, resource, subprocess, sys, time

exe, gigabytes, format = sys.argv[1], float(sys.argv[2]), sys.argv[3]
total = int(gigabytes * 1_000_000_000)
paragraphs = [
    "The council approved the budget on Tuesday by seven votes to two, after a debate that ran past midnight.",
    "There is no evidence the scheme was ever audited, the so-called experts said in a statement on Monday.",
    "Residents who spoke at the meeting asked for the figures to be published before the next vote.",
    "Critics claim the plan was always going to fail; sources say the minister knew of the shortfall in March.",
    "The regime’s “reforms” have been welcomed by some economists, who point to a fall in inflation.",
    "A spokesperson for the department said the report would be released in full “in due course”.",
    "Everyone knows the road has needed repairs for years, one shopkeeper said, pointing at the potholes.",
    "The opposition leader, Maria Keller, said the vote showed the coalition had lost its majority.",
]
articles = []
for n in range(64):
    chosen = [paragraphs[(n * 3 + k * 5) % len(paragraphs)] for k in range(28)]
    articles.append("\n\n".join(chosen))
lines = [
    (json.dumps({"id": None, "url": "", "date": "2024-05-%02d" % (n % 28 + 1), "text": a}, ensure_ascii=False))
    for n, a in enumerate(articles)
]
command = [exe, "check", "--isolated", "--exit-zero", "--input-format", "jsonl", "--format", format, "-"]
start = time.monotonic()
child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
written = records = 0
while written < total:
    line = lines[records % len(lines)].replace('"id": null', '"id": %d' % records, 1)
    line = line.replace('"url": ""', '"url": "https://news.example.org/%d"' % records, 1)
    data = (line + "\n").encode()
    child.stdin.write(data)
    written += len(data)
    records += 1
child.stdin.close()
code = child.wait()
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"records {records}, {written / 1e6:.0f} MB in {elapsed:.1f} s: {written / 1e6 / elapsed:.1f} MB/s, "
      f"peak RSS {peak:.0f} MB (exit {code}, --format {format})")
sys.exit(0 if code == 0 else 1)
PY
