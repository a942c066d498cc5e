/* internal.h - what the driver's files share (not installed, not part of the module ABI). */
#ifndef MIG_YDB_INTERNAL_H
#define MIG_YDB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "ydb/ydb_value.pb-c.h"

/* ---- the wire forms both directions share (ydb-protocol.md §5.4) */

__extension__ typedef __int128 ydbv_i128;
__extension__ typedef unsigned __int128 ydbv_u128;

#define YDBV_US_PER_S 1000000LL
#define YDBV_DAY_S 86400LL
/* A Decimal's inf is 10^35, -inf its negation, nan 10^35 + 1. */
#define YDBV_DEC_INF ((ydbv_i128)100000000000000000LL * (ydbv_i128)1000000000000000000LL)

/* a / b rounded towards minus infinity (days of a negative count of seconds). */
int64_t ydbv_floor_div(int64_t a, int64_t b);
/* A primitive type id the driver converts. */
bool ydbv_known_prim(uint32_t id);

/* ---- param.c: canonical text -> Ydb.Value */

/* A parameter as a Ydb.TypedValue (everything in `a`). NULL value: Optional<T> holding NULL.
 * Returns NULL with *why ("it is not a whole number", ...) when the text does not fit. */
Ydb__TypedValue *ydbv_param(mig_arena *a, const mig_param *p, const char **why);

/* ---- value.c: Ydb.Value -> canonical text */

/* A Ydb.Type as a mig_p_type: Optional<T> unwrapped (*optional says so). false when the
 * type is not a primitive or a Decimal (a container, Void, Pg...). */
bool ydbv_ptype(const Ydb__Type *t, mig_p_type *out, bool *optional);

/* A value in canonical text (in `a`), NULL for NULL. Containers get a readable
 * bracketed form ([1, 2], {a: 1}); types the driver does not know, "<unsupported>". */
const char *ydbv_text(mig_arena *a, const Ydb__Type *t, const Ydb__Value *v);

/* ---- describe.c: DescribeTable's result as a mig_p_table (canonical values, in `a`);
 * rel is the table's path relative to the database. */
struct Ydb__Table__DescribeTableResult;
void ydb_describe_fill(mig_arena *a, const char *rel, const struct Ydb__Table__DescribeTableResult *r, mig_p_table *t);

#endif
