/* sema.h - semantic analysis: replay every revision in graph order, check each step
 * against the schema it meets and YDB's rules for the target release, and give every
 * revision a resolved upgrade and downgrade.
 */
#ifndef MIG_SEMA_H
#define MIG_SEMA_H

#include "project.h"
#include "schema.h"

typedef struct mig_rev_sema {
    mig_schema *before;   /* the schema once every ancestor (parents, depends_on) ran */
    mig_schema *after;    /* ... and this revision's upgrade */
    mig_ops up;           /* the upgrade, resolved (steps with errors left out) */
    mig_ops down;         /* the downgrade: written or derived */
    bool up_errors;       /* some upgrade step had errors */
    bool down_derived;    /* down was derived by the compiler */
    bool down_missing;    /* no downgrade: irreversible, or could not be derived */
} mig_rev_sema;

/* Analyse a project whose graph was built (compiler/graph.h). Reports every problem;
 * returns the number of errors it reported. Revisions not in p->order (broken, or with a
 * broken or cyclic ancestor) get no analysis (r->sema stays NULL). */
unsigned mig_sema_run(mig_project *p);

static inline mig_rev_sema *mig_sema_of(const mig_revision *r) { return (mig_rev_sema *)r->sema; }

/* What YDB cannot change in place, and the rebuild_table example the hint shows for it. */
typedef enum mig_rebuild_why {
    MIG_REBUILD_SHAPE,    /* the key, a key column, the column families: the new definition */
    MIG_REBUILD_TYPE,     /* column `col` gets type `type` */
    MIG_REBUILD_NOT_NULL, /* column `col` (of type `type`) becomes not null */
} mig_rebuild_why;

/* The hint for a change only rebuild_table makes, with a one-line example for table
 * `table` (sema_rebuild.c); in a. */
const char *mig_rebuild_hint(mig_arena *a, mig_rebuild_why why, const char *table, const char *col, const char *type);
/* A rebuild_table column's source when it is copied by name from the old column `col`: the
 * expression the plugin carries (runtime/yqlrebuild.c recognises it); in a. */
const char *mig_rebuild_by_name(mig_arena *a, const char *col);

#endif
