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

#endif
