#!/usr/bin/env bash
# benches/floor.sh — rapporteur against the floor, side by side in one hyperfine run.
#
# The bars (DESIGN.md, "Quality bars"): `check` and `build --format html` on the shipped
# edition within 3x of `wc -w` over the same files; `diff` of two editions within 2x of
# `git diff --word-diff` of the same two revisions. Absolute times drift on a shared
# machine, so each command is timed next to its floor in the same invocation and the
# script prints the ratios of the means (and of the minimums, what an idle core gives).
#
# Usage: benches/floor.sh [RUNS]        (from anywhere in the repository; RUNS default 200)
#   FLOOR_NO_BUILD=1   use the existing target/release/rapporteur
#   FLOOR_KEEP=DIR     set the workspace up in DIR and keep it (default: a temp folder)
#
# The workspace: a git repository holding the shipped edition (drafts/, schemas/,
# templates/) at HEAD, and a previous edition tagged `edition-10` made from it the way
# tests/diff.rs does: one word changed in resilience, the second paragraph of cyber
# moved to the end of space, a paragraph added to exercises, the last paragraph of
# capacity-building removed, 06-cbrn.md renamed.
set -euo pipefail

RUNS="${1:-200}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
for tool in hyperfine git jq wc; do
  command -v "$tool" >/dev/null || { echo "floor.sh: $tool is not installed" >&2; exit 2; }
done

if [ -z "${FLOOR_NO_BUILD:-}" ]; then
  (cd "$REPO" && cargo build --release --quiet --bin rapporteur)
fi
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
R="$TARGET/release/rapporteur"

if [ -n "${FLOOR_KEEP:-}" ]; then
  WS="$FLOOR_KEEP"; rm -rf "$WS"; mkdir -p "$WS"
else
  WS="$(mktemp -d)"; trap 'rm -rf "$WS"' EXIT
fi
cp -r "$REPO/drafts" "$REPO/schemas" "$REPO/templates" "$WS/"
cd "$WS"
g() { git -c user.name=Bench -c user.email=bench@example.org "$@"; }
g init -q -b main
g add -A && g commit -qm "edition 11"

# The previous edition, made from the shipped one.
python3 - <<'EOF'
def split(path):
    text = open(path, encoding="utf-8").read()
    end = text.index("\n---\n", 4) + 5
    return text[:end], [p.strip() for p in text[end:].split("\n\n") if p.strip()]
def write(path, front, paragraphs):
    open(path, "w", encoding="utf-8").write(front + "\n\n".join(paragraphs) + "\n")
report = open("drafts/report.yaml", encoding="utf-8").read()
open("drafts/report.yaml", "w", encoding="utf-8").write(report.replace("number: 11", "number: 10"))
front, p = split("drafts/fr/03-resilience.md")
p[0] = p[0].replace("la plus productive", "la plus féconde", 1)
write("drafts/fr/03-resilience.md", front, p)
front, cyber = split("drafts/fr/08-cyber.md")
moved = cyber.pop(1)
write("drafts/fr/08-cyber.md", front, cyber)
front, p = split("drafts/fr/11-space.md")
write("drafts/fr/11-space.md", front, p + [moved])
front, p = split("drafts/fr/17-exercises.md")
p.insert(1, "Un exercice de planification prévu au printemps précédent a été annulé, "
            "faute de participants en nombre suffisant.")
write("drafts/fr/17-exercises.md", front, p)
front, p = split("drafts/fr/19-capacity-building.md")
write("drafts/fr/19-capacity-building.md", front, p[:-1])
EOF
g mv drafts/fr/06-cbrn.md drafts/fr/06-nrbc.md
g commit -qam "edition 10, as it was" && g tag edition-10
g rm -q -r drafts && cp -r "$REPO/drafts" . && g add -A && g commit -qm "edition 11 again"

# The files `check` and `build` read: the edition's metadata and sections, the catalog.
FILES="drafts/report.yaml $(ls drafts/*/*.md | tr '\n' ' ')schemas/domains.yaml schemas/proposals.yaml schemas/terminology.yaml"
"$R" check >/dev/null   # the shipped edition passes (warnings and notes only)

JSON="$(mktemp)"
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$JSON" \
  "wc -w $FILES" \
  "$R check" \
  "$R build --format html" \
  "git diff --word-diff edition-10 HEAD" \
  "$R diff edition-10 HEAD --format json" \
  "$R diff edition-10 HEAD --format html" >&2

echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $RUNS runs each"
jq -r '
  .results as $r
  | def t(i): $r[i];
    def ms(x): (x * 100000 | round) / 100;
    def ratio(a; b): (a / b * 100 | round) / 100;
    ["command", "mean ms", "min ms", "floor", "ratio (mean)", "ratio (min)", "bar"],
    (["wc -w (floor of check, build)", ms(t(0).mean), ms(t(0).min), "", "", "", ""]),
    (["check", ms(t(1).mean), ms(t(1).min), "wc -w", ratio(t(1).mean; t(0).mean), ratio(t(1).min; t(0).min), "3"]),
    (["build --format html", ms(t(2).mean), ms(t(2).min), "wc -w", ratio(t(2).mean; t(0).mean), ratio(t(2).min; t(0).min), "3"]),
    (["git diff --word-diff (floor of diff)", ms(t(3).mean), ms(t(3).min), "", "", "", ""]),
    (["diff --format json", ms(t(4).mean), ms(t(4).min), "git diff", ratio(t(4).mean; t(3).mean), ratio(t(4).min; t(3).min), "2"]),
    (["diff --format html", ms(t(5).mean), ms(t(5).min), "git diff", ratio(t(5).mean; t(3).mean), ratio(t(5).min; t(3).min), "2"])
  | @tsv' "$JSON" | column -t -s $'\t'
rm -f "$JSON"
