#!/usr/bin/env bash
# demo.sh - build migc and migrun and run them on the example project (examples/blog):
# check the revisions, compile them into plugins, list the history and print the YQL an
# upgrade to the head would run (offline), then start tests/ydbsim (a YDB-protocol test
# server) and run `migrun upgrade head`, `migrun history` and `migrun status` against it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$(pwd)
jobs=${JOBS:-2}

step() { printf '\n==== %s ====\n' "$*"; }

step "setup: build packages"
bash scripts/setup.sh

# Out of tree (_build/main) as a rule; a tree configured in place (./configure && make)
# cannot also be configured out of tree, so then that build is used.
if [ -f config.status ] && [ ! -f _build/main/config.status ]; then
  step "build: reusing the in-tree build"
  bld=$top
else
  bld=$top/_build/main
  if [ -f _build/main/config.status ]; then
    step "build: reusing _build/main"
  else
    step "build: configuring _build/main"
    [ -x configure ] || autoreconf -fi
    mkdir -p _build/main
    (cd _build/main && "$top/configure" --enable-werror)
  fi
fi
make -C "$bld" -j"$jobs"
make -C "$bld" -j"$jobs" tests/ydbsim/ydbsim
migc=$bld/migc
migrun=$bld/migrun

# migrun refuses a plugin directory that group or others may write to.
umask 022
cd examples/blog
step "migc check (examples/blog)"
echo "\$ migc check"
"$migc" check

step "migc schema (examples/blog)"
echo "\$ migc schema"
"$migc" schema

step "migc build (examples/blog): one plugin per revision, and plugins/manifest"
echo "\$ migc build -v"
"$migc" build -v
ls -l plugins

step "migrun history (examples/blog)"
echo "\$ migrun history"
"$migrun" history

step "migrun upgrade head --sql (examples/blog): the YQL, offline"
echo "\$ migrun upgrade head --sql"
"$migrun" upgrade head --sql

step "ydbsim: a YDB-protocol test server on a free loopback port"
sim_out=$(mktemp)
"$bld/tests/ydbsim/ydbsim" --listen 127.0.0.1:0 >"$sim_out" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; rm -f "$sim_out"' EXIT
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$sim_out")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "ydbsim did not start" >&2; exit 1; }
export YDB_CONNECTION_STRING=grpc://127.0.0.1:$port/local
echo "YDB_CONNECTION_STRING=$YDB_CONNECTION_STRING"

step "migrun upgrade head (examples/blog, on ydbsim)"
echo "\$ migrun upgrade head"
"$migrun" upgrade head

step "migrun history"
echo "\$ migrun history"
"$migrun" history

step "migrun status"
echo "\$ migrun status"
"$migrun" status

step "stop ydbsim"
kill "$sim_pid"
wait "$sim_pid" 2>/dev/null || true
trap 'rm -f "$sim_out"' EXIT
echo "done"
