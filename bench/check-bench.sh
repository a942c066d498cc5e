#!/usr/bin/env bash
# check-bench.sh - how long `migc check` takes, and how much memory, on linear histories.
#
#   bench/check-bench.sh [MIGC] [REVISIONS] [RUNS]
#
# MIGC defaults to _build/migc, REVISIONS (a comma-separated list of history lengths) to
# 1000,4000,10000, RUNS to 3. Each revision creates a table, adds a column or creates an
# index (in turn). Prints one row per history: the revision count, the median wall time
# in seconds and the peak resident memory of migc in MB (largest over the runs; needs
# GNU time at /usr/bin/time). Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
migc=${1:-${MIGC:-$top/_build/migc}}
lengths=${2:-1000,4000,10000}
runs=${3:-3}
[ -x "$migc" ] || { echo "check-bench: no migc at $migc (build first, or pass its path)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "check-bench: GNU time (/usr/bin/time) is needed for the peak memory" >&2; exit 1; }

. "$top/bench/lib.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Generate a history of $1 revisions in $dir/h$1: revision i (1-based) does step
# (i-1) % 3 on table t<k>.
generate() {
  mkdir -p "$dir/h$1"
  awk -v n="$1" -v out="$dir/h$1" 'BEGIN {
  prev = "base"; tables = 0
  for (i = 1; i <= n; i++) {
    id = sprintf("%04d_rev", i)
    f = out "/" id ".mig"
    printf "revision %s \"benchmark revision %d\";\nrevises %s;\n\nupgrade <\n", id, i, prev > f
    kind = (i - 1) % 3
    if (kind == 0) {
      tables++
      printf "  create_table t%d <\n    id Uint64 pk;\n    name Utf8 not null;\n    created_at Timestamp;\n  >\n", tables > f
    } else if (kind == 1) {
      printf "  add_column t%d <\n    extra_%d Utf8;\n  >\n", tables, i > f
    } else {
      printf "  create_index ix_t%d_%d on t%d (name);\n", tables, i, tables > f
    }
    printf ">\n" > f
    close(f)
    prev = id
  }
}'
}

printf '%10s %10s %8s\n' revisions seconds "peak MB"
IFS=, read -r -a list <<<"$lengths"
for revs in "${list[@]}"; do
  generate "$revs"
  bench_runs check-bench 0 "$runs" "$migc" check -q "$dir/h$revs"
  awk -v n="$revs" -v us="$bench_us" -v kb="$bench_kb" 'BEGIN { printf "%10d %10.3f %8.1f\n", n, us / 1e6, kb / 1024 }'
  rm -rf "$dir/h$revs"
done
