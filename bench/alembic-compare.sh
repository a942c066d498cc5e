#!/usr/bin/env bash
# alembic-compare.sh - the speed table (`make bench`): migc and migrun on one history,
# Alembic's figures beside them, and the goals of docs/decisions/0019-speed.md.
#
#   bench/alembic-compare.sh [BUILD_DIR] [REVISIONS] [RUNS]
#
# Generates a linear history of REVISIONS revisions (default 1000) twice: as .mig files
# and as Alembic revision scripts doing the same thing (each revision creates a table,
# adds a column or creates an index, in turn). Then times, on the same machine in one run:
# migrun heads, migrun history, a no-op migc build, a cold migc build with 2 jobs,
# migrun upgrade head --sql and migc check; and alembic heads, history and upgrade head
# --sql. Each figure is the median wall time of RUNS runs (default 5; the cold build runs
# once) and the CPU time (user + system, children included) per run, so that a busy
# machine shows in the wall column but not in the CPU one. Alembic runs offline against
# SQLite (no YDB dialect is packaged for Debian); that measures the tool, which is the
# point. Alembic is Debian's python3-alembic (apt-get install python3-alembic); without it
# the table has migc's and migrun's figures only. Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build}
revs=${2:-1000}
runs=${3:-5}
migc=$build/migc
migrun=$build/migrun
py=/usr/bin/python3
for x in "$migc" "$migrun"; do [ -x "$x" ] || { echo "alembic-compare: no $x (build first, or pass the build directory)" >&2; exit 1; }; done
alembic=yes
"$py" -c 'import alembic' 2>/dev/null || {
  alembic=
  echo "alembic-compare: no Alembic (apt-get install python3-alembic): its column stays empty" >&2
}

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

# measure N BEFORE CMD...: run CMD N times in the current directory (running the shell
# command BEFORE ahead of each run); set wall (median, ms) and cpu (user + system time of
# CMD and its children per run, ms, from bash's times builtin: its second line is the
# children's, as 0m0.123s). Nothing else runs between the two snapshots but BEFORE.
measure() {
  local n=$1 before=$2 t=() s e
  shift 2
  times >"$dir/t0"
  for ((i = 0; i < n; i++)); do
    eval "$before"
    s=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || { echo "alembic-compare: failed: $*" >&2; exit 1; }
    e=$EPOCHREALTIME
    t+=("$s $e")
  done
  times >"$dir/t1"
  wall=$(printf '%s\n' "${t[@]}" | awk '{ print ($2 - $1) * 1000 }' | sort -g |
    awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }')
  cpu=$(awk -v n="$n" 'FNR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); c[++k] = (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }
    END { printf "%.3f", (c[2] - c[1]) / n }' "$dir/t0" "$dir/t1")
}

rows=()
# row NAME WALL CPU ALEMBIC GOAL: one line of the table; ALEMBIC is "WALL CPU" or "".
row() {
  local aw= ac= rw=- rc=-
  if [ -n "$4" ]; then
    read -r aw ac <<<"$4"
    rw=$(ratio "$aw" "$2") rc=$(ratio "$ac" "$3")
    aw=$(printf '%.0f' "$aw") ac=$(printf '%.0f' "$ac")
  fi
  rows+=("$(printf '%-22s %9.1f %9.1f %9s %9s %7s %7s  %s' "$1" "$2" "$3" "$aw" "$ac" "$rw" "$rc" "$5")")
}
ratio() { awk -v a="$1" -v m="$2" 'BEGIN { printf "%.0fx", a / (m > 0.001 ? m : 0.001) }'; }
# goal_ms NAME VALUE LIMIT: "NAME met" or by how much NAME misses LIMIT.
goal_ms() {
  awk -v n="$1" -v v="$2" -v l="$3" 'BEGIN { if (v < l) printf "%s met", n; else printf "%s NOT met (+%.0f%%)", n, (v - l) * 100 / l }'
}
# goal NAME WALL CPU LIMIT: the verdict on the wall time and on the CPU time (which, unlike
# the wall time, a busy machine barely moves).
goal() { echo "< $4 ms: $(goal_ms wall "$2" "$4"), $(goal_ms cpu "$3" "$4")"; }
alembic_ms() {
  [ -n "$alembic" ] || { echo ""; return; }
  (cd "$dir/alembic" && measure 3 : "$py" -m alembic -c alembic.ini "$@" && echo "$wall $cpu")
}
# at_least NAME MIGRUN ALEMBIC: whether Alembic takes 150 times as long.
at_least() {
  awk -v n="$1" -v m="$2" -v a="$3" 'BEGIN { r = a / m; printf (r >= 150 ? "%s %.0fx met" : "%s %.0fx NOT met"), n, r }'
}

cd "$dir/mig"
"$migc" build -j 2 >/dev/null

measure $((runs * 4)) : "$migrun" heads
a=$(alembic_ms heads)
g=$(goal "" "$wall" "$cpu" 2)
if [ -n "$a" ]; then
  read -r aw ac <<<"$a"
  g="$g; >= 150x: $(at_least wall "$wall" "$aw"), $(at_least cpu "$cpu" "$ac")"
fi
row "migrun heads" "$wall" "$cpu" "$a" "$g"

measure $((runs * 4)) : "$migrun" history
row "migrun history" "$wall" "$cpu" "$(alembic_ms history)" "$(goal "" "$wall" "$cpu" 2)"

measure "$runs" : "$migc" build
row "migc build (no-op)" "$wall" "$cpu" "" "$(goal "" "$wall" "$cpu" 50)"

# Two jobs on two idle CPUs take CPU / 2 of wall time: the figure the goal is judged on
# besides the wall time.
measure 1 "rm -rf plugins" "$migc" build -j 2
half=$(awk -v c="$cpu" 'BEGIN { printf "%.3f", c / 2 }')
row "migc build -j2 (cold)" "$wall" "$cpu" "" "< 12000 ms: $(goal_ms wall "$wall" 12000), $(goal_ms cpu/2 "$half" 12000)"

measure "$runs" : "$migrun" upgrade head --sql
row "migrun upgrade --sql" "$wall" "$cpu" "$(alembic_ms upgrade head --sql)" "-"

measure "$runs" : "$migc" check -q
row "migc check" "$wall" "$cpu" "" "-"

echo "$revs revisions, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); wall: median of $runs runs ($((runs * 4)) for heads and history, 1 for the cold build)"
printf '%-22s %9s %9s %9s %9s %7s %7s  %s\n' command "wall ms" "cpu ms" "alembic" "alembic" ratio ratio goal
printf '%-22s %9s %9s %9s %9s %7s %7s\n' "" "" "" "wall ms" "cpu ms" wall cpu
printf '%s\n' "${rows[@]}"
