/* graph_resolve.c - the compiler's lookups in the revision graph (common/revgraph): a
 * revision by id, by what a user writes (the sentence when it names none), ancestry.
 */
#include "graph_int.h"

#include <string.h>

mig_revision *mig_graph_find(const mig_project *p, const char *id)
{
    const gindex *x = graph_index_of(p);
    uint32_t i = x ? mig_rg_find(&x->g, id) : MIG_RG_NONE;
    return i == MIG_RG_NONE ? NULL : p->revs[i];
}

/* Why a target names no one revision, as a sentence in the arena. */
static const char *why_not(mig_arena *a, const mig_rg *g, const char *spec, const mig_rg_hit *h)
{
    const char *list = h->ncand ? mig_rg_quote_list(a, g, h->cand, h->ncand) : "";
    switch (h->err) {
    case MIG_RG_EMPTY: return "An empty name names no revision.";
    case MIG_RG_ALL_HEADS: return "\"heads\" names every head, and one revision is needed here.";
    case MIG_RG_NO_HEAD: return "There is no head revision.";
    case MIG_RG_SEVERAL_HEADS: return mig_printf(a, "There are %zu heads: %s; name one of them.", h->ncand, list);
    case MIG_RG_BAD_AT: return mig_printf(a, "\"%s\" is not understood; only LABEL@head is.", spec);
    case MIG_RG_BRANCH_NO_HEAD:
        return mig_printf(a, "The branch of \"%s\" has no head: it is part of a cycle.", h->name);
    case MIG_RG_BRANCH_HEADS:
        return mig_printf(a, "The branch \"%s\" has %zu heads: %s; name one of them.", h->name, h->ncand, list);
    case MIG_RG_AMBIGUOUS_PREFIX: return mig_printf(a, "\"%s\" is ambiguous: it begins %s.", h->name, list);
    case MIG_RG_SHORT_PREFIX:
        return mig_printf(a, "No revision is named \"%s\"; an id prefix needs at least %d characters.", h->name,
                          MIG_RG_MIN_PREFIX);
    case MIG_RG_NOT_FOUND:
        if (h->suggest != MIG_RG_NONE)
            return mig_printf(a, "No revision or label is named \"%s\"; did you mean \"%s\"?", h->name,
                              g->recs[h->suggest].id);
        return mig_printf(a, "No revision or label is named \"%s\".", h->name);
    case MIG_RG_OK: break;
    }
    return NULL;
}

mig_revision *mig_graph_resolve(mig_project *p, const char *spec, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    *why = NULL;
    const gindex *x = graph_index_of(p);
    if (!x && spec && *spec && strcmp(spec, "base") != 0) {
        *why = "The revision graph was not built.";
        return NULL;
    }
    if (!x) {
        if (!spec || !*spec) *why = "An empty name names no revision.";
        return NULL;
    }
    mig_rg_hit h = mig_rg_resolve(&x->g, spec);
    if (h.err) {
        *why = why_not(p->arena, &x->g, spec, &h);
        return NULL;
    }
    return h.rev == MIG_RG_NONE ? NULL : p->revs[h.rev];
}

/* The index of r in p->revs, or MIG_RG_NONE. */
static uint32_t rev_index(const mig_project *p, const mig_revision *r)
{
    if (!r) return MIG_RG_NONE;
    if (r->src && r->src->index < p->nrevs && p->revs[r->src->index] == r) return r->src->index;
    for (size_t i = 0; i < p->nrevs; i++)
        if (p->revs[i] == r) return (uint32_t)i;
    return MIG_RG_NONE;
}

bool mig_graph_is_ancestor(const mig_project *p, const mig_revision *anc, const mig_revision *r)
{
    const gindex *x = graph_index_of(p);
    return x && mig_rg_is_ancestor(&x->g, rev_index(p, anc), rev_index(p, r));
}

bool mig_graph_uncertain(const mig_project *p)
{
    const gindex *x = graph_index_of(p);
    return !x || x->uncertain;
}
