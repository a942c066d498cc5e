# simlib.sh - a tests/ydbsim per scenario for the scripts that run migrun against it with
# faults (soak.sh, faults.sh); sourced after lib.sh.
#
#   start_sim STATEFILE ARGS...  a fresh ydbsim on a free loopback port keeping its catalog
#                                in STATEFILE (written when it stops; "-": none); sets url,
#                                sim_pid
#   stop_sim                     stop it (SIGTERM: it saves STATEFILE), also on exit; a
#                                crash or a sanitizer's report is a failure
#   catalog STATEFILE            the saved catalog and rows, one line each prefixed with its
#                                table, sorted; the version table's rows left out (they name
#                                the process and the time)
#   hx TEXT                      TEXT in hex, as the state file writes names

: "${YDBSIM:?YDBSIM must name tests/ydbsim/ydbsim}"
sim_pid=
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

start_sim() {
  local state=$1 port= i
  local -a st=()
  shift
  stop_sim
  if [ "$state" != - ]; then rm -f "$state"; st=(--state "$state"); fi
  : >"$scratch/sim.out"
  "$YDBSIM" --listen 127.0.0.1:0 "${st[@]}" "$@" >"$scratch/sim.out" 2>"$scratch/sim.err" &
  sim_pid=$!
  for i in $(seq 1 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim.out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  if [ -z "$port" ]; then
    fail "ydbsim started" "no 'listening on' line" "$scratch/sim.err"
    finish
  fi
  url=grpc://127.0.0.1:$port/local
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
