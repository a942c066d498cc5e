#!/bin/sh
# run.sh - conformance: YDB's official Node SDKs (ydb-sdk v5, @ydbjs v6, pinned in
# package-lock.json and installed with npm ci) against ydbsim, a TEST TOOL.
# Then ydb-sdk v5 (schema.js) describes what `migrun upgrade head` made of examples/blog and
# the result is compared with tests/golden/blog-schema-sdk.txt, as is `migc schema`.
# Fails loudly (FAIL, never SKIP) if npm cannot install.
set -u
: "${YDBSIM:?}" "${top_srcdir:?}" "${abs_builddir:?}" "${MIGC:?}" "${MIGRUN:?}"
NPM=${NPM:-npm}
conf="$abs_builddir/tests/conformance"
mkdir -p "$conf"
[ "$conf" = "$top_srcdir/tests/conformance" ] ||
    cp "$top_srcdir/tests/conformance/package.json" "$top_srcdir/tests/conformance/package-lock.json" \
       "$top_srcdir/tests/conformance/v5.js" "$top_srcdir/tests/conformance/v6.mjs" \
       "$top_srcdir/tests/conformance/schema.js" "$top_srcdir/tests/conformance/script.mjs" "$conf/"
work=$(mktemp -d "${TMPDIR:-/tmp}/ydbsim-conf.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT
# SIGTERM stops ydbsim cleanly; anything else (a crash, a sanitizer's report in the
# sanitizer build) fails the run, its stderr shown.
stop_sim() {
    kill -TERM "$pid"
    if ! wait "$pid"; then cat "$work/err"; echo "FAIL: ydbsim did not stop cleanly"; rc=1; fi
    pid=
}
trap 'cleanup; exit 1' INT TERM HUP
(cd "$conf" && "$NPM" ci --no-audit --no-fund >"$work/npm.log" 2>&1) ||
    { cat "$work/npm.log"; echo "FAIL: npm ci failed (is the npm registry reachable?)"; exit 1; }
# start_ydbsim ARGS...: a fresh ydbsim; sets pid and port.
start_ydbsim() {
    : >"$work/out"
    "$YDBSIM" --listen 127.0.0.1:0 "$@" >"$work/out" 2>"$work/err" &
    pid=$!
    i=0
    until grep -q '^listening on ' "$work/out" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 100 ] && { cat "$work/err"; echo "FAIL: ydbsim did not start"; exit 1; }
        sleep 0.1
    done
    port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/out")
}
start_ydbsim --log-calls "$work/calls.log" --index-build-ms 1500
rc=0
echo "== ydb-sdk v5"
(cd "$conf" && timeout 300 node v5.js "grpc://127.0.0.1:$port" /local) >"$work/v5.out" 2>&1 || rc=1
cat "$work/v5.out"
echo "== @ydbjs v6"
(cd "$conf" && timeout 300 node v6.mjs "grpc://127.0.0.1:$port/local") >"$work/v6.out" 2>&1 || rc=1
cat "$work/v6.out"
stop_sim

# ---- ydb-sdk v5 reads back what `migrun upgrade head` made of examples/blog: the schema it
# describes (schema.js) equals tests/golden/blog-schema-sdk.txt, and so does the .mig files'
# intent (`migc schema` through migschema.awk): the golden file is where both must meet.
echo "== ydb-sdk v5 reads the schema migrun made (examples/blog)"
sout=$work/schema.out
: >"$sout"
golden=$top_srcdir/tests/golden/blog-schema-sdk.txt
mkdir -p "$work/blog"
cp -r "$top_srcdir/examples/blog/migrations" "$work/blog/"
start_ydbsim
if ! (cd "$work/blog" && "$MIGC" build && "$MIGRUN" upgrade head --url "grpc://127.0.0.1:$port/local") \
        >"$work/up.out" 2>&1; then
    cat "$work/up.out"; echo "FAIL: blog schema: migc build and migrun upgrade head" >>"$sout"; rc=1
elif ! (cd "$conf" && timeout 300 node schema.js "grpc://127.0.0.1:$port" /local mig_version mig_version_lock) \
        >"$work/sdk-schema.txt" 2>"$work/sdk-schema.err"; then
    cat "$work/sdk-schema.err"; echo "FAIL: blog schema: schema.js describes every table" >>"$sout"; rc=1
else
    echo "ok: blog schema: schema.js describes every table ($(grep -c '^table ' "$work/sdk-schema.txt") tables)" >>"$sout"
    if diff -u "$golden" "$work/sdk-schema.txt" >"$work/sdk.diff"; then
        echo "ok: blog schema: what ydb-sdk v5 reads equals tests/golden/blog-schema-sdk.txt" >>"$sout"
    else
        cat "$work/sdk.diff" >>"$sout"
        echo "FAIL: blog schema: what ydb-sdk v5 reads differs from tests/golden/blog-schema-sdk.txt" >>"$sout"; rc=1
    fi
fi
if (cd "$work/blog" && "$MIGC" schema --color=never) 2>"$work/migc-schema.err" |
        awk -f "$top_srcdir/tests/conformance/migschema.awk" >"$work/mig-schema.txt" &&
        [ -s "$work/mig-schema.txt" ] && diff -u "$golden" "$work/mig-schema.txt" >"$work/mig.diff"; then
    echo "ok: blog schema: migc schema (the .mig files' intent) equals tests/golden/blog-schema-sdk.txt" >>"$sout"
else
    cat "$work/migc-schema.err" "$work/mig.diff" >>"$sout" 2>/dev/null
    echo "FAIL: blog schema: migc schema differs from tests/golden/blog-schema-sdk.txt" >>"$sout"; rc=1
fi
cat "$sout"
stop_sim

# ---- `migrun upgrade head --sql`, run statement by statement through @ydbjs v6 on a fresh
# ydbsim, leaves what `migrun upgrade head` leaves: migrun current says head, check agrees.
echo "== @ydbjs v6 runs the --sql script (examples/blog)"
qout=$work/script.out
: >"$qout"
start_ydbsim
qurl="grpc://127.0.0.1:$port/local"
if ! (cd "$work/blog" && "$MIGRUN" upgrade head --sql) >"$work/up.sql" 2>"$work/sql.err"; then
    cat "$work/sql.err"; echo "FAIL: script: migrun upgrade head --sql" >>"$qout"; rc=1
elif ! (cd "$conf" && timeout 300 node script.mjs "$qurl" "$work/up.sql") >>"$qout" 2>&1; then
    rc=1
elif (cd "$work/blog" && "$MIGRUN" current --url "$qurl") 2>&1 | grep -q '^0004_financial_records (head)'; then
    echo "ok: script: migrun current then says head" >>"$qout"
    if (cd "$work/blog" && "$MIGRUN" check --url "$qurl") >"$work/check.out" 2>&1; then
        echo "ok: script: migrun check finds the expected schema" >>"$qout"
    else
        cat "$work/check.out" >>"$qout"; echo "FAIL: script: migrun check" >>"$qout"; rc=1
    fi
else
    echo "FAIL: script: migrun current does not say head" >>"$qout"; rc=1
fi
cat "$qout"
stop_sim
# the closing count: checks that passed, and a failure per client that did not finish
npass=$(cat "$work/v5.out" "$work/v6.out" "$sout" "$qout" | grep -c '^ok')
nfail=$(cat "$work/v5.out" "$work/v6.out" "$sout" "$qout" | grep -c '^FAIL')
[ $rc -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
echo "$npass passed, $nfail failed"
exit $rc
