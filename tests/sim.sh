# sim.sh - start and stop tests/ydbsim for a test script; sourced after tests/lib.sh.
#
#   start_sim [ARGS...]   a fresh ydbsim (ARGS: its options) on a free loopback port;
#                         sets sim_pid, sim_port and url (grpc://127.0.0.1:PORT/local)
#   stop_sim              stop it (also done on exit)
#
# The server's stdout is $scratch/sim.out, its stderr $scratch/sim.err. It also sets up
# what every online test needs: migrun's driver module from this build, no connection or
# credentials from the environment, and the sanitizer options below.
: "${YDBSIM:?YDBSIM must name tests/ydbsim/ydbsim}"
: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"

# LeakSanitizer's tracer now and then crashes itself (signal 11 in the tracer) when it stops
# the world while grpc's threads are shutting down at exit; hundreds of migrun runs here make
# that likely. Leaks of these runs are checked under valgrind instead (make check
# VALGRIND=valgrind); the driver's own test keeps LeakSanitizer on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=98}:detect_leaks=0"
bld=$(cd "$(dirname "$MIGRUN")" && pwd)
: "${MIGRUN_DRIVER:=$bld/.libs/migrun-ydb.so}"
export MIGRUN_DRIVER
unset YDB_CONNECTION_STRING YDB_ACCESS_TOKEN_CREDENTIALS YDB_STATIC_CREDENTIALS_USER YDB_STATIC_CREDENTIALS_PASSWORD \
  YDB_USER YDB_PASSWORD YDB_ANONYMOUS_CREDENTIALS MIG_CONFIG

sim_pid=
sim_port=
url=
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null
    wait "$sim_pid" 2>/dev/null
    sim_pid=
  fi
}
trap 'stop_sim; rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM HUP

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
