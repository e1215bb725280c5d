#!/usr/bin/env bash
# benches/hook_callgrind.sh — instructions (callgrind, all threads) of `check`, `build`
# and the pre-commit hook (`check --staged --quiet`) on the shipped edition, for one
# binary: a steady figure on a busy machine, where wall-clock times are not.
#
# Usage: benches/hook_callgrind.sh BINARY [LABEL]
#   e.g. CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
#        cargo build --release && benches/hook_callgrind.sh target/release/rapporteur
# Prints one line per case: LABEL, case, instructions.
set -euo pipefail
R="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
LABEL="${2:-$(basename "$1")}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
for tool in valgrind git python3; do
  command -v "$tool" >/dev/null || { echo "hook_callgrind.sh: $tool is not installed" >&2; exit 2; }
done
WS="$(mktemp -d)"; trap 'rm -rf "$WS"' EXIT
cp -r "$REPO/drafts" "$REPO/schemas" "$REPO/templates" "$WS/"
cd "$WS"
g() { git -c user.name=Bench -c user.email=bench@example.org -c commit.gpgsign=false "$@"; }
g init -q -b main; g add -A; g commit -qm "edition 11"
count() {
  local case="$1"; shift
  valgrind --tool=callgrind --callgrind-out-file="$WS/cg.out" "$R" "$@" >/dev/null 2>"$WS/cg.err" || true
  printf '%s\t%s\t%s\n' "$LABEL" "$case" "$(awk '/Collected/ {print $NF}' "$WS/cg.err")"
}
# Inserts a word after the first 20 characters of a section file's body.
edit() {
  python3 - "$1" "$2" <<'PY'
import sys
path, word = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
i = s.index("\n---\n", 4) + 5
j = s.index(" ", i + 20)
open(path, "w", encoding="utf-8").write(s[:j] + " " + word + s[j:])
PY
}
for _ in 1 2; do "$R" check >/dev/null || true; done
count "check, files unchanged" check
for _ in 1 2; do "$R" build --format html >/dev/null || true; done
count "build --format html, files unchanged" build --format html
for _ in 1 2; do "$R" check --staged --quiet >/dev/null || true; done
count "check --staged --quiet, nothing staged" check --staged --quiet
edit drafts/fr/03-resilience.md également; g add -A
"$R" check --staged --quiet >/dev/null || true
count "check --staged --quiet, one paragraph staged, run again" check --staged --quiet
g commit -qm "through the hook"
edit drafts/fr/11-space.md également; g add -A
count "check --staged --quiet, the next commit's hook" check --staged --quiet
g commit -qm "one"; edit drafts/fr/17-exercises.md aussi; g commit -qam "two, without the hook"
edit drafts/fr/15-research.md aussi; g add -A
count "check --staged --quiet, HEAD committed without the hook" check --staged --quiet
