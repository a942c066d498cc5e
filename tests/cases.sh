#!/usr/bin/env bash
# cases.sh - diagnostics as data.
#
# Every directory under tests/errors/ and tests/valid/ is one case:
#   migrations/   the .mig files (the default DIR of migc)
#   args          migc's arguments (optional; default "check")
#   expected.err  stderr, compared exactly (errors/: required; valid/: empty if absent)
#   expected.out  stdout, compared exactly (only when the file exists)
#   status        the exit status (optional; default 3 for errors/, 0 for valid/)
# migc runs inside the case directory, so paths in diagnostics read migrations/NNNN_x.mig.
#
#   tests/cases.sh            run every case
#   tests/cases.sh --update   rewrite expected.err/expected.out/status from migc's output
#                             (for developers: review the diff before committing)
#   tests/cases.sh [--update] CASE_DIR...   only these cases
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

# Resolve it: in `make distcheck` it is spelled with "..", and case names are cut from
# physical paths below.
top_srcdir=$(cd "$top_srcdir" && pwd -P)

update=false
if [ "${1:-}" = --update ]; then update=true; shift; fi

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$top_srcdir"/tests/errors/*/ "$top_srcdir"/tests/valid/*/; do
    [ -d "$d" ] && cases+=("${d%/}")
  done
fi
if [ ${#cases[@]} -eq 0 ]; then
  fail "cases exist" "no case directories under $top_srcdir/tests/errors or tests/valid"
  finish
fi

# compare EXPECTED_FILE ACTUAL_FILE: exact comparison; prints a unified diff if they differ.
compare() {
  diff -u --label expected --label actual "$1" "$2" >"$scratch/diff" && return 0
  head -n 60 "$scratch/diff" | sed 's/^/    /'
  return 1
}

for dir in "${cases[@]}"; do
  dir=$(cd "$dir" && pwd -P)
  name=${dir#"$top_srcdir"/tests/}
  case $name in
    errors/*) want_status=3 ;;
    *) want_status=0 ;;
  esac
  [ -f "$dir/status" ] && want_status=$(tr -d ' \n' <"$dir/status")
  args=check
  [ -f "$dir/args" ] && args=$(cat "$dir/args")

  cd "$dir" || exit 1
  # shellcheck disable=SC2086  # args is a word list on purpose
  run_migc $args
  cd "$top_srcdir" || exit 1

  if $update; then
    cp "$err" "$dir/expected.err"
    if [ -f "$dir/expected.out" ] || [ -s "$out" ]; then cp "$out" "$dir/expected.out"; fi
    if [ "$status" -ne "$want_status" ] || [ -f "$dir/status" ]; then
      echo "$status" >"$dir/status"
    fi
    [[ $name == valid/* ]] && [ ! -s "$dir/expected.err" ] && rm -f "$dir/expected.err"
    pass "$name (updated)"
    continue
  fi

  ok=true
  msgs=()
  if [ "$status" -ne "$want_status" ]; then
    ok=false
    msgs+=("expected status $want_status, got $(describe_status "$status")")
  fi
  exp_err=$dir/expected.err
  if [ ! -f "$exp_err" ]; then
    if [[ $name == errors/* ]]; then
      ok=false
      msgs+=("missing $name/expected.err (run tests/cases.sh --update $dir)")
    fi
    exp_err=/dev/null
  fi
  if ! compare "$exp_err" "$err" >"$scratch/errdiff"; then
    ok=false
    if [ "$exp_err" = /dev/null ]; then
      msgs+=("stderr should be empty:")
    else
      msgs+=("stderr differs from ${exp_err#"$top_srcdir"/tests/}:")
    fi
  fi
  if [ -f "$dir/expected.out" ] && ! compare "$dir/expected.out" "$out" >"$scratch/outdiff"; then
    ok=false
    msgs+=("stdout differs from $name/expected.out:")
  fi
  if $ok; then
    pass "$name"
  else
    fail "$name" "migc $args"
    for m in "${msgs[@]}"; do
      printf '    %s\n' "$m"
      case $m in
        stderr*) cat "$scratch/errdiff" ;;
        stdout*) cat "$scratch/outdiff" ;;
      esac
    done
  fi
done

finish
