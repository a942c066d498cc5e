#!/usr/bin/env bash
# editor.sh - the editor support in editor/: the Vim syntax and the TextMate grammar know
# every keyword and type of the language, and highlight comments, strings, long text,
# durations and backtick names as such. Vim is run headless on a sample; the TextMate
# grammar's patterns are run with Node's regular expressions (the same syntax for these).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

vimdir=$top_srcdir/editor/vim
tm=$top_srcdir/editor/textmate/mig.tmLanguage.json

# The language's keywords, from their one list (common/keywords.def), and its type names
# (common/ydbtype.c) and the aliases the compiler accepts (compiler/types.c).
keywords=$(sed -n 's/^MIG_KEYWORD("\([a-z_]*\)", [A-Z_]*)$/\1/p' "$top_srcdir/common/keywords.def")
types=$( { sed -n 's/^ *{MIG_PT_[A-Z0-9_]*, "\([A-Za-z0-9]*\)",.*/\1/p' "$top_srcdir/common/ydbtype.c"
           grep -o '{"[a-z_0-9]*", MIG_PT_[A-Z0-9_]*, ' "$top_srcdir/compiler/types.c" | sed 's/{"\([a-z_0-9]*\)".*/\1/'; } | sort -u)
nk=$(printf '%s\n' "$keywords" | grep -c .)
nt=$(printf '%s\n' "$types" | grep -c .)
if [ "$nk" -lt 40 ] || [ "$nt" -lt 25 ]; then
  fail "the keyword and type lists are read" "read $nk keywords and $nt types; the tables' format changed?"
  finish
fi
pass "the keyword and type lists are read ($nk keywords, $nt types)"

sample=$scratch/sample.mig
{
  printf '%s\n' $keywords
  printf '%s\n' $types
  printf '%s\n' '-- a comment' '# a hash comment' '/* a block */' '"a string"' "'single'" \
    '"""long' 'text"""' '30d' '1d12h' '`order`' '42'
} >"$sample"

# ---- Vim: the group of the first character of every line of the sample
if command -v vim >/dev/null 2>&1; then
  groups=$scratch/vim-groups
  status=0 # vim and node are not ours: never under $VALGRIND
  vim -N -u NONE -i NONE -n -es \
    --cmd "set rtp^=$vimdir" -c 'filetype on' -c 'syntax on' -c "edit $sample" \
    -c "call writefile(map(range(1, line('\$')), {_, l -> getline(l) . ' ' . synIDattr(synID(l, 1, 1), 'name')}), '$groups')" \
    -c 'qa!' >"$out" 2>"$err" || status=$?
  check_status "vim loads the syntax without errors" 0
  check_empty "vim: nothing on stderr" "$err"
  if [ -s "$groups" ]; then
    check_grep "vim: filetype detected from *.mig" <(vim -N -u NONE -i NONE -n -es --cmd "set rtp^=$vimdir" \
      -c 'filetype on' -c "edit $sample" -c 'call writefile([&filetype], "/dev/stdout")' -c 'qa!' 2>&1) '^mig$'
    missing=$(for k in $keywords; do grep -Eq "^$k mig(Header|Step|Keyword|Boolean)\$" "$groups" || echo "$k"; done)
    if [ -z "$missing" ]; then pass "vim: all $nk keywords are highlighted"; else
      fail "vim: all keywords are highlighted" "not highlighted as a keyword: $(echo $missing)"; fi
    missing=$(for t in $types; do grep -Eq "^$t migType\$" "$groups" || echo "$t"; done)
    if [ -z "$missing" ]; then pass "vim: all $nt types are highlighted"; else
      fail "vim: all types are highlighted" "not highlighted as migType: $(echo $missing)"; fi
    check_grep "vim: -- comments" "$groups" '^-- a comment migComment$'
    check_grep "vim: # comments" "$groups" '^# a hash comment migComment$'
    check_grep "vim: block comments" "$groups" '^/\* a block \*/ migComment$'
    check_grep "vim: strings" "$groups" '^"a string" migString$'
    check_grep "vim: single-quoted strings" "$groups" "^'single' migString\$"
    check_grep "vim: long text opens" "$groups" '^"""long migLongText$'
    check_grep "vim: long text spans lines" "$groups" '^text""" migLongText$'
    check_grep "vim: durations" "$groups" '^30d migDuration$'
    check_grep "vim: compound durations" "$groups" '^1d12h migDuration$'
    check_grep "vim: backtick names" "$groups" '^`order` migQuotedName$'
    check_grep "vim: numbers" "$groups" '^42 migNumber$'
  fi
else
  fail "vim is installed" "scripts/setup.sh installs vim for this test"
fi

# ---- TextMate: the scope of the first token of every sample line
if command -v node >/dev/null 2>&1; then
  status=0
  node -e '
    const fs = require("fs");
    const g = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const re = (p) => p.startsWith("(?i)") ? new RegExp(p.slice(4), "iy") : new RegExp(p, "y");
    // Expand the top-level includes into an ordered list of rules.
    const rules = [];
    const add = (r) => {
      if (r.include) return add(g.repository[r.include.slice(1)]);
      if (r.patterns && !r.begin) return r.patterns.forEach(add);
      rules.push(r);
    };
    g.patterns.forEach(add);
    const lines = fs.readFileSync(process.argv[2], "utf8").split("\n");
    let open = null; // a begin/end rule still open from an earlier line
    for (const line of lines) {
      if (line === "") continue;
      let scope = "";
      if (open) { scope = open.name; if (re(open.end).test(line) || line.includes(open.end.replace(/\\/g, ""))) open = null; }
      else for (const r of rules) {
        const m = re(r.match || r.begin); m.lastIndex = 0;
        const hit = m.exec(line);
        if (!hit) continue;
        scope = r.name;
        if (r.begin) {
          const e = new RegExp(r.end, "g"); e.lastIndex = hit[0].length;
          if (!e.exec(line) && r.end.indexOf("$") < 0) open = r;
        }
        break;
      }
      console.log(line + " " + scope);
    }
  ' "$tm" "$sample" >"$out" 2>"$err" || status=$?
  check_status "the TextMate grammar is valid JSON and its patterns compile" 0
  tmscopes=$scratch/tm-scopes
  cp "$out" "$tmscopes"
  missing=$(for k in $keywords; do grep -Eq "^$k (keyword|constant\.language)\." "$tmscopes" || echo "$k"; done)
  if [ -z "$missing" ]; then pass "TextMate: all $nk keywords are scoped"; else
    fail "TextMate: all keywords are scoped" "not a keyword scope: $(echo $missing)"; fi
  missing=$(for t in $types; do grep -Eq "^$t storage\.type\.mig\$" "$tmscopes" || echo "$t"; done)
  if [ -z "$missing" ]; then pass "TextMate: all $nt types are scoped"; else
    fail "TextMate: all types are scoped" "not storage.type.mig: $(echo $missing)"; fi
  check_grep "TextMate: -- comments" "$tmscopes" '^-- a comment comment\.line\.double-dash\.mig$'
  check_grep "TextMate: # comments" "$tmscopes" '^# a hash comment comment\.line\.number-sign\.mig$'
  check_grep "TextMate: block comments" "$tmscopes" '^/\* a block \*/ comment\.block\.mig$'
  check_grep "TextMate: strings" "$tmscopes" '^"a string" string\.quoted\.double\.mig$'
  check_grep "TextMate: single-quoted strings" "$tmscopes" "^'single' string\\.quoted\\.single\\.mig\$"
  check_grep "TextMate: long text opens" "$tmscopes" '^"""long string\.quoted\.triple\.mig$'
  check_grep "TextMate: long text spans lines" "$tmscopes" '^text""" string\.quoted\.triple\.mig$'
  check_grep "TextMate: durations" "$tmscopes" '^1d12h constant\.numeric\.duration\.mig$'
  check_grep "TextMate: backtick names" "$tmscopes" '^`order` variable\.other\.quoted\.mig$'
  check_grep "TextMate: numbers" "$tmscopes" '^42 constant\.numeric\.mig$'
else
  fail "node is installed" "scripts/setup.sh installs Node.js (also used by the conformance suite)"
fi

finish
