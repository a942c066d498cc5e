#!/usr/bin/env bash
# edges.sh - migrun against tests/ydbsim where the database holds what the migrations did not
# make: conditional steps decided on the live objects (a table no revision created, a table
# of another shape), unmanaged tables in `migrun check` and out of `migrun baseline`
# (another project's version and lock tables left out, an ignore list), an unparsable URL
# (a usage error), gRPC's own log lines (never raw on stderr), the server's YDB version
# against the plugins' target, and a lock whose holder is gone.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
. "$top_srcdir/tests/sim.sh"
umask 022

# at DIR CMD ARGS...: run migrun in the project DIR against the running ydbsim.
at() {
  local dir=$1
  shift
  cd "$dir" && run --timeout 120 "$MIGRUN" "$@" --url "$url" && :
  cd "$scratch" || exit 1
}
# project DIR: a project whose migrations/ the caller fills; built by build DIR.
project() { mkdir -p "$scratch/$1/migrations"; }
build() {
  cd "$scratch/$1" && run "$MIGC" build && :
  cd "$scratch" || exit 1
  check_status "$1: migc build" 0
}

# ---- "other": a project with its own version table that makes what "app" did not
project other
cat >"$scratch/other/migrations/0001_o.mig" <<'MIG'
revision 0001_o "tables of another project";
revises base;
upgrade <
  create_table legacy < id Uint64 pk; note Utf8; >
  create_table shared < id Uint64 pk; name Utf8; extra Uint32; >
>
downgrade < drop_table shared; drop_table legacy; >
MIG
printf '[migrun]\nversion_table = other_version\n' >"$scratch/other/mig.ini"
build other

# ---- conditional steps: decided on the live database alone
project app
cat >"$scratch/app/migrations/0001_a.mig" <<'MIG'
revision 0001_a "conditional steps on objects made elsewhere";
revises base;
upgrade <
  drop_table legacy if_exists;
  create_table shared if_not_exists < id Uint64 pk; name Utf8; >
  create_table fresh if_not_exists < id Uint64 pk; >
  add_column shared if_not_exists < name Utf8; more Utf8; >
  drop_column shared if_exists gone, extra;
>
downgrade irreversible;
MIG
build app
start_sim
at "$scratch/other" upgrade head
check_status "another project's tables: upgrade exit 0" 0
at "$scratch/app" upgrade head
check_status "drop_table if_exists of a table no revision made: exit 0" 0
check_grep "drop_table if_exists: the live table is dropped" "$out" '^    step 1/5 drop_table legacy if_exists \.\.\. ok'
check_grep "create_table if_not_exists on a live table of another shape: skipped" "$out" \
  '^    step 2/5 create_table shared if_not_exists .*already done'
check_grep "create_table if_not_exists of another shape: a warning names the table" "$out" \
  '^    \[warn\] step 2/5 .*table "shared" exists with another shape'
check_grep "create_table if_not_exists of another shape: the warning gives the difference" "$out" \
  '^    \[warn\] table "shared": the database has a column "extra" that is not expected$'
check_grep "create_table if_not_exists of a missing table: created" "$out" '^    step 3/5 create_table fresh if_not_exists \.\.\. ok'
# "name" exists: ADD COLUMN of it would be refused, so ok means only "more" was added
check_grep "add_column if_not_exists: only the missing column is added" "$out" \
  '^    step 4/5 add_column shared \(name, more\) if_not_exists \.\.\. ok'
# "extra" is a column the compiler never knew of: the live table says it exists
check_grep "drop_column if_exists: a column no revision made is dropped, a missing one is not" "$out" \
  '^    step 5/5 drop_column shared \(gone, extra\) if_exists \.\.\. ok'
at "$scratch/app" status
check_grep "conditional steps: the revision is applied (not PARTIAL)" "$out" '^1 applied, 0 pending, 0 partially applied$'
at "$scratch/app" check
check_status "conditional steps: the live schema is then what the revision expects" 0

# ---- unmanaged tables: reported by check, left out of baseline; another project's
# version and lock tables, dot paths and the ignore list are not
cat >"$scratch/other/migrations/0002_more.mig" <<'MIG'
revision 0002_more "more tables the app knows nothing of";
revises 0001_o;
upgrade <
  create_table stray < id Uint64 pk; >
  create_table tmp_x < id Uint64 pk; >
  create_table archive/old < id Uint64 pk; >
>
downgrade < drop_table archive/old; drop_table tmp_x; drop_table stray; >
MIG
build other
at "$scratch/other" upgrade head
check_status "unmanaged: the other project upgraded" 0
at "$scratch/app" check
check_status "unmanaged tables: check fails" 1
for t in stray tmp_x archive/old; do
  check_grep "unmanaged table $t: reported" "$out" "^  table \"$t\" exists in the database, but is not expected$"
done
check_no_grep "unmanaged: another project's version table is not reported" "$out" 'other_version'
check_no_grep "unmanaged: no migrun table is reported" "$out" 'mig_version'
check_grep "unmanaged: counted among the tables checked" "$out" '^check failed: 6 tables checked, 3 differences; 0 revisions pending$'
at "$scratch/app" check --ignore-tables 'tmp_*, archive/*'
check_grep "--ignore-tables: stray still reported" "$out" '^  table "stray" exists'
check_no_grep "--ignore-tables: the patterns' tables are not" "$out" 'tmp_x|archive/old'
printf '[migrun]\nignore_tables = stray tmp_* archive/*\n' >"$scratch/app/mig.ini"
at "$scratch/app" check --json
check_no_grep "ignore_tables in mig.ini: none of them reported" "$out" 'stray|tmp_x|archive/old'
check_grep "check --json: the summary" "$out" '^\{"kind":"summary","ok":true,"tables":3,"differences":0,'
rm "$scratch/app/mig.ini"
project adopt
at "$scratch/adopt" baseline
check_status "baseline with other projects' tables: exit 0" 0
check_no_grep "baseline: another project's version and lock tables left out" "$out" 'other_version'
check_no_grep "baseline: migrun's own tables left out" "$out" 'mig_version'
check_grep "baseline: the unmanaged tables are in it" "$out" '^  create_table stray <$'
at "$scratch/adopt" baseline --ignore-tables 'tmp_*,archive/*'
check_status "baseline --ignore-tables: exit 0" 0
check_no_grep "baseline --ignore-tables: the patterns' tables left out" "$out" 'create_table (tmp_x|archive/old)'
check_grep "baseline --ignore-tables: the others in" "$out" '^  create_table shared <$'

# ---- the server's YDB release against the plugins' target
project ver
cat >"$scratch/ver/migrations/0001_v.mig" <<'MIG'
revision 0001_v "a table";
revises base;
upgrade < create_table v < id Uint64 pk; > >
downgrade < drop_table v; >
MIG
cat >"$scratch/ver/migrations/0002_w.mig" <<'MIG'
revision 0002_w "another";
revises 0001_v;
upgrade < create_table w < id Uint64 pk; > >
downgrade < drop_table w; >
MIG
cd "$scratch/ver" && run "$MIGC" build --target-ydb 25.2 && :
cd "$scratch" || exit 1
check_status "ver: migc build --target-ydb 25.2" 0
start_sim --ydb-version 25.1.4.7
at "$scratch/ver" upgrade head
check_status "plugins for 25.2 on a 25.1 server: refused (exit 1)" 1
check_grep "older server: names the first revision and both releases" "$err" \
  '^migrun: error: revision "0001_v" needs YDB 25\.2; the server runs YDB 25\.1$'
check_grep "older server: what the server reported" "$err" 'the server reports "25\.1\.4\.7"'
check_grep "older server: the hint names the build for its release" "$err" 'migc build --target-ydb 25\.1'
at "$scratch/ver" status
check_grep "older server: nothing was run" "$out" '^0 applied, 2 pending'
start_sim --ydb-version stable-25-2-1
at "$scratch/ver" upgrade head
check_status "plugins for 25.2 on a server that says stable-25-2-1: runs" 0
check_no_grep "same release: no warning" "$err" 'warning'
start_sim --ydb-version none
at "$scratch/ver" upgrade head
check_status "a server that cannot say its release: runs" 0
n=$(grep -c "^migrun: warning: cannot read the server's YDB release" "$err")
if [ "$n" = 1 ]; then pass "a server that cannot say its release: one warning"
else fail "a server that cannot say its release: one warning" "$n warnings:" "$err"; fi
check_grep "the warning names the plugins' target" "$err" 'the plugins were built for YDB 25\.2 and are not checked'
stop_sim

# ---- a lock whose holder on this host is gone: a migrun killed while it holds the lock
project hold
cat >"$scratch/hold/migrations/0001_h.mig" <<'MIG'
revision 0001_h "a c step that takes its time";
revises base;
upgrade <
  c """
    extern unsigned int sleep(unsigned int);
    sleep(60);
    return 0;
  """;
>
downgrade irreversible;
MIG
build hold
start_sim
(cd "$scratch/hold" && exec "$MIGRUN" upgrade head --url "$url" >"$scratch/hold.out" 2>&1) &
holder=$!
for i in $(seq 1 200); do
  at "$scratch/hold" lock
  grep -q '^Locked by' "$out" && break
  sleep 0.1
done
check_grep "lock: held by the running migrun" "$out" "^Locked by .* pid $holder since"
check_no_grep "lock: a running holder is not called gone" "$out" 'not running'
kill -9 "$holder"
wait "$holder" 2>/dev/null
at "$scratch/hold" lock
check_status "lock with a gone holder: exit 0" 0
check_grep "lock: says the holder on this host is not running, when the lease ends, and the way out" "$out" \
  "^The holder, pid $holder on this host, is not running; the lease ends at [0-9T:-]+Z; \`migrun unlock --force\` removes the lock now\.$"
at "$scratch/hold" lock --json
check_grep "lock --json: holder_gone" "$out" '"holder_gone":true'
at "$scratch/hold" unlock
check_status "unlock without --force of a gone holder: refused" 1
check_grep "unlock: the hint says the holder is not running" "$err" "^hint: The holder, pid $holder on this host, is not running"
at "$scratch/hold" unlock --force
check_status "unlock --force: exit 0" 0
stop_sim

# ---- an unparsable URL is a usage error; gRPC's own log lines never reach stderr raw
cd "$scratch/app" || exit 1
for bad in "localhost:2136/local" "grpc://127.0.0.1/local" "grpc://127.0.0.1:99999/local"; do
  run --timeout 60 "$MIGRUN" status --url "$bad"
  check_status "URL $bad: a usage error (exit 2)" 2
  check_grep "URL $bad: says the URL is not usable" "$err" "^migrun: error: the database URL '.*' is not usable: "
  check_grep "URL $bad: says nothing was contacted" "$err" '^detail: No database was contacted\.$'
  check_grep "URL $bad: the form a URL takes" "$err" '^hint: Write it as grpc://HOST:PORT/DATABASE'
done
cd "$scratch" || exit 1
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$scratch/tls.key" -out "$scratch/tls.crt" -days 1 \
    -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >/dev/null 2>&1
  start_sim --tls-cert "$scratch/tls.crt" --tls-key "$scratch/tls.key"
  for level in info debug; do
    env -u GRPC_DEFAULT_SSL_ROOTS_FILE_PATH -u YDB_SSL_ROOT_CERTIFICATES_FILE -u GRPC_VERBOSITY \
      GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=/etc/ssl/certs/ca-certificates.crt MIG_LOG_LEVEL=$level \
      bash -c "cd '$scratch/app' && exec timeout -k 5 60 '$MIGRUN' status --url 'grpcs://127.0.0.1:$sim_port/local'" \
      >"$out" 2>"$err" && status=0 || status=$?
    check_status "grpcs:// without our CA (log_level $level): exit 5" 5
    check_no_grep "grpcs:// without our CA (log_level $level): no raw gRPC log line on stderr" "$err" '^[EWID][0-9]{4} '
    check_grep "grpcs:// without our CA (log_level $level): the hint names --ca-file and the mig.ini key" "$err" \
      "a server with a private CA needs its CA file: --ca-file, or ca_file in mig.ini's \[migrun\]"
  done
  check_grep "log_level debug: gRPC's record as a migrun debug line" "$err" '^migrun: debug: grpc: [a-z_]+\.cc:[0-9]+: '
  printf '[migrun]\nca_file = %s\n' "$scratch/tls.crt" >"$scratch/tls.ini"
  cd "$scratch/app" && run --timeout 60 "$MIGRUN" status --url "grpcs://127.0.0.1:$sim_port/local" --config "$scratch/tls.ini" && :
  cd "$scratch" || exit 1
  check_status "ca_file in mig.ini: connects" 0
  stop_sim
else
  fail "TLS checks" "openssl is missing (scripts/setup.sh installs it)"
fi

finish
