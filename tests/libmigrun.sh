#!/usr/bin/env bash
# libmigrun.sh - libmigrun.so as another program sees it: it exports exactly what
# <mig/migrun.h> declares, and a program built on that header alone lists, plans and
# loads the revisions of a migc-built plugin directory.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

header=$top_srcdir/runtime/include/mig/migrun.h
so=${LIBMIGRUN_SO:?}
apitest=${APITEST:?}

# The export list is the header: every declared function, and nothing else.
declared=$(sed -n 's/^[a-z].*[ *]\(migrun_[a-z_]*\)(.*/\1/p' "$header" | sort)
exported=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -v '^_' | sort)
if [ -n "$declared" ] && [ "$declared" = "$exported" ]; then
  pass "libmigrun.so exports exactly the functions of mig/migrun.h"
else
  fail "libmigrun.so exports exactly the functions of mig/migrun.h" \
    "$(diff <(echo "$declared") <(echo "$exported") | sed -n 's/^[<>]/&/p' | tr '\n' ' ')"
fi

proj=$scratch/proj
mkdir -p "$proj/migrations"
cp "$top_srcdir"/examples/blog/migrations/*.mig "$proj/migrations/"
cd "$proj" || exit 1
run_migc build
check_status "the example builds" 0

out=$("$apitest" plugins 2>&1); st=$?
expect="revisions: 0001_create_users 0002_add_posts 0003_add_user_status 0004_financial_records
upgrade base -> head: 0001_create_users 0002_add_posts 0003_add_user_status 0004_financial_records
downgrade head -> base: 0004_financial_records 0003_add_user_status 0002_add_posts 0001_create_users
find 0004_financial_records: 3
plan no_such_revision: target (exit 1): no revision or label is named \"no_such_revision\""
if [ "$st" -eq 0 ] && [ "$out" = "$expect" ]; then
  pass "a program on mig/migrun.h lists, plans and loads the revisions"
else
  fail "a program on mig/migrun.h lists, plans and loads the revisions" "status $st, output: $out"
fi

out=$("$apitest" "$scratch/nowhere" 2>&1); st=$?
if [ "$st" -eq 1 ] && [[ "$out" == "open: io (exit 6): "* ]]; then
  pass "a missing directory is an io error with migrun's exit status"
else
  fail "a missing directory is an io error with migrun's exit status" "status $st, output: $out"
fi

chmod g+w plugins/0002_add_posts.so
out=$("$apitest" plugins 2>&1); st=$?
if [ "$st" -eq 1 ] && [[ "$out" == *"perms (exit 4)"* ]]; then
  pass "a plugin writable by group is refused as migrun refuses it"
else
  fail "a plugin writable by group is refused as migrun refuses it" "status $st, output: $out"
fi

finish
