#!/usr/bin/env bash
# autogen-online.sh - the README's "Autogenerate" workflow against tests/ydbsim: examples/blog
# upgraded, then schema.mig edited (a column, an index, a table, a TTL, a changefeed, a
# drop), `migc diff` writes the revision, `migc build`, `migrun upgrade head`, and `migrun
# check` finds the live schema as expected; `migc diff --check` then finds no differences,
# and `migrun downgrade -1` undoes the written revision (its downgrade is derived).
# Then a table with rows declared with another key, column types and a `not null`: `migc
# diff` writes one rebuild_table, migrun copies the rows into the new shape (checked row
# by row), and the next `migc diff` drops the kept old table.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
. "$top_srcdir/tests/sim.sh"

blog_project
start_sim
m upgrade head
check_status "upgrade examples/blog to head" 0

run "$MIGC" schema
check_status "migc schema" 0
cp "$out" schema.mig
run "$MIGC" diff --check
check_status "diff --check right after migc schema > schema.mig: no differences" 0

# the edit a person makes: a column and its index, a new table with a TTL and a changefeed,
# and financial_records' metadata dropped
sed -e 's/^  status    Utf8;$/  status    Utf8;\n  country   Utf8;/' \
    -e 's/^  index ix_users_email on (email);$/  index ix_users_email on (email);\n  index ix_users_country async on (country);/' \
    -e '/^  metadata   Json;$/d' schema.mig >schema.new
cat >>schema.new <<'MIG'

create_table app/sessions <
  id         Uint64 pk;
  user_id    Uint64 not null;
  started_at Timestamp not null;
  ttl started_at after 7d;
>
add_changefeed app/sessions events (mode = new_image, format = json);
MIG
mv schema.new schema.mig

run "$MIGC" diff -m "add status"
check_status "migc diff -m \"add status\"" 0
check_grep "diff: says which file it wrote" "$out" '^created migrations/0005_add_status\.mig$'
check_grep "diff: warns of the dropped column" "$err" 'dropping column "metadata"'
rev=migrations/0005_add_status.mig
check_grep "the revision revises the head" "$rev" '^revises 0004_financial_records;$'
check_grep "the revision marks the drop destructive" "$rev" '^  -- destructive: drops column "metadata"'
check_no_grep "the revision's downgrade is derived (not written)" "$rev" '^downgrade'
check_grep "the revision adds the column" "$rev" '^    country Utf8;$'
check_grep "the revision creates the index" "$rev" '^  create_index ix_users_country on users \(country\) async;$'
check_grep "the revision creates the table" "$rev" '^  create_table app/sessions <$'
check_grep "the revision adds the changefeed" "$rev" '^  add_changefeed app/sessions events '
run "$MIGC" build
check_status "migc build" 0
m upgrade head
check_status "migrun upgrade head (the written revision)" 0
m check
check_status "migrun check: the live schema is the declared one" 0
run "$MIGC" diff --check
check_status "migc diff --check after the upgrade: no differences" 0
check_empty "diff --check prints nothing when equal" "$out"
m downgrade -1
check_status "migrun downgrade -1 undoes it (derived downgrade)" 0
m check
check_status "migrun check after the downgrade" 0

# ---- a rebuild written by migc diff, run on a table with rows
: "${YQLRUN:?YQLRUN must name tests/ydb/yqlrun}"
mkdir -p "$scratch/rb/migrations" && cd "$scratch/rb" || exit 1
cat >migrations/0001_t.mig <<'MIG'
revision 0001_t "t keyed by id";
revises base;

upgrade <
  create_table t <
    id     Uint64 pk;
    tenant Uint32 not null;
    code   Utf8;
    n      Int64 not null;
    note   Utf8;
  >
>
MIG
run "$MIGC" build
check_status "rebuild: migc build of t" 0
start_sim_state "$scratch/rb.state"
m upgrade head
check_status "rebuild: upgrade head (t)" 0
# 30 rows: tenant = id % 3, code "<id * 7>", n = id, note "n<id>"
seq 1 30 | awk 'BEGIN { printf "UPSERT INTO t (id, tenant, code, n, note) VALUES " }
  { printf "%s(%dul, %du, \"%d\"u, %dl, \"n%d\"u)", (NR > 1 ? ", " : ""), $1, $1 % 3, $1 * 7, $1, $1 }
  END { print ";" }' >"$scratch/rb-rows.sql"
run "$YQLRUN" "$url" "$scratch/rb-rows.sql"
check_status "rebuild: 30 rows inserted into t" 0
cat >schema.mig <<'MIG'
create_table t <
  tenant Uint32 not null;
  id     Uint64 not null;
  code   Uint64;
  n      Int32 not null;
  note   Utf8 not null;
  primary_key (tenant, id);
>
MIG
run "$MIGC" diff -m "rekey t"
check_status "rebuild: migc diff -m \"rekey t\"" 0
rev=migrations/0002_rekey_t.mig
check_grep "rebuild: the revision rebuilds t" "$rev" '^  rebuild_table t <$'
check_grep "rebuild: the note names the kept table" "$rev" '^  -- rebuilds table "t": .* t__before_<revision id> '
check_grep "rebuild: code is cast" "$rev" '^    code = "CAST\(`code` AS Uint64\)";$'
check_grep "rebuild: n is cast and unwrapped (not null)" "$rev" '^    n = "Unwrap\(CAST\(`n` AS Int32\)\)";$'
check_no_grep "rebuild: note is copied by name" "$rev" 'note = '
run "$MIGC" build
check_status "rebuild: migc build of the written revision" 0
m upgrade head
check_status "rebuild: migrun upgrade head runs the rebuild" 0
m check
check_status "rebuild: migrun check agrees with the rebuilt schema" 0
stop_sim
# the rows of the rebuilt t (tenant, id, code, n, note; as the catalog writes them: U
# unsigned, I signed, S hex)
t=h$(hx /local/t)
seq 1 30 | awk -v t="$t" '{ h = "6e"; s = $1 ""; for (i = 1; i <= length(s); i++) h = h "3" substr(s, i, 1)
  printf "%s row U%d U%d U%d I%d S%s\n", t, $1 % 3, $1, $1 * 7, $1, h }' | sort >"$scratch/rb-want"
catalog "$scratch/rb.state" | grep "^$t row " | sort >"$scratch/rb-got"
if cmp -s "$scratch/rb-want" "$scratch/rb-got"; then pass "rebuild: t holds the 30 rows in the new shape"
else diff "$scratch/rb-want" "$scratch/rb-got" | head -10 >"$scratch/rb-diff"; fail "rebuild: t holds the 30 rows in the new shape" "want vs got:" "$scratch/rb-diff"; fi
check_grep "rebuild: t's key is (tenant, id)" <(catalog "$scratch/rb.state") "^$t pk 0 1\$"
kept=h$(hx /local/t__before_0002_rekey_t)
check_grep "rebuild: the old t is kept" <(catalog "$scratch/rb.state") "^$kept row "

cp "$scratch/rb.state" "$scratch/rb2.state"
start_sim --state "$scratch/rb2.state"
run "$MIGC" diff --check
check_status "rebuild: the next diff --check finds the kept table" 1
check_grep "rebuild: the next diff drops the kept table" "$out" '^drop_table t__before_0002_rekey_t;$'
run "$MIGC" diff -m "drop kept t"
check_status "rebuild: migc diff -m \"drop kept t\"" 0
run "$MIGC" build
check_status "rebuild: migc build of the drop" 0
m upgrade head
check_status "rebuild: migrun upgrade head drops the kept table" 0
m check
check_status "rebuild: migrun check after the drop" 0
run "$MIGC" diff --check
check_status "rebuild: diff --check then finds no differences" 0

finish
