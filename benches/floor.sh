#!/usr/bin/env bash
# benches/floor.sh — rapporteur against the floor, side by side in one hyperfine run.
#
# The bars (DESIGN.md, "Quality bars"): `check` and `build --format html` on the shipped
# edition within 3x of `wc -w` over the same files; `diff` of two editions within 2x of
# `git diff --word-diff` of the same two revisions. Absolute times drift on a shared
# machine, so each command is timed next to its floor in the same invocation and the
# script prints the ratios of the means (and of the minimums, what an idle core gives).
# `check` and `build` keep the findings of each section file between runs (in
# .git/rapporteur/, see src/check/cached.rs), so they are timed twice: as a drafter's
# next run finds them (the files unchanged), and with nothing kept (a first run, or one
# after the catalog or drafts/report.yaml changed: every file is checked again).
#
# Usage: benches/floor.sh [RUNS]        (from anywhere in the repository; RUNS default 200)
#   FLOOR_ROUNDS=N     split the runs of each command into N rounds (default 5)
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
for tool in hyperfine git jq wc python3; do
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

# hyperfine runs one command's runs, then the next one's: on a shared machine the load
# can change in between. So the commands are timed in several short rounds, each giving
# its ratios, and the medians of the rounds are the figures.
ROUNDS="${FLOOR_ROUNDS:-5}"
PER_ROUND=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
TABLE="$(mktemp)"
for round in $(seq 1 "$ROUNDS"); do
  JSON="$(mktemp)"
  hyperfine -N --warmup 10 --runs "$PER_ROUND" --export-json "$JSON" \
    "wc -w $FILES" \
    "$R check" \
    "$R build --format html" \
    "git diff --word-diff edition-10 HEAD" \
    "$R diff edition-10 HEAD --format json" \
    "$R diff edition-10 HEAD --format html" >/dev/null 2>&1
  # The same, with nothing kept of the last run's findings (`check::cached`): what a
  # first run, or a run after the catalog or drafts/report.yaml changed, costs.
  COLD="$(mktemp)"
  hyperfine -N --warmup 10 --runs "$PER_ROUND" --export-json "$COLD" \
    --prepare "sh -c 'rm -f $WS/.git/rapporteur/findings-*'" \
    "wc -w $FILES" \
    "$R check" \
    "$R build --format html" >/dev/null 2>&1
  # One line per round: mean and min (ms) of the six commands, then of the three.
  jq -r --slurpfile cold "$COLD" \
    '[(.results[] | (.mean, .min) * 1000), ($cold[0].results[] | (.mean, .min) * 1000)] | @tsv' \
    "$JSON" >> "$TABLE"
  rm -f "$JSON" "$COLD"
done

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $ROUNDS rounds of $PER_ROUND runs"
python3 - "$TABLE" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
names = ["wc -w (floor of check, build)", "check", "build --format html",
         "git diff --word-diff (floor of diff)", "diff --format json", "diff --format html",
         "wc -w (again, beside the two below)", "check, no findings kept",
         "build --format html, no findings kept"]
floor = {1: 0, 2: 0, 4: 3, 5: 3, 7: 6, 8: 6}
bar = {1: 3, 2: 3, 4: 2, 5: 2, 7: 3, 8: 3}
med = statistics.median
print(f"{'command':38} {'mean ms':>8} {'min ms':>7} {'ratio (mean)':>13} {'ratio (min)':>12} {'bar':>4}")
for i, name in enumerate(names):
    mean = med(r[2 * i] for r in rows)
    low = min(r[2 * i + 1] for r in rows)
    if i in floor:
        f = floor[i]
        ratio_mean = med(r[2 * i] / r[2 * f] for r in rows)
        ratio_min = low / min(r[2 * f + 1] for r in rows)
        print(f"{name:38} {mean:8.2f} {low:7.2f} {ratio_mean:13.2f} {ratio_min:12.2f} {bar[i]:>4}")
    else:
        print(f"{name:38} {mean:8.2f} {low:7.2f}")
print("(mean: median over the rounds of each round's mean; ratio (mean): median of the")
print(" rounds' ratios; min and ratio (min): over all runs)")
PY
rm -f "$TABLE"
