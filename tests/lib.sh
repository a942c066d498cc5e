# lib.sh - helpers shared by the test scripts (sourced, not run).
#
# Environment (set by make check, see AM_TESTS_ENVIRONMENT in Makefile.am):
#   MIGC       absolute path of the migc program under test
#   VALGRIND   valgrind command, or empty
#   top_srcdir absolute path of the source tree
#
# A script calls pass/fail (or check_* helpers) per assertion and ends with
# `finish`, which prints "N passed, M failed" and exits 1 if anything failed.

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)}"
# canonical (make distcheck passes .../_build/sub/..): cases.sh strips it from case paths
top_srcdir=$(cd "$top_srcdir" && pwd)
: "${VALGRIND:=}"
: "${MIGC:=}"

if [ -z "$MIGC" ] || [ ! -x "$MIGC" ]; then
  echo "error: MIGC must name the migc program to test (got '${MIGC}')" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# In a sanitizer build, a sanitizer's report ends the program with status 98, so it
# cannot pass for an ordinary failure (status 1).
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=98:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-exitcode=98:print_stacktrace=1}"

npassed=0
nfailed=0

pass() {
  npassed=$((npassed + 1))
  printf 'ok - %s\n' "$1"
}

# fail NAME [DETAIL [FILE]]: record a failure; DETAIL and the start of FILE
# are printed indented below it.
fail() {
  nfailed=$((nfailed + 1))
  printf 'FAIL - %s\n' "$1"
  if [ -n "${2:-}" ]; then printf '    %s\n' "$2"; fi
  if [ -n "${3:-}" ]; then show_file "$3"; fi
}

# show_file FILE [LINES]: the first lines of FILE, indented.
show_file() {
  if [ -s "$1" ]; then
    head -c 2000 "$1" | head -n "${2:-10}" | sed 's/^/    | /'
  else
    echo "    (empty)"
  fi
}

finish() {
  printf '%d passed, %d failed\n' "$npassed" "$nfailed"
  [ "$nfailed" -eq 0 ]
  exit $?
}

# run [--timeout SECS] CMD ARGS...: run a command (under $VALGRIND when set),
# stdout in $out, stderr in $err (files), status in $status. Never aborts the script.
# Exit statuses: 99 = valgrind found an error, 98 = a sanitizer did, 124 = timed out.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/migc-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
out=$scratch/stdout
err=$scratch/stderr
status=0

run() {
  local limit=
  if [ "${1:-}" = --timeout ]; then limit=$2; shift 2; fi
  local -a pre=()
  if [ -n "$limit" ]; then pre=(timeout -k 5 "$limit"); fi
  if [ -n "$VALGRIND" ]; then
    pre+=($VALGRIND --error-exitcode=99 --leak-check=full
          --errors-for-leak-kinds=definite,possible -q)
    if [ -f "$top_srcdir/tests/valgrind.supp" ]; then
      pre+=("--suppressions=$top_srcdir/tests/valgrind.supp")
    fi
  fi
  status=0
  "${pre[@]}" "$@" >"$out" 2>"$err" || status=$?
}

# fault_calls TOTAL [KIND]: the call numbers a fault loop injects at, one per line: every
# call 1..TOTAL in a plain run; every third with ONLINE_QUICK=1 (the sanitizer and tarball
# runs, after the plain run took them all); under valgrind every sixth, the KIND-th fault
# kind (0, 1, ...) starting one call later than the kind before, so that the kinds together
# still fail calls of every residue. fault_span TOTAL [KIND] says which, for messages.
fault_calls() {
  local total=$1 kind=${2:-0} every=1 first=1
  if [ -n "$VALGRIND" ]; then every=6; first=$((1 + kind % 6))
  elif [ -n "${ONLINE_QUICK:-}" ]; then every=3; fi
  seq "$first" "$every" "$total"
}
fault_span() {
  local total=$1 kind=${2:-0}
  if [ -n "$VALGRIND" ]; then echo "every 6th of $total calls from call $((1 + kind % 6))"
  elif [ -n "${ONLINE_QUICK:-}" ]; then echo "every 3rd of $total calls"
  else echo "each of $total calls"; fi
}

# run_migc ARGS...: run "$MIGC" ARGS.
run_migc() {
  run "$MIGC" "$@"
}

# A short description of how a command ended, for failure messages.
describe_status() {
  case $1 in
    99) echo "status 99 (valgrind reported an error)" ;;
    98) echo "status 98 (a sanitizer reported an error)" ;;
    124|137) echo "status $1 (timed out)" ;;
    *) if [ "$1" -ge 128 ]; then echo "status $1 (killed by signal $(($1 - 128)))"; else echo "status $1"; fi ;;
  esac
}

# check_status NAME WANT: the last run ended with status WANT.
check_status() {
  if [ "$status" -eq "$2" ]; then
    pass "$1"
  else
    fail "$1" "expected status $2, got $(describe_status "$status"); stderr:" "$err"
  fi
}

# check_grep NAME FILE ERE: FILE has a line matching ERE.
check_grep() {
  if grep -Eq -- "$3" "$2"; then
    pass "$1"
  else
    fail "$1" "no line matches /$3/ in:" "$2"
  fi
}

# check_no_grep NAME FILE ERE: FILE has no line matching ERE.
check_no_grep() {
  if ! grep -Eq -- "$3" "$2"; then
    pass "$1"
  else
    fail "$1" "a line matches /$3/:" "$2"
  fi
}

# check_empty NAME FILE
check_empty() {
  if [ ! -s "$2" ]; then
    pass "$1"
  else
    fail "$1" "expected no output, got:" "$2"
  fi
}

# check_first_line NAME FILE ERE: the first line of FILE matches ERE.
check_first_line() {
  if head -n 1 "$2" | grep -Eq -- "$3"; then
    pass "$1"
  else
    fail "$1" "first line does not match /$3/:" "$2"
  fi
}

# check_file NAME PATH: a regular file exists.
check_file() {
  if [ -f "$2" ]; then pass "$1"; else fail "$1" "no file $2"; fi
}
