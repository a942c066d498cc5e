#!/usr/bin/env bash
# rebuild.sh - a rebuild_table step online: t (key id, 10 000 rows) rebuilt with the key
# (tenant, id) and n turned from Int32 into Int64 (times 10, by its copy expression), in
# pages of 1000:
#  - a clean run: t has the new shape and every row exactly once with its new values (the
#    catalog's rows are the ones computed here, no more, no fewer), the old t is kept as
#    t__before_0002_rekey_t with its rows, no shadow table and no cursor left, `migrun check`
#    agrees; --json has the pages, the check and the swap; the progress line says rows/s;
#  - the downgrade swaps back: t of the old shape with its rows, the kept table gone;
#  - a new key that rows share (across pages: the check's counts; inside a page: the page's
#    check) and a NULL into a `not null` column stop before the swap: t as it was, the
#    shadow table dropped, no cursor left;
#  - a lost answer or a dropped connection at every ExecuteQuery and at the RenameTables:
#    one run completes with the clean result; a failure for good at every ExecuteQuery: the
#    rerun converges;
#  - migrun killed (SIGKILL) between pages: the rerun resumes after the cursor, unless the
#    revision was edited in between (then the copy starts again); the run stopped after the
#    swap, before its record: the rerun only records it.
# The fault loops take the calls fault_calls (tests/lib.sh) gives: each, or every 3rd or 6th.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${YQLRUN:?YQLRUN must name tests/ydb/yqlrun}"
. "$top_srcdir/tests/sim.sh"

proj=$scratch/rebuild
mkdir -p "$proj/migrations"
cd "$proj" || exit 1
cat >migrations/0001_create_t.mig <<'MIG'
revision 0001_create_t "t keyed by id";
revises base;

upgrade <
  create_table t <
    id     Uint64 not null;
    tenant Uint32 not null;
    n      Int32 not null;
    note   Utf8;
    primary_key (id);
    index by_note on (note);
  >
>
MIG
# rekey REVISION KEY [COPY]: a revision rebuilding t with primary key KEY (n from COPY)
rekey() {
  cat >"migrations/$1.mig" <<MIG
revision $1 "t keyed by $2";
revises 0001_create_t;

upgrade <
  rebuild_table t <
    tenant Uint32 not null;
    id     Uint64 not null;
    n      Int64 not null;
    note   Utf8${4:-};
    primary_key ($2);
    index by_note on (note);
  > copy <
    n = "${3:-n * 10l}";
  > batch 1000;
>
MIG
}
rekey 0002_rekey_t "tenant, id"
run "$MIGC" build
check_status "migc build: a rebuild_table revision" 0

t=h$(hx /local/t)
kept=h$(hx /local/t__before_0002_rekey_t)
shadow=h$(hx /local/t__rebuild_0002_rekey_t)
cursors=h$(hx /local/mig_version_backfill)

# ---- t with its 10 000 rows (tenant = id % 7, n = id, note "n<id>"), saved
seed_base 0001_create_t t "id, tenant, n, note" '"(%dul, %du, %d, \"n%d\"u)", $1, $1 % 7, $1, $1'
catalog "$scratch/base.state" | grep "^$t " >"$scratch/base-t.cat"

# the rows the rebuilt t must hold, each once: tenant, id, n * 10, note (as the catalog
# writes them: U unsigned, I signed, S hex)
seq 1 10000 | awk -v t="$t" '{ h = "6e"; s = $1 ""; for (i = 1; i <= length(s); i++) h = h "3" substr(s, i, 1)
  printf "%s row U%d U%d I%d S%s\n", t, $1 % 7, $1, $1 * 10, h }' | sort >"$scratch/want-rows"

# rebuilt NAME STATEFILE: t holds exactly the computed rows with the new key; the old rows
# are kept; no shadow table, no cursor row
rebuilt() {
  catalog "$2" >"$scratch/r.cat"
  grep "^$t row " "$scratch/r.cat" | sort >"$scratch/got-rows"
  local pk keptrows shadowrows left
  pk=$(grep "^$t pk " "$scratch/r.cat")
  keptrows=$(grep "^$kept " "$scratch/r.cat" | sed "s/^$kept /$t /" | grep -c -F -x -f "$scratch/base-t.cat")
  shadowrows=$(grep -c "^$shadow " "$scratch/r.cat")
  left=$(grep -c "^$cursors row" "$scratch/r.cat")
  if cmp -s "$scratch/want-rows" "$scratch/got-rows" && [ "$pk" = "$t pk 0 1" ] && \
     [ "$keptrows" = "$(wc -l <"$scratch/base-t.cat")" ] && [ "$shadowrows" = 0 ] && [ "$left" = 0 ]; then
    pass "$1: t holds each row once, rebuilt; the old t kept whole; no shadow, no cursor"
  else
    diff "$scratch/want-rows" "$scratch/got-rows" | head -5 >"$scratch/rdiff"
    fail "$1: t holds each row once, rebuilt; the old t kept whole; no shadow, no cursor" \
      "key: $pk; kept lines matching the old t: $keptrows; shadow lines: $shadowrows; cursor rows: $left; rows (want vs got):" \
      "$scratch/rdiff"
  fi
}

# untouched NAME STATEFILE [TCAT]: t as it was (shape and rows: as in TCAT, by default the
# base state's), no kept table, no shadow, no cursor
untouched() {
  local want=${3:-$scratch/base-t.cat}
  catalog "$2" >"$scratch/u.cat"
  local others left
  others=$(grep -c "^\($kept\|$shadow\) " "$scratch/u.cat")
  left=$(grep -c "^$cursors row" "$scratch/u.cat")
  if grep "^$t " "$scratch/u.cat" | cmp -s - "$want" && [ "$others" = 0 ] && [ "$left" = 0 ]; then
    pass "$1: t as it was; no shadow or kept table, no cursor"
  else
    grep "^$t " "$scratch/u.cat" | diff "$want" - | head -5 >"$scratch/udiff"
    fail "$1: t as it was; no shadow or kept table, no cursor" "shadow/kept lines: $others; cursor rows: $left; t:" \
      "$scratch/udiff"
  fi
}

# ---- the clean run
# (nq: every ExecuteQuery of the run; 0001 and the rows were made before the log)
clean_paged_run
check_grep "clean run --json: the last page" "$out" '"rows":1000,"rows_done":10000,"cursor":"\(10000\)"'
check_grep "clean run --json: the check's counts" "$out" \
  '^\{"event":"rebuild_checked","time":"[^"]*","revision":"0002_rekey_t","step":1,"steps":1,"table":"t","shadow":"t__rebuild_0002_rekey_t","rows_copied":10000,"rows_table":10000,"rows_after":0,"rows_shadow":10000,"ok":true\}$'
check_grep "clean run --json: the swap" "$out" \
  '^\{"event":"rebuild_swapped","time":"[^"]*","revision":"0002_rekey_t","step":1,"steps":1,"table":"t","kept":"t__before_0002_rekey_t"\}$'
m check
check_status "clean run: migrun check finds the schema as compiled (t rebuilt, t__before_0002_rekey_t kept)" 0
stop_sim
cp "$scratch/run.state" "$scratch/clean.state"
catalog "$scratch/clean.state" >"$scratch/clean.cat"
rebuilt "clean run" "$scratch/clean.state"
check_grep "clean run: n is an Int64 now" "$scratch/clean.cat" "^$t col h$(hx n) 1 3 "

# ---- the progress lines, then the downgrade: the swap back
start_base
m upgrade head
check_status "progress: exit 0" 0
check_grep "progress: the check's line" "$out" \
  '^      checked: 10000 rows copied; "t" and "t__rebuild_0002_rekey_t" hold as many$'
check_grep "progress: the swap's line" "$out" \
  '^      swapped: "t" is the rebuilt table; the old one is kept as "t__before_0002_rekey_t"$'
check_grep "progress: the step's line says rows and rows/s" "$out" \
  '^    step 1/1 rebuild_table t \.\.\. ok, 10000 rows \([0-9]+ rows/s; 10000 in all\) \([0-9]+ ms\)$'
m downgrade 0001_create_t
check_status "downgrade: exit 0" 0
check_grep "downgrade: the derived rename_table ... replace" "$out" \
  'rename_table t__before_0002_rekey_t to t replace \.\.\. ok'
m check
check_status "downgrade: migrun check finds t as 0001_create_t made it" 0
stop_sim
untouched "downgrade" "$scratch/run.state"

# ---- dry-run: the plan says t's row count
start_base
m upgrade head --dry-run
check_status "dry-run: exit 0" 0
check_grep "dry-run: the rebuild step with t's row count" "$out" '^    step 1/1 rebuild_table t: 10000 rows to copy$'
m upgrade head --dry-run --json
check_grep "dry-run --json: the planned event says t's row count" "$out" \
  '^\{"event":"planned",.*"revision":"0002_rekey_t",.*,"rows_to_copy":\[\{"step":1,"table":"t","rows":10000\}\]\}$'
stop_sim

# ---- rebuilds that must stop before the swap (each its own project)
# stopping NAME KEY [COPY] [NOTNULL] [SQL]: revision 0002_rekey_t with primary key KEY, n
# from COPY, `note` NOTNULL; SQL run on the base state first. The run stops; t is as it was.
stopping() {
  rm -f migrations/0002_rekey_t.mig
  rekey 0002_rekey_t "$2" "${3:-}" "${4:-}"
  run "$MIGC" build
  check_status "$1: migc build" 0
  cp "$scratch/base.state" "$scratch/run.state"
  if [ -n "${5:-}" ]; then
    start_sim --state "$scratch/run.state"
    printf '%s\n' "$5" >"$scratch/pre.sql"
    run "$YQLRUN" "$url" "$scratch/pre.sql"
    check_status "$1: $5" 0
    stop_sim
  fi
  catalog "$scratch/run.state" | grep "^$t " >"$scratch/before-t.cat"
  start_sim --state "$scratch/run.state"
  m upgrade head
  if [ "$status" != 0 ]; then pass "$1: the run stops"; else fail "$1: the run stops" "exit 0:" "$out"; fi
  cp "$err" "$scratch/stop.err"
  stop_sim
  untouched "$1" "$scratch/run.state" "$scratch/before-t.cat"
}
# row 5001 made (tenant 1, n 1), as row 1 is: with the key (tenant, n) they collide across
# pages (1 and 6), which only the check's counts find
stopping "a new key rows share across pages" "tenant, n" "" "" 'UPDATE t SET tenant = 1u, n = 1 WHERE id = 5001ul;'
check_grep "shared key: the error says so" "$scratch/stop.err" \
  'stopped before the swap: rows of the table get the same new key'
check_grep "shared key: the first colliding rows and their key" "$scratch/stop.err" \
  '^detail:   rows \(1\) and \(5001\) get the same new key \(1, 10\)$'
check_grep "shared key: the counts" "$scratch/stop.err" \
  'Rows copied: 10000; rows of "t" up to the end key: 10000, after it: 0; rows of "t__rebuild_0002_rekey_t": 9999\.'
stopping "a new key rows share inside a page" "tenant"
check_grep "shared key in a page: the error says the rows and their key" "$scratch/stop.err" \
  'stopped before the swap: rows \([0-9]+\) and \([0-9]+\) of "t" get the same new key \([0-6]\)'
stopping "a NULL into a not null column" "tenant, id" "" " not null" 'UPDATE t SET note = NULL WHERE id = 3ul;'
check_grep "NULL: the error names the row" "$scratch/stop.err" \
  'stopped before the swap: row \(3\) of "t" would put NULL into a `not null` column of the new shape'
# note, nullable, made not null with no NULL among the rows: copied unwrapped (YDB takes no
# optional value for a not null column), the rebuild completes
rm -f migrations/0002_rekey_t.mig
rekey 0002_rekey_t "tenant, id" "" " not null"
run "$MIGC" build
check_status "not null on a nullable column: migc build" 0
start_base
m upgrade head
check_status "not null on a nullable column with no NULL in it: the rebuild completes" 0
m check
check_status "not null on a nullable column: migrun check finds note not null" 0
stop_sim
n=$(catalog "$scratch/run.state" | grep -c "^$t row ")
if [ "$n" = 10000 ]; then pass "not null on a nullable column: 10000 rows"; else fail "not null on a nullable column: 10000 rows" "$n rows"; fi
rm -f migrations/0002_rekey_t.mig
rekey 0002_rekey_t "tenant, id"
run "$MIGC" build

# ---- a lost answer, a dropped connection at each ExecuteQuery and at the swap: one run
kind=0
for fault in UNDETERMINED:after drop; do
  bad=0
  for call in $(fault_calls "$nq" "$kind" | sed 's/$/:ExecuteQuery/') 1:RenameTables; do
    fault_run "$fault" "$call" || bad=1
  done
  [ "$bad" = 0 ] && pass "$fault at ExecuteQuery ($(fault_span "$nq" "$kind")) and at RenameTables: one run completes"
  kind=$((kind + 1))
done

# ---- a failure for good at each ExecuteQuery: the rerun converges
bad=0
for n in $(fault_calls "$nq" 2); do
  start_base --fail "$n:ExecuteQuery:GENERIC_ERROR:after"
  m upgrade head
  first=$status
  m upgrade head
  stop_sim
  like_detail="first run $(describe_status "$first")"
  like_clean "GENERIC_ERROR at ExecuteQuery $n, then a rerun" "$scratch/clean.cat" "$scratch/run.state" || bad=1
  like_detail=
done
[ "$bad" = 0 ] && pass "GENERIC_ERROR at ExecuteQuery ($(fault_span "$nq" 2)): the rerun converges"

# ---- stopped after the swap, before its record (the claim's transaction fails): the rerun
# finds the swap done and only records the step
claim=$(awk '/RenameTables/ { found = 1 } /ExecuteQuery/ { n++; if (found) { print n; exit } }' "$scratch/calls.log")
start_base --fail "$claim:ExecuteQuery:GENERIC_ERROR"
m upgrade head
if [ "$status" != 0 ]; then pass "after the swap: the run stops at the record (ExecuteQuery $claim)"
else fail "after the swap: the run stops at the record (ExecuteQuery $claim)" "exit 0" "$out"; fi
m upgrade head --json
check_status "after the swap: the rerun completes" 0
check_no_grep "after the swap: the rerun copies nothing again" "$out" '"event":"backfill_page"'
stop_sim
like_clean "after the swap, then a rerun" "$scratch/clean.cat" "$scratch/run.state"

# ---- migrun killed between pages: the rerun resumes after the cursor
start_base --delay 40:ExecuteQuery
kill_and_resume 3 1000 10
stop_sim
like_clean "kill, then a rerun" "$scratch/clean.cat" "$scratch/run.state"
rebuilt "kill, then a rerun" "$scratch/run.state"

# ---- killed, then the revision edited (n times 100) before the rerun: the cursor and the
# rows copied under the old expression are not trusted, the copy starts again
start_base --delay 40:ExecuteQuery
kill_after_pages 2
m unlock --force
rm -f migrations/0002_rekey_t.mig
rekey 0002_rekey_t "tenant, id" "n * 100l"
run "$MIGC" build
check_status "edited: migc build" 0
m upgrade head --json
check_status "edited: the rerun completes" 0
check_grep "edited: the copy starts again from the first key" "$out" \
  '^\{"event":"backfill_page",.*"rows":1000,"rows_done":1000,"cursor":"\(1000\)"'
stop_sim
catalog "$scratch/run.state" | awk -v t="$t" '$1 == t && $2 == "row" { n++; if (substr($5, 2) != substr($4, 2) * 100) bad++ }
  END { print n + 0, bad + 0 }' >"$scratch/edited"
if [ "$(cat "$scratch/edited")" = "10000 0" ]; then pass "edited: every row of t has n from the edited expression"
else fail "edited: every row of t has n from the edited expression" "rows, rows with another n:" "$scratch/edited"; fi

finish
