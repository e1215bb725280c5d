#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_RUNS executions or FUZZ_TIME seconds,
# whichever comes first, and prints a table: executions, seconds, coverage (libFuzzer's
# edge count "cov" and feature count "ft"), corpus entries, and what it found.
#
#   fuzz/run.sh                        # the long runs: 10 M executions or 30 min each
#   FUZZ_TIME=180 fuzz/run.sh          # a smoke run: 3 min each
#   fuzz/run.sh section fix            # some targets only
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; CI runs none of
# this. Built without a sanitizer (the code under test is safe Rust; the speed goes to
# executions) and with debug assertions and overflow checks. A crash, timeout (an input
# taking more than FUZZ_TIMEOUT seconds: a quadratic path) or out-of-memory leaves its
# input in fuzz/artifacts/TARGET/; turn each into a regression test.
set -uo pipefail
cd "$(dirname "$0")"

RUNS=${FUZZ_RUNS:-10000000}
TIME=${FUZZ_TIME:-1800}
TIMEOUT=${FUZZ_TIMEOUT:-10}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(section catalog import import_pdf import_docx markup fix diff review_docx)
fi

[ -d corpus ] || ./seed.sh >/dev/null
cargo +nightly fuzz build -s none -a >/dev/null 2>&1 || \
  for t in "${TARGETS[@]}"; do cargo +nightly fuzz build -s none -a "$t" || exit 2; done

mkdir -p logs
printf '%-8s %12s %8s %8s %8s %8s  %s\n' target executions seconds cov ft corpus result
for target in "${TARGETS[@]}"; do
  log="logs/$target.log"
  start=$(date +%s)
  # Inputs a little larger than the largest seed of each kind (a section file is 7 KB,
  # the termbase 27 KB, the published text 51 KB).
  case $target in
    markup) max_len=4096 ;;
    section | fix) max_len=16384 ;;
    diff) max_len=32768 ;;
    catalog) max_len=40000 ;;
    import) max_len=65536 ;;
    # The shipped edition's PDFs are 140-190 KB, its Word file 21 KB.
    import_pdf) max_len=262144 ;;
    import_docx) max_len=65536 ;;
    review_docx) max_len=131072 ;;
  esac
  cargo +nightly fuzz run -s none -a "$target" "corpus/$target" -- \
    -runs="$RUNS" -max_total_time="$TIME" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corpus=$(ls "corpus/$target" | wc -l)
  if [ $status -eq 0 ]; then
    result="nothing found"
  else
    result="FOUND (exit $status): $(ls -t "artifacts/$target" 2>/dev/null | head -1), see $log"
  fi
  printf '%-8s %12s %8s %8s %8s %8s  %s\n' "$target" "${execs:-?}" "$seconds" "${cov:-?}" \
    "${ft:-?}" "$corpus" "$result"
done
