#!/usr/bin/env bash
# Run the atheris fuzzer in chunks, one process at a time: fuzz/run_chunks.sh FIRST LAST RUNS
# (inputs up to 160 bytes; restore/detect/spin_score consistency on one text in 8, see fuzz/harness.py)
# Each chunk N writes fuzz/logs/chunk-N.log (libFuzzer's output, ending in "Done R runs") and
# fuzz/logs/known-N.jsonl (first example of each known kind of non-idempotence). Stops at the first
# chunk that finds a crash (libFuzzer exits non-zero and leaves the input in fuzz/artifacts/).
set -u
cd "$(dirname "$0")/.."
first=${1:-1}; last=${2:-4}; runs=${3:-250000}
mkdir -p fuzz/corpus fuzz/artifacts fuzz/logs
for n in $(seq "$first" "$last"); do
  SPINFIX_FUZZ_KNOWN_LOG="fuzz/logs/known-$n.jsonl" SPINFIX_FUZZ_CONSISTENCY_EVERY=8 \
    python fuzz/fuzz_spinfix.py fuzz/corpus fuzz/seeds \
    -runs="$runs" -max_total_time=3000 -max_len=160 -timeout=20 -rss_limit_mb=6144 -seed="$n" \
    -dict=fuzz/spinfix.dict -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 \
    > "fuzz/logs/chunk-$n.log" 2>&1
  rc=$?
  echo "chunk $n exit $rc: $(grep -E '^Done [0-9]+ runs' "fuzz/logs/chunk-$n.log")" >> fuzz/logs/chunks.txt
  if [ "$rc" != 0 ]; then exit "$rc"; fi
done
