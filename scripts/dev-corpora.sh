#!/usr/bin/env bash
# Builds the development corpora (../shared/dev-corpora/README.md) in ../dev-corpora/, beside the
# checkout, from the public git repositories they live in, pinned to a commit, and checks every
# file against the hashes in scripts/dev-corpora.sha256. The data carry no licence to
# redistribute: they are never committed, and their sentences never go into tests or fixtures.
#
#   ../dev-corpora/polnear/text/NAME.txt          PolNeAR data/train/text (840 articles)
#   ../dev-corpora/polnear/ann/NAME.ann           its attributions, brat standoff: one annotator's
#                                                 file per article (the first by name when two
#                                                 annotated it)
#   ../dev-corpora/semeval2020/articles/ID.txt    SemEval-2020 Task 11, the 36 development articles
#   ../dev-corpora/semeval2020/labels/ID.labels   their technique spans (task 2)
#
# usage: scripts/dev-corpora.sh POLNEAR SEMEVAL2020 [OUT]
#   POLNEAR, SEMEVAL2020  a clone URL (https://github.com/networkdynamics/PolNeAR) or a local git
#                         directory, bare or not, of each repository
#   OUT                   default: ../dev-corpora beside the checkout
# Then: spinlint quality ../dev-corpora/polnear; spinlint quality ../dev-corpora/semeval2020
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'dev-corpora: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }
[[ $# -ge 2 ]] || die "usage: scripts/dev-corpora.sh POLNEAR SEMEVAL2020 [OUT] (clone URLs or local git directories)"
polnear_src=$1
semeval_src=$2
out=${3:-$(dirname "$root")/dev-corpora}
ids_file=$(dirname "$root")/shared/dev-corpora/semeval2020-dev-ids.txt
[[ -f $ids_file ]] || ids_file=$root/scripts/semeval2020-dev-ids.txt
[[ -f $ids_file ]] || die "no list of SemEval-2020 development articles (../shared/dev-corpora/semeval2020-dev-ids.txt)"

POLNEAR_COMMIT=c3eee833c035bf7b8c84f55b58c0bf7346cfae76
SEMEVAL_COMMIT=84c384d3813a51f4face15086463952ebc2e0993

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dev-corpora.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A git directory holding COMMIT: the source as given if it is a local repository, else a bare
# clone of the URL.
git_dir() {
    local src=$1 commit=$2 name=$3 dir
    if [[ -d $src ]]; then
        dir=$(git -C "$src" rev-parse --absolute-git-dir 2>/dev/null) || dir=$src
    else
        say "cloning $src"
        git clone --quiet --bare "$src" "$tmp/$name.git" || die "could not clone $src"
        dir=$tmp/$name.git
    fi
    [[ $(git --git-dir="$dir" cat-file -t "$commit" 2>/dev/null) == commit ]] ||
        die "$src does not hold commit $commit"
    printf '%s\n' "$dir"
}

polnear=$(git_dir "$polnear_src" "$POLNEAR_COMMIT" polnear)
semeval=$(git_dir "$semeval_src" "$SEMEVAL_COMMIT" semeval)

rm -rf "$out/polnear" "$out/semeval2020"
mkdir -p "$out/polnear/text" "$out/polnear/ann" "$out/semeval2020/articles" "$out/semeval2020/labels"

say "PolNeAR data/train at ${POLNEAR_COMMIT:0:12}"
# File by file: a mirror may lack the blobs of the folders this project does not use.
mkdir -p "$tmp/train/text" "$tmp/train/attributions"
for folder in text attributions; do
    git --git-dir="$polnear" ls-tree --name-only "$POLNEAR_COMMIT:data/train/$folder" | while read -r file; do
        git --git-dir="$polnear" show "$POLNEAR_COMMIT:data/train/$folder/$file" >"$tmp/train/$folder/$file"
    done
done
cp "$tmp"/train/text/*.txt "$out/polnear/text/"
for text in "$out"/polnear/text/*.txt; do
    name=$(basename "$text" .txt)
    # NAME_XXXX.ann: one file per annotator; the first by name.
    ann=$(find "$tmp/train/attributions" -maxdepth 1 -name "${name}_*.ann" | LC_ALL=C sort | head -1)
    [[ -n $ann ]] || die "PolNeAR: no attributions for $name"
    cp "$ann" "$out/polnear/ann/$name.ann"
done

say "SemEval-2020 Task 11 development articles at ${SEMEVAL_COMMIT:0:12}"
while read -r id; do
    [[ -z $id || $id == \#* ]] && continue
    git --git-dir="$semeval" show "$SEMEVAL_COMMIT:datasets/train-articles/$id.txt" >"$out/semeval2020/articles/$id.txt"
    git --git-dir="$semeval" show \
        "$SEMEVAL_COMMIT:datasets/train-labels-task2-technique-classification/$id.task2-TC.labels" \
        >"$out/semeval2020/labels/$id.labels"
done <"$ids_file"

say "checking hashes against scripts/dev-corpora.sha256"
(cd "$out" && LC_ALL=C find polnear semeval2020 -type f | LC_ALL=C sort | xargs sha256sum) >"$out/MANIFEST.sha256"
if [[ ${DEV_CORPORA_WRITE_HASHES:-} == 1 ]]; then
    cp "$out/MANIFEST.sha256" "$root/scripts/dev-corpora.sha256"
    say "wrote scripts/dev-corpora.sha256"
fi
cmp -s "$out/MANIFEST.sha256" "$root/scripts/dev-corpora.sha256" ||
    die "the files differ from scripts/dev-corpora.sha256 (diff $out/MANIFEST.sha256 scripts/dev-corpora.sha256)"
say "$(find "$out/polnear/text" -name '*.txt' | wc -l) PolNeAR articles, $(find "$out/semeval2020/articles" -name '*.txt' | wc -l) SemEval-2020 articles in $out"
