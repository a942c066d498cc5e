#!/usr/bin/env bash
# examples.sh - examples/shop through its own Makefile and onto tests/ydbsim: two branches
# and their merge, a c step, a conditional step, TTL, a changefeed and an async index, a
# column added and filled by a backfill step (over three products inserted before it; each
# row's value checked), stock re-keyed by rebuild_table (its rows copied under the new key,
# the old table kept; a downgrade of that revision swaps the old table back); upgraded to
# head, checked, downgraded to base, upgraded again; then the backfill and the rebuild with
# each call failed or dropped in turn, ending with the clean run's rows.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${MIGC:?MIGC must name the migc program}"
: "${YQLRUN:?YQLRUN must name tests/ydb/yqlrun}"
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
check_grep "one head: the last revision" "$out" '^0006_stock_by_warehouse '
run "$MIGRUN" branches
check_grep "0002_orders is the branch point" "$out" '^0002_orders .*\(branchpoint\)'
run "$MIGRUN" upgrade inventory --sql
check_grep "upgrade inventory --sql: the inventory branch" "$out" 'revision 0003_inventory'
check_no_grep "upgrade inventory --sql: not the audit branch" "$out" 'revision 0003_audit'

start_sim_state "$scratch/shop.state"

m upgrade 0004_merge
check_status "upgrade 0004_merge" 0
if grep -q 'stock seeded from the catalog' "$out" "$err"; then pass "the c step ran (its log line)"
else fail "the c step ran (its log line)" "no 'stock seeded' line:" "$err"; fi
# three products for the backfill of 0005 to fill in
printf '%s\n' 'UPSERT INTO products (id, sku, title, price, created_at) VALUES' \
  "(1ul, 'A-1'u, 'Lamp'u, Decimal('9.5', 22, 9), CurrentUtcTimestamp())," \
  "(2ul, 'B-2'u, 'Desk'u, Decimal('120', 22, 9), CurrentUtcTimestamp())," \
  "(3ul, 'C-3'u, 'Chair'u, Decimal('45', 22, 9), CurrentUtcTimestamp());" >"$scratch/products.sql"
printf '%s\n' 'UPSERT INTO stock (product_id, on_hand) VALUES (1ul, 5l), (2ul, 0l), (3ul, 12l);' \
  >>"$scratch/products.sql"
run "$YQLRUN" "$url" "$scratch/products.sql"
check_status "three products and their stock inserted" 0
stop_sim
cp "$scratch/shop.state" "$scratch/at0004.state" # for the fault runs at the end
start_sim --state "$scratch/shop.state"
m upgrade head
check_status "upgrade head" 0
check_grep "upgrade head: the backfill step filled the three products" "$out" \
  '^    step 2/2 backfill products \(display_name\) \.\.\. ok, 3 rows \('
check_grep "upgrade head: the rebuild copied the three stock rows" "$out" \
  '^    step 1/1 rebuild_table stock .*\.\.\. ok, 3 rows'
m current
check_grep "current: 0006_stock_by_warehouse" "$out" '^0006_stock_by_warehouse'
m check
check_status "check after upgrade: live schema = expected" 0
m status
check_grep "status: 7 applied" "$out" '^7 applied, 0 pending, 0 partially applied$'
# each product's display name, read from the saved catalog
stop_sim
cp "$scratch/shop.state" "$scratch/kept.state"
catalog "$scratch/kept.state" | grep "^h$(hx /local/products) row " >"$scratch/products.rows"
for p in "1 A-1 Lamp" "2 B-2 Desk" "3 C-3 Chair"; do
  set -- $p
  check_grep "backfill: product $1's display_name is '$2: $3'" "$scratch/products.rows" \
    "^h[0-9a-f]+ row U$1 .* S$(hx "$2: $3")( |\$)"
done
if [ "$(wc -l <"$scratch/products.rows")" = 3 ]; then pass "backfill: three products, no row added"
else fail "backfill: three products, no row added" "" "$scratch/products.rows"; fi
# stock under its new key (warehouse 1, product), and the old table kept with its rows
catalog "$scratch/kept.state" | grep "^h$(hx /local/stock) row " >"$scratch/stock.rows"
for p in "1 5" "2 0" "3 12"; do
  set -- $p
  check_grep "rebuild: product $1's stock is in warehouse 1 with $2 on hand" "$scratch/stock.rows" \
    "^h[0-9a-f]+ row U1 U$1 I$2( |\$)"
done
if [ "$(wc -l <"$scratch/stock.rows")" = 3 ]; then pass "rebuild: three stock rows, no row added"
else fail "rebuild: three stock rows, no row added" "" "$scratch/stock.rows"; fi
n=$(catalog "$scratch/kept.state" | grep -c "^h$(hx /local/stock__before_0006_stock_by_warehouse) row ")
if [ "$n" = 3 ]; then pass "rebuild: the old table is kept with its three rows"
else fail "rebuild: the old table is kept with its three rows" "$n rows"; fi
start_sim --state "$scratch/kept.state"

# the rebuild's derived downgrade swaps the old table back
m downgrade 0005_display_name
check_status "downgrade 0005_display_name (the swap back)" 0
m check
check_status "check after the swap back: stock has its old shape" 0
m upgrade head
check_status "upgrade head after the swap back" 0

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
check_grep "status: 7 applied again" "$out" '^7 applied, 0 pending, 0 partially applied$'
stop_sim

# ---- the backfill and the rebuild (0004_merge to head) with each call of the run failed
# after it ran (its answer lost) or its connection dropped, in turn: the run, or a plain
# rerun, ends with the clean run's rows (every row once, under its new key)
cp "$scratch/at0004.state" "$scratch/run.state"
start_sim --state "$scratch/run.state" --log-calls "$scratch/calls.log"
m upgrade head
check_status "clean run from 0004_merge: exit 0" 0
stop_sim
catalog "$scratch/run.state" | grep -v "^h$(hx /local/mig_version_lock) " >"$scratch/clean.cat"
check_grep "clean run from 0004_merge: stock under its new key" "$scratch/clean.cat" "^h$(hx /local/stock) row U1 U3 I12( |\$)"
ncalls=$(wc -l <"$scratch/calls.log")
kind=0
for fault in UNDETERMINED:after drop; do
  bad=0
  for n in $(fault_calls "$ncalls" "$kind"); do
    cp "$scratch/at0004.state" "$scratch/run.state"
    fault_flags "$fault" "$n"
    start_sim --state "$scratch/run.state" "${f[@]}"
    m upgrade head --lock-wait 5
    first=$status
    [ "$first" = 0 ] || m upgrade head --lock-wait 150
    stop_sim
    catalog "$scratch/run.state" | grep -v "^h$(hx /local/mig_version_lock) " >"$scratch/run.cat"
    if [ "$status" != 0 ]; then
      bad=1; fail "$fault at call $n: the run or its rerun completes" "$(describe_status "$status"); first run $first:" "$err"
    elif ! cmp -s "$scratch/clean.cat" "$scratch/run.cat"; then
      bad=1; diff "$scratch/clean.cat" "$scratch/run.cat" >"$scratch/diff"
      fail "$fault at call $n: the clean run's rows" "clean vs this run:" "$scratch/diff"
    fi
  done
  [ "$bad" = 0 ] && pass "$fault at $(fault_span "$ncalls" "$kind"): backfill and rebuild end with the clean run's rows"
  kind=$((kind + 1))
done

finish
