# sim.sh - sourced after tests/lib.sh by the tests that run migrun against ydbsim:
# MIGRUN, MIGC and YDBSIM must be set; the driver module is found next to migrun; the YDB
# environment of the caller is cleared. A ydbsim per scenario, always stopped, also on exit.
#
#   start_sim ARGS...            a fresh ydbsim (ARGS: its options) on a free loopback port;
#                                sets sim_pid, sim_port and url (grpc://127.0.0.1:PORT/local)
#   start_sim_state STATEFILE ARGS...  the same, keeping its catalog in STATEFILE (written
#                                when it stops; "-": none)
#   stop_sim                     stop it (SIGTERM), also on exit; a crash or a sanitizer's
#                                report is a failure
#   blog_project                 examples/blog built in $scratch/blog (proj), the current
#                                directory
#   counter_project              the same plus 0005_counter (a table `counter`, a yql step
#                                setting n to 0, one adding 1, one writing a user)
#   m ARGS...                    migrun ARGS against the current ydbsim
#   expect_head NAME             blog_project at its head: status shows its 4 revisions
#                                applied, once each, and migrun check passes (checks "NAME: ...")
#   catalog STATEFILE            the saved catalog and rows, one line each prefixed with its
#                                table, sorted; the version table's rows left out (they name
#                                the process and the time)
#   hx TEXT                      TEXT in hex, as the state file writes names
#   like_clean NAME CLEANCAT STATEFILE  the run's status 0 and its catalog the clean run's,
#                                else a failure NAME (DETAIL in $like_detail); 1 if not
#   start_base ARGS...           a ydbsim on a copy of $scratch/base.state (kept in run.state)
#                                with ARGS
#   seed_base REVISION TABLE COLUMNS ROW  $scratch/base.state: migrun upgrade REVISION, then
#                                10 000 rows upserted into TABLE (COLUMNS) by $YQLRUN, row N
#                                made by the awk printf arguments ROW (N is $1)
#   count_queries                how many ExecuteQuery calls $scratch/calls.log holds
#   fault_flags FAULT CALL       sets the array f to ydbsim's options for FAULT at CALL
#                                (N:Method): "drop" drops its connection, else --fail CALL:FAULT
#   fault_run FAULT CALL         migrun upgrade head on start_base with FAULT at CALL: like_clean
#                                "FAULT at CALL" against $scratch/clean.cat (1 if not)
#   clean_paged_run              migrun upgrade head --json on start_base, every call logged
#                                in $scratch/calls.log: exit 0, nothing but JSON, 10
#                                backfill_page events; nq is the run's ExecuteQuery calls
#   kill_after_pages PAGES       migrun upgrade head --json against the current ydbsim (start
#                                it slowed: --delay 40:ExecuteQuery), killed (SIGKILL) once it
#                                said PAGES backfill_page events; its output in killed.out
#   kill_and_resume PAGES BATCH NPAGES  the same, then unlock --force and a rerun (--json, in
#                                $out): the kill came between pages (of NPAGES), the rerun
#                                completes and its first page resumes after the cursor
: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"
: "${MIGC:?MIGC must name the migc program}"
: "${YDBSIM:?YDBSIM must name tests/ydbsim/ydbsim}"
# LeakSanitizer's tracer now and then crashes itself (signal 11 in the tracer) when it stops
# the world while grpc's threads are shutting down at exit; hundreds of migrun runs here make
# that likely. Leaks of these runs are checked under valgrind instead (make check
# VALGRIND=valgrind); the driver's own test keeps LeakSanitizer on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=98}:detect_leaks=0"
bld=$(cd "$(dirname "$MIGRUN")" && pwd)
: "${MIGRUN_DRIVER:=$bld/.libs/migrun-ydb.so}"
export MIGRUN_DRIVER
unset YDB_CONNECTION_STRING YDB_ACCESS_TOKEN_CREDENTIALS YDB_STATIC_CREDENTIALS_USER YDB_STATIC_CREDENTIALS_PASSWORD \
  YDB_USER YDB_PASSWORD YDB_ANONYMOUS_CREDENTIALS MIG_CONFIG MIG_VERSION_TABLE \
  MIG_RETRY_BUDGET

sim_pid=
sim_port=
stop_sim() {
  local st=0
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null
    wait "$sim_pid" 2>/dev/null || st=$?
    sim_pid=
    # SIGTERM stops it cleanly: anything else is a crash or a sanitizer's report
    if [ "$st" != 0 ]; then fail "ydbsim stopped cleanly" "$(describe_status "$st"):" "$scratch/sim.err"; fi
  fi
}
trap 'stop_sim; rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM HUP

# blog_project: examples/blog built into $scratch/blog (proj), the current directory;
# m ARGS...: migrun ARGS against the current ydbsim.
blog_project() {
  umask 022
  proj=$scratch/blog
  mkdir -p "$proj"
  cp -r "$top_srcdir/examples/blog/migrations" "$proj/"
  chmod -R u+w "$proj"
  cd "$proj" || exit 1
  run "$MIGC" build
  check_status "migc build examples/blog" 0
}
m() { run --timeout 120 "$MIGRUN" "$@" --url "$url"; }

expect_head() {
  m status
  check_status "$1: status" 0
  local n
  n=$(grep -c '^  applied   ' "$out")
  if [ "$n" = 4 ] && grep -q '^4 applied, 0 pending, 0 partially applied$' "$out"; then pass "$1: 4 revisions applied"
  else fail "$1: 4 revisions applied" "status says:" "$out"; fi
  m check
  check_status "$1: migrun check (live schema = expected)" 0
}

start_sim() { start_sim_state - "$@"; }

start_sim_state() {
  local state=$1
  local -a st=()
  shift
  stop_sim
  if [ "$state" != - ]; then rm -f "$state"; st=(--state "$state"); fi
  : >"$scratch/sim.out"
  "$YDBSIM" --listen 127.0.0.1:0 "${st[@]}" "$@" >"$scratch/sim.out" 2>"$scratch/sim.err" &
  sim_pid=$!
  local i
  for i in $(seq 1 100); do
    sim_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim.out")
    [ -n "$sim_port" ] && break
    sleep 0.05
  done
  if [ -z "$sim_port" ]; then
    fail "ydbsim started" "no 'listening on' line" "$scratch/sim.err"
    finish
  fi
  url=grpc://127.0.0.1:$sim_port/local
}

hx() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

catalog() {
  [ -f "$1" ] || return 1
  awk -v vt="h$(hx /local/mig_version)" '
    $1 == "table" { t = $2; next }
    $1 == "end" { t = ""; next }
    $1 == "row" && t == vt { next }
    { print (t == "" ? "-" : t) " " $0 }' "$1" | sort
}

like_detail=
like_clean() {
  if [ "$status" != 0 ]; then
    fail "$1: the run completes" "$(describe_status "$status")${like_detail:+; $like_detail}:" "$err"
    return 1
  fi
  catalog "$3" >"$scratch/run.cat"
  if ! cmp -s "$2" "$scratch/run.cat"; then
    diff "$2" "$scratch/run.cat" >"$scratch/diff"
    fail "$1: schema and data as the clean run's" "${like_detail:+$like_detail; }clean vs this run:" "$scratch/diff"
    return 1
  fi
}

counter_project() {
  blog_project
  cat >"$proj/migrations/0005_counter.mig" <<'MIG'
revision 0005_counter "a counter and the data steps that set it";
revises 0004_financial_records;
upgrade <
  create_table counter <
    id Uint64 pk;
    n  Uint64;
  >
  yql """UPSERT INTO counter (id, n) VALUES (1ul, 0ul);""";
  yql """UPDATE counter SET n = n + 1ul WHERE id = 1ul;""";
  yql """UPSERT INTO users (id, username, email) VALUES (1ul, "soak"u, "soak@example.com"u);""";
>
downgrade < drop_table counter; >
MIG
  cd "$proj" || exit 1
  run "$MIGC" build
  check_status "migc build (examples/blog + a counter)" 0
}

kill_after_pages() {
  : >"$scratch/killed.out"
  "$MIGRUN" upgrade head --json --url "$url" >"$scratch/killed.out" 2>"$scratch/killed.err" &
  local victim=$! i
  for i in $(seq 1 400); do
    [ "$(grep -c '"event":"backfill_page"' "$scratch/killed.out")" -ge "$1" ] && break
    sleep 0.025
  done
  { kill -KILL "$victim" && wait "$victim"; } 2>/dev/null
}

kill_and_resume() {
  kill_after_pages "$1"
  local done_before rows
  done_before=$(grep -c '"event":"backfill_page"' "$scratch/killed.out")
  if [ "$done_before" -ge "$1" ] && [ "$done_before" -lt "$3" ]; then pass "kill: migrun killed after $done_before pages"
  else fail "kill: migrun killed between pages" "$done_before pages before the kill:" "$scratch/killed.out"; fi
  m unlock --force
  check_status "kill: unlock --force" 0
  m upgrade head --json
  check_status "kill: the rerun completes" 0
  rows=$(grep -m1 '"event":"backfill_page"' "$out" | sed -n 's/.*"rows":\([0-9]*\),"rows_done":\([0-9]*\),.*/\1 \2/p')
  if [ -n "$rows" ] && [ "${rows#* }" -gt "${rows% *}" ] && [ "${rows#* }" -ge $((done_before * $2)) ]; then
    pass "kill: the rerun resumes after the cursor (its first page: rows, rows_done = $rows)"
  else
    fail "kill: the rerun resumes after the cursor" "after $done_before pages; the rerun's first page:" "$out"
  fi
}

start_base() {
  cp "$scratch/base.state" "$scratch/run.state"
  start_sim --state "$scratch/run.state" "$@"
}

seed_base() {
  seq 1 10000 | awk "BEGIN { printf \"UPSERT INTO $2 ($3) VALUES \" }
    { printf \"%s\", (NR > 1 ? \", \" : \"\"); printf $4 }
    END { print \";\" }" >"$scratch/rows.sql"
  start_sim_state "$scratch/base.state"
  m upgrade "$1"
  check_status "the table: upgrade $1" 0
  run "$YQLRUN" "$url" "$scratch/rows.sql"
  check_status "the table: 10 000 rows inserted" 0
  stop_sim
}

count_queries() { grep -c 'ExecuteQuery' "$scratch/calls.log"; }

fault_flags() { if [ "$1" = drop ]; then f=(--drop "$2"); else f=(--fail "$2:$1"); fi; }

fault_run() {
  fault_flags "$1" "$2"
  start_base "${f[@]}"
  m upgrade head
  stop_sim
  like_clean "$1 at $2" "$scratch/clean.cat" "$scratch/run.state"
}

clean_paged_run() {
  start_base --log-calls "$scratch/calls.log"
  m upgrade head --json
  check_status "clean run: exit 0" 0
  check_no_grep "clean run --json: nothing but JSON objects" "$out" '^[^{]'
  local pages
  pages=$(grep -c '^{"event":"backfill_page",' "$out")
  if [ "$pages" = 10 ]; then pass "clean run --json: one backfill_page event per page (10)"
  else fail "clean run --json: one backfill_page event per page (10)" "$pages events:" "$out"; fi
  nq=$(count_queries)
}
