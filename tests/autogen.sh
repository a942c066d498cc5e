#!/usr/bin/env bash
# autogen.sh - `migc diff` (autogenerate) as data, and its promises.
#
# Every directory under tests/autogen/ is one case, run in a scratch copy:
#   migrations/   the revisions (optional: none means the first revision)
#   schema.mig    the declared schema (a file, or a directory of *.mig)
#   args          migc's arguments (optional; default: diff -m "next")
#   expected.mig  the revision file `migc diff` writes (optional: none means it writes none);
#                 with `-o FILE` in args, FILE (then migrations/ must get no new file)
#   expected.out  stdout, compared exactly (optional)
#   expected.err  stderr, compared exactly (optional; empty if absent)
#   status        the exit status (optional; default 0)
#   expected-next.out  what `migc diff --check` prints after the written revision (optional:
#                 none means it finds no differences; a rebuild_table leaves the old table,
#                 whose drop_table the next diff proposes)
# For a case that writes a revision, the revision must pass `migc check`, `migc diff
# --check` must then find no differences (or expected-next.out's), and a second run on a
# fresh copy must write the same bytes. Then the round trip: for every project of tests/valid with one head,
# `migc schema > schema.mig` and `migc diff --check` finds no differences.
#
#   tests/autogen.sh [--update] [CASE_DIR...]
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
top_srcdir=$(cd "$top_srcdir" && pwd -P)

update=false
if [ "${1:-}" = --update ]; then update=true; shift; fi
cases=()
for c in "$@"; do # absolute now: the cases run in other directories
  d=$(cd "$c" && pwd -P) || { echo "error: no case directory \"$c\"" >&2; exit 2; }
  cases+=("$d")
done
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$top_srcdir"/tests/autogen/*/; do cases+=("${d%/}"); done
fi

compare() {
  diff -u --label expected --label actual "$1" "$2" >"$scratch/diff" && return 0
  head -n 60 "$scratch/diff" | sed 's/^/    /'
  return 1
}

# run_case DIR WORK: copy case DIR into WORK and run it there; sets $written (the new
# revision file, or empty).
run_case() {
  rm -rf "$2"
  mkdir -p "$2"
  cp -R "$1"/. "$2"/
  rm -f "$2"/expected.* "$2"/expected-next.out "$2"/status "$2"/args
  local before
  before=$(ls "$2"/migrations 2>/dev/null)
  local args='diff -m next'
  [ -f "$1/args" ] && args=$(cat "$1/args")
  cd "$2" || exit 1
  eval "run_migc $args"
  cd "$top_srcdir" || exit 1
  written=
  local f
  for f in "$2"/migrations/*.mig; do
    [ -f "$f" ] || continue
    if ! printf '%s\n' "$before" | grep -qxF "$(basename "$f")"; then written=$f; fi
  done
  # -o FILE: the revision is there (and nothing new in migrations/)
  f=$(printf '%s\n' "$args" | sed -n 's/.*-o \([^ -][^ ]*\).*/\1/p')
  if [ -n "$f" ] && [ -f "$2/$f" ]; then
    [ -z "$written" ] && written_o=$2/$f
    [ -n "$written" ] && written_o=
  else
    written_o=
  fi
}

for dir in "${cases[@]}"; do
  dir=$(cd "$dir" && pwd -P) && [ -n "$dir" ] || { echo "error: no case directory \"$dir\"" >&2; exit 2; }
  name=${dir#"$top_srcdir"/tests/}
  want_status=0
  [ -f "$dir/status" ] && want_status=$(tr -d ' \n' <"$dir/status")
  work=$scratch/work
  run_case "$dir" "$work"
  if $update; then
    cp "$out" "$dir/expected.out"; [ -s "$dir/expected.out" ] || rm -f "$dir/expected.out"
    cp "$err" "$dir/expected.err"; [ -s "$dir/expected.err" ] || rm -f "$dir/expected.err"
    if [ -n "$written" ]; then cp "$written" "$dir/expected.mig"
    elif [ -n "${written_o:-}" ]; then cp "$written_o" "$dir/expected.mig"
    else rm -f "$dir/expected.mig"; fi
    if [ -n "$written" ] && [ -f "$dir/expected-next.out" ]; then
      (cd "$work" && "$MIGC" diff --check >"$dir/expected-next.out" 2>/dev/null)
    fi
    if [ "$status" -ne 0 ]; then echo "$status" >"$dir/status"; else rm -f "$dir/status"; fi
    pass "$name (updated)"
    continue
  fi
  ok=true
  if [ "$status" -ne "$want_status" ]; then
    ok=false; echo "    expected status $want_status, got $(describe_status "$status")"
  fi
  exp=$dir/expected.err; [ -f "$exp" ] || exp=/dev/null
  compare "$exp" "$err" || { ok=false; echo "    (stderr differs)"; }
  if [ -f "$dir/expected.out" ]; then compare "$dir/expected.out" "$out" || { ok=false; echo "    (stdout differs)"; }; fi
  if [ -n "${written_o:-}" ]; then
    if [ -f "$dir/expected.mig" ] && compare "$dir/expected.mig" "$written_o"; then :; else ok=false; echo "    (the -o file differs)"; fi
    if $ok; then pass "$name (-o FILE, nothing in migrations/)"; else fail "$name"; fi
    continue
  fi
  if [ -f "$dir/expected.mig" ]; then
    if [ -z "$written" ]; then ok=false; echo "    no revision was written"
    else compare "$dir/expected.mig" "$written" || { ok=false; echo "    (the revision differs)"; }; fi
  elif [ -n "$written" ]; then
    ok=false; echo "    a revision was written: $written"
  fi
  if $ok; then pass "$name"; else fail "$name"; fi
  [ -n "$written" ] || continue

  first=$scratch/first.mig
  cp "$written" "$first"
  cd "$work" || exit 1
  run_migc check -q
  check_status "$name: the written revision passes migc check" 0
  # shellcheck disable=SC2046  # the case's --schema PATH, if it names one
  run_migc diff --check $(sed -n 's/.*\(--schema [^ ]*\).*/\1/p' "$dir/args" 2>/dev/null)
  if [ -f "$dir/expected-next.out" ]; then
    check_status "$name: migc diff --check after it finds the kept tables" 1
    if compare "$dir/expected-next.out" "$out"; then pass "$name: the next diff proposes dropping the kept tables"
    else fail "$name: the next diff proposes dropping the kept tables"; fi
  else
    check_status "$name: migc diff --check after it finds no differences" 0
  fi
  cd "$top_srcdir" || exit 1
  run_case "$dir" "$scratch/again"
  if [ -n "$written" ] && cmp -s "$first" "$written"; then pass "$name: byte-stable (a second run writes the same file)"
  else fail "$name: byte-stable (a second run writes the same file)"; fi
done

# ---- round trip: what migc schema prints is a declared schema equal to head ----
for v in "$top_srcdir"/tests/valid/*/; do
  v=${v%/}
  work=$scratch/rt
  rm -rf "$work"; mkdir -p "$work"
  cp -RL "$v/migrations" "$work/"
  cd "$work" || exit 1
  run_migc schema
  cp "$out" schema.mig
  cd "$top_srcdir" || exit 1
  if [ "$status" -ne 0 ]; then
    # several heads: there is no one schema at head to print (migc schema says so)
    if grep -q "heads" "$err"; then pass "round trip ${v##*/}: several heads, no schema at head (refused as migc schema does)"
    else fail "round trip ${v##*/}: migc schema" "status $status" "$err"; fi
    continue
  fi
  cd "$work" || exit 1
  run_migc diff --check
  cd "$top_srcdir" || exit 1
  if [ "$status" -eq 0 ] && [ ! -s "$out" ]; then pass "round trip ${v##*/}: migc schema > schema.mig, diff --check exits 0"
  else fail "round trip ${v##*/}: migc schema > schema.mig, diff --check exits 0" "status $status" "$out"; cat "$err" | sed 's/^/    /'; fi
done

finish
