#!/usr/bin/env bash
# json.sh - migrun --json: every command's output, line by line, against the documented
# schema (docs/json-schema.json, by tests/jsonschema.js); docs/json.md in step with the
# schema; --json before the command as after it. The listing commands and show on
# examples/blog and examples/shop (branches, a merge, a c step); the commands that connect
# against tests/ydbsim. Every object kind of the schema is seen at least once, but
# event_index_building (ydbsim builds an index at once: nothing to wait for).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
. "$top_srcdir/tests/sim.sh"

schema=$top_srcdir/docs/json-schema.json
js() { node "$top_srcdir/tests/jsonschema.js" "$@"; }
seen=$scratch/seen
: >"$seen"

# ---- the schema, and docs/json.md generated from it
if js check "$schema" 2>"$scratch/why"; then pass "docs/json-schema.json: a well-formed schema of the subset"
else fail "docs/json-schema.json: a well-formed schema of the subset" "" "$scratch/why"; fi
if js doc "$schema" "$top_srcdir/docs/json.md" 2>"$scratch/why"; then pass "docs/json.md: its schema part is generated from docs/json-schema.json"
else fail "docs/json.md: its schema part is generated from docs/json-schema.json" "" "$scratch/why"; fi

# the step kinds the schema names are the language's, in the order of common/steps.def
want=$(sed -n 's/^MIG_STEPKIND([A-Z_]*, "\([a-z_]*\)")$/\1/p' "$top_srcdir/common/steps.def" | paste -sd, -)
have=$(grep -o '"kind": {"enum": \[[^]]*\], "description": "the step kind' "$schema" |
  sed 's/.*\[\(.*\)\].*/\1/; s/[" ]//g')
if [ -n "$want" ] && [ "$want" = "$have" ]; then pass "docs/json-schema.json: the step kinds are common/steps.def's"
else fail "docs/json-schema.json: the step kinds are common/steps.def's" "steps.def: $want; schema: $have"; fi

# valid NAME COMMAND: the last run's stdout, every line, is one of COMMAND's objects; the
# objects seen are counted into $scratch/counts (and $seen).
valid() {
  if [ ! -s "$out" ]; then
    fail "$1: JSON output" "stdout is empty; stderr:" "$err"
    : >"$scratch/counts"
  elif js validate "$schema" "$2" "$out" >"$scratch/counts" 2>"$scratch/why"; then
    pass "$1: every line is a documented $2 object"
    cat "$scratch/counts" >>"$seen"
  else
    fail "$1: every line is a documented $2 object" "" "$scratch/why"
    : >"$scratch/counts"
  fi
}
# count NAME OBJECT N: the last valid output had N objects OBJECT.
count() {
  local n
  n=$(awk -v o="$2" '$1 == o { print $2 }' "$scratch/counts")
  if [ "${n:-0}" = "$3" ]; then pass "$1"; else fail "$1" "want $3 $2, got ${n:-0}:" "$out"; fi
}
# field NAME JS-EXPRESSION: every line of the last output, as `o`, makes the expression true.
field() {
  if node -e 'const fs = require("fs"); const f = new Function("o", "return (" + process.argv[2] + ");");
      const bad = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse).filter((o) => !f(o));
      if (bad.length) { console.log(JSON.stringify(bad[0]).slice(0, 600)); process.exit(1); }' "$out" "$2" >"$scratch/why" 2>&1
  then pass "$1"; else fail "$1" "not so for:" "$scratch/why"; fi
}

# ---- examples/blog, offline
blog_project
blog=$proj
run "$MIGRUN" history --json
check_status "history --json: exit 0" 0
valid "history --json" history
count "history --json: one object per revision" revision 4
field "history --json: newest first, 0004 a head with 0003 its parent" \
  'o.id !== "0004_financial_records" || (o.is_head && o.parents[0] === "0003_add_user_status" && o.downgrade === "derived")'
cp "$out" "$scratch/after"
run "$MIGRUN" --json history
check_status "--json history: exit 0" 0
if cmp -s "$out" "$scratch/after"; then pass "--json before the command = after it (history)"
else fail "--json before the command = after it (history)" "differs:" "$out"; fi
run "$MIGRUN" history --json -r 0002:0003
valid "history --json -r" history
count "history --json -r 0002:0003: two revisions" revision 2
run "$MIGRUN" heads --json
valid "heads --json" heads
count "heads --json: one head" revision 1
run "$MIGRUN" show head --json
check_status "show head --json: exit 0" 0
valid "show head --json" show
count "show head --json: one revision_detail" revision_detail 1
field "show --json: each step with its kind, table, source:line or derived, YQL" \
  'o.upgrade_steps[0].kind === "create_table" && o.upgrade_steps[0].table === "financial_records" &&
   /0004_financial_records\.mig$/.test(o.upgrade_steps[0].source) && o.upgrade_steps[0].line > 0 &&
   /^CREATE TABLE `financial_records`/.test(o.upgrade_steps[0].yql) &&
   o.downgrade_steps[0].derived && o.downgrade_steps[0].line === null'
run "$MIGRUN" --json show heads
valid "--json show heads" show
run "$MIGRUN" show base --json
check_status "show base --json: exit 0" 0
check_empty "show base --json: no object (base has no steps)" "$out"
run "$MIGRUN" upgrade head --sql --json
check_status "upgrade --sql --json: a usage error" 2
check_grep "upgrade --sql --json: says why" "$err" 'json does not go with --sql'
run "$MIGRUN" --json complete targets
check_status "--json complete: a usage error" 2

# ---- examples/shop, offline: branches, a merge point, labels, a c step
shop=$scratch/shop
mkdir -p "$shop"
cp -r "$top_srcdir/examples/shop/migrations" "$shop/"
chmod -R u+w "$shop"
cd "$shop" || exit 1
run "$MIGC" build
check_status "migc build examples/shop" 0
run "$MIGRUN" branches --json
valid "branches --json" branches
count "branches --json: one branch point" revision 1
field "branches --json: 0002_orders branches into the audit and inventory revisions" \
  'o.id === "0002_orders" && o.is_branchpoint && o.children.length === 2'
run "$MIGRUN" --json history
valid "shop history --json" history
field "shop history --json: 0004_merge is a merge point of two parents" \
  'o.id !== "0004_merge" || (o.is_mergepoint && o.parents.length === 2)'
run "$MIGRUN" --json show 0003_inventory
valid "show 0003_inventory --json" show
field "show --json: a c step has its source, no YQL" \
  'o.upgrade_steps.some((s) => s.kind === "c" && s.yql === null && s.c_source.length > 0)'

# ---- online: examples/shop on ydbsim (the c step's log lines)
start_sim
m upgrade head --dry-run --json
check_status "upgrade head --dry-run --json: exit 0" 0
valid "upgrade --dry-run --json" upgrade
count "upgrade --dry-run --json: one plan" event_plan 1
count "upgrade --dry-run --json: a planned event per revision" event_planned 7
field "upgrade --dry-run --json: the planned steps, nothing run" \
  'o.event !== "planned" || (o.direction === "upgrade" && o.steps.length > 0 && o.steps[0].step === 1)'
field "upgrade --dry-run --json: the rebuild's rows to copy (stock is created by the plan: null), only there" \
  'o.event !== "planned" || (o.revision === "0006_stock_by_warehouse" ? JSON.stringify(o.rows_to_copy) === "[{\"step\":1,\"table\":\"stock\",\"rows\":null}]" : o.rows_to_copy === undefined)'
m --json upgrade head
check_status "--json upgrade head: exit 0" 0
valid "upgrade --json" upgrade
count "upgrade --json: a revision_start per revision" event_revision_start 7
count "upgrade --json: done" event_done 1
if [ "$(awk '$1 == "event_log"' "$scratch/counts")" ]; then pass "upgrade --json: the c step's log lines are log events"
else fail "upgrade --json: the c step's log lines are log events" "" "$out"; fi
m status --json
valid "shop status --json" status
count "shop status --json: a row per revision" status_revision 7

# ---- online: examples/blog, first against the shop's database: its rows are unknown here
cd "$blog" || exit 1
m status --json
valid "status --json against another project's rows" status
count "status --json: the shop's 7 revisions are unknown here" status_unknown 7
m current --json
valid "current --json against another project's rows" current
field "current --json: the shop's revisions, not known here" 'o.known === false && o.state === "applied"'
start_sim
m status --json
valid "status --json, nothing applied" status
field "status --json: all pending" 'o.state === "pending" && o.steps_done === 0'
m current --json
check_status "current --json, nothing applied: exit 0" 0
check_empty "current --json, nothing applied: no object" "$out"
m upgrade head --json
check_status "upgrade head --json: exit 0" 0
valid "blog upgrade --json" upgrade
count "blog upgrade --json: a lock, then released" event_lock_released 1
m current --json
valid "current --json" current
count "current --json: the head" current_head 1
m lock --json
valid "lock --json" lock
field "lock --json: no lock held after the upgrade" '!o.held && o.pid === 0'
m unlock --json
check_status "unlock --json: exit 0" 0
valid "unlock --json" unlock
field "unlock --json: nothing released, no lock was held" '!o.released && o.pid === 0 && o.user === ""'
m baseline --rev-id 0001_adopt -o "$scratch/adopt.mig" --json
check_status "baseline --json: exit 0" 0
valid "baseline --json" baseline
field "baseline --json: the file, the tables and the text" \
  'o.revision === "0001_adopt" && o.file.endsWith("adopt.mig") && o.tables === 3 && o.text.includes("create_table users")'
if [ -s "$scratch/adopt.mig" ] && node -e 'const fs = require("fs");
    const o = JSON.parse(fs.readFileSync(process.argv[1], "utf8").split("\n")[0]);
    process.exit(o.text === fs.readFileSync(process.argv[2], "utf8") ? 0 : 1)' "$out" "$scratch/adopt.mig"; then
  pass "baseline --json: the text is the file's"
else
  fail "baseline --json: the text is the file's" "the JSON text and $scratch/adopt.mig differ"
fi
m check --json
check_status "check --json: exit 0" 0
valid "check --json" check
field "check --json: a summary, ok" 'o.kind !== "summary" || (o.ok && o.differences === 0)'
m downgrade -1 --dry-run --json
valid "downgrade --dry-run --json" downgrade
field "downgrade --dry-run --json: 0004's downgrade is planned" \
  'o.event !== "planned" || (o.revision === "0004_financial_records" && o.direction === "downgrade" && o.steps[0].kind === "drop_table")'
m upgrade nosuch --json
check_status "upgrade to an unknown target: exit 1" 1
valid "upgrade nosuch --json" upgrade
count "upgrade nosuch --json: an error event" event_error 1
start_sim
# tables gone, stamped at head: check finds each missing; then an edited revision
m stamp head --json
check_status "stamp head --json: exit 0" 0
valid "stamp --json" stamp
m check --json
check_status "check --json with differences: exit 1" 1
valid "check --json, differences" check
count "check --json: the 3 missing tables" check_table 3
m stamp --purge --json
m upgrade head --json
check_status "upgrade head again" 0
echo "-- an edit" >>migrations/0004_financial_records.mig
m upgrade head --dry-run --json
valid "upgrade --dry-run --json with a changed source" upgrade
count "upgrade --json: a changed source is a warning" event_warning 1
run "$MIGC" build
m check --json
valid "check --json, an edited revision" check
field "check --json: the edited revision is a finding" 'o.kind !== "revision" || o.revision === "0004_financial_records"'

# ---- online: a backfill step's pages
mkdir -p "$scratch/bf/migrations"
cat >"$scratch/bf/migrations/0001_bf.mig" <<'MIG'
revision 0001_bf "a table with rows, then a backfill of two pages";
revises base;
upgrade <
  create_table t < id Uint64 pk; n Int32; >
  yql """UPSERT INTO t (id, n) VALUES (1ul, 0), (2ul, 0), (3ul, 0);""";
  backfill t set n = "n + 1" batch 2;
>
downgrade < drop_table t; >
MIG
cd "$scratch/bf" || exit 1
run "$MIGC" build
check_status "migc build (a backfill)" 0
start_sim
m upgrade head --json
check_status "backfill upgrade --json: exit 0" 0
valid "backfill upgrade --json" upgrade
count "backfill upgrade --json: a backfill_page per page" event_backfill_page 2
field "backfill upgrade --json: the pages' rows, totals and cursors" \
  'o.event !== "backfill_page" || (o.step === 3 && (o.rows_done === 2 ? o.rows === 2 && o.cursor === "(2)" : o.rows_done === 3 && o.rows === 1 && o.cursor === "(3)"))'

# ---- online: a rebuild_table step's pages, its check and its swap
cat >"$scratch/bf/migrations/0002_rb.mig" <<'MIG'
revision 0002_rb "t rebuilt with n as Int64";
revises 0001_bf;
upgrade <
  rebuild_table t < id Uint64 pk; n Int64; > copy < n = "n * 1l"; > batch 2;
>
MIG
run "$MIGC" build
check_status "migc build (a rebuild_table)" 0
m upgrade head --json
check_status "rebuild_table upgrade --json: exit 0" 0
valid "rebuild_table upgrade --json" upgrade
count "rebuild_table upgrade --json: a backfill_page per page" event_backfill_page 2
count "rebuild_table upgrade --json: its check" event_rebuild_checked 1
count "rebuild_table upgrade --json: its swap" event_rebuild_swapped 1
field "rebuild_table upgrade --json: the check's counts" \
  'o.event !== "rebuild_checked" || (o.rows_copied === 3 && o.rows_table === 3 && o.rows_after === 0 && o.rows_shadow === 3 && o.ok === true && o.shadow === "t__rebuild_0002_rb")'
field "rebuild_table upgrade --json: the swap's tables" \
  'o.event !== "rebuild_swapped" || (o.table === "t" && o.kept === "t__before_0002_rb")'

# ---- every object kind of the schema was seen
node -e 'const s = require(process.argv[1]); console.log(Object.keys(s.objects).join("\n"))' "$schema" >"$scratch/kinds"
while read -r k; do
  # step and planned_rebuild are parts of events, validated inside them (and checked above)
  case $k in step|planned_rebuild|event_index_building) continue ;; esac
  if awk -v o="$k" '$1 == o { f = 1 } END { exit !f }' "$seen"; then pass "seen and valid: $k"
  else fail "seen and valid: $k" "no command printed one"; fi
done <"$scratch/kinds"

finish
