/* graph_int.h - what the parts of the revision graph share (not a public header).
 *
 * graph.c builds the graph and reports what is wrong with its edges and labels;
 * graph_order.c finds cycles, orders the revisions and answers ancestry;
 * graph_resolve.c finds revisions by id, prefix, label or head.
 */
#ifndef MIG_GRAPH_INT_H
#define MIG_GRAPH_INT_H

#include "graph.h"

#include <stdint.h>

#define NONE UINT32_MAX

typedef struct slot {
    const char *key; /* NULL: empty */
    uint32_t val;
} slot;

typedef struct htab {
    slot *v;
    size_t mask;
} htab;

typedef struct gnode {
    uint32_t *pred;  /* parents and depends_on, resolved and distinct */
    size_t npred, pcap;
    uint32_t *succ;  /* the reverse of pred */
    size_t nsucc, scap;
    bool dup;        /* a second revision with an id already taken */
    bool missing;    /* names something that does not exist, or itself */
    bool cyclic;     /* on a cycle */
} gnode;

typedef struct label_ent {
    const char *name;
    uint32_t rev;
    mig_loc loc;
} label_ent;

typedef struct sorted_id {
    const char *id;
    uint32_t rev;
} sorted_id;

typedef struct gindex {
    htab ids;            /* id -> revision index */
    htab labels;         /* label -> index into lab */
    label_ent *lab;
    size_t nlab, labcap;
    sorted_id *sorted;   /* indexed ids in strcmp order, for prefixes */
    size_t nsorted;
    gnode *nodes;
    bool uncertain;      /* see mig_graph_uncertain */
} gindex;

static inline const gindex *graph_index_of(const mig_project *p) { return p->index; }

/* ---- graph.c ---- */

/* The value of key, or NONE. */
uint32_t graph_htab_get(const htab *t, const char *key);

/* ---- graph_order.c ---- */

/* Mark and report every cycle (x->nodes[].cyclic, x->uncertain, p->graph_broken). */
void graph_find_cycles(mig_project *p, gindex *x);
/* Fill p->order and each revision's in_order and topo. */
void graph_make_order(mig_project *p, gindex *x);

/* ---- graph_resolve.c ---- */

/* The index of r in p->revs, or NONE. */
uint32_t graph_rev_index(const mig_project *p, const mig_revision *r);
/* How many ids start with prefix (counting stops at limit); *first gets the first. */
size_t graph_prefix_matches(const gindex *x, const char *prefix, size_t limit, size_t *first);
/* The id a misspelt name most likely meant (never self's, nor one self already names), or NULL. */
const char *graph_suggest(const mig_project *p, const char *name, const mig_revision *self);

#endif
