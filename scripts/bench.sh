#!/usr/bin/env bash
# Compares a whole flasklint run (parse, model, every rule) with parse-only
# on one project and prints the ratio. Timings on a shared machine drift, so
# the two benchmarks run in alternation, ROUNDS times, and the median of the
# per-round ratios is reported: a slow spell hits both sides of a round.
#
#   scripts/bench.sh [PROJECT_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-examples/sample-app}
rounds=${2:-7}
export FLASKLINT_BENCH_DIR
FLASKLINT_BENCH_DIR=$(cd "$dir" && pwd)

bin=$(mktemp -d)/driver.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./driver

for _ in $(seq "$rounds"); do
	(cd driver && "$bin" -test.run '^$' -test.bench '^Benchmark(ParseOnly|AllRules)$' \
		-test.benchtime 2x -test.benchmem)
done | awk '
	/^BenchmarkParseOnly/ { p = $3; pm = $5; print > "/dev/stderr" }
	/^BenchmarkAllRules/  { printf "%.3f %.3f\n", $3 / p, $5 / pm; print > "/dev/stderr" }
' | sort -n | awk -v dir="$dir" '
	{ r[NR] = $1; m[NR] = $2 }
	END {
		if (NR == 0) { print "no results"; exit 1 }
		mid = int((NR + 1) / 2)
		printf "%s: all rules / parse-only, median of %d rounds: %.2fx time ", dir, NR, r[mid]
		printf "(range %.2f-%.2f), %.2fx bytes allocated\n", r[1], r[NR], m[mid]
	}'
