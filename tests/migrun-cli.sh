#!/usr/bin/env bash
# migrun-cli.sh - migrun's command line: help, version, usage errors, exit codes, the
# listing commands and show / --sql on a plugin directory of the test plugins
# (tests/plugins/*.c, made into a directory with its manifest by mkplugindir).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"
: "${MKPLUGINDIR:?MKPLUGINDIR must name tests/plugins/mkplugindir}"
: "${TEST_PLUGIN_DIR:?TEST_PLUGIN_DIR must name the built test plugins (.libs)}"
run_migrun() { run "$MIGRUN" "$@"; }

commands="history heads branches show upgrade downgrade current status stamp check lock unlock complete help"
db_commands="current status stamp check lock unlock"

# ---- help and version
run_migrun --help
check_status "migrun --help: exit 0" 0
check_first_line "migrun --help: starts with Usage: migrun" "$out" '^Usage: migrun'
for c in $commands; do
  check_grep "migrun --help: lists $c" "$out" "^  $c "
done
check_empty "migrun --help: nothing on stderr" "$err"

run_migrun --version
check_status "migrun --version: exit 0" 0
abi=$(sed -n 's/^#define MIG_ABI_VERSION \([0-9]*\)u.*/\1/p' "$top_srcdir/runtime/include/mig/plugin.h")
check_grep "migrun --version: names the version and the plugin ABI ($abi)" "$out" "^migrun [0-9]+\\.[0-9]+.*plugin ABI $abi,"

for c in $commands; do
  run_migrun "$c" --help
  check_status "migrun $c --help: exit 0" 0
  check_first_line "migrun $c --help: starts with Usage: migrun $c" "$out" "^Usage: migrun $c"
  check_empty "migrun $c --help: nothing on stderr" "$err"
done
run_migrun help history
check_first_line "migrun help history: the history usage" "$out" '^Usage: migrun history'

# ---- usage errors: exit 2, message and pointer to --help on stderr, nothing on stdout
run_migrun
check_status "no command: exit 2" 2
check_grep "no command: usage on stderr" "$err" '^Usage: migrun'
run_migrun frobnicate
check_status "unknown command: exit 2" 2
check_grep "unknown command: names it" "$err" '^migrun: unrecognized command "frobnicate"'
check_grep "unknown command: points to --help" "$err" "^Try 'migrun --help'\.$"
check_empty "unknown command: nothing on stdout" "$out"
run_migrun --frobnicate
check_status "unknown global option: exit 2" 2
check_grep "unknown global option: names it" "$err" 'unrecognized option "--frobnicate"'
run_migrun --plugins
check_status "--plugins without a value: exit 2" 2
check_grep "--plugins without a value: says so" "$err" 'needs an argument'
for c in history heads branches show upgrade downgrade complete; do
  run_migrun "$c" --frobnicate
  check_status "migrun $c --frobnicate: exit 2" 2
  check_grep "migrun $c --frobnicate: names the option" "$err" 'unrecognized option "--frobnicate"'
  check_grep "migrun $c --frobnicate: points to its --help" "$err" "^Try 'migrun $c --help'\.$"
  check_empty "migrun $c --frobnicate: nothing on stdout" "$out"
done
# the connecting commands' option table: each option only where it belongs, values checked
run_migrun stamp head --sql
check_status "stamp --sql (upgrade's option): exit 2" 2
check_grep "stamp --sql: names the option" "$err" 'unrecognized option "--sql"'
run_migrun status --lock-wait 5
check_status "status --lock-wait (a moving command's option): exit 2" 2
check_grep "status --lock-wait: names the option" "$err" 'unrecognized option "--lock-wait"'
run_migrun upgrade head --lock-wait=
check_status "upgrade --lock-wait= (no seconds): exit 2" 2
check_grep "upgrade --lock-wait=: says what it takes" "$err" '--lock-wait takes seconds \(0 to 86400\), not ""'
run_migrun upgrade head --lock-lease 0
check_status "upgrade --lock-lease 0: exit 2" 2
check_grep "upgrade --lock-lease 0: says the range" "$err" '--lock-lease takes seconds \(1 to 86400\), not "0"'
run_migrun baseline -m
check_status "baseline -m without a message: exit 2" 2
check_grep "baseline -m: says it needs an argument" "$err" 'option "-m" needs an argument'
run_migrun upgrade head --sql=yes
check_status "upgrade --sql=yes (a flag takes no value): exit 2" 2
check_grep "upgrade --sql=yes: names the option" "$err" 'unrecognized option "--sql=yes"'
run_migrun upgrade head --password x
check_status "upgrade --password: exit 2" 2
check_grep "upgrade --password: credentials are not taken on the command line" "$err" 'credentials are not taken on the command line'
run_migrun show
check_status "show without a revision: exit 2" 2
run_migrun upgrade
check_status "upgrade without a target: exit 2" 2
run_migrun history extra
check_status "history with an argument: exit 2" 2

# ---- commands that need a database, given none: exit 2, say so (tests/online.sh runs them
# against ydbsim)
unset YDB_CONNECTION_STRING
for c in $db_commands; do
  [ "$c" = stamp ] && set -- head || set --
  run_migrun "$c" "$@"
  check_status "migrun $c without a database: exit 2" 2
  check_grep "migrun $c: says it needs a database" "$err" "\"$c\" needs a database, and none is given"
done
run_migrun upgrade head
check_status "upgrade without --sql or a database: exit 2" 2
check_grep "upgrade without --sql: points to --sql" "$err" 'upgrade TARGET --sql'
run_migrun upgrade head --password x
check_status "a password on the command line: exit 2" 2
run_migrun upgrade head --url grpc://u:p@127.0.0.1:1/local
check_status "credentials in the URL: exit 2" 2
check_grep "credentials in the URL: refused" "$err" 'carries credentials'
check_no_grep "credentials in the URL: not echoed" "$err" 'u:p@' 

# ---- a missing plugin directory
run_migrun --plugins "$scratch/nowhere" history
check_status "missing plugin directory: exit 6" 6
check_grep "missing plugin directory: names it" "$err" "^migrun: error: plugin directory \"$scratch/nowhere\" does not exist"
check_grep "missing plugin directory: hint to build" "$err" '^hint: Run `migc build`'

# ---- a plugin directory: 0001 <- 0002 (branch point) <- 0003_add_status / 0003b_audit <- 0004_merge
P=$scratch/plugins
"$MKPLUGINDIR" "$P" "$TEST_PLUGIN_DIR" rev_0001 rev_0002 rev_0003 rev_0003b rev_0004 || fail "mkplugindir"

run_migrun --plugins "$P" history
check_status "history: exit 0" 0
check_first_line "history: newest first, a merge shows both parents" "$out" \
  '^\(0003_add_status, 0003b_audit\) -> 0004_merge \(head\) \(mergepoint\), Merge status and audit$'
check_grep "history: a label is shown" "$out" '^0002_add_posts -> 0003b_audit \(audit\), Audit rows$'
check_grep "history: a branch point is marked" "$out" '^0001_create_users -> 0002_add_posts \(branchpoint\), Add posts table$'
check_grep "history: the root comes from <base>" "$out" '^<base> -> 0001_create_users \(core\), Create users table$'
check_empty "history: nothing on stderr" "$err"
if [ "$(wc -l <"$out")" -eq 5 ]; then pass "history: one line per revision"; else fail "history: one line per revision" "" "$out"; fi

run_migrun history --plugins "$P" -r 0002_add_posts:0003_add_status
check_status "history -r: exit 0" 0
if [ "$(cat "$out")" = "0002_add_posts -> 0003_add_status, Add user status
0001_create_users -> 0002_add_posts (branchpoint), Add posts table" ]; then
  pass "history -r FROM:TO: only the revisions in the range"
else
  fail "history -r FROM:TO: only the revisions in the range" "" "$out"
fi

run_migrun --plugins "$P" history -r 0003:
check_status "history -r with an ambiguous prefix: exit 1" 1
check_grep "history -r: ambiguity lists the candidates" "$err" 'It begins "0003_add_status" and "0003b_audit"'

run_migrun --plugins "$P" history -v
check_status "history -v: exit 0" 0
check_grep "history -v: source" "$out" '^Source: migrations/0003b_audit.mig$'
check_grep "history -v: source checksum" "$out" '^Source SHA-256: 3b3b3b3b'
check_grep "history -v: plugin checksum" "$out" '^Plugin SHA-256: [0-9a-f]{64}$'
check_grep "history -v: downgrade kind" "$out" '^Downgrade: irreversible$'
check_grep "history -v: parents of a merge" "$out" '^Merges: 0003_add_status, 0003b_audit$'
check_grep "history -v: depends_on" "$out" '^Depends on: 0001_create_users$'

run_migrun --plugins "$P" heads
check_status "heads: exit 0" 0
if [ "$(cat "$out")" = "0004_merge (head) (mergepoint), Merge status and audit" ]; then
  pass "heads: the one head"
else
  fail "heads: the one head" "" "$out"
fi
run_migrun --plugins "$P" heads -v
check_grep "heads -v: the verbose block" "$out" '^Rev: 0004_merge \(head\) \(mergepoint\)$'

run_migrun --plugins "$P" branches
check_status "branches: exit 0" 0
if [ "$(cat "$out")" = "0002_add_posts (branchpoint), Add posts table
    -> 0003_add_status, Add user status
    -> 0003b_audit (audit), Audit rows" ]; then
  pass "branches: the branch point and its children"
else
  fail "branches: the branch point and its children" "" "$out"
fi
run_migrun --plugins "$P" branches -v
check_grep "branches -v: branches into" "$out" '^Branches into: 0003_add_status, 0003b_audit$'

run_migrun --plugins "$P" show audit@head
check_status "show LABEL@head: exit 0" 0
check_first_line "show: the revision's header" "$out" '^Rev: 0004_merge'
check_grep "show: who built it" "$out" '^Built by: migc 0.1.0 for YDB 26.2$'
check_grep "show: the upgrade steps" "$out" '^Upgrade: 0 steps$'

run_migrun --plugins "$P" show 0003b
if grep -q 'without the YQL renderer' "$err"; then
  check_status "show: without the renderer: exit 1" 1
else
  check_status "show 0003b: exit 0" 0
  check_grep "show: the step comment with its location" "$out" '^-- step 1/1: .* \(migrations/0003b_audit.mig:4\)$'
  check_grep "show: the YQL of a yql step" "$out" "^UPSERT INTO posts \(id, title\) VALUES \(2ul, 'audit'u\);$"
  check_grep "show: irreversible downgrade" "$out" '^Downgrade: irreversible'
fi

run_migrun --plugins "$P" show nope
check_status "show of an unknown revision: exit 1" 1
check_grep "show of an unknown revision: says so" "$err" 'no revision or label is named "nope"'

# ---- --sql
run_migrun --plugins "$P" upgrade 0003_add_status:0004_merge --sql
if grep -q 'without the YQL renderer' "$err"; then
  check_status "upgrade --sql without the renderer: exit 1" 1
  check_empty "upgrade --sql without the renderer: no partial script" "$out"
else
  check_status "upgrade --sql: exit 0" 0
  check_first_line "upgrade --sql: a header comment" "$out" '^-- migrun upgrade 0003_add_status:0004_merge --sql: 2 revisions'
  check_grep "upgrade --sql: a comment per revision" "$out" '^-- revision 0003b_audit: Audit rows$'
  check_grep "upgrade --sql: a comment per step" "$out" '^-- step 1/1: .*\(migrations/0003b_audit.mig:4\)$'
  check_grep "upgrade --sql: the statement" "$out" "^UPSERT INTO posts \(id, title\) VALUES \(2ul, 'audit'u\);$"
  check_grep "upgrade --sql: a merge has no steps" "$out" '^-- no steps$'
fi

run_migrun --plugins "$P" upgrade 0003_add_status:0003_add_status --sql
check_status "upgrade --sql to where it starts: exit 0" 0
check_grep "upgrade --sql to where it starts: nothing to do" "$out" '^-- nothing to do'

run_migrun --plugins "$P" downgrade 0004_merge:-1 --sql
check_status "downgrade FROM:-1 --sql: exit 0" 0
check_grep "downgrade FROM:-1 --sql: undoes the merge" "$out" '^-- revision 0004_merge: Merge status and audit$'

run_migrun --plugins "$P" downgrade 0004_merge:0002_add_posts --sql
check_status "downgrade through an irreversible revision: exit 1" 1
check_grep "downgrade through an irreversible revision: names it" "$err" \
  '^migrun: error: cannot downgrade to "0002_add_posts": revision "0003b_audit" is irreversible$'
check_empty "downgrade through an irreversible revision: nothing on stdout" "$out"

run_migrun --plugins "$P" downgrade -1 --sql
check_status "downgrade --sql without a range: exit 2" 2
check_grep "downgrade --sql without a range: asks for one" "$err" 'needs a range FROM:TO'

# ---- downgrade planning across branches, on a project migc builds: r1 <- r2, and a branch
# of its own n1 (label news) <- n2, where n2 depends_on r1
D=$scratch/depends
mkdir -p "$D/migrations"
# mig ID HEADERS TABLE: a revision creating TABLE.
mig() {
  printf 'revision %s;\n%s\nupgrade < create_table %s < id Uint64 pk; > >\n' "$1" "$2" "$3" >"$D/migrations/$1.mig"
}
mig r1 'revises base;' t1
mig r2 'revises r1;' t2
mig n1 'revises base; label news;' t3
mig n2 'revises n1; depends_on r1;' t4
(cd "$D" && "$MIGC" build) >/dev/null 2>&1 || fail "migc build of the depends_on project"
# check_plan NAME WANT: the last --sql script's revisions, in order, are WANT.
check_plan() {
  local got
  got=$(grep '^-- revision ' "$out" | sed 's/^-- revision //' | tr '\n' ' ')
  if [ "$got" = "$2 " ]; then pass "$1"; else fail "$1" "plan: $got (status $status)" "$err"; fi
}
run_migrun --plugins "$D/plugins" downgrade heads:r1 --sql
check_plan "downgrade to r1: n2 (depends_on r1) stays" "r2"
run_migrun --plugins "$D/plugins" downgrade heads:news@base --sql
check_plan "downgrade news@base: that branch only, n2 first" "n2 n1"
run_migrun --plugins "$D/plugins" downgrade heads:base --sql
check_plan "downgrade base: n2 before r1, which it depends on" "r2 n2 r1 n1"

# ---- refusals reach the command line with exit 4
cp "$TEST_PLUGIN_DIR/rev_0001.so" "$P/zz_foreign.so"
run_migrun --plugins "$P" heads
check_status "foreign plugin: heads reads only the manifest" 0
run_migrun --plugins "$P" show 0001_create_users
check_status "foreign plugin: exit 4" 4
check_grep "foreign plugin: named" "$err" "^migrun: error: foreign plugin \"$P/zz_foreign.so\""
rm -f "$P/zz_foreign.so"
# Listings read the manifest and nothing else: no system call names a plugin file ...
for c in heads history; do
  status=0
  # (LeakSanitizer cannot run under ptrace; heads and history are leak-checked without strace.)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=%file -o "$scratch/$c.trace" "$MIGRUN" --plugins "$P" "$c" >"$out" 2>"$err" || status=$?
  check_status "$c under strace: exit 0" 0
  check_grep "$c under strace: reads the manifest" "$scratch/$c.trace" '/manifest"'
  check_no_grep "$c: opens or stats no plugin file" "$scratch/$c.trace" '\.so"'
done
# ... and with every plugin moved away they still
# work, while the commands that load a plugin refuse.
mkdir "$scratch/away" && mv "$P"/*.so "$scratch/away/"
run_migrun --plugins "$P" heads
check_status "no plugin files: heads works" 0
check_grep "no plugin files: heads lists the head" "$out" '^0004_merge'
run_migrun --plugins "$P" history
check_status "no plugin files: history works" 0
check_grep "no plugin files: history lists the root" "$out" '^<base> -> 0001_create_users'
run_migrun --plugins "$P" show 0004_merge
check_status "no plugin files: show refuses, exit 4" 4
check_grep "no plugin files: show names the missing plugin" "$err" "^migrun: error: missing plugin \"$P/0001_create_users.so\""
run_migrun --plugins "$P" upgrade 0003_add_status:0004_merge --sql
check_status "no plugin files: upgrade --sql refuses, exit 4" 4
check_grep "no plugin files: upgrade --sql names a missing plugin" "$err" "^migrun: error: missing plugin"
check_empty "no plugin files: upgrade --sql writes no script" "$out"
mv "$scratch/away"/*.so "$P/"
chmod g+w "$P"
run_migrun --plugins "$P" history
check_status "group-writable plugin directory: exit 4" 4
check_grep "group-writable plugin directory: says so" "$err" 'is writable by group'
chmod g-w "$P"
printf 'garbage' >"$P/0004_merge.so.new" && mv "$P/0004_merge.so.new" "$P/0004_merge.so" && chmod 0644 "$P/0004_merge.so"
run_migrun --plugins "$P" history
check_status "listing commands do not open plugins" 0
run_migrun --plugins "$P" show 0004_merge
check_status "show of a broken plugin: exit 4" 4
check_grep "show of a broken plugin: not a shared object" "$err" "plugin \"$P/0004_merge.so\" is not a shared object"

finish
