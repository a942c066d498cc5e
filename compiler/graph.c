/* graph.c - see graph.h: building the graph (ids, labels, edges) and reporting what is
 * wrong with it; cycles and the order are graph_order.c's, lookups graph_resolve.c's.
 *
 * Revisions are numbered by load order (their index in p->revs). The graph keeps, per
 * revision, the resolved edges to what must come before it (parents and depends_on,
 * "preds") and the reverse edges ("succs"). Lookups go through open-addressing hash
 * tables in the arena; everything is linear in the size of the graph except the
 * did-you-mean search, which only runs for names that resolve to nothing.
 */
#include "graph_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- hash tables ---- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void htab_init(mig_arena *a, htab *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    t->v = mig_alloc(a, cap * sizeof *t->v);
    t->mask = cap - 1;
}

static slot *htab_slot(const htab *t, const char *key)
{
    size_t i = (size_t)hash_str(key) & t->mask;
    while (t->v[i].key && strcmp(t->v[i].key, key) != 0) i = (i + 1) & t->mask;
    return &t->v[i];
}

uint32_t graph_htab_get(const htab *t, const char *key)
{
    if (!t->v || !key) return NONE;
    slot *s = htab_slot(t, key);
    return s->key ? s->val : NONE;
}

/* Tables are sized for every key up front, so they never fill up. */
static void htab_put(htab *t, const char *key, uint32_t val)
{
    slot *s = htab_slot(t, key);
    s->key = key;
    s->val = val;
}

/* ---- small helpers ---- */

static bool has_u32(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x) return true;
    return false;
}

/* `revision "x"`, or `this revision` when the file has no readable id. */
static const char *subject(mig_arena *a, const mig_revision *r)
{
    return r->id ? mig_printf(a, "revision \"%s\"", r->id) : "this revision";
}

static int cmp_sorted(const void *pa, const void *pb)
{
    const sorted_id *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->rev > b->rev) - (a->rev < b->rev);
}

/* ---- building ---- */

static void add_edge(mig_arena *a, gindex *x, uint32_t child, uint32_t parent)
{
    gnode *c = &x->nodes[child], *q = &x->nodes[parent];
    if (has_u32(c->pred, c->npred, parent)) return;
    MIG_PUSH(a, c->pred, c->npred, c->pcap, parent);
    MIG_PUSH(a, q->succ, q->nsucc, q->scap, child);
}

static void report_unknown(mig_project *p, const mig_revision *r, const mig_name *nm, bool depends)
{
    mig_arena *a = p->arena;
    const gindex *x = graph_index_of(p);
    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s %s \"%s\", which does not exist",
                             subject(a, r), depends ? "depends on" : "revises", nm->s);
    uint32_t li = graph_htab_get(&x->labels, nm->s);
    if (li != NONE) {
        const char *target = p->revs[x->lab[li].rev]->id;
        mig_hint(p->diags, g, "\"%s\" is the label of revision \"%s\"; %s names revision ids.", nm->s, target,
                 depends ? "depends_on" : "revises");
        return;
    }
    const char *s = graph_suggest(p, nm->s, r);
    if (s) mig_hint(p->diags, g, "Did you mean \"%s\"?", s);
}

static void resolve_edges(mig_project *p, gindex *x, uint32_t i)
{
    mig_arena *a = p->arena;
    mig_revision *r = p->revs[i];
    gnode *nd = &x->nodes[i];
    size_t pcap = 0, dcap = 0;
    const mig_header *h = r->h_revises;
    for (size_t k = 0; h && k < h->names.n; k++) {
        const mig_name *nm = &h->names.v[k];
        uint32_t j = graph_htab_get(&x->ids, nm->s);
        if (j == NONE) {
            report_unknown(p, r, nm, false);
            nd->missing = true;
            p->graph_broken = true;
        } else if (j == i || (r->id && strcmp(r->id, nm->s) == 0)) {
            mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s revises itself", subject(a, r));
            nd->missing = true;
            p->graph_broken = true;
        } else if (!has_u32(nd->pred, nd->npred, j)) {
            MIG_PUSH(a, r->parents, r->nparents, pcap, p->revs[j]);
            MIG_PUSH(a, p->revs[j]->children, p->revs[j]->nchildren, p->revs[j]->ccap, r);
            add_edge(a, x, i, j);
        }
    }
    h = r->h_depends;
    for (size_t k = 0; h && k < h->names.n; k++) {
        const mig_name *nm = &h->names.v[k];
        uint32_t j = graph_htab_get(&x->ids, nm->s);
        if (j == NONE) {
            report_unknown(p, r, nm, true);
            nd->missing = true;
            p->graph_broken = true;
        } else if (j == i || (r->id && strcmp(r->id, nm->s) == 0)) {
            mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s depends on itself", subject(a, r));
            nd->missing = true;
            p->graph_broken = true;
        } else {
            bool parent = false;
            for (size_t m = 0; m < r->nparents; m++) parent |= r->parents[m] == p->revs[j];
            if (parent) {
                mig_diag *g = mig_report(p->diags, MIG_SEV_WARNING, r->src, nm->loc,
                                         "%s depends on \"%s\", which it already revises", subject(a, r), nm->s);
                mig_hint(p->diags, g, "Remove \"%s\" from depends_on: a parent is always applied first.", nm->s);
            } else if (!has_u32(nd->pred, nd->npred, j)) {
                MIG_PUSH(a, r->deps, r->ndeps, dcap, p->revs[j]);
                add_edge(a, x, i, j);
            }
        }
    }
}

static void index_labels(mig_project *p, gindex *x)
{
    mig_arena *a = p->arena;
    for (uint32_t i = 0; i < p->nrevs; i++) {
        mig_revision *r = p->revs[i];
        if (!r->id || x->nodes[i].dup) continue;
        for (size_t hi = 0; hi < r->file->nheaders; hi++) {
            const mig_header *h = r->file->headers[hi];
            if (h->kind != MIG_HDR_LABEL) continue;
            for (size_t k = 0; k < h->names.n; k++) {
                const mig_name *nm = &h->names.v[k];
                bool listed = false; /* project.c keeps the valid, first-in-file ones */
                for (size_t m = 0; m < r->nlabels && !listed; m++) listed = strcmp(r->labels[m], nm->s) == 0;
                if (!listed) continue;
                uint32_t li = graph_htab_get(&x->labels, nm->s);
                if (li != NONE) {
                    if (x->lab[li].rev == i) continue; /* a repeat in one file: project.c said so */
                    const mig_revision *o = p->revs[x->lab[li].rev];
                    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "duplicate label \"%s\"",
                                             nm->s);
                    mig_note(p->diags, g, o->src, x->lab[li].loc, "revision \"%s\" has label \"%s\" here", o->id,
                             nm->s);
                    continue;
                }
                uint32_t ri = graph_htab_get(&x->ids, nm->s);
                if (ri != NONE) {
                    const mig_revision *o = p->revs[ri];
                    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc,
                                             "label \"%s\" is also a revision id", nm->s);
                    mig_detail(p->diags, g, "A label must not be mistaken for a revision id.");
                    mig_note(p->diags, g, o->src, o->id_loc, "revision \"%s\" is defined here", o->id);
                    continue;
                }
                label_ent e = {nm->s, i, nm->loc};
                uint32_t at = (uint32_t)x->nlab;
                MIG_PUSH(a, x->lab, x->nlab, x->labcap, e);
                htab_put(&x->labels, nm->s, at);
            }
        }
    }
}

unsigned mig_graph_build(mig_project *p)
{
    if (p->index) return 0;
    mig_arena *a = p->arena;
    unsigned before = p->diags->nerrors;
    size_t n = p->nrevs;
    gindex *x = mig_alloc(a, sizeof *x);
    p->index = x;
    x->nodes = mig_alloc(a, (n ? n : 1) * sizeof *x->nodes);
    htab_init(a, &x->ids, n);
    size_t nlabels = 0;
    for (size_t i = 0; i < n; i++) nlabels += p->revs[i]->nlabels;
    htab_init(a, &x->labels, nlabels);
    x->sorted = mig_alloc(a, (n ? n : 1) * sizeof *x->sorted);

    for (uint32_t i = 0; i < n; i++) {
        mig_revision *r = p->revs[i];
        r->in_order = false;
        if (!r->id) {
            x->uncertain = true;
            continue;
        }
        uint32_t j = graph_htab_get(&x->ids, r->id);
        if (j != NONE) {
            mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, r->id_loc, "duplicate revision id \"%s\"",
                                     r->id);
            mig_note(p->diags, g, p->revs[j]->src, p->revs[j]->id_loc, "first defined here");
            x->nodes[i].dup = true;
            x->uncertain = true;
            p->graph_broken = true;
            continue;
        }
        htab_put(&x->ids, r->id, i);
        x->sorted[x->nsorted].id = r->id;
        x->sorted[x->nsorted++].rev = i;
    }
    qsort(x->sorted, x->nsorted, sizeof *x->sorted, cmp_sorted);
    index_labels(p, x);
    /* A file without a readable id cannot be named, so it takes no part in the graph:
     * it must not make its parent look like a non-head either. */
    for (uint32_t i = 0; i < n; i++)
        if (p->revs[i]->id) resolve_edges(p, x, i);
    graph_find_cycles(p, x);

    size_t hcap = 0;
    p->heads = NULL;
    p->nheads = 0;
    for (size_t i = 0; i < n; i++)
        if (p->revs[i]->id && !x->nodes[i].dup && p->revs[i]->nchildren == 0) MIG_PUSH(a, p->heads, p->nheads, hcap, p->revs[i]);
    graph_make_order(p, x);
    return p->diags->nerrors - before;
}
