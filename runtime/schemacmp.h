/* schemacmp.h - the live schema against the compiler's expectation.
 *
 * After a failure, migrun decides whether a schema step took effect by comparing the live
 * table (DescribeTable, in mig_p_table form) with the table the compiler expects after
 * the step and before it; `migrun check` shows the same differences for the whole schema.
 * Only what YDB reports back is compared: columns (type, nullability), the key, indexes
 * (columns, cover, unique, async), TTL and changefeed names. Defaults, families and
 * partitioning settings are left out: DescribeTable does not report them in a form that
 * can be compared reliably across releases.
 */
#ifndef MIG_RT_SCHEMACMP_H
#define MIG_RT_SCHEMACMP_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/buf.h"
#include "mig/plugin.h"

/* Differences between the expected table and the live one (either may be NULL: absent),
 * one sentence per line ("column \"status\" is Utf8 here, Int32 in the database") into out
 * (may be NULL) up to max lines. Returns the number of differences (0: they match). */
size_t mig_table_diff(const mig_p_table *expected, const mig_p_table *live, mig_buf *out, size_t max);

/* Where a schema step stands on the live table: done (the state after it), not done (the
 * state before it), building (the state after it but for an index YDB is still building),
 * or neither (someone changed the table, or the step half-applied in a way YDB does not
 * allow). A building index is a difference for mig_table_diff ("is still being built"). */
typedef enum mig_step_state { MIG_STEP_NOT_DONE, MIG_STEP_DONE, MIG_STEP_NEITHER, MIG_STEP_BUILDING } mig_step_state;

mig_step_state mig_step_state_of(const mig_p_table *before, const mig_p_table *after, const mig_p_table *live);

#endif
