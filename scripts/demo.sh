#!/usr/bin/env bash
# demo.sh - build migc and run it on the example project (examples/blog).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$(pwd)
jobs=${JOBS:-2}

step() { printf '\n==== %s ====\n' "$*"; }

step "setup: build packages"
bash scripts/setup.sh

if [ -f _build/main/config.status ]; then
  step "build: reusing _build/main"
else
  step "build: configuring _build/main"
  [ -x configure ] || autoreconf -fi
  mkdir -p _build/main
  (cd _build/main && "$top/configure" --enable-werror)
fi
make -C _build/main -j"$jobs"
migc=$top/_build/main/migc

cd examples/blog
step "migc check examples/blog/migrations"
echo "\$ migc check migrations"
"$migc" check migrations

step "migc schema examples/blog/migrations"
echo "\$ migc schema migrations"
"$migc" schema migrations
