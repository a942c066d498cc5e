#!/usr/bin/env bash
# man.sh - the manual pages: migc(1), migrun(1) and mig(5) (made from docs/language.md)
# render without a warning, and mig(5) carries every section of the language reference.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

builddir=$(dirname "$MIGC")
mig5=$builddir/docs/man/mig.5
pages=("$top_srcdir/docs/man/migc.1" "$top_srcdir/docs/man/migrun.1" "$mig5")

if ! command -v groff >/dev/null 2>&1; then
  fail "groff is installed" "scripts/setup.sh installs groff-base; the manual pages cannot be checked without it"
  finish
fi

for page in "${pages[@]}"; do
  name=$(basename "$page")
  if [ ! -s "$page" ]; then
    fail "$name exists" "$page is missing or empty"
    continue
  fi
  # -ww: every warning; -t: tables (mig.5 asks for tbl); -k: UTF-8 input.
  status=0
  LC_ALL=C.UTF-8 groff -k -t -man -ww -z "$page" >"$out" 2>"$err" || status=$?
  check_status "$name: groff renders it" 0
  check_empty "$name: no groff warnings" "$err"
  LC_ALL=C.UTF-8 groff -k -t -man -Tutf8 -P -cbou "$page" >"$out" 2>/dev/null || true
  check_grep "$name: has a NAME section" "$out" '^NAME'
done

# mig(5) is the whole reference: each section and subsection of docs/language.md is there.
if [ -s "$mig5" ]; then
  while IFS= read -r heading; do
    title=${heading#\#\# }
    upper=$(printf '%s' "$title" | tr '[:lower:]' '[:upper:]' | sed 's/`//g')
    if grep -Fq -- ".SH $upper" "$mig5" || grep -Fq -- ".SH $(printf '%s' "$title" | tr '[:lower:]' '[:upper:]')" "$mig5"; then
      pass "mig.5: section \"$title\""
    else
      fail "mig.5: section \"$title\"" "no .SH line for it in $mig5"
    fi
  done < <(grep '^## ' "$top_srcdir/docs/language.md")
  nsub_md=$(grep -c '^### ' "$top_srcdir/docs/language.md")
  nsub_man=$(grep -c '^\.SS ' "$mig5")
  if [ "$nsub_md" -eq "$nsub_man" ] && [ "$nsub_md" -gt 0 ]; then
    pass "mig.5: all $nsub_md subsections"
  else
    fail "mig.5: all subsections" "docs/language.md has $nsub_md, mig.5 has $nsub_man"
  fi
  # Code blocks stay verbatim: the example revision's header line is there as written.
  check_grep "mig.5: code blocks are kept" "$mig5" '^revision 0002_add_posts "Add posts table";$'
  awk '/^\.nf/ { code = 1 } /^\.fi/ { code = 0 } !code' "$mig5" >"$scratch/text"
  check_no_grep "mig.5: no Markdown left outside code (**, links, # headings)" "$scratch/text" '\*\*|\]\(|^#'
fi

finish
