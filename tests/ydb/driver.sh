#!/bin/sh
# driver.sh - run the YDB driver's test program (tests/ydb/drivertest.c) against ydbsim,
# under $VALGRIND when set (the grpc/abseil suppression in tests/valgrind.supp).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DRIVERTEST:=./tests/ydb/drivertest}"
if [ -z "$YDBSIM" ] || [ ! -x "$YDBSIM" ]; then
  echo "error: YDBSIM must name the ydbsim program (got '$YDBSIM')" >&2
  exit 1
fi
export YDBSIM
if [ -n "$VALGRIND" ]; then
  DRIVERTEST_SLOW=1; export DRIVERTEST_SLOW
  exec $VALGRIND --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible -q \
    --suppressions="$top_srcdir/tests/valgrind.supp" "$DRIVERTEST" "$@"
fi
exec "$DRIVERTEST" "$@"
