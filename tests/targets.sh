#!/usr/bin/env bash
# targets.sh - one meaning for every target spelling: each row of the table is resolved by
# `migc schema --at SPEC` (the compiler, over the .mig files) and by `migrun upgrade SPEC
# --sql` (the runtime, over the built manifest; offline), and both must name the same
# revision, or both fail with the same kind of error (docs/decisions/0024-one-revision-graph.md).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
: "${MIGRUN:=$(dirname "$MIGC")/migrun}"

# Two projects, built by migc:
#   two:  0001_root (core) ─┬─ 0002_alpha (main) ── 0003_beta
#                           └─ 0003b_side (side)
#   one:  0001_root (core) ── 0002_alpha (main) ── 0003_beta
# mig DIR ID HEADERS TABLE: a revision creating TABLE.
mig() {
  mkdir -p "$scratch/$1/migrations"
  printf 'revision %s;\n%s\nupgrade < create_table %s < id Uint64 pk; > >\n' "$2" "$3" "$4" >"$scratch/$1/migrations/$2.mig"
}
for p in one two; do
  mig $p 0001_root 'revises base; label core;' t1
  mig $p 0002_alpha 'revises 0001_root; label main;' t2
  mig $p 0003_beta 'revises 0002_alpha;' t3
done
mig two 0003b_side 'revises 0001_root; label side;' t4
for p in one two; do
  status=0
  (cd "$scratch/$p" && "$MIGC" build) >"$out" 2>"$err" || status=$?
  check_status "project $p builds" 0
done

# What an error of each kind says, in either tool's words (matched ignoring case).
kind_pattern() {
  case $1 in
    short) echo 'an id prefix needs at least 4 characters' ;;
    ambiguous) echo 'it begins "0003_beta" and "0003b_side"' ;;
    heads) echo 'there are 2 heads: "0003_beta" and "0003b_side"' ;;
    branch) echo 'has 2 heads: "0003_beta" and "0003b_side"' ;;
    notfound) echo 'no revision or label is named "'"$2"'"' ;;
    *) echo "unknown kind $1" >&2; exit 1 ;;
  esac
}

# The revision migc's schema is at: its first line, "-- schema at revision X (YDB ...)".
migc_names() { sed -n '1s/^-- schema at revision \([^ ]*\) .*/\1/p' "$out"; }
# The revision migrun's upgrade from base goes to: the last revision of the plan (manifest
# order puts the target after all it needs), or base for an empty plan.
migrun_names() {
  local last
  last=$(grep '^-- revision ' "$out" | tail -n 1 | sed 's/^-- revision //')
  echo "${last:-base}"
}

# PROJECT SPEC WANT (a revision id, base, or error:KIND) - what it tests
table='
two 0002_alpha      0002_alpha       full id
two 0002            0002_alpha       unique id prefix
two 000             error:short      prefix under 4 characters
two 0003            error:ambiguous  ambiguous prefix
two main            0002_alpha       label
two main@head       0003_beta        LABEL@head
two side@head       0003b_side       LABEL@head of the other branch
two 0002_alpha@head 0003_beta        REV@head
two 0002@head       0003_beta        PREFIX@head
two core@head       error:branch     LABEL@head on a branch with two heads
two nothing@head    error:notfound   NAME@head naming nothing
one head            0003_beta        head with one head
two head            error:heads      head with two heads
two base            base             base
two 0002_alpah      error:notfound   unknown name (migc adds a did-you-mean)
'

while read -r p spec want what; do
  [ -n "$p" ] || continue
  name="$what: $spec"
  dir=$scratch/$p
  run "$MIGC" schema --at "$spec" "$dir/migrations"
  cs=$status; cerr=$(cat "$err"); cgot=$(migc_names)
  run "$MIGRUN" --plugins "$dir/plugins" upgrade "$spec" --sql
  rs=$status; rerr=$(cat "$err"); rgot=$(migrun_names)
  case $want in
    error:*)
      kind=${want#error:}
      left=${spec%@head}
      pat=$(kind_pattern "$kind" "$left")
      if [ "$cs" -ne 1 ]; then fail "$name: migc fails" "migc schema --at $spec ended with status $cs" "$err"
      elif ! grep -qiF -- "$pat" <<<"$cerr"; then fail "$name: migc says $kind" "migc: $cerr"
      elif [ "$rs" -ne 1 ]; then fail "$name: migrun fails" "migrun upgrade $spec --sql ended with status $rs" "$err"
      elif ! grep -qiF -- "$pat" <<<"$rerr"; then fail "$name: migrun says $kind" "migrun: $rerr"
      else pass "$name: both fail ($kind)"
      fi
      ;;
    *)
      if [ "$cs" -ne 0 ] || [ "$cgot" != "$want" ]; then
        fail "$name: migc names $want" "migc schema --at $spec: status $cs, revision '$cgot': $cerr"
      elif [ "$rs" -ne 0 ] || [ "$rgot" != "$want" ]; then
        fail "$name: migrun names $want" "migrun upgrade $spec --sql: status $rs, revision '$rgot': $rerr"
      else pass "$name: both name $want"
      fi
      ;;
  esac
done <<<"$table"

# The did-you-mean is migc's, built from the one suggestion of the graph.
run "$MIGC" schema --at 0002_alpah "$scratch/two/migrations"
check_grep "unknown name: migc suggests the id" "$err" 'did you mean "0002_alpha"\?'

finish
