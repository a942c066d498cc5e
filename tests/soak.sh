#!/usr/bin/env bash
# soak.sh - migrun upgrades examples/blog plus a counting data step on a tests/ydbsim that
# fails a random 20 % of calls (YDB's retryable statuses, UNDETERMINED and lost connections
# before or after the call ran, dropped connections: ydbsim --fail-random 20 --seed N).
# Each run must finish on its first try, and leave the schema and the data exactly as a
# run with no faults does: the counter incremented once.
#
# SOAK_RUNS (default 50; 5 under valgrind, 10 with ONLINE_QUICK=1) runs, with seeds SOAK_SEED+1 .. SOAK_SEED+RUNS
# (SOAK_SEED defaults to a fresh number, printed). A failure prints its seed; replay it with
#   SOAK_SEED=<seed - 1> SOAK_RUNS=1 make check TESTS=tests/soak.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

. "$top_srcdir/tests/sim.sh"

if [ -n "$VALGRIND" ]; then runs=${SOAK_RUNS:-5}; elif [ -n "${ONLINE_QUICK:-}" ]; then runs=${SOAK_RUNS:-10}
else runs=${SOAK_RUNS:-50}; fi
seed0=${SOAK_SEED:-$(( ($(date +%s) % 100000) * 1000 ))}
echo "# soak: $runs runs, seeds $((seed0 + 1)) to $((seed0 + runs))"

counter_project

# ---- the clean run: what every faulted run must leave
start_sim_state "$scratch/clean.state"
run --timeout 120 "$MIGRUN" upgrade head --url "$url"
check_status "clean run: exit 0" 0
stop_sim
catalog "$scratch/clean.state" >"$scratch/clean.cat"
counter_row="h$(hx /local/counter) row U1 U1"
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
  start_sim_state "$scratch/run.state" --fail-random 20 --seed "$seed" --log-calls "$scratch/calls.log"
  t0=$(date +%s)
  run --timeout 170 "$MIGRUN" upgrade head --url "$url"
  t=$(($(date +%s) - t0))
  [ "$t" -gt "$slowest" ] && slowest=$t
  stop_sim
  like_detail="$(grep -c 'fault=' "$scratch/calls.log") faults; replay with ydbsim --fail-random 20 --seed $seed"
  like_clean "seed $seed" "$scratch/clean.cat" "$scratch/run.state" || bad=1
done
[ "$bad" = 0 ] && pass "$runs runs with 20 % of calls failed: each completes at once, schema and data as the clean run's, the counter 1 (slowest ${slowest} s)"
finish
