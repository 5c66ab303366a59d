#!/usr/bin/env bash
# The Python package's throughput against the command line's, on the same articles: the fixture
# articles repeated to about 200 MB (SIZE_MB; Spark's fixed costs weigh more on less), as files for `spinlint check` and as a JSON Lines
# file for Spark. Measures, once each:
#   cli      spinlint check --isolated --format json -j 2 (and -j 1) on the folder (reads the files, writes
#            the JSON report to /dev/null)
#   python   Linter().lint_many(texts, threads=2) (and threads=1), texts already in memory,
#            Finding objects made for every finding
#   spark    spinlint.spark.lint on local[2] from the JSON Lines file to a no-op sink (after
#            the session has started; a first small job warms the Python workers)
# and prints articles/s, MB/s and the ratios to the command line. Not a test: the figures
# depend on the machine and its load.
#
# usage: benches/python.sh     (after tests/python/run.sh, whose venv and wheel it uses)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/python-venv
size_mb=${SIZE_MB:-200}
if ! "$venv/bin/python" -c "import spinlint, pyspark" 2>/dev/null; then
  echo "python bench: run tests/python/run.sh first (it builds the wheel into $venv)" >&2
  exit 2
fi
cargo build --release --locked -q -p spinlint
exe=$target/release/spinlint

corpus=$target/bench-python
rm -rf "$corpus"
mkdir -p "$corpus/files"
export PYSPARK_PYTHON="$venv/bin/python"
"$venv/bin/python" - "$corpus" "$size_mb" "$exe" <<'PY'
import json, os, subprocess, sys, time
from pathlib import Path

corpus, size_mb, exe = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
fixtures = [p.read_text(encoding="utf-8") for p in sorted(Path("fixtures").glob("*.txt"))]
texts, size = [], 0
while size < size_mb * 1_000_000:
    for text in fixtures:
        texts.append(text)
        size += len(text.encode("utf-8"))
with (corpus / "articles.jsonl").open("w", encoding="utf-8") as out:
    for number, text in enumerate(texts):
        (corpus / "files" / f"{number:06}.txt").write_text(text, encoding="utf-8")
        out.write(json.dumps({"id": number, "text": text}) + "\n")
n, mb = len(texts), size / 1e6
print(f"corpus: {n} articles, {mb:.1f} MB (the {len(fixtures)} fixture articles repeated), {os.cpu_count()} cores")

def report(name, seconds, findings):
    print(f"{name:<22} {seconds:7.2f} s  {n / seconds:9.0f} articles/s  {mb / seconds:7.2f} MB/s  {findings} findings")
    return seconds

def cli_run(threads):
    started = time.perf_counter()
    done = subprocess.run([exe, "check", "--isolated", "--format", "json", "-j", str(threads), str(corpus / "files")],
                          stdout=subprocess.PIPE, check=False)
    return report(f"cli -j {threads}", time.perf_counter() - started, len(json.loads(done.stdout)["diagnostics"]))

cli, cli_1 = cli_run(2), cli_run(1)

import spinlint
linter = spinlint.Linter()
results = {}
for threads in (2, 1):
    started = time.perf_counter()
    found = linter.lint_many(texts, threads=threads)
    results[threads] = report(f"python lint_many({threads})", time.perf_counter() - started, sum(map(len, found)))
del found

from pyspark.sql import SparkSession
from spinlint import spark as spinlint_spark
session = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
           .config("spark.driver.memory", "2g").getOrCreate())
session.sparkContext.setLogLevel("ERROR")
df = session.read.json(str(corpus / "articles.jsonl"))
spinlint_spark.lint(df.limit(10)).write.format("noop").mode("overwrite").save()
started = time.perf_counter()
spinlint_spark.lint(df).write.format("noop").mode("overwrite").save()
spark_s = time.perf_counter() - started
findings = spinlint_spark.lint(df).count()
report("spark local[2]", spark_s, findings)
session.stop()

print(f"ratios (throughput, to the command line's on as many threads): python lint_many(2) "
      f"{cli / results[2]:.2f}x, lint_many(1) {cli_1 / results[1]:.2f}x, spark local[2] {cli / spark_s:.2f}x")
PY
rm -rf "$corpus"
