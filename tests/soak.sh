#!/usr/bin/env bash
# soak.sh - migrun upgrades examples/blog plus a counting data step on a tests/ydbsim that
# fails a random 20 % of calls (YDB's retryable statuses, UNDETERMINED and lost connections
# before or after the call ran, dropped connections: ydbsim --fail-random 20 --seed N).
# Each run must finish on its first try, and leave the schema and the data exactly as a
# run with no faults does: the counter incremented once.
#
# SOAK_RUNS (default 50; 5 under valgrind) runs, with seeds SOAK_SEED+1 .. SOAK_SEED+RUNS
# (SOAK_SEED defaults to a fresh number, printed). A failure prints its seed; replay it with
#   SOAK_SEED=<seed - 1> SOAK_RUNS=1 make check TESTS=tests/soak.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"
: "${MIGC:?MIGC must name the migc program}"
: "${YDBSIM:?YDBSIM must name tests/ydbsim/ydbsim}"
# as in online.sh: LeakSanitizer's tracer may crash at exit while grpc's threads stop
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=98}:detect_leaks=0"
bld=$(cd "$(dirname "$MIGRUN")" && pwd)
: "${MIGRUN_DRIVER:=$bld/.libs/migrun-ydb.so}"
export MIGRUN_DRIVER
unset YDB_CONNECTION_STRING YDB_ACCESS_TOKEN_CREDENTIALS YDB_STATIC_CREDENTIALS_USER YDB_STATIC_CREDENTIALS_PASSWORD \
  YDB_USER YDB_PASSWORD YDB_ANONYMOUS_CREDENTIALS MIG_CONFIG MIG_RETRY_BUDGET

if [ -n "$VALGRIND" ]; then runs=${SOAK_RUNS:-5}; else runs=${SOAK_RUNS:-50}; fi
seed0=${SOAK_SEED:-$(( ($(date +%s) % 100000) * 1000 ))}
echo "# soak: $runs runs, seeds $((seed0 + 1)) to $((seed0 + runs))"

. "$top_srcdir/tests/simlib.sh"

umask 022
proj=$scratch/blog
mkdir -p "$proj"
cp -r "$top_srcdir/examples/blog/migrations" "$proj/"
chmod -R u+w "$proj"
cat >"$proj/migrations/0005_counter.mig" <<'MIG'
revision 0005_counter "a counter and the data steps that set it";
revises 0004_financial_records;
upgrade <
  create_table soak_counter <
    id Uint64 pk;
    n  Uint64;
  >
  yql """UPSERT INTO soak_counter (id, n) VALUES (1ul, 0ul);""";
  yql """UPDATE soak_counter SET n = n + 1ul WHERE id = 1ul;""";
  yql """UPSERT INTO users (id, username, email) VALUES (1ul, "soak"u, "soak@example.com"u);""";
>
downgrade < drop_table soak_counter; >
MIG
cd "$proj" || exit 1
run "$MIGC" build
check_status "migc build (examples/blog + a data step)" 0

# ---- the clean run: what every faulted run must leave
start_sim "$scratch/clean.state"
run --timeout 120 "$MIGRUN" upgrade head --url "$url"
check_status "clean run: exit 0" 0
stop_sim
catalog "$scratch/clean.state" >"$scratch/clean.cat"
counter_row="h$(hx /local/soak_counter) row U1 U1"
if grep -qx -- "$counter_row" "$scratch/clean.cat"; then pass "clean run: the counter is 1"
else fail "clean run: the counter is 1" "the saved catalog:" "$scratch/clean.cat"; fi
if grep -q "^h$(hx /local/mig_version_lock) row" "$scratch/clean.cat"; then
  fail "clean run: the lock is released" "" "$scratch/clean.cat"
fi

# ---- the faulted runs
bad=0
slowest=0
for i in $(seq 1 "$runs"); do
  seed=$((seed0 + i))
  start_sim "$scratch/run.state" --fail-random 20 --seed "$seed" --log-calls "$scratch/calls.log"
  t0=$(date +%s)
  run --timeout 170 "$MIGRUN" upgrade head --url "$url"
  t=$(($(date +%s) - t0))
  [ "$t" -gt "$slowest" ] && slowest=$t
  stop_sim
  nfaults=$(grep -c 'fault=' "$scratch/calls.log")
  if [ "$status" != 0 ]; then
    bad=1
    fail "seed $seed: the run completes on its first try ($nfaults faults)" "$(describe_status "$status"); replay with ydbsim --fail-random 20 --seed $seed:" "$err"
    continue
  fi
  catalog "$scratch/run.state" >"$scratch/run.cat"
  if ! cmp -s "$scratch/clean.cat" "$scratch/run.cat"; then
    bad=1
    diff "$scratch/clean.cat" "$scratch/run.cat" >"$scratch/diff"
    fail "seed $seed: schema and data as the clean run's ($nfaults faults)" "replay with ydbsim --fail-random 20 --seed $seed; clean vs this run:" "$scratch/diff"
  fi
done
[ "$bad" = 0 ] && pass "$runs runs with 20 % of calls failed: each completes at once, schema and data as the clean run's, the counter 1 (slowest ${slowest} s)"
finish
