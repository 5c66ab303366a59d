#!/usr/bin/env bash
# The Python package (crates/spinlint-py) as its users get it: the abi3 wheel built with
# maturin, installed into a virtualenv under target/ (maturin, pytest, pyarrow and pyspark
# pinned in requirements.txt, from PyPI; the venv is remade only when that file changes), then
# pytest: the API against the command line's JSON on the fixture articles, the GIL released,
# errors as exceptions, a fork, and spinlint.spark in Spark's local mode (Java needed: Debian's
# openjdk-17-jre-headless is installed if `java` is missing).
#
# usage: tests/python/run.sh [pytest arguments]   (SPINLINT_EXE=/path/to/spinlint for another CLI)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../venv.sh"
root="$(cd "$here/../.." && pwd)"
started=$(date +%s)
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! command -v java >/dev/null 2>&1; then
  echo "python: installing openjdk-17-jre-headless (Debian package) for Spark"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

venv="$target/python-venv"
pinned_venv python "$here/requirements.txt" "$venv"

# The wheel, as `pip install spinlint` would get it (release profile, stripped).
wheels="$target/wheels"
rm -f "$wheels"/spinlint-*.whl
"$venv/bin/maturin" build --quiet --release --locked -m crates/spinlint-py/Cargo.toml \
  --interpreter "$venv/bin/python" --out "$wheels"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/spinlint-*.whl

# The command line the findings are compared with.
exe="${SPINLINT_EXE:-}"
if [ -z "$exe" ]; then
  cargo build --locked --quiet -p spinlint
  exe="$target/debug/spinlint"
fi
export SPINLINT_EXE="$exe" SPINLINT_ROOT="$root"
# From an empty folder: the tests import the installed wheel, never the sources; no bytecode
# left in tests/python.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest -q -p no:cacheprovider "$here" "$@"
echo "python: took $(($(date +%s) - started)) s"
