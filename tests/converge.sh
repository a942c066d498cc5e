#!/usr/bin/env bash
# converge.sh - every call of a migrun run against tests/ydbsim failed or dropped in turn,
# then a plain rerun converges: examples/blog upgraded (each call answered GENERIC_ERROR
# before or after it ran, UNDETERMINED, or its connection dropped) and downgraded to base;
# schema steps on one table with counting yql steps between them, each step run once;
# transient statuses retried within one run.
# ONLINE_QUICK=1 and a run under valgrind (VALGRIND set) inject at fewer calls (fault_calls
# in lib.sh): the plain build's run takes them all.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
# migrun, migc, ydbsim and the driver; ydbsim started per scenario, always stopped
. "$top_srcdir/tests/sim.sh"

# ---- the example, built into a scratch project
blog_project

# ---- the example upgraded once, every call logged: the calls the fault loops fail
start_sim --log-calls "$scratch/calls.log"
m upgrade head
[ "$status" = 0 ] || fail "upgrade head (for the call count): exit 0" "$(describe_status "$status")" "$err"
ncalls=$(wc -l <"$scratch/calls.log")

# ---- every call failed or dropped in turn, then a plain rerun converges
kind=0
for fault in "GENERIC_ERROR:before" "GENERIC_ERROR:after" "UNDETERMINED:after" drop; do
  bad=0
  for n in $(fault_calls "$ncalls" "$kind"); do
    fault_flags "$fault" "$n"
    start_sim "${f[@]}"
    run --timeout 120 "$MIGRUN" upgrade head --url "$url" --lock-wait 5
    first=$status
    cp "$err" "$scratch/first.err"
    if [ "$first" -ge 90 ]; then bad=1; fail "fault $fault at call $n: first run ended cleanly" "$(describe_status "$first")" "$err"; fi
    run --timeout 120 "$MIGRUN" upgrade head --url "$url" --lock-wait 150
    if [ "$status" != 0 ]; then
      bad=1
      fail "fault $fault at call $n: the rerun converges" "$(describe_status "$status"); first run $first:" "$err"
      show_file "$scratch/first.err"
      continue
    fi
    m status
    if [ "$(grep -c '^  applied   ' "$out")" != 4 ]; then bad=1; fail "fault $fault at call $n: 4 applied" "" "$out"; fi
    m check
    if [ "$status" != 0 ]; then bad=1; fail "fault $fault at call $n: schema as expected" "" "$out"; fi
  done
  [ "$bad" = 0 ] && pass "fault $fault at $(fault_span "$ncalls" "$kind"): the rerun converges to the head schema"
  kind=$((kind + 1))
done

# ---- a downgrade to base failed or dropped at every call, then a plain rerun converges.
# The server counts every call: the downgrade's Nth is the upgrade's count plus N.
start_sim --log-calls "$scratch/dcalls.log"
m upgrade head
ucalls=$(wc -l <"$scratch/dcalls.log")
m downgrade base
check_status "downgrade base (for the call count): exit 0" 0
dcalls=$(($(wc -l <"$scratch/dcalls.log") - ucalls))
kind=0
for fault in "GENERIC_ERROR:after" drop; do
  bad=0
  for n in $(fault_calls "$dcalls" "$kind"); do
    k=$((ucalls + n))
    fault_flags "$fault" "$k"
    start_sim "${f[@]}"
    m upgrade head
    if [ "$status" != 0 ]; then bad=1; fail "downgrade fault $fault at call $n: the upgrade before it" "" "$err"; continue; fi
    run --timeout 120 "$MIGRUN" downgrade base --url "$url" --lock-wait 5
    first=$status
    if [ "$first" -ge 90 ]; then bad=1; fail "downgrade fault $fault at call $n: first run ended cleanly" "$(describe_status "$first")" "$err"; fi
    run --timeout 120 "$MIGRUN" downgrade base --url "$url" --lock-wait 150
    if [ "$status" != 0 ]; then bad=1; fail "downgrade fault $fault at call $n: the rerun converges" "$(describe_status "$status")" "$err"; continue; fi
    m stamp head
    m check
    if [ "$(grep -c 'is expected, but does not exist' "$out")" != 3 ]; then
      bad=1; fail "downgrade fault $fault at call $n: every table gone" "" "$out"
    fi
  done
  [ "$bad" = 0 ] && pass "downgrade fault $fault at $(fault_span "$dcalls" "$kind"): the rerun reaches base"
  kind=$((kind + 1))
done

# ---- schema steps on one table (they share no progress record, so migrun records before
# the second), yql between them and a counting yql step; every call failed or dropped in
# turn, then a plain rerun converges: the schema as expected and the count exactly 1 (the
# last step, a c step, checks it: a step run twice would leave 2).
start_sim --log-calls "$scratch/scalls.log"
mkdir -p "$scratch/same/migrations"
cat >"$scratch/same/migrations/0001_same.mig" <<'MIG'
revision 0001_same "schema steps on one table and a counting yql step";
revises base;
upgrade <
  create_table t <
    id Uint64 pk;
    n  Uint64;
  >
  add_column t <
    a Utf8;
  >
  yql """UPSERT INTO t (id, n) VALUES (1ul, 0ul);""";
  add_column t <
    b Utf8;
  >
  add_column t <
    c Utf8;
  >
  yql """UPDATE t SET n = n + 1ul WHERE id = 1ul;""";
  create_table u <
    id Uint64 pk;
  >
  add_column u <
    x Utf8;
  >
  add_column t <
    d Utf8;
  >
  c """
    mig_rows *r = NULL;
    if (mig_exec("SELECT n FROM t WHERE id = 1ul;", NULL, 0, &r)) return -1;
    int ok = api->rows_next(r) && api->rows_text(r, 0) && strcmp(api->rows_text(r, 0), "1") == 0;
    if (!ok) mig_log(MIG_LOG_ERROR, "n is %s, not 1", api->rows_text(r, 0) ? api->rows_text(r, 0) : "NULL");
    api->rows_free(r);
    return ok ? 0 : -1;
  """;
>
downgrade <
  drop_table u;
  drop_table t;
>
MIG
cd "$scratch/same" && run "$MIGC" build && :; cd "$proj"
check_status "same-table steps: migc build" 0
cd "$scratch/same" && run --timeout 60 "$MIGRUN" upgrade head --url "$url" && :; cd "$proj"
check_status "same-table steps: upgrade exit 0" 0
scalls=$(wc -l <"$scratch/scalls.log")
kind=0
for fault in "GENERIC_ERROR:after" "UNDETERMINED:after" drop; do
  bad=0
  for n in $(fault_calls "$scalls" "$kind"); do
    fault_flags "$fault" "$n"
    start_sim "${f[@]}"
    cd "$scratch/same" && run --timeout 120 "$MIGRUN" upgrade head --url "$url" --lock-wait 5 && :; cd "$proj"
    first=$status
    cp "$err" "$scratch/first.err"
    cd "$scratch/same" && run --timeout 120 "$MIGRUN" upgrade head --url "$url" --lock-wait 150 && :; cd "$proj"
    if [ "$status" != 0 ]; then
      bad=1
      fail "same-table steps, fault $fault at call $n: the rerun converges" "$(describe_status "$status"); first run $first:" "$err"
      show_file "$scratch/first.err"
      continue
    fi
    cd "$scratch/same" && run --timeout 60 "$MIGRUN" check --url "$url" && :; cd "$proj"
    if [ "$status" != 0 ]; then bad=1; fail "same-table steps, fault $fault at call $n: schema as expected" "" "$out"; fi
  done
  [ "$bad" = 0 ] && pass "same-table steps, fault $fault at $(fault_span "$scalls" "$kind"): converges, each step once"
  kind=$((kind + 1))
done

# ---- transient statuses: retried, the run completes
start_sim --fail 4:UNAVAILABLE --fail 9:OVERLOADED --fail 15:UNAVAILABLE --fail 22:OVERLOADED --fail 30:GRPC_UNAVAILABLE
m upgrade head
check_status "transient UNAVAILABLE/OVERLOADED: upgrade exit 0" 0
expect_head "after transient faults"

finish
