#!/usr/bin/env bash
# smoke.sh - every libFuzzer target of tests/fuzz/targets builds and runs a few seconds
# from its seeds without a finding. Skipped (status 77) only when configure found no
# clang with a working libFuzzer runtime; `make fuzz` runs the targets for longer.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
if [ "${HAVE_FUZZER:-no}" != yes ]; then
  echo "SKIP: configure found no clang that builds libFuzzer targets (FUZZ_CC=${FUZZ_CC:-clang});"
  echo "SKIP: scripts/setup.sh installs clang and libclang-rt-dev, then run configure again."
  exit 77
fi
if bash "$top_srcdir/tests/fuzz/fuzz.sh" run "${FUZZ_SMOKE_SECONDS:-3}"; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
