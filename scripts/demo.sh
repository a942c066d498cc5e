#!/usr/bin/env bash
# demo.sh - build migc and migrun and run them on the example project (examples/blog):
# check the revisions, compile them into plugins, list the history and print the YQL an
# upgrade to the head would run (offline: no database is needed).
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
