# lib.sh - what the bench scripts share (sourced). Needs GNU time at /usr/bin/time and a
# scratch directory in $dir.
#
#   bench_runs WHO MAXOK RUNS CMD...   run CMD RUNS times (stdout dropped); a status above
#                                      MAXOK stops the script with CMD's stderr. Sets
#                                      bench_us (the median wall time, microseconds) and
#                                      bench_kb (the largest peak resident memory, kB).

bench_runs() {
  local who=$1 maxok=$2 runs=$3 r rc t0 t1 kb times=()
  shift 3
  bench_kb=0
  for ((r = 1; r <= runs; r++)); do
    t0=$(date +%s%N)
    rc=0
    /usr/bin/time -f '%M' -o "$dir/rss" "$@" >/dev/null 2>"$dir/stderr" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -gt "$maxok" ]; then
      echo "$who: $* failed (status $rc):" >&2
      head -n 20 "$dir/stderr" >&2
      exit 1
    fi
    times+=($(((t1 - t0) / 1000)))
    kb=$(tail -n 1 "$dir/rss")
    [ "$kb" -gt "$bench_kb" ] && bench_kb=$kb
  done
  bench_us=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
}
