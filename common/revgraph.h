/* revgraph.h - the one revision graph, over plain records: what migc builds from .mig
 * headers and what migrun builds from the manifest (docs/decisions/0024-one-revision-graph.md).
 *
 * A record is a revision as the manifest has it: an id, the ids it revises (parents), the
 * ids it depends on, its labels. The graph numbers revisions by their index in the record
 * array and answers, with no printed text: which names resolve to what (and which do not),
 * duplicate ids and labels, cycles, a deterministic order, heads, ancestry, the
 * did-you-mean for a revision name, and what a user's target spelling names (typed errors).
 * Sentences for people are the callers' (compiler/graph*.c, runtime/plan.c); the one list
 * of quoted ids they both print is mig_rg_quote_list.
 *
 * Everything is linear in the size of the graph (the sorted ids aside), iterative, and in
 * the arena given to mig_rg_build; the did-you-mean scans every id and runs only for a
 * name that resolves to nothing.
 */
#ifndef MIG_REVGRAPH_H
#define MIG_REVGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strmap.h"

#define MIG_RG_NONE UINT32_MAX
#define MIG_RG_MIN_PREFIX 4 /* the shortest id prefix a target may be */

typedef struct mig_rg_rec {
    const char *id;        /* NULL: the revision cannot be named (it takes no part) */
    const char **parents;  /* revises */
    size_t nparents;
    const char **depends;  /* depends_on */
    size_t ndepends;
    const char **labels;
    size_t nlabels;
    bool broken;           /* left out of the order, with everything built on it */
} mig_rg_rec;

/* What became of each name a record gives in parents and depends. */
enum {
    MIG_RG_EDGE_OK,        /* an edge */
    MIG_RG_EDGE_UNKNOWN,   /* no revision has that id */
    MIG_RG_EDGE_SELF,      /* the record's own id */
    MIG_RG_EDGE_REPEAT,    /* named already (by parents, or depends, before) */
    MIG_RG_EDGE_PARENT     /* in depends, naming one of the parents (no second edge) */
};

/* What became of each label of a record. */
enum {
    MIG_RG_LABEL_OK,       /* the label's first holder */
    MIG_RG_LABEL_SKIPPED,  /* the record has no id, or a duplicate one */
    MIG_RG_LABEL_REPEAT,   /* the record gives it twice */
    MIG_RG_LABEL_TAKEN,    /* an earlier record holds it (other) */
    MIG_RG_LABEL_IS_ID     /* it is a revision's id (other) */
};

typedef struct mig_rg_labst {
    unsigned char st;      /* MIG_RG_LABEL_* */
    uint32_t other;        /* TAKEN: the first holder; IS_ID: the revision */
} mig_rg_labst;

typedef struct mig_rg_node {
    uint32_t *pred;        /* parents [0, npar), then depends [npar, npred): resolved, distinct */
    uint32_t npar, npred, predcap;
    uint32_t *children;    /* whose parents name this one, by index */
    size_t nchildren, ccap;
    uint32_t *dependents;  /* whose depends name this one, by index */
    size_t ndependents, dcap;
    unsigned char *edge;   /* per name of parents then depends: MIG_RG_EDGE_* */
    uint32_t *to;          /* per name: the revision it names, or MIG_RG_NONE */
    mig_rg_labst *label;   /* per label */
    uint32_t first;        /* dup: the record that has the id first */
    uint32_t topo;         /* in_order: the position in order */
    bool dup;              /* a second record with an id already taken */
    bool missing;          /* names something that does not exist, or itself */
    bool cyclic;           /* on a cycle */
    bool in_order;
} mig_rg_node;

typedef struct mig_rg_cycle {
    uint32_t *path;        /* path[0] (the cycle's lowest index) needs path[1], ... needs path[0] */
    size_t len;
} mig_rg_cycle;

typedef struct mig_rg {
    mig_arena *a;
    const mig_rg_rec *recs;
    size_t n;
    mig_rg_node *nodes;
    mig_strmap ids;        /* id -> first record with it */
    mig_strmap labels;     /* label -> its first holder */
    uint32_t *sorted;      /* the named, non-duplicate records in strcmp order of ids */
    size_t nsorted;
    uint32_t *heads;       /* named, non-duplicate, nothing revises them; index order */
    size_t nheads;
    uint32_t *order;       /* see mig_rg_build */
    size_t norder;
    mig_rg_cycle *cycles;  /* one per strongly connected component of several records */
    size_t ncycles;
} mig_rg;

/* Build the graph of recs[0..n) (which must outlive it) in a.
 * The order: Kahn's algorithm over parents and depends, among the ready revisions the
 * lowest index first; it holds the named revisions that are not broken, duplicate,
 * missing something or cyclic, and whose parents and depends are all in it. On records
 * already listed parents first (a manifest), it is the records' own order. */
void mig_rg_build(mig_arena *a, mig_rg *g, const mig_rg_rec *recs, size_t n);

/* The record with that id (the first, when several have it), or MIG_RG_NONE. */
uint32_t mig_rg_find(const mig_rg *g, const char *id);
/* The first holder of a label, or MIG_RG_NONE. */
uint32_t mig_rg_label(const mig_rg *g, const char *label);
/* Is anc an ancestor of r through parents and depends (r itself excluded)? */
bool mig_rg_is_ancestor(const mig_rg *g, uint32_t anc, uint32_t r);

/* The id a misspelt revision name most likely meant: the one id it begins, else the
 * closest within (len + 2) / 3 edits (1 under 3 characters), the earliest on a tie. Never
 * self's, nor one self already names in parents or depends (self may be MIG_RG_NONE). */
uint32_t mig_rg_suggest(const mig_rg *g, const char *name, uint32_t self);

/* "\"a\", \"b\" and \"c\"": the ids of v[0..n), at most five, then "and N more". */
const char *mig_rg_quote_list(mig_arena *a, const mig_rg *g, const uint32_t *v, size_t n);

/* ---- targets: what a user writes for one revision ---- */

typedef enum mig_rg_err {
    MIG_RG_OK,
    MIG_RG_EMPTY,            /* "" */
    MIG_RG_NOT_FOUND,        /* no id, label or prefix: suggest */
    MIG_RG_SHORT_PREFIX,     /* ids begin so, but a prefix needs MIG_RG_MIN_PREFIX characters: cand */
    MIG_RG_AMBIGUOUS_PREFIX, /* several ids begin so: cand */
    MIG_RG_ALL_HEADS,        /* "heads": every head, where one revision is needed */
    MIG_RG_NO_HEAD,          /* "head" with no head */
    MIG_RG_SEVERAL_HEADS,    /* "head" with several: cand */
    MIG_RG_BRANCH_NO_HEAD,   /* NAME@head where the branch is on a cycle: rev is where it starts */
    MIG_RG_BRANCH_HEADS,     /* NAME@head where the branch has several heads: rev, cand */
    MIG_RG_BAD_AT            /* NAME@X, X not head */
} mig_rg_err;

typedef struct mig_rg_hit {
    mig_rg_err err;
    uint32_t rev;            /* OK: the revision (MIG_RG_NONE for base); BRANCH_*: the start */
    const char *name;        /* the name the answer is about: the spec, or what is before '@' */
    uint32_t *cand;          /* every candidate, in id order (prefixes) or index order */
    size_t ncand;
    uint32_t suggest;        /* NOT_FOUND: a did-you-mean, or MIG_RG_NONE */
} mig_rg_hit;

/* An id, a label (its first holder, when several give it: migc reports that), or a
 * unique id prefix of at least MIG_RG_MIN_PREFIX characters. */
mig_rg_hit mig_rg_resolve_name(const mig_rg *g, const char *name);
/* What both tools accept: those, and base, head, heads (an error: not one revision),
 * NAME@head (the one head among NAME and the revisions built on it through parents). */
mig_rg_hit mig_rg_resolve(const mig_rg *g, const char *spec);

#endif
