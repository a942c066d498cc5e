#!/usr/bin/env bash
# fidelity.sh - migrun where ydbsim behaves as YDB does and a naive client would go wrong:
#   * `upgrade --sql` / `downgrade --sql` scripts run by hand, one statement at a time
#     (tests/ydb/yqlrun), leave what an online upgrade leaves: current, status and check agree;
#   * a version table configured inside a folder that does not exist yet reads as absent;
#   * an index added to a table with rows builds in the background (ydbsim --index-build-ms).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

: "${YQLRUN:?YQLRUN must name tests/ydb/yqlrun}"
. "$top_srcdir/tests/sim.sh"

blog_project

# keep FILE: the last run's stdout, without who applied a revision and when.
keep() { sed -E 's/ by .*$//; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g; s/127\.0\.0\.1:[0-9]+/HOST/' "$out" >"$1"; }

# ---- the online upgrade: what a script must leave behind
start_sim
m upgrade head
check_status "online: upgrade head" 0
m current
keep "$scratch/online.current"
m status
keep "$scratch/online.status"

# ---- the same upgrade as a script, run statement by statement
start_sim
m upgrade head --sql
check_status "upgrade head --sql" 0
cp "$out" "$scratch/up.sql"
run --timeout 120 "$YQLRUN" "$url" "$scratch/up.sql"
check_status "the upgrade script runs, one statement at a time" 0
m current
check_status "script: current" 0
keep "$scratch/script.current"
if diff -u "$scratch/online.current" "$scratch/script.current" >"$scratch/diff"; then
  pass "script: current says what it says after an online upgrade"
else fail "script: current says what it says after an online upgrade" "differences:" "$scratch/diff"; fi
m status
keep "$scratch/script.status"
if diff -u "$scratch/online.status" "$scratch/script.status" >"$scratch/diff"; then
  pass "script: status lists what it lists after an online upgrade"
else fail "script: status lists what it lists after an online upgrade" "differences:" "$scratch/diff"; fi
check_grep "script: the rows say who wrote them" "$out" '\(sql script\)'
m check
check_status "script: migrun check finds the expected schema" 0
m upgrade head
check_status "script: an online upgrade afterwards" 0
check_grep "script: ... has nothing to do" "$out" 'Nothing to do'
# and back down, by script
m downgrade head:base --sql
check_status "downgrade head:base --sql" 0
cp "$out" "$scratch/down.sql"
run --timeout 120 "$YQLRUN" "$url" "$scratch/down.sql"
check_status "the downgrade script runs, one statement at a time" 0
m status
check_grep "downgrade script: nothing is applied" "$out" '^0 applied, 4 pending'
m upgrade head --sql --no-version-table
check_no_grep "--no-version-table: no version-table statement" "$out" 'mig_version'

# ---- a version table inside a folder that does not exist yet
start_sim
MIG_VERSION_TABLE=ops/migrations/mig_version m current
check_status "version table in a missing folder: current exits 0" 0
check_grep "version table in a missing folder: nothing is applied" "$out" '^<base> \(nothing applied\)'
MIG_VERSION_TABLE=ops/migrations/mig_version m upgrade head
check_status "version table in a missing folder: upgrade head" 0
MIG_VERSION_TABLE=ops/migrations/mig_version m current
check_grep "version table in a missing folder: then at head" "$out" '^0004_financial_records \(head\)'

# ---- an index added to a table with rows: YDB builds it in the background
ix=$scratch/ix
mkdir -p "$ix/migrations"
cat >"$ix/migrations/0001_items.mig" <<'MIG'
revision 0001_items "Items, with rows";
revises base;
upgrade <
  create_table items <
    id   Uint64 pk;
    name Utf8;
  >
  yql """UPSERT INTO items (id, name) VALUES (1u, "a"u), (2u, "b"u);""";
>
downgrade <
  drop_table items;
>
MIG
cat >"$ix/migrations/0002_items_name.mig" <<'MIG'
revision 0002_items_name "Index on the name";
revises 0001_items;
upgrade <
  create_index ix_items_name on items (name);
>
MIG
cd "$ix" || exit 1
run "$MIGC" build
check_status "migc build (index project)" 0

# the ALTER outlives --statement-timeout; migrun sees BUILDING, waits, then READY
start_sim --index-build-ms 2500
m upgrade 0001_items
check_status "index build: the table and its rows" 0
m upgrade head --statement-timeout 2
check_status "index build: upgrade waits for the build past the statement's deadline" 0
check_grep "index build: says it waits for YDB's build" "$out" 'building the index of "items" \(BUILDING\); waiting'
m check
check_status "index build: check after it is READY" 0

# migrun check while the index builds: reported as such (a build long enough for stamp and
# check to start inside it, also under valgrind, where each takes seconds)
build_ms=3000
[ -n "${VALGRIND:-}" ] && build_ms=30000
start_sim --index-build-ms "$build_ms"
m upgrade 0001_items
printf 'ALTER TABLE `items` ADD INDEX `ix_items_name` GLOBAL SYNC ON (`name`);\n' >"$scratch/add.sql"
"$YQLRUN" "$url" "$scratch/add.sql" >"$scratch/yqlrun.out" 2>&1 &
adder=$!
sleep 1
m stamp head
check_status "index build: stamp head" 0
m check
check_status "index build: check while building exits 1" 1
check_grep "index build: check names the index as building" "$out" 'index "ix_items_name" is still being built \(BUILDING\)'
wait "$adder"
m check
check_status "index build: check once it is READY" 0

# a build that fails: the step fails, the revision stays pending
start_sim --index-build-ms 1500 --index-build-fail
m upgrade 0001_items
m upgrade head --statement-timeout 1
check_status "failed index build: the upgrade fails" 1
check_grep "failed index build: says the build ended without the index" "$err" "build of the index ended without it"
m current
check_grep "failed index build: 0002 is not recorded" "$out" '^0001_items'

stop_sim
finish
