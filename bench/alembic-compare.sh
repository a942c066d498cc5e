#!/usr/bin/env bash
# alembic-compare.sh - migrun's offline commands beside Alembic's, on the same history.
#
#   bench/alembic-compare.sh [BUILD_DIR] [REVISIONS] [RUNS]
#
# Generates a linear history of REVISIONS revisions (default 1000) twice: as .mig files
# and as Alembic revision scripts doing the same thing (each revision creates a table,
# adds a column or creates an index, in turn). Builds the plugins with migc, then times
# `heads`, `history` and `upgrade head --sql` with both tools (the median of RUNS runs,
# default 3) and prints the ratio. Alembic runs offline against SQLite (no YDB dialect is
# packaged for Debian); that measures the tool, which is the point. Needs Debian's
# python3-alembic (apt-get install python3-alembic). Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build/main}
revs=${2:-1000}
runs=${3:-3}
migc=$build/migc
migrun=$build/migrun
py=/usr/bin/python3
for x in "$migc" "$migrun"; do [ -x "$x" ] || { echo "alembic-compare: no $x (build first, or pass the build directory)" >&2; exit 1; }; done
"$py" -c 'import alembic' 2>/dev/null || { echo "alembic-compare: Debian's python3-alembic is needed: apt-get install python3-alembic" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-alembic.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/mig/migrations" "$dir/alembic/versions"

# Both histories from one description.
awk -v n="$revs" -v mig="$dir/mig/migrations" -v al="$dir/alembic/versions" 'BEGIN {
  prev = "base"; tables = 0
  for (i = 1; i <= n; i++) {
    id = sprintf("r%04d", i)
    kind = (i - 1) % 3
    if (kind == 0) { tables++; t = "t" tables }
    f = mig "/" id ".mig"
    printf "revision %s \"benchmark revision %d\";\nrevises %s;\n\nupgrade <\n", id, i, prev > f
    g = al "/" id ".py"
    printf "\"\"\"benchmark revision %d\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = \"%s\"\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n", i, id, (prev == "base" ? "None" : "\"" prev "\"") > g
    if (kind == 0) {
      printf "  create_table %s <\n    id Uint64 pk;\n    name Utf8;\n  >\n>\n", t > f
      printf "def upgrade():\n    op.create_table(\"%s\", sa.Column(\"id\", sa.BigInteger(), primary_key=True), sa.Column(\"name\", sa.Text()))\n\ndef downgrade():\n    op.drop_table(\"%s\")\n", t, t > g
    } else if (kind == 1) {
      printf "  add_column %s < extra Utf8; >\n>\n", t > f
      printf "def upgrade():\n    op.add_column(\"%s\", sa.Column(\"extra\", sa.Text()))\n\ndef downgrade():\n    op.drop_column(\"%s\", \"extra\")\n", t, t > g
    } else {
      printf "  create_index ix_%s on %s (name);\n>\n", t, t > f
      printf "def upgrade():\n    op.create_index(\"ix_%s\", \"%s\", [\"name\"])\n\ndef downgrade():\n    op.drop_index(\"ix_%s\", table_name=\"%s\")\n", t, t, t, t > g
    }
    close(f); close(g)
    prev = id
  }
}'

cat >"$dir/alembic/alembic.ini" <<INI
[alembic]
script_location = $dir/alembic
sqlalchemy.url = sqlite://
[loggers]
keys = root
[handlers]
keys =
[formatters]
keys =
[logger_root]
level = WARN
handlers =
INI
cat >"$dir/alembic/env.py" <<'PY'
from alembic import context
config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    raise SystemExit("offline only")
PY
cat >"$dir/alembic/script.py.mako" <<'MAKO'
MAKO

(cd "$dir/mig" && "$migc" build)

# median_ms CMD...: run RUNS times (output discarded), print the median wall time in ms.
median_ms() {
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "alembic-compare: failed: $*" >&2; exit 1; }
    e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

printf '%-22s %10s %12s %12s %8s\n' "command" revisions "migrun ms" "alembic ms" ratio
for c in heads history "upgrade --sql head"; do
  # shellcheck disable=SC2086
  m=$(cd "$dir/mig" && median_ms "$migrun" $c)
  # shellcheck disable=SC2086
  ac=${c/--sql head/head --sql}
  a=$(cd "$dir/alembic" && median_ms "$py" -m alembic -c alembic.ini $ac)
  ratio=$(awk -v a="$a" -v m="$m" 'BEGIN { if (m < 1) m = 1; printf "%.0fx", a / m }')
  printf '%-22s %10d %12d %12d %8s\n' "$c" "$revs" "$m" "$a" "$ratio"
done
