#!/usr/bin/env bash
# Compares a whole flasklint run with parse-only on one project, in the same
# process and run, and prints the ratio. Timings on a shared machine are
# noisy; the ratio of two benchmarks measured side by side is not.
#
#   scripts/bench.sh [PROJECT_DIR] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-examples/sample-app}
count=${2:-5}
export FLASKLINT_BENCH_DIR
FLASKLINT_BENCH_DIR=$(cd "$dir" && pwd)

out=$(go test -run '^$' -bench 'ParseOnly|AllRules' -benchmem -count "$count" ./driver)
echo "$out" | grep -E '^Benchmark'
echo "$out" | awk -v dir="$dir" '
	/^BenchmarkParseOnly/ { p += $3; np++; pm += $5 }
	/^BenchmarkAllRules/  { r += $3; nr++; rm += $5 }
	END {
		if (np == 0 || nr == 0) { print "no results"; exit 1 }
		printf "%s: all rules / parse-only = %.2fx time, %.2fx bytes allocated\n",
			dir, (r / nr) / (p / np), (rm / nr) / (pm / np)
	}'
