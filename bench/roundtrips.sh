#!/usr/bin/env bash
# roundtrips.sh - how many calls `migrun upgrade head` makes per revision, counted with
# ydbsim's call log, beside the target of (steps + 2) per revision.
#
#   bench/roundtrips.sh [BUILD_DIR]
#
# Builds examples/blog into a scratch project, starts tests/ydbsim on a free loopback port
# with --log-calls, and runs: a no-op `migrun status` (the fixed cost of connecting and of
# the state tables), `migrun upgrade head` (all revisions), then `migrun upgrade head` again
# (nothing to do: the fixed cost of an upgrade). Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build/main}
migc=$build/migc
migrun=$build/migrun
ydbsim=$build/tests/ydbsim/ydbsim
export MIGRUN_DRIVER=${MIGRUN_DRIVER:-$build/.libs/migrun-ydb.so}
for x in "$migc" "$migrun" "$ydbsim" "$MIGRUN_DRIVER"; do
  [ -e "$x" ] || { echo "roundtrips: no $x (build with make check first, or pass the build directory)" >&2; exit 1; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-rt.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
umask 022
cp -r "$top/examples/blog/migrations" "$dir/"
cd "$dir"
"$migc" build

"$ydbsim" --listen 127.0.0.1:0 --log-calls "$dir/calls.log" >"$dir/sim.out" 2>"$dir/sim.err" &
pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$dir/sim.out" && break; sleep 0.05; done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/sim.out")
url=grpc://127.0.0.1:$port/local

calls() { wc -l <"$dir/calls.log"; }
c0=$(calls)
"$migrun" upgrade head --url "$url" >"$dir/up.out"
c1=$(calls)
"$migrun" upgrade head --url "$url" >/dev/null
c2=$(calls)

revs=$(grep -c '^rev ' plugins/manifest)
steps=$("$migrun" upgrade head --sql | grep -c '^-- step ')
total=$((c1 - c0))
fixed=$((c2 - c1))
per_rev=$(awk -v t="$total" -v f="$fixed" -v r="$revs" 'BEGIN { printf "%.1f", (t - f) / r }')
target=$(awk -v s="$steps" -v r="$revs" 'BEGIN { printf "%.1f", (s + 2 * r) / r }')
printf '%-34s %8s\n' "examples/blog" ""
printf '%-34s %8d\n' "revisions" "$revs"
printf '%-34s %8d\n' "steps" "$steps"
printf '%-34s %8d\n' "calls, upgrade head (all)" "$total"
printf '%-34s %8d\n' "calls, upgrade head (nothing to do)" "$fixed"
printf '%-34s %8s\n' "calls per revision (beyond fixed)" "$per_rev"
printf '%-34s %8s\n' "target: steps + 2 per revision" "$target"
echo
echo "calls by method (upgrade head, all):"
sed -n "$((c0 + 1)),${c1}p" "$dir/calls.log" | awk '{print $2}' | sort | uniq -c | sort -rn
