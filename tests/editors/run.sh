#!/usr/bin/env bash
# `spinlint lsp` under a real editor's built-in client: Neovim (Debian's package, installed if
# missing) started headless with a minimal Lua configuration (nvim-init.lua) that attaches
# `spinlint lsp` to a draft and writes the diagnostics Neovim received; this script checks them.
# When Neovim is missing and apt cannot install it, fails saying why (CI must not pass without
# the check); SPINLINT_EDITORS_OPTIONAL=1 makes that a skip, for machines without apt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# Neovim could not be had: a failure, unless the caller allows a skip.
unavailable() {
  if [ "${SPINLINT_EDITORS_OPTIONAL:-0}" = 1 ]; then
    echo "editors: SKIPPED: $1" >&2
    exit 0
  fi
  echo "editors: FAILED: $1 (SPINLINT_EDITORS_OPTIONAL=1 skips this check)" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

if ! command -v nvim >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    unavailable "neovim is not installed and there is no apt-get to install it"
  fi
  if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    unavailable "neovim is not installed and apt-get needs root (no password-less sudo)"
  fi
  echo "editors: installing neovim (Debian package)"
  if ! as_root apt-get update -qq || ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim >/dev/null; then
    unavailable "apt-get could not install neovim (no network to the Debian mirror?)"
  fi
fi

cargo build --locked --quiet --bin spinlint
spinlint="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/spinlint"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A finding after an emoji, curly quotes and CJK on its line: Neovim turns the protocol's UTF-16
# columns into byte columns, so a wrong conversion shows as a wrong column here.
printf '%s\n' '# A draft' '' 'The fans 😀 of “日本” agree: there is no evidence, because none exists.' >"$work/draft.md"

status=0
SPINLINT_BIN="$spinlint" SPINLINT_NVIM_OUT="$work/out.txt" \
  timeout 120 nvim --headless -n -i NONE --noplugin -u "$here/nvim-init.lua" "$work/draft.md" >"$work/nvim.log" 2>&1 ||
  status=$?
if [ "$status" -ne 0 ]; then
  echo "editors: neovim exited $status" >&2
  cat "$work/nvim.log" "$work/out.txt" >&2 2>/dev/null || true
  exit 1
fi

line='The fans 😀 of “日本” agree: there is no evidence, because none exists.'
prefix="${line%%no evidence*}"
second="${line%%because none exists*}"
# Byte columns (LC_ALL=C: ${#} counts bytes).
start=$(LC_ALL=C; echo ${#prefix})
start2=$(LC_ALL=C; echo ${#second})
expected="2:$start:2:$((start + 11)) 2 no-evidence-none-exists spinlint | claims that no evidence exists, without saying who established that: \`no evidence\`
2:$start2:2:$((start2 + 19)) 2 no-evidence-none-exists spinlint | claims that no evidence exists, without saying who established that: \`because none exists\`"
got="$(cat "$work/out.txt")"
if [ "$got" != "$expected" ]; then
  echo "editors: Neovim received other diagnostics than expected" >&2
  diff <(echo "$expected") <(echo "$got") >&2 || true
  exit 1
fi
echo "editors: Neovim $(nvim --version | head -1 | cut -d' ' -f2) received the 2 diagnostics, at the right byte columns"
