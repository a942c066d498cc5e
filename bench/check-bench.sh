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

now_ns() { date +%s%N; }

printf '%10s %10s %8s\n' revisions seconds "peak MB"
IFS=, read -r -a list <<<"$lengths"
for revs in "${list[@]}"; do
  generate "$revs"
  times=()
  peak=0
  for ((r = 1; r <= runs; r++)); do
    t0=$(now_ns)
    rc=0
    /usr/bin/time -f '%M' -o "$dir/rss" "$migc" check -q "$dir/h$revs" >/dev/null 2>"$dir/stderr" || rc=$?
    t1=$(now_ns)
    if [ "$rc" -ne 0 ]; then
      echo "check-bench: migc check failed on $revs revisions (status $rc):" >&2
      head -n 20 "$dir/stderr" >&2
      exit 1
    fi
    times+=($(((t1 - t0) / 1000)))
    kb=$(tail -n 1 "$dir/rss")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  awk -v n="$revs" -v us="$median" -v kb="$peak" 'BEGIN { printf "%10d %10.3f %8.1f\n", n, us / 1e6, kb / 1024 }'
  rm -rf "$dir/h$revs"
done
