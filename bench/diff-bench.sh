#!/usr/bin/env bash
# diff-bench.sh - how long `migc diff` takes on a large schema.
#
#   bench/diff-bench.sh [MIGC] [TABLES] [RUNS]
#
# MIGC defaults to _build/migc, TABLES to 1000, RUNS to 5. The head is one revision that
# creates TABLES tables of 20 columns and an index each; the declared schema is the same
# with 50 changes (10 columns added, 10 dropped, 10 indexes created, 10 TTLs set, 5 tables
# created, 5 dropped). Prints one row per command: the median wall time in seconds and the
# peak resident memory of migc in MB (GNU time at /usr/bin/time). The goal: under 0.1 s for
# `migc diff --check` on 1000 tables. `migc diff -m` also writes the revision and checks
# it with the project (a second analysis). Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
migc=${1:-${MIGC:-$top/_build/migc}}
migc=$(cd "$(dirname "$migc")" && pwd)/$(basename "$migc")
tables=${2:-1000}
runs=${3:-5}
[ -x "$migc" ] || { echo "diff-bench: no migc at $migc (build first, or pass its path)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "diff-bench: GNU time (/usr/bin/time) is needed for the peak memory" >&2; exit 1; }

. "$top/bench/lib.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/p/migrations"

# table I as a create_table block; CHANGED: the declared schema's version of it
table() {
  awk -v i="$1" -v changed="$2" -v n="$tables" 'BEGIN {
  printf "create_table t%04d <\n  id Uint64 pk;\n", i
  for (c = 1; c <= 19; c++) {
    if (changed && i <= 10 && c == 19) continue                 # 10 columns dropped
    printf "  c%02d %s;\n", c, (c % 3 == 0) ? "Uint64" : (c % 3 == 1) ? "Utf8" : "Timestamp"
  }
  if (changed && i > 10 && i <= 20) printf "  added Utf8;\n"     # 10 columns added
  printf "  index ix_t%04d on (c01);\n", i
  if (changed && i > 20 && i <= 30) printf "  index ix2_t%04d on (c03);\n", i   # 10 indexes
  if (changed && i > 30 && i <= 40) printf "  ttl c02 after 30d;\n"              # 10 TTLs
  printf ">\n"
}'
}

{
  printf 'revision 0001_all "all tables";\nrevises base;\n\nupgrade <\n'
  for ((i = 1; i <= tables; i++)); do table "$i" 0; done
  printf '>\n'
} >"$dir/p/migrations/0001_all.mig"
{
  for ((i = 1; i <= tables - 5; i++)); do table "$i" 1; done          # 5 tables dropped
  for ((i = 1; i <= 5; i++)); do printf 'create_table new%d <\n  id Uint64 pk;\n  v Utf8;\n>\n' "$i"; done
} >"$dir/p/schema.mig"

cd "$dir/p"
measure() { # NAME ARGS...: one row
  local name=$1
  shift
  rm -f migrations/0002_bench.mig
  # --check exits 1 when it finds differences: that is its answer, not a failure
  bench_runs diff-bench 1 "$runs" sh -c 'rm -f migrations/0002_bench.mig; exec "$0" "$@"' "$migc" "$@"
  awk -v name="$name" -v us="$bench_us" -v kb="$bench_kb" 'BEGIN { printf "%-34s %10.3f %8.1f\n", name, us / 1e6, kb / 1024 }'
}

steps=$("$migc" diff --check 2>/dev/null | grep -c ';$' || true)
echo "$tables tables x 20 columns, the declared schema with 50 changes ($steps step lines)"
printf '%-34s %10s %8s\n' command seconds "peak MB"
measure "migc check" check -q
measure "migc diff --check" diff --check
measure "migc diff -m (writes and checks)" diff -m bench --rev-id 0002_bench
