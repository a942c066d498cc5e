#!/usr/bin/env bash
# deep-manifest.sh - a manifest is input: a linear chain of 200 000 revisions (generated
# here, with an empty file per plugin) goes through every command that reads the
# manifest only (the listings, history ranges, targets that walk the whole chain, --sql
# plans that need no plugin) without a crash, each within 30 seconds and 1 GiB of
# resident memory. The graph walks use explicit stacks (docs/decisions/0011-trust-and-depth.md);
# a recursive walk overflows the stack here.
# Under valgrind the chain is 2 000 revisions: there the run checks memory errors, and
# the depth is checked by the plain and sanitizer builds.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

: "${MIGRUN:?MIGRUN must name the migrun program (make check sets it)}"

n=200000
[ -n "$VALGRIND" ] && n=2000
max_seconds=30
max_rss_kb=$((1024 * 1024))
last=$(printf 'r%06d' "$n")

umask 022
P=$scratch/plugins
mkdir -p "$P"
awk -v n="$n" 'BEGIN {
  sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  print "migc-manifest 1"
  for (i = 1; i <= n; i++) {
    id = sprintf("r%06d", i)
    printf "rev %s\nfile %s.so\nsource migrations/%s.mig\nsource-sha256 %s\nplugin-sha256 %s\n", id, id, id, sha, sha
    printf "parents %s\ndepends -\nlabels %s\ndowngrade written\nend\n", i == 1 ? "-" : sprintf("r%06d", i - 1),
           i == 1 ? "root" : "-"
  }
}' >"$P/manifest"
# The plugin files are empty; hard links (at most 50 000 to one inode, under ext4's
# limit) cost far less than 200 000 new inodes.
(cd "$P" && perl -e 'my $src; for my $i (1 .. $ARGV[0]) {
  my $f = sprintf("r%06d.so", $i);
  if ($i % 50000 == 1) { open(my $h, ">", $f) or die "$f: $!\n"; close $h; $src = $f; next }
  link($src, $f) or die "$f: $!\n" }' "$n") || fail "the plugin files" "perl could not make them"

# deep NAME WANT_STATUS ARGS...: migrun ARGS on the chain ends with WANT_STATUS, in time
# and memory.
deep() {
  local name=$1 want=$2
  shift 2
  if [ -n "$VALGRIND" ]; then
    run "$MIGRUN" --plugins "$P" "$@"
  else
    run --timeout "$max_seconds" /usr/bin/time -o "$scratch/rss" -f %M "$MIGRUN" --plugins "$P" "$@"
    # time appends a line about a nonzero status before the figure
    local rss
    rss=$(tail -n 1 "$scratch/rss" 2>/dev/null)
    if [ -n "$rss" ] && [ "$rss" -le "$max_rss_kb" ] 2>/dev/null; then pass "$name: at most $max_rss_kb KB resident ($rss)"
    else fail "$name: at most $max_rss_kb KB resident" "got '${rss:-nothing}'"; fi
  fi
  check_status "$name: exit $want within ${max_seconds}s, no crash" "$want"
}

# lines NAME WANT: the last run printed WANT lines.
lines() {
  local got
  got=$(wc -l <"$out")
  if [ "$got" -eq "$2" ]; then pass "$1"; else fail "$1" "expected $2 lines, got $got" "$out"; fi
}

deep "history" 0 history
lines "history: a line per revision" "$n"
check_first_line "history: the head first" "$out" "^r[0-9]{6} -> $last \(head\)"
deep "history -r r000001:" 0 history -r r000001:
lines "history -r r000001:: every revision" "$n"
deep "history -r root@base:" 0 history -r root@base:
lines "history -r root@base:: every revision" "$n"
deep "history -r :root@head" 0 history -r :root@head
lines "history -r :root@head: every revision" "$n"
deep "history -r root@+2:r000005+3" 0 history -r root@+2:r000005+3
lines "history -r root@+2:r000005+3: seven revisions" 7
deep "heads" 0 heads
check_grep "heads: the last revision" "$out" "^$last "
deep "branches" 0 branches
check_empty "branches: a chain has no branch point" "$out"
deep "upgrade heads:heads --sql" 0 upgrade heads:heads --sql
check_grep "upgrade heads:heads --sql: nothing to do" "$out" '^-- nothing to do'
deep "downgrade r000001:r000001 --sql" 0 downgrade r000001:r000001 --sql
check_grep "downgrade r000001:r000001 --sql: nothing to do" "$out" '^-- nothing to do'
# a plan that needs a plugin: the empty files are refused, cleanly
deep "downgrade heads:root --sql" 4 downgrade heads:root --sql
check_grep "downgrade heads:root --sql: the plugin is refused" "$err" "plugin \".*/$last\.so\" is truncated"

finish
