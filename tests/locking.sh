#!/usr/bin/env bash
# locking.sh - several migruns and time, against tests/ydbsim: 8 concurrent upgrades of
# examples/blog applying each revision once; the migration lock shown while held, refused
# without waiting, left by a killed migrun and broken with unlock --force; the heartbeat
# keeping the lock through a step longer than the lease, and a lock broken under a running
# step stopping the run; a killed holder's lock expiring with its lease; --statement-timeout
# reaching a step's statements but not migrun's own bookkeeping.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
# migrun, migc, ydbsim and the driver; ydbsim started per scenario, always stopped
. "$top_srcdir/tests/sim.sh"

# ---- the example, built into a scratch project
blog_project

# ---- 8 concurrent upgrades: each revision applied once
start_sim
pids=()
for i in 1 2 3 4 5 6 7 8; do
  timeout -k 5 120 "$MIGRUN" upgrade head --url "$url" --lock-wait 100 >"$scratch/c$i.out" 2>"$scratch/c$i.err" &
  pids+=($!)
done
okc=0
for i in 1 2 3 4 5 6 7 8; do
  s=0
  wait "${pids[$((i - 1))]}" || s=$?
  if [ "$s" = 0 ]; then okc=$((okc + 1))
  elif [ "$s" = 1 ] && grep -q 'another migrun holds the migration lock: .*pid [0-9]' "$scratch/c$i.err"; then :
  else fail "concurrent upgrade $i ended cleanly" "status $s" "$scratch/c$i.err"; fi
done
[ "$okc" -ge 1 ] && pass "concurrent upgrades: $okc of 8 exit 0, the others name the holder"
for r in 0001_create_users 0002_add_posts 0003_add_user_status 0004_financial_records; do
  n=$(cat "$scratch"/c*.out | grep -c "^    $r applied in")
  if [ "$n" = 1 ]; then pass "concurrent upgrades: $r applied exactly once"
  else fail "concurrent upgrades: $r applied exactly once" "applied $n times"; fi
done
expect_head "after concurrent upgrades"
m lock
check_grep "concurrent upgrades: no lock left" "$out" '^No migration lock is held'

# ---- the lock: shown while held, refused without waiting, left by a killed migrun, broken.
# The holder is the example plus a revision whose c step waits for a gate file, so it holds
# the lock for exactly as long as the test needs (however slow the machine or valgrind).
gated=$scratch/gated
mkdir -p "$gated"
cp -r "$proj/migrations" "$gated/"
cat >"$gated/migrations/0005_gate.mig" <<'MIG'
revision 0005_gate "a c step that waits until $MIG_TEST_GATE exists";
revises 0004_financial_records;
upgrade <
  c """
    extern char *getenv(const char *);
    extern int access(const char *, int);
    extern int usleep(unsigned int);
    const char *gate = getenv("MIG_TEST_GATE");
    while (gate && access(gate, 0) != 0) usleep(20000);
    return 0;
  """;
  create_table gate_done <
    id Uint64 pk;
  >
>
downgrade < drop_table gate_done; >
MIG
cd "$gated" && run "$MIGC" build && :; cd "$proj"
check_status "gated project: migc build" 0
# g ARGS...: migrun in the gated project
g() { cd "$gated" && run --timeout 120 "$MIGRUN" "$@" --url "$url" && :; cd "$proj"; }
# hold_lock LEASE GATE: a migrun that takes the lock and waits at the gate; sets bg
hold_lock() {
  (cd "$gated" && MIG_TEST_GATE=$2 exec "$MIGRUN" upgrade head --url "$url" --lock-lease "$1") \
    >"$scratch/bg.out" 2>"$scratch/bg.err" &
  bg=$!
  local i
  for i in $(seq 1 600); do
    sed -n '/upgrade 0005_gate/,$p' "$scratch/bg.out" 2>/dev/null | grep -q 'step 1/2 c' && return 0
    kill -0 "$bg" 2>/dev/null || break
    sleep 0.1
  done
  fail "the lock holder reaches its gate (step 1/2 of 0005_gate)" "it did not within 60 s" "$scratch/bg.out"
}
start_sim
hold_lock 120 "$scratch/gate1"
g lock
check_grep "lock: shows the holder" "$out" "^Locked by .*@.* pid $bg since "
g upgrade head --lock-wait 0
check_status "upgrade while locked, --lock-wait 0: exit 1" 1
check_grep "upgrade while locked: names the holder" "$err" "another migrun holds the migration lock: .* pid $bg "
g unlock
check_status "unlock of a live lock without --force: exit 1" 1
kill -0 "$bg" 2>/dev/null && pass "the holder was still waiting at its gate" || fail "the holder was still waiting at its gate" "it ended" "$scratch/bg.err"
kill -9 "$bg"
wait "$bg" 2>/dev/null
g lock
check_grep "killed migrun: its lock stays" "$out" "^Locked by .* pid $bg "
g unlock --force
check_status "unlock --force: exit 0" 0
g lock
check_grep "unlock --force: the lock is gone" "$out" '^No migration lock is held'
g upgrade head
check_status "after a killed migrun: the rerun completes" 0
g status
check_grep "after a killed migrun: 5 revisions applied" "$out" '^5 applied, 0 pending, 0 partially applied$'
g check
check_status "after a killed migrun: migrun check (live schema = expected)" 0

# ---- the heartbeat: a step that outlasts the lease keeps the lock; a lock broken under a
# running step stops the run before its next step
start_sim
hold_lock 3 "$scratch/gate3"
sleep 5
g upgrade head --lock-wait 0
check_status "a step longer than the lease: the lock is still held (exit 1)" 1
check_grep "a step longer than the lease: the holder is named" "$err" "another migrun holds the migration lock: .* pid $bg "
touch "$scratch/gate3"
s=0; wait "$bg" || s=$?
if [ "$s" = 0 ]; then pass "a step longer than the lease: the holder completes"
else fail "a step longer than the lease: the holder completes" "exit $s" "$scratch/bg.err"; fi
g status
check_grep "a step longer than the lease: 5 revisions applied" "$out" '^5 applied, 0 pending, 0 partially applied$'
g lock
check_grep "a step longer than the lease: the lock released" "$out" '^No migration lock is held'

start_sim
hold_lock 3 "$scratch/gate4"
g unlock --force
check_status "a lock broken under a running step: unlock --force exit 0" 0
sleep 2
touch "$scratch/gate4"
s=0; wait "$bg" || s=$?
if [ "$s" = 1 ]; then pass "a lock broken under a running step: the holder stops (exit 1)"
else fail "a lock broken under a running step: the holder stops (exit 1)" "exit $s" "$scratch/bg.err"; fi
check_grep "a lock broken under a running step: says so" "$scratch/bg.err" "the migration lock is no longer this migrun's"
check_no_grep "a lock broken under a running step: the next step did not run" "$scratch/bg.out" 'step 2/2 create_table gate_done'
g status
check_grep "a lock broken under a running step: the revision is partial" "$out" 'PARTIAL   0005_gate  \(applying: 1 of 2'
g upgrade head
check_status "a lock broken under a running step: the rerun completes" 0
g check
check_status "a lock broken under a running step: migrun check after the rerun" 0

# ---- a killed holder's lock expires by itself with its lease
start_sim
hold_lock 2 "$scratch/gate2"
g lock
check_grep "short lease: the lock is held" "$out" "^Locked by .* pid $bg "
kill -9 "$bg"
wait "$bg" 2>/dev/null
sleep 3
g upgrade head --lock-wait 0
check_status "a killed holder's lock expired: the rerun takes it and completes" 0
g status
check_grep "after the expired lock: 5 revisions applied" "$out" '^5 applied, 0 pending, 0 partially applied$'
g check
check_status "after the expired lock: migrun check (live schema = expected)" 0

# ---- --statement-timeout: a step's statements get it, migrun's own bookkeeping does not.
# Every ExecuteQuery answers 1.5 s late: the bookkeeping (60 s deadline) goes through, the
# step statements (1 s) time out; the DDL's outcome is then read from the live schema, the
# data step fails and is named.
start_sim --delay 1500:ExecuteQuery
mkdir -p "$scratch/slow/migrations"
cat >"$scratch/slow/migrations/0001_slow.mig" <<'MIG'
revision 0001_slow "a table, then a data step";
revises base;
upgrade <
  create_table s <
    id Uint64 pk;
  >
  yql """UPSERT INTO s (id) VALUES (1ul);""";
>
downgrade < drop_table s; >
MIG
cd "$scratch/slow" && run "$MIGC" build && :; cd "$proj"
cd "$scratch/slow" && run --timeout 120 "$MIGRUN" upgrade head --url "$url" --statement-timeout 1 && :; cd "$proj"
check_status "--statement-timeout 1 on a slow database: exit 5" 5
check_grep "--statement-timeout: the DDL's outcome read from the live table" "$out" 'step 1/2 create_table s \.\.\. ok'
check_grep "--statement-timeout: the data step is named" "$err" 'step 2/2 \(yql.*\) of revision "0001_slow" failed'
check_grep "--statement-timeout: the deadline is said" "$err" 'DEADLINE_EXCEEDED'
check_grep "--statement-timeout: the hint names the option" "$err" '^hint: The statement did not finish within --statement-timeout \(1 s\)'
cd "$scratch/slow" && run --timeout 120 "$MIGRUN" status --url "$url" && :; cd "$proj"
check_grep "--statement-timeout: the revision is partial" "$out" 'PARTIAL   0001_slow  \(applying: 0 of 2'
MIG_STATEMENT_TIMEOUT=0 run --timeout 60 "$MIGRUN" status --url "$url"
check_status "statement_timeout 0: exit 2" 2
check_grep "statement_timeout 0: says which" "$err" 'statement_timeout takes seconds \(1 to 604800\), not "0"'

finish
