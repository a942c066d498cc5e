/* internal.h - what the driver's files share (not installed, not part of the module ABI). */
#ifndef MIG_YDB_INTERNAL_H
#define MIG_YDB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "ydb/ydb_value.pb-c.h"

/* ---- value.c: the plugin ABI's canonical text <-> Ydb.Value */

/* A parameter as a Ydb.TypedValue (everything in `a`). NULL value: Optional<T> holding NULL.
 * Returns NULL with *why ("it is not a whole number", ...) when the text does not fit. */
Ydb__TypedValue *ydbv_param(mig_arena *a, const mig_param *p, const char **why);

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

/* The name of a status code ("SCHEME_ERROR"), or NULL when it is not one. */
const char *ydb_status_name(int status);

#endif
