#!/usr/bin/env bash
# faults.sh - one lost call never aborts a run; retries are said and bounded.
#  - every ExecuteQuery of an upgrade (examples/blog plus counting data steps) answered with
#    GRPC_UNAVAILABLE or UNDETERMINED after it ran, or its connection dropped: the one run
#    completes (exit 0), and schema and data are the clean run's (the counter 1, nothing
#    applied twice);
#  - a DDL step after an INSERT ... SELECT copy, on fresh servers: no crash, the row copied;
#  - the server killed in the middle of a run: migrun says each retry on stderr and exits 5
#    within --retry-budget (plus a little), naming the option; bad budgets are refused.
# Under valgrind (VALGRIND set) or with ONLINE_QUICK=1 the fault loops take fewer calls (fault_calls).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

. "$top_srcdir/tests/sim.sh"

counter_project

# ---- the clean run, and how many ExecuteQuery calls it makes
start_sim_state "$scratch/clean.state" --log-calls "$scratch/calls.log"
run --timeout 120 "$MIGRUN" upgrade head --url "$url"
check_status "clean run: exit 0" 0
stop_sim
catalog "$scratch/clean.state" >"$scratch/clean.cat"
check_grep "clean run: the counter is 1" "$scratch/clean.cat" "^h$(hx /local/counter) row U1 U1\$"
nq=$(count_queries)

# ---- each ExecuteQuery failed in turn: one run completes, as the clean run
kind=0
for fault in GRPC_UNAVAILABLE:after UNDETERMINED:after drop; do
  bad=0
  for n in $(fault_calls "$nq" "$kind"); do
    fault_flags "$fault" "$n:ExecuteQuery"
    start_sim_state "$scratch/run.state" "${f[@]}"
    run --timeout 120 "$MIGRUN" upgrade head --url "$url"
    stop_sim
    like_clean "$fault at ExecuteQuery $n" "$scratch/clean.cat" "$scratch/run.state" || bad=1
  done
  [ "$bad" = 0 ] && pass "$fault at $(fault_span "$nq" "$kind") (ExecuteQuery): one run completes, each step applied once"
  kind=$((kind + 1))
done

# ---- a DDL step after an INSERT ... SELECT copy (ydbsim's transaction used to keep a pointer
# into a table list that the SELECT's table moved: a crash, now and then, at the next step)
mkdir -p "$scratch/copy/migrations"
cat >"$scratch/copy/migrations/0001_copy.mig" <<'MIG'
revision 0001_copy "a copy into a new table, then a column on it";
revises base;
upgrade <
  create_table users <
    id Uint64 pk;
    n  Uint32;
  >
  yql """UPSERT INTO users (id, n) VALUES (1ul, 2u);""";
  create_table users_new <
    id Uint64 pk;
    n  Uint64;
  >
  yql """INSERT INTO users_new (id, n) SELECT id, n FROM users;""";
  add_column users_new <
    m Utf8;
  >
>
downgrade irreversible;
MIG
cd "$scratch/copy" && run "$MIGC" build && :; cd "$proj"
check_status "copy then DDL: migc build" 0
bad=0
for i in 1 2 3 4 5; do
  start_sim_state "$scratch/copy.state"
  cd "$scratch/copy" && run --timeout 60 "$MIGRUN" upgrade head --url "$url" && :; cd "$proj"
  [ "$status" = 0 ] || { bad=1; fail "copy then DDL, run $i: exit 0" "$(describe_status "$status"):" "$err"; }
  nf=$nfailed
  stop_sim
  [ "$nfailed" = "$nf" ] || bad=1
  if ! grep -qx "h$(hx /local/users_new) row U1 U2 N" <(catalog "$scratch/copy.state"); then
    bad=1; fail "copy then DDL, run $i: the row copied" "" "$scratch/copy.state"
  fi
done
[ "$bad" = 0 ] && pass "copy then DDL, 5 fresh servers: each run completes, the row copied, the server stops cleanly"

# ---- the server killed mid-run: retries said, and bounded by --retry-budget
start_sim_state - --delay 700:ExecuteQuery
killed_sim=$sim_pid
budget=3
t0=$(date +%s)
"$MIGRUN" upgrade head --url "$url" --retry-budget "$budget" >"$scratch/k.out" 2>"$scratch/k.err" &
mpid=$!
sleep 2
kill -9 "$killed_sim" 2>/dev/null
wait "$killed_sim" 2>/dev/null
sim_pid=
tk=$(date +%s)
wait "$mpid"
kstatus=$?
t1=$(date +%s)
status=$kstatus
err=$scratch/k.err
check_status "server killed: exit 5" 5
if [ $((t1 - tk)) -le $((budget + 4)) ]; then pass "server killed: migrun exits within --retry-budget $budget s (+4 s)"
else fail "server killed: migrun exits within --retry-budget $budget s (+4 s)" "it took $((t1 - tk)) s after the kill" "$err"; fi
check_grep "server killed: each retry said" "$err" '^migrun: retrying: [A-Z_]+( \(gRPC\))?, attempt [0-9]+, next in [0-9]+ m?s'
check_grep "server killed: the message names the option" "$err" 'retry budget was spent \(--retry-budget SECONDS, or retry_budget in mig.ini\)'

# ---- the option's values
run "$MIGRUN" status --url grpc://127.0.0.1:1/local --retry-budget 0
check_status "--retry-budget 0: exit 2" 2
check_grep "--retry-budget 0: says which" "$err" '--retry-budget takes seconds \(1 to 86400\), not "0"'
export MIG_RETRY_BUDGET=soon
run "$MIGRUN" status --url grpc://127.0.0.1:1/local
unset MIG_RETRY_BUDGET
check_status "MIG_RETRY_BUDGET=soon: exit 2" 2
check_grep "MIG_RETRY_BUDGET=soon: says which" "$err" 'retry_budget takes seconds \(1 to 86400\), not "soon"'
run "$MIGRUN" upgrade --help
check_grep "upgrade --help: the option" "$out" '--retry-budget SECONDS'
finish
