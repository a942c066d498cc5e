#!/usr/bin/env bash
# backfill-bench.sh - a `backfill` step beside one plain UPDATE (a `yql` step) on ydbsim.
#
#   bench/backfill-bench.sh [BUILD_DIR] [ROWS] [RUNS]      (make bench-backfill)
#
# BUILD_DIR defaults to _build (it needs migc, migrun, the driver module and the test
# programs tests/ydbsim/ydbsim and tests/ydb/yqlrun: make check, or make bench-backfill,
# builds them), ROWS to 100000, RUNS to 3. A table items (id Uint64 pk, n Int32, note Utf8)
# gets ROWS rows; then each of two revisions runs on a fresh copy of that database:
# `backfill items set n = "n + 1", note = "'done'u";` (the default batch, 1000 rows) and
# `yql """UPDATE items SET n = n + 1, note = 'done'u;""";`. Prints one row each: the median
# wall time of `migrun upgrade head` in seconds, rows per second, the pages (backfill_page
# events of --json), the query calls (ExecuteQuery and ExecuteDataQuery, counted with
# ydbsim's --log-calls) and, for the backfill, those calls per page beyond the UPDATE run's
# (what the run costs besides its step: the lock, the version table), and migrun's peak
# resident memory (GNU time at /usr/bin/time). ydbsim is an in-memory test server: the
# figures measure migrun's work and its round trips, not YDB's. Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build}
rows=${2:-100000}
runs=${3:-3}
build=$(cd "$build" && pwd)
migc=$build/migc
migrun=$build/migrun
ydbsim=$build/tests/ydbsim/ydbsim
yqlrun=$build/tests/ydb/yqlrun
export MIGRUN_DRIVER=${MIGRUN_DRIVER:-$build/.libs/migrun-ydb.so}
for x in "$migc" "$migrun" "$ydbsim" "$yqlrun" "$MIGRUN_DRIVER"; do
  [ -e "$x" ] || { echo "backfill-bench: no $x (make bench-backfill builds it, or pass the build directory)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "backfill-bench: GNU time (/usr/bin/time) is needed for the peak memory" >&2; exit 1; }
unset YDB_CONNECTION_STRING MIG_CONFIG MIG_VERSION_TABLE

. "$top/bench/lib.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-bfbench.XXXXXX")
pid=
keep=${KEEP:-} # KEEP=1: leave the scratch directory (its path: TMPDIR) for a look
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap 'stop; [ -n "$keep" ] || rm -rf "$dir"' EXIT
umask 022

# project NAME STEP: migrations of 0001 (the table) and 0002 (STEP), built into $dir/NAME
project() {
  mkdir -p "$dir/$1/migrations"
  printf 'revision 0001_items "items";\nrevises base;\nupgrade <\n  create_table items <\n    id Uint64 pk;\n    n Int32;\n    note Utf8;\n  >\n>\n' \
    >"$dir/$1/migrations/0001_items.mig"
  printf 'revision 0002_fill "fill n and note";\nrevises 0001_items;\nupgrade <\n  %s\n>\ndowngrade irreversible;\n' "$2" \
    >"$dir/$1/migrations/0002_fill.mig"
  (cd "$dir/$1" && "$migc" build)
}
project backfill "backfill items set n = \"n + 1\", note = \"'done'u\";"
project update "yql \"\"\"UPDATE items SET n = n + 1, note = 'done'u;\"\"\";"

# sim STATE ARGS...: a ydbsim keeping its catalog in STATE, on a free loopback port ($url)
sim() {
  local state=$1
  shift
  "$ydbsim" --listen 127.0.0.1:0 --state "$state" "$@" >"$dir/sim.out" 2>"$dir/sim.err" &
  pid=$!
  local port=
  for _ in $(seq 1 200); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/sim.out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "backfill-bench: ydbsim did not start:" >&2; cat "$dir/sim.err" >&2; exit 1; }
  url=grpc://127.0.0.1:$port/local
}

# the table and its rows, saved once (UPSERTs of 10 000 rows each)
sim "$dir/base.state"
(cd "$dir/backfill" && "$migrun" upgrade 0001_items --url "$url" >/dev/null)
awk -v n="$rows" 'BEGIN {
  for (i = 1; i <= n; i++) {
    if (i % 10000 == 1) printf "UPSERT INTO items (id, n) VALUES "
    printf "%s(%dul, 0)", (i % 10000 == 1 ? "" : ", "), i
    if (i % 10000 == 0 || i == n) print ";"
  }
}' >"$dir/rows.sql"
"$yqlrun" "$url" "$dir/rows.sql" >/dev/null
stop

# measure NAME: RUNS upgrades of project NAME, each on a fresh copy of the rows; one row
measure() {
  local name=$1 r times=() kb=0 calls pages
  for ((r = 1; r <= runs; r++)); do
    cp "$dir/base.state" "$dir/run.state"
    rm -f "$dir/calls.log"
    sim "$dir/run.state" --log-calls "$dir/calls.log"
    cd "$dir/$name"
    bench_runs backfill-bench 0 1 sh -c 'exec "$0" upgrade head --json --url "$1" >"$2"' "$migrun" "$url" "$dir/$name.json"
    cd "$dir"
    times+=("$bench_us")
    [ "$bench_kb" -gt "$kb" ] && kb=$bench_kb
    stop
    calls=$(grep -cE '/(ExecuteQuery|ExecuteDataQuery) ' "$dir/calls.log" || true)
  done
  pages=$(grep -c '"event":"backfill_page"' "$dir/$name.json" || true)
  local us
  us=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  eval "${name}_calls=$calls ${name}_pages=$pages ${name}_us=$us ${name}_kb=$kb"
}
measure backfill
measure update

per_page=$(awk -v b="$backfill_calls" -v u="$update_calls" -v p="$backfill_pages" 'BEGIN { printf "%.2f", p ? (b - u + 1) / p : 0 }')
echo "$rows rows (id Uint64 pk, n Int32, note Utf8) on ydbsim; median of $runs runs"
printf '%-38s %9s %10s %6s %7s %10s %8s\n' step seconds "rows/s" pages calls "calls/page" "peak MB"
row() { # LABEL US PAGES CALLS PER_PAGE KB
  awk -v l="$1" -v us="$2" -v n="$rows" -v p="$3" -v c="$4" -v pp="$5" -v kb="$6" \
    'BEGIN { printf "%-38s %9.2f %10.0f %6s %7d %10s %8.1f\n", l, us / 1e6, n / (us / 1e6), p, c, pp, kb / 1024 }'
}
row "backfill (batch 1000)" "$backfill_us" "$backfill_pages" "$backfill_calls" "$per_page" "$backfill_kb"
row "yql: one UPDATE" "$update_us" - "$update_calls" - "$update_kb"
echo "calls: the upgrade's ExecuteQuery/ExecuteDataQuery calls; calls/page: the backfill step's"
echo "(its run's calls beyond the UPDATE run's, plus the UPDATE's one) over its pages"
