#!/bin/sh
# e2e.sh - ydbsim (a TEST TOOL) end to end: start it on a free loopback port, wait for
# "listening on", run raw gRPC checks (tests/ydbsim/e2e-client.mjs, with the conformance
# node_modules), every fault-injection mode once, both auth modes, the call log, and a
# clean stop on SIGTERM. No leftover process: every server is killed by the trap.
set -u
: "${YDBSIM:?}" "${top_srcdir:?}" "${abs_builddir:?}"
NPM=${NPM:-npm}
work=$(mktemp -d "${TMPDIR:-/tmp}/ydbsim-e2e.XXXXXX")
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*"; exit 1; }

# node_modules for the client: the conformance package, installed with npm ci.
conf="$abs_builddir/tests/conformance"
if [ ! -d "$conf/node_modules/@grpc/grpc-js" ]; then
    mkdir -p "$conf"
    cp "$top_srcdir/tests/conformance/package.json" "$top_srcdir/tests/conformance/package-lock.json" "$conf/" 2>/dev/null || true
    (cd "$conf" && "$NPM" ci --no-audit --no-fund >"$work/npm.log" 2>&1) ||
        { cat "$work/npm.log"; fail "npm ci failed (is the npm registry reachable?)"; }
fi
export CONFORMANCE_DIR="$conf"
client="$top_srcdir/tests/ydbsim/e2e-client.mjs"

# start NAME ARGS...: runs ydbsim, waits for its line, sets $port and $pid
start() {
    name=$1; shift
    "$YDBSIM" --listen 127.0.0.1:0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    pids="$pids $pid"
    i=0
    while ! grep -q '^listening on ' "$work/$name.out" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 100 ] && { cat "$work/$name.err"; fail "$name: no 'listening on' line"; }
        kill -0 $pid 2>/dev/null || { cat "$work/$name.err"; fail "$name: ydbsim exited"; }
        sleep 0.1
    done
    line=$(cat "$work/$name.out")
    port=${line##*:}
    [ "$(wc -l <"$work/$name.out")" -eq 1 ] || fail "$name: more than one line on stdout"
    case $line in "listening on 127.0.0.1:"[0-9]*) ;; *) fail "$name: bad line '$line'" ;; esac
    echo "ok: $name: $line"
}
# stop: SIGTERM, expect exit 0
stop() {
    kill -TERM "$pid"
    wait "$pid"; rc=$?
    [ $rc -eq 0 ] || { cat "$work/$name.err"; fail "$name: exit status $rc after SIGTERM"; }
    echo "ok: $name: stopped cleanly on SIGTERM"
}
run() { node "$client" "127.0.0.1:$port" "$@" || fail "$name: checks failed"; }

# usage errors (and loopback only: localhost is bound as 127.0.0.1, never ::1 or 0.0.0.0)
"$YDBSIM" --help | grep -q 'TEST TOOL' || fail "--help"
"$YDBSIM" --listen 0.0.0.0:0 2>/dev/null && fail "non-loopback address accepted"
"$YDBSIM" --fail 1:NOPE 2>/dev/null && fail "bad --fail accepted"
echo "ok: usage: --help, loopback only, bad fault rejected"

start basic --log-calls "$work/calls.log"
run discovery session unimplemented wrongdb
stop
grep -q ' /Ydb.Query.V1.QueryService/ExecuteQuery SUCCESS$' "$work/calls.log" || fail "--log-calls has no ExecuteQuery line"
grep -q ' /Ydb.Nope.V1.NopeService/Nothing - grpc=UNIMPLEMENTED$' "$work/calls.log" || fail "--log-calls has no UNIMPLEMENTED line"
echo "ok: --log-calls: $(wc -l <"$work/calls.log") lines"

# the real engine behind the protocol: DDL NoTx, DDL refused in a tx, DML in a serializable
# tx, the ABORTED conflict, DescribeTable, illegal DDL statuses
start engine
run engine
stop

# fault injection, every mode once: YDB status before/after, gRPC status, drop, delay
start failafter --fail 1:ExecuteQuery:UNAVAILABLE:after --fail 2:ExecuteQuery:OVERLOADED
run failafter; stop
start failnth --fail 2:CreateSession:OVERLOADED
run failnth; stop
start failgrpc --fail 1:ListEndpoints:GRPC_UNAVAILABLE:after
run failgrpc; stop
start drop --drop 1:WhoAmI
run drop; stop
start delay --delay 300:WhoAmI
run delay; stop
start token --auth token:sekret
run token; stop
start static --auth static:alice:pw
run static; stop

# --state: saved on exit, loaded on start (the engine's catalog and rows survive a restart)
start state1 --state "$work/state"
run state1
stop
[ -s "$work/state" ] || fail "--state: nothing saved"
start state2 --state "$work/state"
run state2
stop
echo "ok: --state saved and loaded"
echo "PASS: ydbsim end to end"
