/* ptable.h - the compiler's schema as the plugin ABI's table description (mig/plugin.h).
 *
 * The one conversion from mig_table to mig_p_table, for what reads the ABI's description
 * in memory: the .mig printer (common/migtext.h) behind `migc schema`. Codegen writes the
 * same description as C (codegen.c) and takes its type ids from here. */
#ifndef MIG_PTABLE_H
#define MIG_PTABLE_H

#include "../common/arena.h"
#include "../common/buf.h"
#include "mig/plugin.h"
#include "schema.h"

/* The ABI's type of a column type (MIG_PT_* id, Decimal's precision and scale, Serial size). */
mig_p_type mig_ptype_of(const mig_coltype *t);

/* A table as the ABI describes it; everything in a. */
const mig_p_table *mig_ptable_of(mig_arena *a, const mig_table *t);

/* An op as the ABI describes a step (pre: the table it meets, for alter_column's types;
 * may be NULL otherwise); everything in a. For the .mig printer (`migc diff`). */
const mig_p_step *mig_pstep_of(mig_arena *a, const mig_op *op, const mig_table *pre);

/* The schema as .mig create_table blocks (parseable back into the same schema), printed by
 * common/migtext.c. */
void mig_schema_print_mig(mig_arena *a, mig_buf *out, const mig_schema *s);

#endif
