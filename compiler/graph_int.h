/* graph_int.h - what the parts of the compiler's revision graph share (not a public header).
 *
 * The graph itself is common/revgraph (one record per revision of the project, in load
 * order); graph.c builds it and reports, located in the .mig headers, what is wrong with
 * its edges and labels; graph_resolve.c answers lookups and turns a target's typed error
 * into a sentence.
 */
#ifndef MIG_GRAPH_INT_H
#define MIG_GRAPH_INT_H

#include "graph.h"
#include "../common/revgraph.h"

typedef struct gindex {
    mig_rg g;            /* over recs: recs[i] is p->revs[i] */
    mig_rg_rec *recs;
    bool uncertain;      /* see mig_graph_uncertain */
} gindex;

static inline const gindex *graph_index_of(const mig_project *p) { return p->index; }

#endif
