#!/bin/sh
# fuzz/run.sh -- run every built harness (build-fuzz/fuzz/fuzz-NAME) for
# FUZZ_SECONDS seconds, or FUZZ_RUNS executions when that is set, seeded
# with fuzz/corpus/NAME.  New inputs it finds go to build-fuzz/corpus/NAME,
# a crash's input to build-fuzz/crash-NAME-*.  Exits 1 when any harness
# found a crash, a leak or undefined behaviour, or an input that took
# longer than FUZZ_TIMEOUT seconds (30: a loaded CI machine under ASan
# is slow, and every input here is under 4 KiB).
set -u
cd "$(dirname "$0")/.." || exit 1

limit="-max_total_time=${FUZZ_SECONDS:-60}"
if [ -n "${FUZZ_RUNS:-}" ]; then
	limit="-runs=$FUZZ_RUNS"
fi
status=0
for f in build-fuzz/fuzz/fuzz-*; do
	[ -x "$f" ] || continue
	case $f in *.d) continue ;; esac
	name=${f##*/fuzz-}
	mkdir -p "build-fuzz/corpus/$name"
	log=build-fuzz/fuzz-$name.log
	echo "fuzz-$name: $limit"
	if "$f" "$limit" -print_final_stats=1 -rss_limit_mb=2048 \
		-timeout="${FUZZ_TIMEOUT:-30}" \
		-artifact_prefix="build-fuzz/crash-$name-" \
		"build-fuzz/corpus/$name" "fuzz/corpus/$name" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz-$name: ${runs:-?} executions, 0 crashes"
	else
		status=1
		tail -40 "$log"
		echo "fuzz-$name: FAILED (input in build-fuzz/crash-$name-*)"
	fi
done
exit $status
