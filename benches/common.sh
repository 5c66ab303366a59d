# shellcheck shell=bash
# The setup that benches/compare.sh and benches/instructions.sh share; sourced, not run. Set
# `bench` (the script's name, for the messages) first. It:
#
#   - goes to the project root and sets root, target (${CARGO_TARGET_DIR:-target}, absolute),
#     corpus ($target/bench-corpus) and exe (${SPINLINT_EXE:-$target/release/spinlint});
#   - defines say and die (messages on stderr), and apt_install PACKAGE;
#   - makes a temporary folder, $tmp, removed on exit;
#   - builds the release binary (cargo build --release) unless SPINLINT_EXE is set;
#   - builds the corpus (benches/corpus.rs, compiled with rustc into $target/bench-tools/corpus)
#     if missing or out of date;
#   - installs ripgrep with apt-get if missing, and stops if it cannot;
#   - writes $tmp/phrases.txt: `spinlint rules --phrases`, the built-in rules' literal words.

: "${bench:?set bench before sourcing benches/common.sh}"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
corpus=$target/bench-corpus
exe=${SPINLINT_EXE:-$target/release/spinlint}

say() { printf '%s\n' "$bench: $*" >&2; }
die() { say "error: $*"; exit 2; }

# apt_install PACKAGE: apt-get update && apt-get install -y PACKAGE (through sudo when not root
# and sudo is there); its output goes to stderr. Fails if the package could not be installed.
apt_install() {
    local sudo=""
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then sudo="sudo"; fi
    say "$1 is missing: apt-get update && apt-get install -y $1"
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$1"; } >&2
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spinlint-$bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [[ -z ${SPINLINT_EXE:-} ]]; then
    say "building the release binary (cargo build --release)"
    CARGO_TARGET_DIR=$target cargo build --release --quiet || die "cargo build --release failed"
fi
[[ -x $exe ]] || die "$exe is not an executable"

builder=$target/bench-tools/corpus
if [[ ! -x $builder || benches/corpus.rs -nt $builder ]]; then
    say "compiling the corpus builder (rustc -O benches/corpus.rs)"
    mkdir -p "$(dirname "$builder")"
    rustc --edition 2021 -O --crate-name corpus -o "$builder" benches/corpus.rs || die "rustc benches/corpus.rs failed"
fi
"$builder" --root "$root" --out "$corpus" >&2

if ! command -v rg >/dev/null; then
    apt_install ripgrep || die "could not install ripgrep"
fi
command -v rg >/dev/null || die "ripgrep (rg) is not installed"

"$exe" rules --phrases >"$tmp/phrases.txt"
