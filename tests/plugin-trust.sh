#!/usr/bin/env bash
# plugin-trust.sh - no migrun command loads a plugin whose bytes differ from the manifest:
# examples/blog built by migc, one byte of a plugin changed (same size, manifest
# untouched) at several offsets, then upgrade --sql, downgrade --sql and show; each is
# refused with exit 4 and "changed after the build" (or, when the change breaks the ELF
# header, "is not a shared object"), never a crash and never a line of YQL.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"
: "${MIGC:?MIGC must name the migc program}"

umask 022
P=$scratch/plugins
cd "$scratch" || exit 1
run "$MIGC" build -o "$P" "$top_srcdir/examples/blog/migrations"
check_status "migc build examples/blog" 0
so=$(ls "$P"/0002_*.so)
rev=$(basename "$so" .so)
size=$(stat -c %s "$so")
cp "$so" "$scratch/pristine.so"

# flip OFFSET: invert the byte at OFFSET of the plugin, in place (size and mode kept).
flip() {
  local b
  b=$(od -An -tu1 -j "$1" -N1 "$scratch/pristine.so" | tr -d ' ')
  cp "$scratch/pristine.so" "$so"
  printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$so" bs=1 seek="$1" conv=notrunc status=none
  chmod 0644 "$so"
}

# refused NAME WHAT: the last run was refused with exit 4, WHAT on stderr, nothing on stdout.
refused() {
  check_status "$1: exit 4" 4
  check_grep "$1: names the plugin and says why" "$err" "^migrun: error: plugin \"$P/$rev.so\" $2"
  check_grep "$1: both checksums in the detail" "$err" '^detail: Its SHA-256 is [0-9a-f]{64}; the manifest records'
  check_empty "$1: no YQL" "$out"
}

run "$MIGRUN" --plugins "$P" upgrade base:heads --sql
check_status "the pristine plugins: upgrade --sql exit 0" 0
check_grep "the pristine plugins: upgrade --sql prints YQL" "$out" '^CREATE TABLE'

for off in 1000 $((size / 4)) $((size / 3)) $((size / 2)) $((size * 2 / 3)) $((size - 1)); do
  flip "$off"
  cmp -s "$so" "$scratch/pristine.so" && fail "byte $off changed" "the file is unchanged"
  run "$MIGRUN" --plugins "$P" upgrade base:heads --sql
  refused "byte $off changed, upgrade --sql" "changed after the build"
  run "$MIGRUN" --plugins "$P" downgrade heads:base --sql
  refused "byte $off changed, downgrade --sql" "changed after the build"
  run "$MIGRUN" --plugins "$P" show "$rev"
  refused "byte $off changed, show" "changed after the build"
  run "$MIGRUN" --plugins "$P" history
  check_status "byte $off changed: history reads the manifest only, exit 0" 0
done

# In the ELF header the checksum still refuses it; the message says what the change broke.
flip 4
run "$MIGRUN" --plugins "$P" upgrade base:heads --sql
refused "ELF class byte changed, upgrade --sql" "is not a shared object"

cp "$scratch/pristine.so" "$so"
run "$MIGRUN" --plugins "$P" upgrade base:heads --sql
check_status "the plugin restored: upgrade --sql exit 0" 0

finish
