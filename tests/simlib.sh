# simlib.sh - sourced after tests/lib.sh: a ydbsim per scenario ($YDBSIM), always stopped,
# also on exit. start_sim ARGS... sets sim_port and url (grpc://127.0.0.1:PORT/local).
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
