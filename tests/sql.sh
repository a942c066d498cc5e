#!/usr/bin/env bash
# sql.sh - golden tests of the offline YQL: the example's upgrade and downgrade scripts, a
# backfill's page (tests/valid/backfill) and a rebuild_table step with its downgrade
# (tests/valid/rebuild),
# built with migc and printed by migrun, compared exactly with tests/golden/.
#   tests/sql.sh --update    rewrite the golden files (review the diff before committing)
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${MIGRUN:=$(dirname "$MIGC")/migrun}"
update=false
[ "${1:-}" = --update ] && update=true

proj=$scratch/blog
mkdir -p "$proj"
cp -r "$top_srcdir/examples/blog/migrations" "$proj/"
cd "$proj" || exit 1
run_migc build
check_status "the example builds" 0

# golden NAME ARGS...: migrun ARGS must print exactly tests/golden/NAME.
golden() {
  local name=$1
  shift
  run "$MIGRUN" "$@"
  # A plugin's own checksum depends on the C compiler and its flags: not golden material.
  sed -i '/^Plugin SHA-256: /d' "$out"
  # Nor is it in a version-table row, with who wrote the script and migrun's version.
  sed -i -E "s/^(VALUES \('[^']*'u, '[^']*'u, [0-9]+u, [0-9]+u, '[0-9a-f]{64}'u, )'[0-9a-f]{64}'u, '[^']*'u, (CurrentUtcTimestamp\(\)), '[^']*'u\);$/\1'<plugin sha-256>'u, '<user>@<host> (sql script)'u, \2, '<version>'u);/" "$out"
  local want=$top_srcdir/tests/golden/$name
  if $update; then
    cp "$out" "$want"
    pass "$name (updated)"
    return
  fi
  if [ "$status" -ne 0 ]; then
    fail "$name" "migrun $* ended with $(describe_status "$status"); stderr:" "$err"
  elif diff -u --label expected --label actual "$want" "$out" >"$scratch/diff"; then
    pass "$name"
  else
    fail "$name" "migrun $* differs from tests/golden/$name:" "$scratch/diff"
  fi
}

golden blog-upgrade.sql upgrade head --sql
golden blog-upgrade-steps-only.sql upgrade head --sql --no-version-table
golden blog-downgrade.sql downgrade head:base --sql
golden blog-upgrade-range.sql upgrade 0002_add_posts:head --sql
golden blog-downgrade-one.sql downgrade head:-1 --sql
golden blog-history.txt history
golden blog-show.txt show 0003_add_user_status

# a backfill step: what one page runs, and that it pages
mkdir -p "$scratch/backfill"
cp -r "$top_srcdir/tests/valid/backfill/migrations" "$scratch/backfill/"
chmod -R u+w "$scratch/backfill"
cd "$scratch/backfill" || exit 1
run_migc build
check_status "tests/valid/backfill builds" 0
golden backfill-upgrade.sql upgrade 0001_create_items:head --sql

# a rebuild_table step (tests/valid/rebuild): the new table, a page, the check, the swap; its
# derived downgrade, the swap back (rename_table ... replace)
mkdir -p "$scratch/rebuild"
cp -r "$top_srcdir/tests/valid/rebuild/migrations" "$scratch/rebuild/"
chmod -R u+w "$scratch/rebuild"
cd "$scratch/rebuild" || exit 1
run_migc build
check_status "tests/valid/rebuild builds" 0
golden rebuild-upgrade.sql upgrade 0001_create_items:head --sql --no-version-table
golden rebuild-downgrade.sql downgrade 0002_rekey_items:0001_create_items --sql --no-version-table

finish
