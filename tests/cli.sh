#!/usr/bin/env bash
# cli.sh - migc's command line: help, version, usage errors, exit codes, and the
# new / merge / check / schema workflow in a scratch directory.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

commands="check schema new merge help"

# ---- help and version
run_migc --help
check_status "migc --help: exit 0" 0
check_first_line "migc --help: starts with Usage: migc" "$out" '^Usage: migc'
for c in $commands; do
  check_grep "migc --help: lists $c" "$out" "(^|[^a-z_])$c([^a-z_]|$)"
done
check_empty "migc --help: nothing on stderr" "$err"

run_migc --version
check_status "migc --version: exit 0" 0
check_grep "migc --version: prints a version number" "$out" '[0-9]+\.[0-9]+'
check_empty "migc --version: nothing on stderr" "$err"

for c in $commands; do
  run_migc "$c" --help
  check_status "migc $c --help: exit 0" 0
  check_first_line "migc $c --help: starts with Usage: migc $c" "$out" "^Usage: migc $c"
  check_empty "migc $c --help: nothing on stderr" "$err"
done
for c in $commands; do
  run_migc help "$c"
  check_status "migc help $c: exit 0" 0
  check_first_line "migc help $c: starts with Usage: migc $c" "$out" "^Usage: migc $c"
done
run_migc help
check_status "migc help: exit 0" 0
check_first_line "migc help: starts with Usage: migc" "$out" '^Usage: migc'

# ---- usage errors: exit 2, a message and a pointer to --help on stderr, nothing on stdout
run_migc frobnicate
check_status "unknown command: exit 2" 2
check_grep "unknown command: names it" "$err" '^migc: unrecognized command "frobnicate"'
check_grep "unknown command: points to --help" "$err" "^Try 'migc --help'\.$"
check_empty "unknown command: nothing on stdout" "$out"

run_migc --frobnicate
check_status "unknown option: exit 2" 2
check_grep "unknown option: names it" "$err" 'frobnicate'
check_grep "unknown option: points to --help" "$err" "Try 'migc --help'\."
check_empty "unknown option: nothing on stdout" "$out"

for c in check schema new merge; do
  run_migc "$c" --frobnicate
  check_status "migc $c --frobnicate: exit 2" 2
  check_grep "migc $c --frobnicate: names the option" "$err" 'frobnicate'
  check_empty "migc $c --frobnicate: nothing on stdout" "$out"
done

run_migc new
check_status "migc new without -m: exit 2" 2

# ---- init writes the mig.ini template that docs/configuration.md shows
tpl=$scratch/tpl
run_migc init "$tpl"
check_status "init: exit 0" 0
check_grep "init: mig.ini names --credentials-file" "$tpl/mig.ini" '^#.*--credentials-file FILE'
awk '/^## The file `migc init` writes/ { s = 1; next } s && /^```ini$/ { p = 1; next } p && /^```$/ { exit } p' \
  "$top_srcdir/docs/configuration.md" >"$scratch/tpl-doc.ini"
if [ -s "$scratch/tpl-doc.ini" ] && cmp -s "$scratch/tpl-doc.ini" "$tpl/mig.ini"; then
  pass "init: mig.ini is the template docs/configuration.md shows"
else
  diff -u "$scratch/tpl-doc.ini" "$tpl/mig.ini" >"$scratch/tpl.diff"
  fail "init: mig.ini is the template docs/configuration.md shows" "diff (docs, init):" "$scratch/tpl.diff"
fi

# ---- configuration errors: exit 2, "migc: error: ..." like every other error
cfgdir=$scratch/cfg
mkdir -p "$cfgdir/migrations"
MIGC_TARGET_YDB=banana run_migc check "$cfgdir/migrations"
check_status "bad MIGC_TARGET_YDB: exit 2" 2
check_grep "bad MIGC_TARGET_YDB: a standard error naming the variable" "$err" '^migc: error: target_ydb "banana" \(MIGC_TARGET_YDB\): '
printf '[migc]\ntarget_ydb = 23.1\n' >"$cfgdir/mig.ini"
run_migc check --config "$cfgdir/mig.ini" "$cfgdir/migrations"
check_status "bad target_ydb in mig.ini: exit 2" 2
check_grep "bad target_ydb in mig.ini: a standard error naming the file" "$err" '^migc: error: target_ydb "23\.1" \(.*/cfg/mig\.ini\): '
printf '[migc]\njobs = lots\n' >"$cfgdir/mig.ini"
run_migc check --config "$cfgdir/mig.ini" "$cfgdir/migrations"
check_status "bad jobs in mig.ini: exit 2" 2
check_grep "bad jobs in mig.ini: a standard error naming the file and line" "$err" '^migc: error: .*/cfg/mig\.ini:2: jobs must be'

# ---- I/O errors: exit 6
run_migc check "$scratch/no-such-directory"
check_status "check on a missing directory: exit 6" 6
check_grep "check on a missing directory: names it" "$err" 'no-such-directory'
check_empty "check on a missing directory: nothing on stdout" "$out"

# ---- init and new create the missing parents of their directory (mode 0777 less the umask)
cd "$scratch" || exit 1
saved_umask=$(umask)
umask 027
run_migc init nested/a/b
check_status "init nested/a/b: exit 0" 0
check_file "init nested/a/b: writes its mig.ini" nested/a/b/mig.ini
if [ -d nested/a/b/migrations ]; then pass "init nested/a/b: migrations/"; else fail "init nested/a/b: migrations/"; fi
if [ "$(stat -c %a nested/a)" = 750 ]; then pass "init nested/a/b: parents get 0777 less the umask"
else fail "init nested/a/b: parents get 0777 less the umask" "mode $(stat -c %a nested/a)"; fi
umask "$saved_umask"
run_migc new -m "first" deep/x/migrations
check_status "new into deep/x/migrations: exit 0" 0
check_file "new into deep/x/migrations: writes the revision" deep/x/migrations/0001_first.mig
run_migc new -m " " blank/x/migrations
if [ ! -e blank ]; then pass "new with a blank message: creates no directory"; else fail "new with a blank message: creates no directory"; fi
: >plainfile
run_migc init plainfile/sub
check_status "init under a file: exit 6" 6
check_grep "init under a file: a standard error naming the path" "$err" '^migc: error: could not create directory "plainfile/sub": '
run_migc init plainfile
check_status "init on a file: exit 6" 6
check_grep "init on a file: a standard error naming it" "$err" '^migc: error: could not create directory "plainfile": '
run_migc new -m "first" plainfile/sub/migrations
check_status "new under a file: exit 6" 6
check_grep "new under a file: names the path" "$err" '^migc: error: could not create directory "plainfile/sub(/migrations)?": '
cd "$top_srcdir" || exit 1

# ---- new, check, two heads, merge (in a scratch project)
proj=$scratch/proj
mkdir -p "$proj/migrations"
cd "$proj" || exit 1

run_migc new -m "create users"
check_status "new -m 'create users': exit 0" 0
check_file "new -m 'create users': writes migrations/0001_create_users.mig" migrations/0001_create_users.mig
if [ -f migrations/0001_create_users.mig ]; then
  check_grep "0001: revision id 0001_create_users" migrations/0001_create_users.mig '^revision 0001_create_users\b'
  check_grep "0001: revises base" migrations/0001_create_users.mig '^revises base;'
fi

run_migc new -m "add email"
check_status "second new: exit 0" 0
check_file "second new: writes migrations/0002_add_email.mig" migrations/0002_add_email.mig
if [ -f migrations/0002_add_email.mig ]; then
  check_grep "0002: revises 0001_create_users" migrations/0002_add_email.mig '^revises 0001_create_users;'
fi

run_migc check
check_status "check after two new: exit 0" 0
check_grep "check after two new: ok line" "$out" '^ok: 2 revisions, head 0002_add_email \(YDB 26\.2\)$'
check_empty "check after two new: nothing on stderr" "$err"

run_migc check -q
check_status "check -q: exit 0" 0
check_empty "check -q: nothing on stdout" "$out"

# Two heads, written by hand.
for side in left right; do
  cat >"migrations/0003_$side.mig" <<MIG
revision 0003_$side "$side branch";
revises 0002_add_email;

upgrade <
  create_table t_$side <
    id Uint64 pk;
  >
>
MIG
done

ls migrations >"$scratch/before"
run_migc new -m "after the fork"
if [ "$status" -ne 0 ] && [ "$status" -lt 128 ]; then
  pass "new with two heads: fails"
else
  fail "new with two heads: fails" "got $(describe_status "$status")" "$err"
fi
check_grep "new with two heads: names 0003_left" "$err" '0003_left'
check_grep "new with two heads: names 0003_right" "$err" '0003_right'
ls migrations >"$scratch/after"
if cmp -s "$scratch/before" "$scratch/after"; then
  pass "new with two heads: writes no file"
else
  fail "new with two heads: writes no file" "files now:" "$scratch/after"
fi

run_migc merge -m m
check_status "merge -m m: exit 0" 0
merged=$(grep -El '^revises (0003_left, *0003_right|0003_right, *0003_left);' migrations/*.mig 2>/dev/null | head -n 1)
if [ -n "$merged" ]; then
  pass "merge: writes a revision that revises both heads"
else
  fail "merge: writes a revision that revises both heads" "no file under migrations/ has 'revises 0003_left, 0003_right;'"
fi

run_migc check
check_status "check after merge: exit 0" 0
if [ -n "$merged" ]; then
  merged_id=$(sed -n 's/^revision \([A-Za-z0-9_]*\).*/\1/p' "$merged" | head -n 1)
  check_grep "check after merge: one head, the merge" "$out" "^ok: 5 revisions, head ${merged_id} \\("
fi
cd "$top_srcdir" || exit 1

# ---- schema of the example, saved as a revision, is valid .mig
example=$top_srcdir/examples/blog
cd "$example" || exit 1
run_migc schema
check_status "schema of examples/blog: exit 0" 0
cp "$out" "$scratch/schema.mig"
for t in users posts financial_records; do
  check_grep "schema of examples/blog: create_table $t" "$scratch/schema.mig" "^create_table $t <"
done
check_grep "schema of examples/blog: users.status from 0003" "$scratch/schema.mig" '^ +status +Utf8'
check_empty "schema of examples/blog: nothing on stderr" "$err"

run_migc schema --at 0001_create_users migrations
check_status "schema --at 0001_create_users: exit 0" 0
check_grep "schema --at 0001_create_users: users" "$out" '^create_table users <'
if [ "$status" -eq 0 ] && [ -s "$out" ]; then
  check_no_grep "schema --at 0001_create_users: no posts yet" "$out" '^create_table posts'
  check_no_grep "schema --at 0001_create_users: no status yet" "$out" '^ +status '
else
  fail "schema --at 0001_create_users: no posts or status yet" "no schema was printed"
fi
cd "$top_srcdir" || exit 1

# ---- --max-errors: one repeated mistake in 30 revisions
maxdir=$scratch/maxerr
mkdir -p "$maxdir/migrations"
prev=base
for i in $(seq -w 1 30); do
  printf 'revision r%s "rev %s";\nrevises %s;\n\nupgrade <\n  drop_table no_such_table;\n>\n' "$i" "$i" "$prev" \
    >"$maxdir/migrations/r$i.mig"
  prev=r$i
done
cd "$maxdir" || exit 1
count_errors() { grep -c ': error: ' "$1" || true; }
run_migc check
check_status "--max-errors default: exit 3" 3
check_file_errors() { # NAME EXPECTED
  local n; n=$(count_errors "$err")
  if [ "$n" -eq "$2" ]; then pass "$1"; else fail "$1" "expected $2 errors printed, got $n:" "$err"; fi
}
check_file_errors "--max-errors default: 20 errors printed" 20
check_grep "--max-errors default: says how many were left out" "$err" \
  '^migc: 20 errors shown, 10 more not shown \(use --max-errors 0 to see all\)$'
run_migc check --max-errors 0
check_status "--max-errors 0: exit 3" 3
check_file_errors "--max-errors 0: all 30 errors printed" 30
check_grep "--max-errors 0: the usual summary" "$err" '^migc: 30 errors$'
run_migc check --max-errors 5
check_file_errors "--max-errors 5: 5 errors printed" 5
check_grep "--max-errors 5: 25 left out" "$err" '^migc: 5 errors shown, 25 more not shown'
run_migc build --max-errors 1
check_status "build --max-errors 1: exit 3" 3
check_file_errors "build --max-errors 1: 1 error printed" 1
printf '[migc]\nmax_errors = 3\n' >mig.ini
run_migc check
check_file_errors "max_errors in mig.ini: 3 errors printed" 3
run_migc check --max-errors 7
check_file_errors "--max-errors beats mig.ini" 7
MIGC_MAX_ERRORS=4 run_migc check
check_file_errors "MIGC_MAX_ERRORS beats mig.ini" 4
rm -f mig.ini
run_migc check --max-errors lots
check_status "--max-errors lots: exit 2" 2
check_grep "--max-errors lots: says what it takes" "$err" '^migc: --max-errors takes a number from 0'
printf '[migc]\nmax_errors = -1\n' >mig.ini
run_migc check
check_status "max_errors = -1 in mig.ini: exit 2" 2
check_grep "max_errors = -1 in mig.ini: names the key" "$err" 'max_errors must be a number from 0 to 1000000'
rm -f mig.ini
cd "$top_srcdir" || exit 1

if [ ! -s "$scratch/schema.mig" ]; then
  fail "schema output as a revision" "migc schema printed nothing to save"
  finish
fi
copy=$scratch/snapshot
mkdir -p "$copy/migrations"
{
  printf 'revision 0001_snapshot "the blog schema in one revision";\nrevises base;\n\nupgrade <\n'
  sed 's/^/  /' "$scratch/schema.mig"
  printf '>\n'
} >"$copy/migrations/0001_snapshot.mig"
cd "$copy" || exit 1
run_migc check
check_status "schema output as a revision: check passes" 0
run_migc schema
# The first line names the revision, which differs; the tables must not.
if cmp -s <(tail -n +2 "$out") <(tail -n +2 "$scratch/schema.mig"); then
  pass "schema output as a revision: same schema again"
else
  diff -u "$scratch/schema.mig" "$out" >"$scratch/diff"
  fail "schema output as a revision: same schema again" "diff (example, snapshot):" "$scratch/diff"
fi
cd "$top_srcdir" || exit 1

finish
