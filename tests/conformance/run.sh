#!/bin/sh
# run.sh - conformance: YDB's official Node SDKs (ydb-sdk v5, @ydbjs v6, pinned in
# package-lock.json and installed with npm ci) against ydbsim, a TEST TOOL.
# Fails loudly (FAIL, never SKIP) if npm cannot install.
set -u
: "${YDBSIM:?}" "${top_srcdir:?}" "${abs_builddir:?}"
NPM=${NPM:-npm}
conf="$abs_builddir/tests/conformance"
mkdir -p "$conf"
[ "$conf" = "$top_srcdir/tests/conformance" ] ||
    cp "$top_srcdir/tests/conformance/package.json" "$top_srcdir/tests/conformance/package-lock.json" \
       "$top_srcdir/tests/conformance/v5.js" "$top_srcdir/tests/conformance/v6.mjs" "$conf/"
work=$(mktemp -d "${TMPDIR:-/tmp}/ydbsim-conf.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT INT TERM
(cd "$conf" && "$NPM" ci --no-audit --no-fund >"$work/npm.log" 2>&1) ||
    { cat "$work/npm.log"; echo "FAIL: npm ci failed (is the npm registry reachable?)"; exit 1; }
"$YDBSIM" --listen 127.0.0.1:0 --log-calls "$work/calls.log" >"$work/out" 2>"$work/err" &
pid=$!
i=0
until grep -q '^listening on ' "$work/out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { cat "$work/err"; echo "FAIL: ydbsim did not start"; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/out")
rc=0
echo "== ydb-sdk v5"
(cd "$conf" && node v5.js "grpc://127.0.0.1:$port" /local) || rc=1
echo "== @ydbjs v6"
(cd "$conf" && node v6.mjs "grpc://127.0.0.1:$port/local") || rc=1
kill -TERM "$pid"; wait "$pid" || rc=1; pid=
exit $rc
