#!/usr/bin/env bash
# fuzz.sh - build and run the libFuzzer targets listed in tests/fuzz/targets.
#
#   fuzz.sh build              build every target into $FUZZ_BUILDDIR/tests/fuzz/
#   fuzz.sh run SECONDS [NAME...]   build, then run each target (or the NAMEs) for SECONDS
#
# Environment (make fuzz sets it): FUZZ_CC, a clang whose -fsanitize=fuzzer works (configure
# checks; HAVE_FUZZER=yes when it does), top_srcdir, FUZZ_BUILDDIR, FUZZ_VERSION.
# Each target runs from its committed seeds (tests/fuzz/corpus/NAME/) and the units found
# by earlier runs (BUILD/tests/fuzz/found/NAME/, not corpus/: the release tarball takes
# tests/fuzz/corpus from the build tree too). A crash, leak or timeout ends the run
# with status 1 and the input in BUILD/tests/fuzz/crash-NAME-*: make it a regression test.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u

src=$(cd "${top_srcdir:-$(dirname "$0")/../..}" && pwd)
bld=$(cd "${FUZZ_BUILDDIR:-.}" && pwd)
out=$bld/tests/fuzz
cc=${FUZZ_CC:-clang}

if [ "${HAVE_FUZZER:-no}" != yes ]; then
  echo "fuzz: '$cc' cannot build libFuzzer targets (configure found no working clang -fsanitize=fuzzer);" >&2
  echo "fuzz: install clang and its runtime (scripts/setup.sh: clang libclang-rt-dev), then run configure again." >&2
  exit 2
fi

# name sources... of each target
targets() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$src/tests/fuzz/targets"; }

# build NAME SOURCES...: (re)build $out/fuzz_NAME when a source is newer than it.
build_one() {
  local name=$1 bin=$out/fuzz_$1 f
  shift
  local -a files=("$src/tests/fuzz/fuzz_$name.c")
  local -a srcs=()
  for f in "$@"; do
    case $f in
    @*@) # a list Makefile.am names once (FUZZ_SRC_NAME)
      local var=FUZZ_SRC_${f//@/}
      [ -n "${!var:-}" ] || { echo "fuzz: $var is not set (run through make: make fuzz, make check)" >&2; return 1; }
      # shellcheck disable=SC2206
      srcs+=(${!var}) ;;
    *) srcs+=("$f") ;;
    esac
  done
  for f in "${srcs[@]}"; do
    case $f in *.c) ;; *) continue ;; esac # a library's list names its headers too
    if [ -f "$bld/$f" ]; then files+=("$bld/$f"); else files+=("$src/$f"); fi
  done
  local stale=no
  [ -x "$bin" ] || stale=yes
  # the sources, the headers next to them, and the list
  for f in "${files[@]}" "$src/tests/fuzz/targets" "$src"/runtime/include/mig/*.h $(for f in "${files[@]}"; do echo "${f%/*}"/*.h; done); do
    [ "$f" -nt "$bin" ] && stale=yes
  done
  [ $stale = no ] && return 0
  echo "fuzz: building fuzz_$name"
  "$cc" -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DMIG_VERSION="\"${FUZZ_VERSION:-fuzz}\"" \
    -I"$src" -I"$src/runtime/include" -I"$src/grammar" -I"$bld/grammar" -I"$bld" \
    -o "$bin.tmp" "${files[@]}" -ldl -lm && mv "$bin.tmp" "$bin"
}

build() {
  mkdir -p "$out"
  local line
  while read -r line; do
    # shellcheck disable=SC2086
    build_one $line || { echo "fuzz: could not build the target of: $line" >&2; return 1; }
  done < <(targets)
}

# seeds NAME: the seed directories of a target besides its committed corpus, made from
# the project's own inputs so that they follow them: every .mig case of tests/valid,
# tests/errors and examples/ (one project per seed, its files joined by "%%" lines, as
# fuzz_mig splits them), the golden YQL of tests/golden, and the mig.ini that migc init
# writes.
seeds() {
  local name=$1 dir=$out/seeds/$1 d f i=0
  case $name in
  mig)
    rm -rf "$dir" && mkdir -p "$dir"
    for d in "$src"/tests/valid/*/ "$src"/tests/errors/*/ "$src"/examples/*/; do
      i=$((i + 1))
      find "$d" -name '*.mig' | sort | while read -r f; do cat "$f"; printf '\n%%%%\n'; done >"$dir/case$i"
    done
    echo "$dir"
    ;;
  yql)
    rm -rf "$dir" && mkdir -p "$dir"
    cp "$src"/tests/golden/*.sql "$dir/" 2>/dev/null
    echo "$dir"
    ;;
  config)
    rm -rf "$dir" && mkdir -p "$dir/init"
    if [ -x "$bld/migc" ] && "$bld/migc" init "$dir/init" >/dev/null 2>&1; then mv "$dir/init/mig.ini" "$dir/template"; fi
    rm -rf "$dir/init"
    echo "$dir"
    ;;
  esac
}

# dict NAME: a libFuzzer dictionary for the target, or nothing: for mig, the language's
# keywords (common/keywords.def) and its punctuation.
dict() {
  local file=$out/$1.dict
  case $1 in
  mig)
    { sed -n 's/^MIG_KEYWORD("\([a-z_]*\)", [A-Z_]*)$/"\1"/p' "$src/common/keywords.def"
      printf '"%s"\n' '<' '>' ';' '(' ')' ',' '=' '"""' '`' '--' '/*' '*/' '%%' 'Uint64' 'Utf8' 'Timestamp' '30d'
    } >"$file"
    echo "-dict=$file"
    ;;
  esac
}

run() {
  local seconds=$1 name rest rc=0
  shift
  build || return 1
  while read -r name rest; do
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
    mkdir -p "$out/found/$name"
    echo "fuzz: fuzz_$name for ${seconds}s"
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$out/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        $(dict "$name") -artifact_prefix="$out/crash-$name-" "$out/found/$name" \
        $(ls -d "$src/tests/fuzz/corpus/$name" 2>/dev/null) $(seeds "$name") \
        >"$out/fuzz_$name.log" 2>&1; then
      echo "fuzz: fuzz_$name FAILED; the end of $out/fuzz_$name.log:" >&2
      tail -n 40 "$out/fuzz_$name.log" >&2
      rc=1
    else
      grep -E '^stat::number_of_executed_units' "$out/fuzz_$name.log" | sed "s/^/fuzz: fuzz_$name: /"
    fi
  done < <(targets)
  return $rc
}

case ${1:-} in
  build) build ;;
  run) [ $# -ge 2 ] || { echo "usage: fuzz.sh run SECONDS [NAME...]" >&2; exit 2; }; shift; run "$@" ;;
  *) echo "usage: fuzz.sh build | run SECONDS [NAME...]" >&2; exit 2 ;;
esac
