#!/usr/bin/env bash
# build.sh - migc build: plugins, incremental rebuilds, the manifest, failures, init.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

proj=$scratch/proj
mkdir -p "$proj/migrations"
cp "$top_srcdir"/examples/blog/migrations/*.mig "$proj/migrations/"
cd "$proj" || exit 1

run_migc build
check_status "build: exit 0" 0
check_empty "build: quiet on success" "$out"
check_empty "build: nothing on stderr" "$err"
n=$(ls plugins/*.so 2>/dev/null | wc -l)
if [ "$n" -eq 4 ]; then pass "build: one .so per revision"; else fail "build: one .so per revision" "found $n"; fi
check_file "build: manifest" plugins/manifest
check_grep "build: manifest names a revision" plugins/manifest '^rev 0002_add_posts$'
check_grep "build: manifest has the source checksum" plugins/manifest "^source-sha256 $(sha256sum migrations/0002_add_posts.mig | cut -d' ' -f1)\$"
check_grep "build: manifest has the plugin checksum" plugins/manifest "^plugin-sha256 $(sha256sum plugins/0002_add_posts.so | cut -d' ' -f1)\$"
perm=$(stat -c %a plugins/0001_create_users.so)
if [ "$perm" = 644 ]; then pass "build: plugin mode 0644"; else fail "build: plugin mode 0644" "mode $perm"; fi
syms=$(nm -D --defined-only plugins/0001_create_users.so | awk '{print $3}' | grep -v '^_' | tr '\n' ' ')
if [ "$syms" = "mig_plugin_descriptor " ]; then pass "build: exports only the descriptor"; else fail "build: exports only the descriptor" "exports: $syms"; fi
if ldd plugins/0001_create_users.so | grep -q libmigrun; then fail "build: plugin links nothing of the runtime"; else pass "build: plugin links nothing of the runtime"; fi

# Incremental: nothing changed -> nothing rebuilt.
before=$(stat -c %Y.%N plugins/*.so | md5sum)
sleep 1
run_migc build -v
check_status "no-op build: exit 0" 0
check_grep "no-op build: all up to date" "$err" '0 built, 4 up to date'
after=$(stat -c %Y.%N plugins/*.so | md5sum)
if [ "$before" = "$after" ]; then pass "no-op build: plugins untouched"; else fail "no-op build: plugins untouched"; fi
# A no-op build takes the stamps' word: it opens no plugin (not even to hash it) and opens
# nothing for writing.
status=0
# (LeakSanitizer cannot run under ptrace: this run is checked for leaks without strace above.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=open,openat,creat -o "$scratch/noop.trace" "$MIGC" build >"$out" 2>"$err" || status=$?
check_status "no-op build under strace: exit 0" 0
check_no_grep "no-op build: opens no plugin" "$scratch/noop.trace" '\.so"'
check_no_grep "no-op build: writes nothing" "$scratch/noop.trace" 'O_WRONLY|O_RDWR'

# One source changes -> one rebuilt.
sed -i 's/"Add posts table"/"Add the posts table"/' migrations/0002_add_posts.mig
run_migc build -v
check_grep "edit: one rebuilt" "$err" '1 built, 3 up to date'
check_grep "edit: manifest follows" plugins/manifest '^message Add the posts table$'

# A rebuild that fails leaves no stamp behind: the next build compiles that revision again,
# although its generated C is already on disk.
sed -i 's/"Add the posts table"/"Add the posts table again"/' migrations/0002_add_posts.mig
mkdir plugins/.build/0002_add_posts.so.tmp # the compiler cannot write its output
run_migc build -v
check_status "failed rebuild: exit 3" 3
rmdir plugins/.build/0002_add_posts.so.tmp
run_migc build -v
check_grep "after a failed rebuild: rebuilt" "$err" '1 built, 3 up to date'
check_grep "after a failed rebuild: manifest follows" plugins/manifest '^message Add the posts table again$'

# Revisions without a c step are data: their C needs no system header, their plugin no
# library (linked with -nostdlib), and they still load with every symbol resolved.
run_migc build --cflags "-O2 -nostdinc"
check_status "data-only revisions: build without system headers" 0
if readelf -d plugins/0001_create_users.so | grep -q NEEDED; then
  fail "data-only plugin: needs no library" "$(readelf -d plugins/0001_create_users.so | grep NEEDED)"
else pass "data-only plugin: needs no library"; fi
check_grep "data-only plugin: generated as data" plugins/.build/0001_create_users.c '^#define MIG_DATA_ONLY 1$'

# Other flags -> everything rebuilt.
run_migc build -v --cflags "-O0"
check_grep "new cflags: all rebuilt" "$err" '4 built, 0 up to date'

# A removed revision's plugin goes away.
rm migrations/0004_financial_records.mig
run_migc build -v
check_grep "removed revision: its plugin removed" "$err" '1 removed'
if [ -e plugins/0004_financial_records.so ]; then fail "removed revision: no .so left"; else pass "removed revision: no .so left"; fi

# A plugin damaged or replaced since the build is rebuilt, even though its source is unchanged.
echo garbage >plugins/0001_create_users.so
run_migc build -v
check_grep "damaged plugin: rebuilt" "$err" '1 built'
if head -c 4 plugins/0001_create_users.so | grep -q ELF; then pass "damaged plugin: an ELF file again"; else fail "damaged plugin: an ELF file again"; fi

# CC and CFLAGS are split into words without a shell: quotes group, nothing else is special.
run_migc build --force --cflags "-O1 -DGREETING='hello world'"
check_status "cflags with a quoted word" 0
run_migc build --force --cc "cc -m64" --cflags '-O0 $(touch should_not_exist)'
check_status "cflags are not run through a shell" 3
if [ -e should_not_exist ]; then fail "no shell expansion in cflags"; else pass "no shell expansion in cflags"; fi
run_migc build --force --cflags "-O1" # back to a good build for what follows

# make-style dependencies
run_migc build --deps deps.mk
check_grep "deps: target is the manifest" deps.mk '^plugins/manifest:'
check_grep "deps: lists a source" deps.mk 'migrations/0001_create_users.mig'

# -o and -j
run_migc build -o out -j 3
check_status "-o -j: exit 0" 0
check_file "-o: manifest in the other directory" out/manifest

# Errors in the sources: nothing built, status 3.
mkdir -p "$scratch/bad/migrations" && cd "$scratch/bad" || exit 1
printf 'revision a;\nrevises base;\nupgrade < create_table t < v Double pk; > >\n' >migrations/a.mig
run_migc build
check_status "invalid sources: status 3" 3
if [ -e plugins/manifest ]; then fail "invalid sources: no manifest"; else pass "invalid sources: no manifest"; fi

# A c step that does not compile: status 3, the compiler's error points at the .mig line.
cat >migrations/a.mig <<'MIG'
revision a;
revises base;
upgrade <
  create_table t < id Uint64 pk; >
  c """
    int x = ;
    return 0;
  """;
>
downgrade irreversible;
MIG
run_migc build
check_status "c step compile error: status 3" 3
check_grep "c step compile error: located in the .mig file" "$err" 'migrations/a\.mig:6:[0-9]+: error'
check_grep "c step compile error: names the revision" "$err" 'the C compiler failed on revision "a"'

# A c step that compiles and uses the API macros.
cat >migrations/a.mig <<'MIG'
revision a;
revises base;
upgrade <
  create_table t < id Uint64 pk; >
  c """
    if (mig_table_exists("t") != 1) return -1;
    mig_log(MIG_LOG_INFO, "t has %d rows", 0);
    return mig_exec("UPSERT INTO t (id) VALUES (1ul);", NULL, 0, NULL);
  """;
>
downgrade < drop_table t; >
MIG
run_migc build --cflags "-O2 -Wall -Wextra -Werror"
check_status "c step with API calls builds warning-free" 0
check_grep "c step: sees the step vocabulary" plugins/.build/a.c '^#define MIG_NATIVE_STEP 1$'
# A c step may call the C library: its plugin is linked with it, every symbol resolved.
cat >migrations/b.mig <<'MIG'
revision b;
revises a;
upgrade <
  c """
    int puts(const char *s);
    return puts("b") < 0 ? -1 : 0;
  """;
>
downgrade irreversible;
MIG
run_migc build
check_status "c step calling the C library: builds" 0
check_grep "c step calling the C library: linked with it" <(readelf -d plugins/b.so) 'NEEDED.*libc\.so'

# migc init
cd "$scratch" || exit 1
run_migc init newproj
check_status "init: exit 0" 0
check_file "init: mig.ini" newproj/mig.ini
check_file "init: mig.mk" newproj/mig.mk
if [ -d newproj/migrations ]; then pass "init: migrations/"; else fail "init: migrations/"; fi
echo "# mine" >newproj/mig.ini
run_migc init newproj
check_grep "init again: keeps files" "$out" 'kept newproj/mig.ini'
check_grep "init again: mig.ini untouched" newproj/mig.ini '^# mine$'
cd newproj || exit 1
run_migc init
run_migc new -m "first table"
check_status "init then new: exit 0" 0
sed -i 's/^upgrade <$/upgrade < create_table t < id Uint64 pk; >/' migrations/0001_first_table.mig
run make -f mig.mk plugins/manifest MIGC="$MIGC"
check_status "mig.mk builds the plugins" 0
check_file "mig.mk: manifest" plugins/manifest

# mig.ini is honoured: another plugin directory
printf '[migc]\nplugins = compiled\n' >mig.ini
run_migc build
check_file "mig.ini plugins = compiled" compiled/manifest
printf '[migc]\nplugin = compiled\n' >mig.ini
run_migc build
check_status "mig.ini with an unknown key: usage error" 2
check_grep "mig.ini error names file and line" "$err" 'mig\.ini:2: unrecognized key "plugin" in \[migc\]'

finish
