#!/usr/bin/env bash
# backfill.sh - a backfill step online (tests/valid/backfill: `set n = "n + 1"` over 10 000
# rows of a two-column key, 10 of them excluded by its where condition, pages of 1000):
#  - a clean run updates each row once (n = 1; the excluded rows keep n = 0) and leaves no
#    cursor behind; its --json has one backfill_page event per page;
#  - every ExecuteQuery of the run lost after it ran (UNDETERMINED) or its connection
#    dropped: the one run completes, every row counted exactly once (the catalog is the
#    clean run's);
#  - every ExecuteQuery failed for good after it ran (GENERIC_ERROR): the run stops (or,
#    for a statement migrun may repeat, goes on), a plain rerun converges to the clean
#    result;
#  - migrun killed (SIGKILL) between pages: the rerun resumes after the cursor (its first
#    page's rows_done says so) and the result is the clean one; killed, then the revision
#    stamped away: the cursor it left is not trusted, the step starts over;
#  - a backfill in a downgrade (with a pause in milliseconds): the upgrade's yql step shifts
#    every row, the downgrade's backfill shifts it back, and each row is the saved one again.
# Under valgrind (VALGRIND set) or with ONLINE_QUICK=1 the fault loops take every third call.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${YQLRUN:?YQLRUN must name tests/ydb/yqlrun}"
. "$top_srcdir/tests/sim.sh"

proj=$scratch/backfill
mkdir -p "$proj"
cp -r "$top_srcdir/tests/valid/backfill/migrations" "$proj/"
chmod -R u+w "$proj"
cd "$proj" || exit 1
run "$MIGC" build
check_status "migc build tests/valid/backfill" 0

items=h$(hx /local/items)
cursors=h$(hx /local/mig_version_backfill)

# ---- the table with its 10 000 rows (n = 0; every 1000th row has code 'skip'), saved
seed_base 0001_create_items items "id, part, n, code" \
  '"(%dul, \"p%d\"u, 0, \"%s\"u)", int($1 / 2), $1 % 2, ($1 % 1000 ? "x" : "skip")'

# counted NAME STATEFILE: every row counted exactly once, the excluded rows not at all
counted() {
  catalog "$2" >"$scratch/count.cat"
  local ones zeros others left
  ones=$(grep -c "^$items row U[0-9]* S[0-9a-f]* I1 S$(hx seen) " "$scratch/count.cat")
  zeros=$(grep -c "^$items row U[0-9]* S[0-9a-f]* I0 N S$(hx skip)\$" "$scratch/count.cat")
  others=$(grep "^$items row" "$scratch/count.cat" | grep -vc " I[01] ")
  left=$(grep -c "^$cursors row" "$scratch/count.cat")
  if [ "$ones" = 9990 ] && [ "$zeros" = 10 ] && [ "$others" = 0 ] && [ "$left" = 0 ]; then
    pass "$1: 9990 rows counted once, 10 excluded, no cursor left"
  else
    fail "$1: 9990 rows counted once, 10 excluded, no cursor left" \
      "n = 1: $ones; excluded with n = 0: $zeros; other counts: $others; cursor rows: $left"
  fi
}

# ---- the clean run
# (nq: every ExecuteQuery of the run; 0001 and the inserts were made before the log)
clean_paged_run
check_grep "clean run --json: a page's rows, total, cursor, elapsed time and rows estimate" "$out" \
  '^\{"event":"backfill_page","time":"[^"]*","revision":"0002_backfill_items","step":1,"steps":1,"rows":1000,"rows_done":1000,"cursor":"\(500, p1\)","elapsed_ms":[0-9]+,"rows_estimate":10000\}$'
pages=$(grep -c '^{"event":"backfill_page",.*,"rows_estimate":10000}$' "$out")
if [ "$pages" = 10 ]; then pass "clean run --json: every page carries YDB's estimate of the table's rows (10000)"
else fail "clean run --json: every page carries YDB's estimate of the table's rows (10000)" "$pages events:" "$out"; fi
check_grep "clean run --json: the last page (the greatest key is excluded)" "$out" '"rows":990,"rows_done":9990,"cursor":"\(4999, p1\)"'
stop_sim
cp "$scratch/run.state" "$scratch/clean.state"
catalog "$scratch/clean.state" >"$scratch/clean.cat"
counted "clean run" "$scratch/clean.state"

# the progress lines (each query answered 150 ms late: 10 pages take over 3 s, so a line is
# said while paging, with the estimate and the time left)
start_base --delay 300:ExecuteQuery
m upgrade head
check_status "progress: exit 0" 0
check_grep "progress: while paging, rows done of YDB's estimate, rows/s and the time left" "$out" \
  '^      [0-9]+ of ~10000 rows \([0-9]+ rows/s, ~[0-9]+ s left\), up to key \([0-9]+, p[01]\) \.\.\.$'
check_grep "progress: the step's line says rows and rows/s" "$out" \
  '^    step 1/1 backfill items \(n, note\) \.\.\. ok, 9990 rows \([0-9]+ rows/s; 9990 in all\) \([0-9]+ ms\)$'
m check
check_status "check: the cursor table is migrun's, not a table no revision made" 0
stop_sim

step=1
[ -n "${VALGRIND:-}" ] || [ -n "${ONLINE_QUICK:-}" ] && step=3

# ---- a lost call, a retryable status, a dropped connection at each ExecuteQuery: one run
for fault in UNDETERMINED:after drop; do
  bad=0
  for n in $(seq 1 "$step" "$nq"); do fault_run "$fault" "$n:ExecuteQuery" || bad=1; done
  [ "$bad" = 0 ] && pass "$fault at ExecuteQuery 1..$nq (every ${step}): one run completes, each row counted once"
done

# ---- a failure at each ExecuteQuery that ends the run: the rerun converges
for fault in GENERIC_ERROR:after; do
  bad=0
  stopped=0
  for n in $(seq 1 "$step" "$nq"); do
    start_base --fail "$n:ExecuteQuery:$fault"
    m upgrade head
    first=$status
    [ "$first" != 0 ] && stopped=$((stopped + 1))
    m upgrade head
    stop_sim
    like_detail="first run $(describe_status "$first")"
    like_clean "$fault at ExecuteQuery $n, then a rerun" "$scratch/clean.cat" "$scratch/run.state" || bad=1
    like_detail=
  done
  [ "$bad" = 0 ] && pass "$fault at ExecuteQuery 1..$nq (every ${step}): the rerun converges, each row counted once"
  # every page's statements are among them: most calls stop the run
  if [ "$stopped" -ge $(((nq / step) / 2)) ]; then pass "$fault: $stopped first runs stopped"
  else fail "$fault: most first runs stop" "only $stopped of $nq did"; fi
done

# ---- migrun killed between pages: the rerun resumes after the cursor
start_base --delay 40:ExecuteQuery
kill_and_resume 3 1000 10
stop_sim
like_clean "kill, then a rerun" "$scratch/clean.cat" "$scratch/run.state"
counted "kill, then a rerun" "$scratch/run.state"

# ---- killed, then the half-applied revision stamped away: its cursor is not trusted, the
# step starts over (from the first key; the rows of the first attempt are updated again)
start_base --delay 40:ExecuteQuery
kill_after_pages 2
m unlock --force
m stamp 0001_create_items
check_status "stamp away: stamp 0001_create_items" 0
m upgrade head --json
check_status "stamp away: the upgrade completes" 0
check_grep "stamp away: the step starts over from the first key" "$out" \
  '^\{"event":"backfill_page",.*"rows":1000,"rows_done":1000,"cursor":"\(500, p1\)"'
stop_sim

# ---- a backfill in a downgrade: 0002_shift's yql step shifts n and sets note on every row;
# its downgrade pages them back (batch 700: 15 pages, a 20 ms pause between them)
down=$scratch/down
mkdir -p "$down/migrations"
cp "$top_srcdir/tests/valid/backfill/migrations/0001_create_items.mig" "$down/migrations/"
cat >"$down/migrations/0002_shift.mig" <<'MIG'
revision 0002_shift "Shift every count by 5";
revises 0001_create_items;
upgrade <
  yql """UPDATE items SET n = n + 5, note = 'shifted'u;""";
>
downgrade <
  backfill items set n = "n - 5", note = "NULL" where "note = 'shifted'u" batch 700 pause 20ms;
>
MIG
chmod -R u+w "$down"
cd "$down" || exit 1
run "$MIGC" build
check_status "downgrade backfill: migc build" 0
start_base
m upgrade head
check_status "downgrade backfill: upgrade head (the yql step)" 0
m downgrade 0001_create_items --json
check_status "downgrade backfill: downgrade 0001_create_items" 0
check_grep "downgrade backfill: --json has the downgrade's pages" "$out" \
  '^\{"event":"backfill_page",.*"revision":"0002_shift",.*"rows":700,"rows_done":700,'
pages=$(grep -c '^{"event":"backfill_page",' "$out")
if [ "$pages" = 15 ]; then pass "downgrade backfill: 15 pages of up to 700 rows"
else fail "downgrade backfill: 15 pages of up to 700 rows" "$pages backfill_page events:" "$out"; fi
m current
check_grep "downgrade backfill: current is 0001_create_items" "$out" '^0001_create_items'
stop_sim
# row by row: every row of items as it was saved before the upgrade, no cursor left
catalog "$scratch/base.state" | grep "^$items row " >"$scratch/base.rows"
catalog "$scratch/run.state" | grep "^$items row " >"$scratch/down.rows"
if [ "$(wc -l <"$scratch/base.rows")" = 10000 ] && cmp -s "$scratch/base.rows" "$scratch/down.rows"; then
  pass "downgrade backfill: each of the 10 000 rows as it was before the upgrade"
else
  diff "$scratch/base.rows" "$scratch/down.rows" | head -n 20 >"$scratch/down.diff"
  fail "downgrade backfill: each of the 10 000 rows as it was before the upgrade" \
    "$(wc -l <"$scratch/base.rows") rows saved; before vs after:" "$scratch/down.diff"
fi
catalog "$scratch/run.state" >"$scratch/down.cat"
check_no_grep "downgrade backfill: no cursor row left" "$scratch/down.cat" "^$cursors row "

finish
