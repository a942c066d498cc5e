#!/usr/bin/env bash
# badinput.sh - migc check on hostile input: it must reject each file cleanly.
#
# For every input below, in a directory of its own:
#   migc check DIR   exits 3 (not 0, not a signal, not valgrind's 99 or a sanitizer's 98, not a timeout),
#                    prints at least one "FILE:LINE:COL: error:" line,
#                    and writes at most 1 MB to stderr.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

limit=20                                  # seconds per run
[ -n "$VALGRIND" ] && limit=$((limit * 10))  # valgrind runs programs 10-50 times slower
max_err=$((1024 * 1024))

# new_case NAME: make an empty case directory and print the path of its one .mig file.
new_case() {
  mkdir -p "$scratch/cases/$1"
  echo "$scratch/cases/$1/0001_bad.mig"
}

# repeat STRING COUNT: STRING written COUNT times, no separator.
repeat() {
  awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

header='revision 0001_bad;
revises base;
'

# ---- the inputs
: >"$(new_case empty)"

printf -- '-- nothing but a comment\n' >"$(new_case only_comment)"

# 200 KB of pseudo-random bytes, the same on every run.
LC_ALL=C awk 'BEGIN { srand(20240601); for (i = 0; i < 204800; i++) printf "%c", int(rand() * 255) + 1 }' \
  >"$(new_case binary_garbage)"

printf '%supgrade <\n  yql "UPDATE t SET a = 1;\n>\n' "$header" >"$(new_case unterminated_string)"
printf '%supgrade <\n  yql """UPDATE t SET a = 1;\n>\n' "$header" >"$(new_case unterminated_triple)"
printf '%s/* a comment that never ends\nupgrade < >\n' "$header" >"$(new_case unterminated_comment)"
printf '%supgrade <\n  create_table t <\n    id Uint64 pk;\n' "$header" >"$(new_case unterminated_block)"

{
  printf '%supgrade <\n  create_table t <\n    id Uint64 pk;\n    with (AUTO_PARTITIONING_BY_LOAD = ' "$header"
  repeat '(' 10000
  printf 'ENABLED'
  repeat ')' 10000
  printf ');\n  >\n>\n'
} >"$(new_case deep_parens)"

{
  printf '%supgrade <\n  create_table t <\n    id Uint64 pk;\n    v ' "$header"
  repeat 'List<' 10000
  printf 'Uint64'
  repeat '>' 10000
  printf ';\n  >\n>\n'
} >"$(new_case deep_angles)"

{
  printf 'revision '
  repeat 'abcdefghij' 104858   # just over 1 MB
  printf ';\nrevises base;\nupgrade < >\n'
} >"$(new_case huge_identifier)"

printf '%supgrade <\n  create_table t\xff\xfe <\n    id Uint64 pk; name Utf8 \xc3\x28;\n  >\n>\n' "$header" \
  >"$(new_case invalid_utf8)"

printf '%supgrade <\n  create_table t <\n    id Uint64\000 pk;\000\000\n  >\n>\n' "$header" \
  >"$(new_case nul_bytes)"

# A valid revision's text, repeated to 5 MB: the second "revision" header is an error.
valid_rev='revision 0001_bad "repeated";
revises base;
upgrade <
  create_table users <
    id Uint64 pk;
    email Utf8 not null;
    index ix_users_email on (email);
  >
>
'
{
  n=$(( 5 * 1024 * 1024 / ${#valid_rev} + 1 ))
  repeat "$valid_rev" "$n"
} >"$(new_case five_megabytes)"

# 100 000 lines, each a syntax error.
{
  printf '%supgrade <\n' "$header"
  repeat 'create_table ; ) ( , = ;\n' 100000
  printf '>\n'
} >"$(new_case hundred_thousand_errors)"

# ---- the checks
for dir in "$scratch"/cases/*/; do
  dir=${dir%/}
  name=${dir##*/}
  run --timeout "$limit" "$MIGC" check "$dir"
  size=$(wc -c <"$err")
  if [ "$status" -ne 3 ]; then
    fail "$name: exit status 3" "got $(describe_status "$status"); stderr:" "$err"
  else
    pass "$name: exit status 3"
  fi
  check_grep "$name: reports FILE:LINE:COL: error:" "$err" '^[^ :][^:]*:[0-9]+:[0-9]+: error: '
  if [ "$size" -le "$max_err" ]; then
    pass "$name: stderr at most 1 MB"
  else
    fail "$name: stderr at most 1 MB" "stderr has $size bytes"
  fi
done

finish
