#!/usr/bin/env bash
# test.sh - the whole test run, as CI does it (.ci/run calls this).
#
#   1. install the build packages (scripts/setup.sh)
#   2. autoreconf -fi
#   3. _build/main: configure --enable-werror, make, make check, make distcheck
#   4. _build/main: make check under valgrind
#   5. _build/san:  configure --enable-asan --enable-ubsan --enable-werror, make check
#
# Every make runs with -j$JOBS (default 2): the tests are independent (each starts its own
# ydbsim on a free port, in its own scratch directory) and mostly wait on each other's
# processes, so two at a time roughly halve each phase.
#
# Stops at the first phase that fails. The last line is always "N passed, M failed",
# the sum of what the test logs report; the exit status is non-zero if anything failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$(pwd)
jobs=${JOBS:-2}

total_passed=0
total_failed=0

phase() {
  printf '\n==== %s ====\n' "$*"
}

summary() {
  printf '\n%d passed, %d failed\n' "$total_passed" "$total_failed"
}

die() {
  printf '\ntest.sh: FAILED: %s\n' "$*" >&2
  summary
  exit 1
}

# Add up the counts in the test logs of one build directory: Criterion's
# "Synthesis: Tested: X | Passing: Y | Failing: Z" line and the scripts'
# "N passed, M failed" line. A test that failed without reporting a failure
# (a crash, a missing program) counts as one failure.
tally() {
  local dir=$1 log trs counts p f
  while IFS= read -r log; do
    trs=${log%.log}.trs
    [ -f "$trs" ] || continue
    counts=$(awk '
      /Synthesis: Tested:/ {
        for (i = 1; i <= NF; i++) {
          if ($i == "Passing:") p = $(i + 1) + 0
          if ($i == "Failing:") f = $(i + 1) + 0
        }
        seen = 1
      }
      /^[0-9]+ passed, [0-9]+ failed$/ { p = $1 + 0; f = $3 + 0; seen = 1 }
      END { if (seen) print p, f; else print "none" }' "$log")
    if [ "$counts" = none ]; then p=0 f=0; else read -r p f <<<"$counts"; fi
    if grep -Eq '^:test-result: (FAIL|ERROR)' "$trs" && [ "$f" -eq 0 ]; then f=1; fi
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
  done < <(find "$dir/tests" -name '*.log' ! -name test-suite.log 2>/dev/null | sort)
}

show_failures() {
  local dir=$1 trs
  while IFS= read -r trs; do
    if grep -Eq '^:test-result: (FAIL|ERROR)' "$trs"; then
      printf '\n---- %s ----\n' "${trs%.trs}.log"
      cat "${trs%.trs}.log" || true
    fi
  done < <(find "$dir/tests" -name '*.trs' 2>/dev/null | sort)
}

# run_check DIR [make args...]: make check, tally the logs, show them on failure.
run_check() {
  local dir=$1 rc=0
  shift
  make -C "$dir" -j"$jobs" check "$@" || rc=$?
  tally "$dir"
  if [ "$rc" -ne 0 ]; then
    show_failures "$dir"
    die "make check${*:+ $*} in $dir (see the logs above)"
  fi
}

phase "setup: build packages"
bash scripts/setup.sh || die "scripts/setup.sh could not install the build packages"

phase "autoreconf -fi"
autoreconf -fi || die "autoreconf"

phase "build: _build/main (--enable-werror)"
rm -rf _build/main
mkdir -p _build/main
(cd _build/main && "$top/configure" --enable-werror) || die "configure in _build/main (see _build/main/config.log)"
make -C _build/main -j"$jobs" || die "make in _build/main"

phase "make check (_build/main)"
run_check _build/main

phase "make distcheck (_build/main)"
# The tarball's own run takes the quick fault loops (ONLINE_QUICK): the full matrix ran in
# the phase above, from the same sources.
ONLINE_QUICK=1 make -C _build/main -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror ||
  die "make distcheck: the release tarball does not build or pass its tests"

phase "make check under valgrind (_build/main)"
command -v valgrind >/dev/null || die "valgrind is not installed"
# Only the counts of this run are added: the logs of the first run were read already.
run_check _build/main VALGRIND=valgrind

phase "build: _build/san (--enable-asan --enable-ubsan --enable-werror)"
rm -rf _build/san
mkdir -p _build/san
(cd _build/san && "$top/configure" --enable-asan --enable-ubsan --enable-werror) ||
  die "configure in _build/san (see _build/san/config.log)"
make -C _build/san -j"$jobs" || die "make in _build/san"

phase "make check with sanitizers (_build/san)"
# The fault loops inject at every third call here (ONLINE_QUICK, fault_calls in tests/lib.sh):
# the plain run above injected at every call of the same sources; this run looks for memory
# and undefined-behaviour errors on the same paths.
ONLINE_QUICK=1 run_check _build/san

summary
[ "$total_failed" -eq 0 ] || exit 1
