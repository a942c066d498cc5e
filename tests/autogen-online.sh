#!/usr/bin/env bash
# autogen-online.sh - the README's "Autogenerate" workflow against tests/ydbsim: examples/blog
# upgraded, then schema.mig edited (a column, an index, a table, a TTL, a changefeed, a
# drop), `migc diff` writes the revision, `migc build`, `migrun upgrade head`, and `migrun
# check` finds the live schema as expected; `migc diff --check` then finds no differences,
# and `migrun downgrade -1` undoes the written revision (its downgrade is derived).
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

finish
