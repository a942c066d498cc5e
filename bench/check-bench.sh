#!/usr/bin/env bash
# check-bench.sh - how long `migc check` takes on a 1 000-revision linear history.
#
#   bench/check-bench.sh [MIGC] [REVISIONS] [RUNS]
#
# MIGC defaults to _build/main/migc, REVISIONS to 1000, RUNS to 5.
# Each revision creates a table, adds a column or creates an index (in turn).
# Prints a table with the revision count and the median wall time. Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
migc=${1:-${MIGC:-$top/_build/main/migc}}
revs=${2:-1000}
runs=${3:-5}
[ -x "$migc" ] || { echo "check-bench: no migc at $migc (build first, or pass its path)" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/migrations"

# Generate the history: revision i (1-based) does step (i-1) % 3 on table t<k>.
awk -v n="$revs" -v out="$dir/migrations" 'BEGIN {
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

now_ms() { echo $(($(date +%s%N) / 1000000)); }

times=()
for ((r = 1; r <= runs; r++)); do
  t0=$(now_ms)
  rc=0
  "$migc" check -q "$dir/migrations" >/dev/null 2>"$dir/stderr" || rc=$?
  t1=$(now_ms)
  if [ "$rc" -ne 0 ]; then
    echo "check-bench: migc check failed (status $rc):" >&2
    head -n 20 "$dir/stderr" >&2
    exit 1
  fi
  times+=($((t1 - t0)))
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }')

printf '%-14s %10s %6s %12s  %s\n' benchmark revisions runs "median ms" "all runs (ms)"
printf '%-14s %10d %6d %12d  %s\n' "migc check" "$revs" "$runs" "$median" "${times[*]}"
