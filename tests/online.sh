#!/usr/bin/env bash
# online.sh - migrun against a database, one run and its results: examples/blog upgraded,
# checked, downgraded and upgraded again on tests/ydbsim; an edited applied revision refused;
# unbuilt sources warned about; c steps and their host API; a revision edited after a failed
# attempt; stamp and branches; output settings; wrong credentials, an unreachable host and
# a missing database refused with exit 5 and nothing written; baseline; check comparing
# values; TLS. A fault at every call and a converging rerun: tests/converge.sh; several
# migruns, the lock and its lease: tests/locking.sh.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
# migrun, migc, ydbsim and the driver; ydbsim started per scenario, always stopped
. "$top_srcdir/tests/sim.sh"

# ---- the example, built into a scratch project
blog_project

# ---- the example up, checked, down, up
start_sim
m upgrade head
check_status "upgrade head: exit 0" 0
check_grep "upgrade head: one line per revision" "$out" '^\[4/4\] upgrade 0004_financial_records'
check_grep "upgrade head: one line per step, with its time" "$out" '^    step 2/2 yql \.\.\. ok \([0-9]+ ms\)$'
expect_head "after upgrade head"
m current
check_status "current: exit 0" 0
check_grep "current: the head" "$out" '^0004_financial_records \(head\)'
m upgrade head
check_status "upgrade head again: exit 0" 0
check_grep "upgrade head again: nothing to do" "$out" 'Nothing to do'
m downgrade -1
check_status "downgrade -1: exit 0" 0
m current
check_grep "downgrade -1: current is 0003" "$out" '^0003_add_user_status'
m downgrade base
check_status "downgrade base: exit 0" 0
m status
check_grep "downgrade base: all pending" "$out" '^0 applied, 4 pending'
# the tables are gone: stamped at head, check finds each one missing
m stamp head
check_status "stamp head: exit 0" 0
m check
check_status "check after base + stamp: exit 1" 1
n=$(grep -c 'is expected, but does not exist' "$out")
if [ "$n" = 3 ]; then pass "downgrade base: the 3 tables are gone"; else fail "downgrade base: the 3 tables are gone" "check:" "$out"; fi
m stamp --purge
check_status "stamp --purge: exit 0" 0
m upgrade head --json
check_status "upgrade head --json: exit 0" 0
check_grep "--json: a lock event" "$out" '^\{"event":"lock",'
check_grep "--json: step events" "$out" '^\{"event":"step_end",.*"revision":"0003_add_user_status","step":2,'
check_no_grep "--json: nothing but JSON objects" "$out" '^[^{]'
expect_head "up again"
m lock
check_grep "lock: released after the run" "$out" '^No migration lock is held'
m upgrade head --dry-run
check_grep "--dry-run: nothing to do" "$out" 'Nothing to do'

# ---- an applied revision edited: refused
cp migrations/0002_add_posts.mig "$scratch/0002.bak"
printf '\n-- an edit\n' >>migrations/0002_add_posts.mig
run "$MIGC" build
m upgrade head
check_status "edited applied revision: upgrade exit 1" 1
check_grep "edited applied revision: named" "$err" 'revision "0002_add_posts" was applied with a different source'
m check
check_status "edited applied revision: check exit 1" 1
cp "$scratch/0002.bak" migrations/0002_add_posts.mig
run "$MIGC" build
m check
check_status "restored revision: check exit 0" 0
check_no_grep "built plugins: no warning" "$err" 'warning'

# ---- sources newer than the plugins (migc build forgotten): a warning before anything runs
printf '\n-- an edit\n' >>migrations/0002_add_posts.mig
printf 'revision 0005_x "not built";\nrevises 0004_financial_records;\nupgrade < create_table x < id Uint64 pk; > >\n' \
  >migrations/0005_x.mig
m upgrade head
check_status "unbuilt sources: upgrade still runs the plugins (nothing to do)" 0
check_grep "unbuilt sources: an edited source named" "$err" '^migrun: warning: 1 source changed since the plugins were built: migrations/0002_add_posts.mig$'
check_grep "unbuilt sources: a new .mig file named" "$err" '^migrun: warning: 1 .mig file with no plugin: migrations/0005_x.mig$'
check_grep "unbuilt sources: the hint" "$err" '^hint: Run `migc build` first'
m status --json
check_grep "unbuilt sources: a JSON warning event" "$out" '^\{"event":"warning","message":"1 .mig file with no plugin'
rm migrations/0005_x.mig
cp "$scratch/0002.bak" migrations/0002_add_posts.mig

# ---- a c step: the host API (exec with parameters, rows, exists, log) in its transaction
start_sim
mkdir -p "$scratch/native/migrations"
cat >"$scratch/native/migrations/0001_t.mig" <<'MIG'
revision 0001_t "a table and a c step";
revises base;
upgrade <
  create_table t <
    id Uint64 pk;
    n  Uint32;
  >
  c """
    if (mig_table_exists("t") != 1 || mig_column_exists("t", "n") != 1 || mig_column_exists("t", "zz") != 0)
      return -1;
    mig_param p[] = {{"$id", {MIG_PT_UINT64, 0, 0, 0, 0}, "7"}};
    if (mig_exec("DECLARE $id AS Uint64; UPSERT INTO t (id, n) VALUES ($id, 1u);", p, 1, NULL)) return -1;
    mig_rows *r = NULL;
    if (mig_exec("SELECT id FROM t;", NULL, 0, &r)) return -1;
    int k = 0;
    while (api->rows_next(r)) k += api->rows_text(r, 0) && api->rows_text(r, 0)[0] == '7';
    api->rows_free(r);
    mig_log(MIG_LOG_INFO, "t has %d row with id 7", k);
    return k == 1 ? 0 : -1;
  """;
>
downgrade < drop_table t; >
MIG
cat >"$scratch/native/migrations/0002_fails.mig" <<'MIG'
revision 0002_fails "a c step that fails";
revises 0001_t;
upgrade <
  c """
    mig_exec("UPSERT INTO t (id, n) VALUES (8ul, 2u);", NULL, 0, NULL);
    mig_log(MIG_LOG_ERROR, "giving up on purpose");
    return -1;
  """;
>
downgrade irreversible;
MIG
cd "$scratch/native" && run "$MIGC" build && :; cd "$proj"
check_status "c steps: migc build" 0
cd "$scratch/native" && run --timeout 60 "$MIGRUN" upgrade 0001_t --url "$url" && :; cd "$proj"
check_status "c step: upgrade exit 0" 0
check_grep "c step: its log line" "$out" '\[info\] t has 1 row with id 7'
check_grep "c step: its log line on a line of its own" "$out" '^    \[info\] t has 1 row with id 7$'
check_grep "c step: the step line ends before the log line" "$out" '^    step 2/2 c \.\.\.$'
check_grep "c step: the result on a line that names the step" "$out" '^    step 2/2 c \.\.\. ok \([0-9]+ ms\)$'
check_no_grep "c step: no log line inside the step line" "$out" '\.\.\. +\['
cd "$scratch/native" && run --timeout 60 "$MIGRUN" downgrade base --url "$url" && :; cd "$proj"
check_status "c step: downgrade exit 0" 0
cd "$scratch/native" && run --timeout 60 "$MIGRUN" upgrade 0001_t --url "$url" --json && :; cd "$proj"
check_status "c step --json: upgrade exit 0" 0
check_grep "c step --json: its log event" "$out" '^\{"event":"log",.*"message":"t has 1 row with id 7"\}$'
check_no_grep "c step --json: nothing but JSON objects" "$out" '^[^{]'
cd "$scratch/native" && run --timeout 60 "$MIGRUN" upgrade head --url "$url" && :; cd "$proj"
check_status "failing c step: exit 1" 1
check_grep "failing c step: names the revision and step" "$err" 'step 1/1 \(c.*\) of revision "0002_fails" failed'
check_grep "failing c step: its log line on a line of its own" "$out" '^    \[error\] giving up on purpose$'
check_grep "failing c step: the result on a line that names the step" "$out" '^    step 1/1 c \.\.\. failed$'
cd "$scratch/native" && run --timeout 60 "$MIGRUN" status --url "$url" && :; cd "$proj"
check_grep "failing c step: the revision is partial at step 0" "$out" 'PARTIAL   0002_fails  \(applying: 0 of 1'
cd "$scratch/native" && run --timeout 60 "$MIGRUN" downgrade base --url "$url" && :; cd "$proj"
check_status "downgrade while a revision is half applied: exit 1" 1
check_grep "downgrade while half applied: says to finish" "$err" 'half applied'

# ---- a revision edited after a failed first attempt: with nothing recorded it takes over
# (each step checked on the live schema); with steps recorded it is refused, and stamp
# forgets it
start_sim
mkdir -p "$scratch/edit/migrations"
cat >"$scratch/edit/migrations/0001_e.mig" <<'MIG'
revision 0001_e "a table, then a data step that fails";
revises base;
upgrade <
  create_table e <
    id Uint64 pk;
  >
  yql """UPSERT INTO e (id) VALUES (1ul);""";
  yql """UPSERT INTO no_such_table (id) VALUES (1ul);""";
>
downgrade < drop_table e; >
MIG
e() { cd "$scratch/edit" && run --timeout 120 "$MIGRUN" "$@" --url "$url" && :; cd "$proj"; }
cd "$scratch/edit" && run "$MIGC" build && :; cd "$proj"
e upgrade head
check_status "failing data step: exit 5" 5
e status
check_grep "failing data step: 2 steps recorded" "$out" 'PARTIAL   0001_e  \(applying: 2 of 3 steps recorded'
sed -i 's/no_such_table/e/' "$scratch/edit/migrations/0001_e.mig"
cd "$scratch/edit" && run "$MIGC" build && :; cd "$proj"
e upgrade head
check_status "edited after a step was recorded: exit 1" 1
check_grep "edited after a step was recorded: says so" "$err" 'revision "0001_e" was started with a different source'
check_grep "edited after a step was recorded: how many steps" "$err" 'Its first 2 steps are recorded as done under that source'
check_grep "edited after a step was recorded: the way out" "$err" '`migrun stamp base` forgets the half-applied revision'
e check
check_status "check with an edited half-applied revision: exit 1" 1
e stamp base
check_status "stamp base over an edited half-applied revision: exit 0" 0
check_grep "stamp base: says base" "$out" '^Stamped: base \(nothing was run\)'
e upgrade head
check_status "after stamp base: the edited revision runs: exit 0" 0
check_grep "after stamp base: the table is found already there" "$out" 'step 1/3 create_table e \.\.\. already done'
e check
check_status "after stamp base: migrun check" 0

cat >"$scratch/edit/migrations/0002_f.mig" <<'MIG'
revision 0002_f "a table and a failing data step";
revises 0001_e;
upgrade <
  create_table f <
    id Uint64 pk;
  >
  yql """UPSERT INTO no_such_table (id) VALUES (1ul);""";
>
downgrade < drop_table f; >
MIG
cd "$scratch/edit" && run "$MIGC" build && :; cd "$proj"
e upgrade head
check_status "a first step then a failing one, nothing recorded: exit 5" 5
e check
check_status "check with a half-applied revision: exit 1" 1
check_grep "check with a half-applied revision: names it" "$out" '^revision: revision "0002_f" is half applied'
e check --json
check_status "check --json: exit 1" 1
check_no_grep "check --json: nothing but JSON objects" "$out" '^[^{]'
check_grep "check --json: the revision problem" "$out" '"kind":"revision","problem":true,"revision":"0002_f"'
check_grep "check --json: a summary" "$out" '"kind":"summary","ok":false'
sed -i 's/no_such_table/f/' "$scratch/edit/migrations/0002_f.mig"
cd "$scratch/edit" && run "$MIGC" build && :; cd "$proj"
e upgrade head
check_status "edited with nothing recorded: it takes over: exit 0" 0
check_grep "edited with nothing recorded: resumes" "$out" 'upgrade 0002_f: .*resuming at step 1'
check_grep "edited with nothing recorded: its table found done" "$out" 'step 1/2 create_table f \.\.\. already done'
e status
check_grep "edited with nothing recorded: 2 applied" "$out" '^2 applied, 0 pending, 0 partially applied$'
e check
check_status "edited with nothing recorded: migrun check" 0

# ---- stamp keeps other branches; a revision the plugins lack is shown by current/status
mkdir -p "$scratch/br/migrations"
printf 'revision a1 "branch a";\nrevises base;\nlabel a;\nupgrade < create_table ta < id Uint64 pk; > >\n' >"$scratch/br/migrations/a1.mig"
printf 'revision a2 "branch a, 2";\nrevises a1;\nupgrade < create_table ta2 < id Uint64 pk; > >\n' >"$scratch/br/migrations/a2.mig"
printf 'revision b1 "branch b";\nrevises base;\nlabel b;\nupgrade < create_table tb < id Uint64 pk; > >\n' >"$scratch/br/migrations/b1.mig"
b() { cd "$scratch/br" && run --timeout 120 "$MIGRUN" "$@" --url "$url" && :; cd "$proj"; }
cd "$scratch/br" && run "$MIGC" build && :; cd "$proj"
start_sim
b upgrade heads
check_status "branches: upgrade heads" 0
b stamp a1
check_status "stamp a1: exit 0" 0
b status
check_grep "stamp a1: a2 (after a1) forgotten" "$out" '^  pending   a2$'
check_grep "stamp a1: b1 (another branch) kept" "$out" '^  applied   b1 '
b stamp 'a@head'
check_grep "stamp a@head: names the resolved revision" "$out" '^Stamped: a2 \(nothing was run\)'
b status
check_grep "stamp a@head: the stamped row says so" "$out" '^  applied   a2  \(.*, by .*\(stamp\)\)$'
check_grep "stamp a@head: a row that was applied keeps its author" "$out" '^  applied   a1  \(.*, by [^(]*\)$'
rm "$scratch/br/migrations/b1.mig"
cd "$scratch/br" && run "$MIGC" build && :; cd "$proj"
b current
check_grep "current: a revision the plugins lack is shown" "$out" '^b1 \(applied in the database; not in the plugin directory\)'
b status --json
check_grep "status --json: a revision the plugins lack" "$out" '"revision":"b1","state":"unknown"'
b stamp a1
check_status "stamp with a revision the plugins lack: exit 1" 1
check_grep "stamp with a revision the plugins lack: the way out" "$err" 'stamp --purge'

# ---- offline commands do not load gRPC
if ldd "$MIGRUN" 2>/dev/null | grep -qi grpc; then fail "migrun does not link gRPC" "" ; else pass "migrun does not link gRPC"; fi

# ---- output settings, and a reader that goes away
start_sim
MIG_LOG_FORMAT=json run --timeout 60 "$MIGRUN" upgrade head --url "$url"
check_status "log_format = json: exit 0" 0
check_first_line "log_format = json: JSON events" "$out" '^\{"event":"lock",'
MIG_LOG_LEVEL=loud run --timeout 60 "$MIGRUN" status --url "$url"
check_status "log_level not a level: exit 2" 2
check_grep "log_level not a level: says which" "$err" 'log_level "loud" is not one of debug, info, warn, error'
MIG_LOG_LEVEL=warn run --timeout 60 "$MIGRUN" downgrade base --url "$url"
check_status "log_level = warn: downgrade exit 0" 0
check_no_grep "log_level = warn: no progress lines" "$out" 'applied in|downgraded in|^  step '
(timeout -k 5 60 "$MIGRUN" upgrade head --url "$url" | head -n 1) >/dev/null 2>&1
m status
check_grep "stdout closed early (| head): the upgrade still completes" "$out" '^4 applied, 0 pending'
stop_sim

# ---- wrong credentials, unreachable host, missing database: exit 5, nothing written
start_sim --auth static:alice:s3cret
YDB_USER=alice YDB_PASSWORD=wrong-pw run --timeout 60 "$MIGRUN" upgrade head --url "$url"
check_status "wrong password: exit 5" 5
check_grep "wrong password: says so" "$err" 'cannot connect to'
check_no_grep "wrong password: the password is not printed" "$err" 'wrong-pw'
YDB_USER=alice run --timeout 60 "$MIGRUN" upgrade head --url "$url" </dev/null
check_status "user without password, no terminal: exit 2" 2
# a user without a password on a terminal: asked, with echo off (script(1) gives a terminal)
if command -v script >/dev/null 2>&1; then
  (sleep 1; printf 's3cret\n') | YDB_USER=alice timeout -k 5 60 script -qec "'$MIGRUN' status --url '$url'" /dev/null \
    >"$scratch/tty.out" 2>&1
  check_grep "password prompt on a terminal" "$scratch/tty.out" '^Password for YDB user alice: '
  check_grep "password prompt: the run goes on" "$scratch/tty.out" '0 applied, 4 pending'
  check_no_grep "password prompt: the password is not echoed" "$scratch/tty.out" 's3cret'
fi
printf 'user = alice\npassword = s3cret\n' >"$scratch/creds"
chmod 600 "$scratch/creds"
run --timeout 60 "$MIGRUN" status --url "$url" --credentials-file "$scratch/creds"
check_status "credentials file: status exit 0" 0
check_grep "wrong password: nothing written" "$out" '^0 applied, 4 pending'
# a credentials file others may read or change is refused, as ssh refuses such a private key
for mode in 640 604 620; do
  chmod "$mode" "$scratch/creds"
  run --timeout 60 "$MIGRUN" status --url "$url" --credentials-file "$scratch/creds"
  check_status "credentials file mode $mode: exit 2" 2
  check_grep "credentials file mode $mode: names the file and its mode" "$err" \
    "^migrun: error: the credentials file \"$scratch/creds\" is .* \(mode 0$mode\)"
  check_grep "credentials file mode $mode: hint chmod 600" "$err" "^hint: .*chmod 600 $scratch/creds"
  check_no_grep "credentials file mode $mode: the password is not printed" "$err" 's3cret'
done
chmod 600 "$scratch/creds"
YDB_STATIC_CREDENTIALS_USER=alice YDB_STATIC_CREDENTIALS_PASSWORD=s3cret run --timeout 60 "$MIGRUN" upgrade head --url "$url"
check_status "YDB_STATIC_CREDENTIALS_*: upgrade exit 0" 0

start_sim
run --timeout 60 "$MIGRUN" upgrade head --url "grpc://127.0.0.1:$sim_port/nosuchdb"
check_status "missing database: exit 5" 5
check_grep "missing database: says so" "$err" 'cannot connect to grpc://127.0.0.1:[0-9]+/nosuchdb'
m status
check_grep "missing database: nothing written" "$out" '^0 applied, 4 pending'
stop_sim
run --timeout 60 "$MIGRUN" upgrade head --url "grpc://127.0.0.1:$sim_port/local"
check_status "unreachable host: exit 5" 5
check_grep "unreachable host: says so" "$err" '^migrun: error: cannot connect to'

# ---- baseline: an existing database (the example, plus odd names, folders and options)
# described as one revision that a new project builds, stamps and checks with no difference.
mkdir -p "$scratch/blsrc" "$scratch/adopt/migrations"
cp -r "$proj/migrations" "$scratch/blsrc/"
cat >"$scratch/blsrc/migrations/0005_extra.mig" <<'MIG'
revision 0005_extra "Odd names, folders, options";
revises 0004_financial_records;
upgrade <
  create_table shop/`order` <
    id        Uint64 pk;
    `index`   Uint32 not null default 7;
    `a-b`     Utf8 default "x\"y";
    day       Date default Date("2024-01-02");
    ts        Timestamp not null;
    index ix_order_ts async on (ts) cover (`a-b`);
    index ux_order_index unique on (`index`);
    ttl ts after 1d12h;
    with (AUTO_PARTITIONING_BY_LOAD = ENABLED, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4);
  >
  create_table shop/deep/events <
    k     Uint64 pk;
    at_s  Uint32;
    ttl at_s after 2w as seconds;
  >
>
MIG
start_sim
cd "$scratch/blsrc" && run "$MIGC" build && :
check_status "baseline: the source project builds" 0
m upgrade head
check_status "baseline: the source project upgraded" 0
cd "$scratch/adopt" || exit 1
m baseline
check_status "baseline to stdout: exit 0" 0
check_first_line "baseline to stdout: a .mig file" "$out" '^-- '
check_grep "baseline to stdout: the revision header" "$out" '^revision 0001_baseline "baseline of the existing schema";$'
check_grep "baseline to stdout: revises base" "$out" '^revises base;$'
check_no_grep "baseline: no downgrade block" "$out" '^downgrade'
check_no_grep "baseline: migrun's own tables left out" "$out" 'mig_version'
check_grep "baseline: the next steps on stderr" "$err" 'migrun stamp 0001_baseline'
grep '^  create_table' "$out" >"$scratch/bl.order"
printf '  create_table %s <\n' financial_records posts shop/deep/events shop/order users >"$scratch/bl.want"
if cmp -s "$scratch/bl.order" "$scratch/bl.want"; then pass "baseline: tables sorted by path, folders as dir/table"
else fail "baseline: tables sorted by path, folders as dir/table" "got:" "$scratch/bl.order"; fi
check_grep "baseline: keywords in backticks" "$out" '^    `index` +Uint32 not null default 7;$'
check_grep "baseline: other names in backticks" "$out" '^    `a-b` +Utf8 default "x\\"y";$'
check_grep "baseline: index options" "$out" '^    index ix_order_ts async on \(ts\) cover \(`a-b`\);$'
check_grep "baseline: unique index" "$out" '^    index ux_order_index unique on \(`index`\);$'
check_grep "baseline: ttl" "$out" '^    ttl ts after 1d12h;$'
check_grep "baseline: ttl with a unit" "$out" '^    ttl at_s after 14d as seconds;$'
check_grep "baseline: settings other than YDB's defaults" "$out" \
  '^    with \(AUTO_PARTITIONING_BY_LOAD = ENABLED, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4\);$'
m baseline -m "Adopted" --rev-id 0001_adopt
check_grep "baseline -m --rev-id" "$out" '^revision 0001_adopt "Adopted";$'
m baseline -o migrations/0001_baseline.mig
check_status "baseline -o: exit 0" 0
check_grep "baseline -o: says what it wrote" "$out" '^Wrote migrations/0001_baseline.mig: revision 0001_baseline, 5 tables'
check_grep "baseline -o: the next steps" "$out" 'migc build.*migrun stamp 0001_baseline'
run "$MIGC" check
check_status "baseline: migc check passes" 0
run "$MIGC" build
check_status "baseline: migc build passes" 0
# The database still records the source project's history; an adopted database would have none.
m stamp --purge 0001_baseline
check_status "baseline: stamp 0001_baseline" 0
m check
check_status "baseline: migrun check finds no difference" 0
check_grep "baseline: every table checked" "$out" '^ok: 5 tables checked, 0 differences; 0 revisions pending$'
cp migrations/0001_baseline.mig "$scratch/bl.before"
m baseline -o migrations/0001_baseline.mig
if [ "$status" -ne 0 ]; then pass "baseline -o onto an existing file: refused"
else fail "baseline -o onto an existing file: refused" "it exited 0" "$out"; fi
check_grep "baseline -o onto an existing file: names it" "$err" 'migrations/0001_baseline.mig exists'
if cmp -s migrations/0001_baseline.mig "$scratch/bl.before"; then pass "baseline -o onto an existing file: left as it was"
else fail "baseline -o onto an existing file: left as it was" "" ""; fi
m baseline --rev-id a-b
check_status "baseline --rev-id with a '-': usage error" 2
cd "$proj" || exit 1
stop_sim

# ---- check compares values: a table made by another project's source (same revision id)
# differs from the expected one in a default, a family and a setting, and check says each.
mkdir -p "$scratch/drift/want/migrations" "$scratch/drift/made/migrations"
cat >"$scratch/drift/want/migrations/0001_t.mig" <<'MIG'
revision 0001_t; revises base;
upgrade <
  create_table t < id Uint64 pk; s Utf8 default "new" family cold; family cold (compression = lz4);
                   with (AUTO_PARTITIONING_BY_LOAD = ENABLED); >
>
MIG
sed -e 's/"new"/"old"/' -e 's/lz4/off/' -e 's/ENABLED/DISABLED/' "$scratch/drift/want/migrations/0001_t.mig" \
  >"$scratch/drift/made/migrations/0001_t.mig"
start_sim
for d in made want; do
  cd "$scratch/drift/$d" && run "$MIGC" build && :
  check_status "drift: the $d project builds" 0
done
cd "$scratch/drift/made" && m upgrade head
check_status "drift: the other source applied" 0
cd "$scratch/drift/want" && m check
check_status "drift: check fails" 1
check_grep "drift: a default" "$out" 'column "s" is expected with DEFAULT new, but has DEFAULT old in the database'
check_grep "drift: a family" "$out" 'column family "cold" is expected with COMPRESSION lz4, but has off in the database'
check_grep "drift: a setting" "$out" 'setting AUTO_PARTITIONING_BY_LOAD is expected ENABLED, but is DISABLED in the database'
cd "$proj" || exit 1
stop_sim

# ---- TLS: plain gRPC to a TLS endpoint, grpcs without the CA, grpcs with it
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$scratch/tls.key" -out "$scratch/tls.crt" -days 1 \
    -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >/dev/null 2>&1
  start_sim --tls-cert "$scratch/tls.crt" --tls-key "$scratch/tls.key"
  run --timeout 60 "$MIGRUN" upgrade head --url "grpc://127.0.0.1:$sim_port/local"
  check_status "TLS endpoint, plain grpc://: exit 5" 5
  check_grep "TLS endpoint, plain grpc://: says it cannot connect" "$err" '^migrun: error: cannot connect to'
  env -u GRPC_DEFAULT_SSL_ROOTS_FILE_PATH -u YDB_SSL_ROOT_CERTIFICATES_FILE \
    GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=/etc/ssl/certs/ca-certificates.crt \
    bash -c "cd '$proj' && exec timeout -k 5 60 '$MIGRUN' upgrade head --url 'grpcs://127.0.0.1:$sim_port/local'" \
    >"$out" 2>"$err" && status=0 || status=$?
  check_status "grpcs:// without our CA: exit 5" 5
  run --timeout 60 "$MIGRUN" status --url "grpcs://127.0.0.1:$sim_port/local" --ca-file "$scratch/tls.crt"
  check_status "grpcs:// with --ca-file: exit 0" 0
  check_grep "TLS mismatches: nothing written" "$out" '^0 applied, 4 pending'
  run --timeout 60 "$MIGRUN" upgrade head --url "grpcs://127.0.0.1:$sim_port/local" --ca-file "$scratch/tls.crt"
  check_status "grpcs:// with --ca-file: upgrade exit 0" 0
  stop_sim
else
  fail "TLS checks" "openssl is missing (scripts/setup.sh installs it)"
fi

MIGRUN_DRIVER=$scratch/none.so run "$MIGRUN" status --url "grpc://127.0.0.1:1/local"
check_status "missing driver module: exit 1" 1
check_grep "missing driver module: says so" "$err" 'cannot load the YDB driver module'
run "$MIGRUN" history
check_status "offline history still works without a database" 0

finish
