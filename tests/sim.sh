# sim.sh - sourced after tests/lib.sh by the tests that run migrun against ydbsim:
# MIGRUN, MIGC and YDBSIM must be set; the driver module is found next to migrun; the YDB
# environment of the caller is cleared. A ydbsim per scenario, always stopped, also on exit:
# start_sim ARGS... sets sim_port and url (grpc://127.0.0.1:PORT/local).
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
  YDB_USER YDB_PASSWORD YDB_ANONYMOUS_CREDENTIALS MIG_CONFIG MIG_VERSION_TABLE

sim_pid=
sim_port=
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null
    wait "$sim_pid" 2>/dev/null
    sim_pid=
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

# start_sim ARGS...: a fresh ydbsim on a free loopback port; sets sim_port, url.
start_sim() {
  stop_sim
  : >"$scratch/sim.out"
  "$YDBSIM" --listen 127.0.0.1:0 "$@" >"$scratch/sim.out" 2>"$scratch/sim.err" &
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
