#!/usr/bin/env bash
# examples.sh - examples/shop through its own Makefile and onto tests/ydbsim: two branches
# and their merge, a c step, a conditional step, TTL, a changefeed and an async index;
# upgraded to head, checked, downgraded to base, upgraded again.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${MIGC:?MIGC must name the migc program}"
. "$top_srcdir/tests/sim.sh"

umask 022
proj=$scratch/shop
cp -r "$top_srcdir/examples/shop" "$proj"
cp "$top_srcdir/examples/example.mk" "$scratch/" # the Makefile's ../example.mk
chmod -R u+w "$proj"
rm -rf "$proj/plugins"
cd "$proj" || exit 1

status=0
make MIGC="$MIGC" MIGRUN="$MIGRUN" >"$out" 2>"$err" || status=$?
check_status "make builds examples/shop" 0
check_file "make: the manifest is written" "$proj/plugins/manifest"
status=0
make -q MIGC="$MIGC" MIGRUN="$MIGRUN" plugins/manifest >/dev/null 2>&1 || status=$?
check_status "make: up to date after a build" 0

run "$MIGRUN" heads
check_grep "one head after the merge" "$out" '^0004_merge '
run "$MIGRUN" branches
check_grep "0002_orders is the branch point" "$out" '^0002_orders .*\(branchpoint\)'
run "$MIGRUN" upgrade inventory --sql
check_grep "upgrade inventory --sql: the inventory branch" "$out" 'revision 0003_inventory'
check_no_grep "upgrade inventory --sql: not the audit branch" "$out" 'revision 0003_audit'

start_sim

m upgrade head
check_status "upgrade head" 0
if grep -q 'stock seeded from the catalog' "$out" "$err"; then pass "the c step ran (its log line)"
else fail "the c step ran (its log line)" "no 'stock seeded' line:" "$err"; fi
m current
check_grep "current: 0004_merge" "$out" '^0004_merge'
m check
check_status "check after upgrade: live schema = expected" 0
m status
check_grep "status: 5 applied" "$out" '^5 applied, 0 pending, 0 partially applied$'

m downgrade base
check_status "downgrade base" 0
m current
check_no_grep "current after downgrade base: nothing applied" "$out" '^0'
m check
check_status "check after downgrade base" 0

m upgrade head
check_status "upgrade head again" 0
m check
check_status "check after the second upgrade" 0
m status
check_grep "status: 5 applied again" "$out" '^5 applied, 0 pending, 0 partially applied$'

finish
