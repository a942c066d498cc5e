/* diff_int.h - what the parts of `migc diff`'s engine share (diff.c: the in-place
 * comparisons; diff_rebuild.c: the tables only rebuild_table can reshape): the steps
 * collected per phase, and the refusals. */
#ifndef MIG_DIFF_INT_H
#define MIG_DIFF_INT_H

#include "diff.h"

/* The fixed step order (diff.h). */
enum {
    PH_RENAME_TABLE, PH_CREATE_TABLE, PH_ADD_COLUMN, PH_ALTER_COLUMN, PH_REBUILD, PH_RENAME_INDEX, PH_CREATE_INDEX,
    PH_TTL, PH_SET, PH_ADD_FEED, PH_DROP_FEED, PH_DROP_INDEX, PH_DROP_COLUMN, PH_DROP_TABLE, PH_COUNT
};

typedef struct diff_item {
    mig_op op;
    const char *note;
} diff_item;

typedef struct diff_phase {
    diff_item *v;
    size_t n, cap;
} diff_phase;

typedef struct diff_ctx {
    mig_schema_ctx *c;
    mig_arena *a;
    mig_diags *d;
    const mig_declared *want;
    diff_phase ph[PH_COUNT];
    bool ok;
    size_t ndestructive;
} diff_ctx;

/* A step of table `table` in phase ph, with the note written above it (or NULL). */
mig_op *diff_emit(diff_ctx *x, int ph, mig_step_kind kind, const char *table, const char *note);
/* A refusal, at the declared object when it is in a file. */
mig_diag *diff_refuse(diff_ctx *x, mig_where w, const char *table, const char *what);
/* The renamed_from hint of kind k that gives `to` (in `table`), or NULL. */
const mig_rename *diff_find_rename(const diff_ctx *x, mig_rename_kind k, const char *table, const char *to);
/* The refusals of a column change no step can make: a rename (r), a new `not null` column
 * without a default or a source. */
void diff_refuse_column_rename(diff_ctx *x, const mig_rename *r, const char *table, const char *to);
void diff_refuse_not_null_add(diff_ctx *x, const mig_scol *c, const char *table);
bool diff_same_families(const mig_table *h, const mig_table *w);
/* The table a create_table or rebuild_table step makes for declared table w (its
 * changefeeds are steps of their own). */
const mig_table *diff_new_shape(diff_ctx *x, const mig_table *w);
/* "(a, b)": a table's primary key. */
const char *diff_key_str(mig_arena *a, const mig_table *t);

/* diff_rebuild.c: when head's table h can become w only by a rebuild, emit the one
 * rebuild_table step (or refuse what it cannot do) and return true; false when every
 * change can be made in place. */
bool diff_rebuild(diff_ctx *x, const mig_table *h, const mig_table *w);

#endif
