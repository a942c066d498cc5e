#!/usr/bin/env bash
# completion.sh - the bash and zsh completion for migc and migrun (completion/): commands
# and options come from the programs' --help, migrun's targets from the manifest through
# `migrun complete targets`.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

builddir=$(dirname "$MIGC")
MIGRUN=${MIGRUN:-$builddir/migrun}
export PATH="$builddir:$PATH"

# A project with a label, built, so that targets can be listed.
proj=$scratch/proj
mkdir -p "$proj/migrations"
printf 'revision 0001_users "users";\nrevises base;\nlabel core;\n\nupgrade <\n  create_table users <\n    id Uint64 pk;\n  >\n>\n' \
  >"$proj/migrations/0001_users.mig"
printf 'revision 0002_posts "posts";\nrevises 0001_users;\n\nupgrade <\n  create_table posts <\n    id Uint64 pk;\n  >\n>\n' \
  >"$proj/migrations/0002_posts.mig"
(cd "$proj" && "$MIGC" build) >"$out" 2>"$err" || fail "the test project builds" "migc build failed:" "$err"

# ---- migrun complete targets
cd "$proj" || exit 1
run "$MIGRUN" complete targets
check_status "complete targets: exit 0" 0
for w in head heads base 0001_users 0002_posts core core@head core@base; do
  check_grep "complete targets: lists $w" "$out" "^$w\$"
done
run "$MIGRUN" complete targets --plugins "$scratch/nothing-here"
check_status "complete targets without a manifest: exit 0" 0
check_grep "complete targets without a manifest: still head" "$out" '^head$'
check_no_grep "complete targets without a manifest: no ids" "$out" '^0001'
run "$MIGRUN" complete frobs
check_status "complete frobs: exit 2" 2
check_grep "complete frobs: says what it can complete" "$err" 'only targets'
cd "$top_srcdir" || exit 1

# ---- bash: call the completion function as bash would, read COMPREPLY.
# bcomp LINE: complete the last word of LINE (a trailing space: complete an empty word).
bcomp() {
  bash -c '
    source "$1"
    read -r -a COMP_WORDS <<<"$2"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    cd "$3" && _mig && printf "%s\n" "${COMPREPLY[@]}"
  ' bcomp "$top_srcdir/completion/mig.bash" "$1" "$proj" >"$out" 2>"$err"
}
bcomp "migrun up"
check_grep "bash: migrun up -> upgrade" "$out" '^upgrade$'
bcomp "migrun "
check_grep "bash: migrun <tab> lists downgrade" "$out" '^downgrade$'
check_grep "bash: migrun <tab> lists history" "$out" '^history$'
bcomp "migrun upgrade --s"
check_grep "bash: migrun upgrade --s -> --sql" "$out" '^--sql$'
check_grep "bash: migrun upgrade --s -> --statement-timeout" "$out" '^--statement-timeout$'
bcomp "migrun upgrade "
check_grep "bash: migrun upgrade <tab> -> head" "$out" '^head$'
check_grep "bash: migrun upgrade <tab> -> 0002_posts" "$out" '^0002_posts$'
bcomp "migrun downgrade co"
check_grep "bash: migrun downgrade co -> core@base" "$out" '^core@base$'
bcomp "migrun --plugins $scratch/nothing-here upgrade "
check_no_grep "bash: --plugins is passed on to complete targets" "$out" '^0001'
bcomp "migc sc"
check_grep "bash: migc sc -> schema" "$out" '^schema$'
bcomp "migc check --max"
check_grep "bash: migc check --max -> --max-errors" "$out" '^--max-errors$'
bcomp "migc build --color "
check_grep "bash: migc build --color <tab> -> never" "$out" '^never$'

# ---- zsh: the same function with compadd and the file completers stubbed out.
if command -v zsh >/dev/null 2>&1; then
  zcomp() {
    zsh -f -c '
      compadd() { if [[ $1 == -a ]]; then print -l -- ${(P)2}; else print -l -- "$@"; fi }
      _files() { print -- "<files>" }
      _directories() { print -- "<directories>" }
      words=(${(z)2})
      [[ $2 == *" " ]] && words+=("")
      CURRENT=${#words}
      PREFIX=${words[CURRENT]}
      cd $3 && source $1
    ' zcomp "$top_srcdir/completion/_mig" "$1" "$proj" >"$out" 2>"$err"
  }
  zcomp "migrun up"
  check_grep "zsh: migrun <tab> lists upgrade" "$out" '^upgrade$'
  zcomp "migrun upgrade --"
  check_grep "zsh: migrun upgrade -- -> --dry-run" "$out" '^--dry-run$'
  zcomp "migrun downgrade "
  check_grep "zsh: migrun downgrade <tab> -> core@head" "$out" '^core@head$'
  zcomp "migrun --plugins "
  check_grep "zsh: --plugins takes a directory" "$out" '^<directories>$'
  zcomp "migc check --"
  check_grep "zsh: migc check -- -> --werror" "$out" '^--werror$'
else
  fail "zsh is installed" "scripts/setup.sh installs zsh for this test"
fi

finish
