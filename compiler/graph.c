/* graph.c - see graph.h.
 *
 * Revisions are numbered by load order (their index in p->revs). The graph keeps, per
 * revision, the resolved edges to what must come before it (parents and depends_on,
 * "preds") and the reverse edges ("succs"). Lookups go through open-addressing hash
 * tables in the arena; everything is linear in the size of the graph except the
 * did-you-mean search, which only runs for names that resolve to nothing.
 */
#include "graph.h"
#include "../common/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define MIN_PREFIX 4    /* shortest id prefix mig_graph_resolve accepts */
#define MAX_LISTED 5    /* candidates named in an ambiguity message */

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

static uint32_t htab_get(const htab *t, const char *key)
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

static const gindex *index_of(const mig_project *p) { return p->index; }

static uint32_t rev_index(const mig_project *p, const mig_revision *r)
{
    if (!r) return NONE;
    if (r->src && r->src->index < p->nrevs && p->revs[r->src->index] == r) return r->src->index;
    for (size_t i = 0; i < p->nrevs; i++)
        if (p->revs[i] == r) return (uint32_t)i;
    return NONE;
}

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

/* First sorted position whose id is >= key. */
static size_t lower_bound(const gindex *x, const char *key)
{
    size_t lo = 0, hi = x->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->sorted[mid].id, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* How many ids start with prefix (counting stops at limit); *first gets the first. */
static size_t prefix_matches(const gindex *x, const char *prefix, size_t limit, size_t *first)
{
    size_t lp = strlen(prefix), i = lower_bound(x, prefix), n = 0;
    *first = i;
    while (i + n < x->nsorted && n < limit && strncmp(x->sorted[i + n].id, prefix, lp) == 0) n++;
    return n;
}

/* The id a misspelt name most likely meant, or NULL. */
/* Does r already name id in revises or depends_on? (It is then no useful suggestion.) */
static bool names_already(const mig_revision *r, const char *id)
{
    const mig_header *hs[2] = {r ? r->h_revises : NULL, r ? r->h_depends : NULL};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; hs[k] && i < hs[k]->names.n; i++)
            if (strcmp(hs[k]->names.v[i].s, id) == 0) return true;
    return false;
}

static const char *suggest(const mig_project *p, const char *name, const mig_revision *self)
{
    const gindex *x = index_of(p);
    size_t first;
    if (prefix_matches(x, name, 2, &first) == 1) {
        const mig_revision *c = p->revs[x->sorted[first].rev];
        if (c != self && !names_already(self, c->id)) return c->id;
    }
    size_t len = strlen(name);
    unsigned limit = len < 3 ? 1 : (unsigned)(len + 2) / 3, best = limit + 1;
    const char *pick = NULL;
    for (size_t i = 0; i < p->nrevs; i++) { /* load order: ties go to the earliest file */
        const mig_revision *r = p->revs[i];
        if (!r->id || x->nodes[i].dup || r == self || names_already(self, r->id)) continue;
        unsigned dist = (unsigned)mig_edit_distance(name, r->id, best - 1 < limit ? best - 1 : limit);
        if (dist < best) {
            best = dist;
            pick = r->id;
        }
    }
    return pick;
}

static mig_loc name_loc_in(const mig_header *h, const char *id, mig_loc dflt)
{
    if (h)
        for (size_t i = 0; i < h->names.n; i++)
            if (strcmp(h->names.v[i].s, id) == 0) return h->names.v[i].loc;
    return dflt;
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
    const gindex *x = index_of(p);
    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s %s \"%s\", which does not exist",
                             subject(a, r), depends ? "depends on" : "revises", nm->s);
    uint32_t li = htab_get(&x->labels, nm->s);
    if (li != NONE) {
        const char *target = p->revs[x->lab[li].rev]->id;
        mig_hint(p->diags, g, "\"%s\" is the label of revision \"%s\"; %s names revision ids.", nm->s, target,
                 depends ? "depends_on" : "revises");
        return;
    }
    const char *s = suggest(p, nm->s, r);
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
        uint32_t j = htab_get(&x->ids, nm->s);
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
        uint32_t j = htab_get(&x->ids, nm->s);
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
                uint32_t li = htab_get(&x->labels, nm->s);
                if (li != NONE) {
                    if (x->lab[li].rev == i) continue; /* a repeat in one file: project.c said so */
                    const mig_revision *o = p->revs[x->lab[li].rev];
                    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "duplicate label \"%s\"",
                                             nm->s);
                    mig_note(p->diags, g, o->src, x->lab[li].loc, "revision \"%s\" has label \"%s\" here", o->id,
                             nm->s);
                    continue;
                }
                uint32_t ri = htab_get(&x->ids, nm->s);
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

/* Tarjan's strongly connected components, iteratively, over pred edges. Every
 * component of more than one revision is a cycle: mark its members and report it. */
typedef struct tarjan {
    uint32_t *num, *low, *stack, *cstack, *cpos;
    bool *on;
    size_t sp, csp;
    uint32_t counter;
} tarjan;

static void report_cycle(mig_project *p, gindex *x, const uint32_t *members, size_t n)
{
    mig_arena *a = p->arena;
    uint32_t s = members[0];
    for (size_t k = 1; k < n; k++)
        if (members[k] < s) s = members[k];
    bool *in = calloc(p->nrevs, sizeof *in);
    uint32_t *from = mig_xmalloc(p->nrevs * sizeof *from), *queue = mig_xmalloc(p->nrevs * sizeof *queue);
    if (!in) abort();
    for (size_t k = 0; k < n; k++) {
        in[members[k]] = true;
        x->nodes[members[k]].cyclic = true;
        from[members[k]] = NONE;
    }
    /* Shortest way from s back to s inside the component (breadth first). */
    size_t qh = 0, qt = 0;
    uint32_t last = NONE;
    queue[qt++] = s;
    while (qh < qt && last == NONE) {
        uint32_t u = queue[qh++];
        const gnode *g = &x->nodes[u];
        for (size_t e = 0; e < g->npred; e++) {
            uint32_t v = g->pred[e];
            if (!in[v]) continue;
            if (v == s) {
                last = u;
                break;
            }
            if (from[v] == NONE) {
                from[v] = u;
                queue[qt++] = v;
            }
        }
    }
    /* last -> s closes the cycle; walk back to s to list it in order */
    size_t len = 0;
    uint32_t *path = queue; /* reuse */
    for (uint32_t u = last; u != s && u != NONE; u = from[u]) path[len++] = u;
    char *text = mig_printf(a, "\"%s\"", p->revs[s]->id);
    for (size_t k = len; k-- > 0;) text = mig_printf(a, "%s -> \"%s\"", text, p->revs[path[k]]->id);
    text = mig_printf(a, "%s -> \"%s\"", text, p->revs[s]->id);
    uint32_t next = len ? path[len - 1] : s;
    const mig_revision *rs = p->revs[s];
    mig_loc at = rs->h_revises ? rs->h_revises->kw_loc : rs->id_loc;
    at = name_loc_in(rs->h_revises, p->revs[next]->id, name_loc_in(rs->h_depends, p->revs[next]->id, at));
    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, rs->src, at, "revisions form a cycle: %s", text);
    mig_detail(p->diags, g, "Each revision revises or depends on the next one, so none of them can be applied first.");
    mig_hint(p->diags, g, "Make one of them revise a revision outside the cycle, or base.");
    p->graph_broken = true;
    x->uncertain = true;
    free(in);
    free(from);
    free(queue);
}

static void find_cycles(mig_project *p, gindex *x)
{
    size_t n = p->nrevs;
    tarjan t = {0};
    t.num = mig_xmalloc(n * sizeof *t.num);
    t.low = mig_xmalloc(n * sizeof *t.low);
    t.stack = mig_xmalloc(n * sizeof *t.stack);
    t.cstack = mig_xmalloc(n * sizeof *t.cstack);
    t.cpos = mig_xmalloc(n * sizeof *t.cpos);
    t.on = calloc(n ? n : 1, sizeof *t.on);
    if (!t.on) abort();
    for (size_t i = 0; i < n; i++) t.num[i] = NONE;
    for (uint32_t root = 0; root < n; root++) {
        if (t.num[root] != NONE) continue;
        /* explicit call stack: cstack holds nodes, cpos the next edge to look at */
        t.csp = 0;
        t.cstack[t.csp] = root;
        t.cpos[t.csp++] = 0;
        t.num[root] = t.low[root] = t.counter++;
        t.stack[t.sp++] = root;
        t.on[root] = true;
        while (t.csp) {
            uint32_t u = t.cstack[t.csp - 1];
            const gnode *g = &x->nodes[u];
            if (t.cpos[t.csp - 1] < g->npred) {
                uint32_t v = g->pred[t.cpos[t.csp - 1]++];
                if (t.num[v] == NONE) {
                    t.num[v] = t.low[v] = t.counter++;
                    t.stack[t.sp++] = v;
                    t.on[v] = true;
                    t.cstack[t.csp] = v;
                    t.cpos[t.csp++] = 0;
                } else if (t.on[v] && t.num[v] < t.low[u]) {
                    t.low[u] = t.num[v];
                }
                continue;
            }
            t.csp--;
            if (t.csp) {
                uint32_t parent = t.cstack[t.csp - 1];
                if (t.low[u] < t.low[parent]) t.low[parent] = t.low[u];
            }
            if (t.low[u] == t.num[u]) {
                size_t start = t.sp;
                do start--;
                while (t.stack[start] != u);
                for (size_t k = start; k < t.sp; k++) t.on[t.stack[k]] = false;
                if (t.sp - start > 1) report_cycle(p, x, t.stack + start, t.sp - start);
                t.sp = start;
            }
        }
    }
    free(t.num);
    free(t.low);
    free(t.stack);
    free(t.cstack);
    free(t.cpos);
    free(t.on);
}

/* Kahn's algorithm; among the revisions that are ready, the earliest loaded goes first. */
static void heap_push(uint32_t *h, size_t *n, uint32_t v)
{
    size_t i = (*n)++;
    while (i > 0 && h[(i - 1) / 2] > v) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = v;
}

static uint32_t heap_pop(uint32_t *h, size_t *n)
{
    uint32_t top = h[0], v = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && h[c + 1] < h[c]) c++;
        if (h[c] >= v) break;
        h[i] = h[c];
        i = c;
    }
    if (*n) h[i] = v;
    return top;
}

static void make_order(mig_project *p, gindex *x)
{
    size_t n = p->nrevs;
    uint32_t *indeg = mig_xmalloc((n ? n : 1) * sizeof *indeg), *heap = mig_xmalloc((n ? n : 1) * sizeof *heap);
    size_t hn = 0;
    p->order = mig_alloc(p->arena, (n ? n : 1) * sizeof *p->order);
    p->norder = 0;
    for (uint32_t i = 0; i < n; i++) {
        indeg[i] = (uint32_t)x->nodes[i].npred;
        if (!indeg[i]) heap_push(heap, &hn, i);
    }
    while (hn) {
        uint32_t i = heap_pop(heap, &hn);
        mig_revision *r = p->revs[i];
        const gnode *g = &x->nodes[i];
        bool ok = r->id && !r->broken && !g->dup && !g->missing && !g->cyclic;
        for (size_t e = 0; ok && e < g->npred; e++) ok = p->revs[g->pred[e]]->in_order;
        if (ok) {
            r->in_order = true;
            r->topo = (unsigned)p->norder;
            p->order[p->norder++] = r;
        }
        for (size_t e = 0; e < g->nsucc; e++)
            if (--indeg[g->succ[e]] == 0) heap_push(heap, &hn, g->succ[e]);
    }
    free(indeg);
    free(heap);
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
        uint32_t j = htab_get(&x->ids, r->id);
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
    find_cycles(p, x);

    size_t hcap = 0;
    p->heads = NULL;
    p->nheads = 0;
    for (size_t i = 0; i < n; i++)
        if (p->revs[i]->id && !x->nodes[i].dup && p->revs[i]->nchildren == 0) MIG_PUSH(a, p->heads, p->nheads, hcap, p->revs[i]);
    make_order(p, x);
    return p->diags->nerrors - before;
}

/* ---- queries ---- */

mig_revision *mig_graph_find(const mig_project *p, const char *id)
{
    const gindex *x = index_of(p);
    if (!x || !id) return NULL;
    uint32_t i = htab_get(&x->ids, id);
    return i == NONE ? NULL : p->revs[i];
}

/* "\"a\", \"b\" and \"c\"" for up to MAX_LISTED revisions, then "and N more". */
static const char *list_revs(mig_arena *a, mig_revision *const *v, size_t n)
{
    char *s = mig_strdup(a, "");
    size_t shown = n > MAX_LISTED ? MAX_LISTED : n;
    for (size_t i = 0; i < shown; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == shown && shown == n) ? " and " : ", ";
        s = mig_printf(a, "%s%s\"%s\"", s, sep, v[i]->id);
    }
    if (n > shown) s = mig_printf(a, "%s and %zu more", s, n - shown);
    return s;
}

static mig_revision *head_of_branch(mig_project *p, const gindex *x, uint32_t start, const char *spec,
                                    const char **why)
{
    size_t n = p->nrevs, qh = 0, qt = 0, nfound = 0, fcap = 0;
    bool *seen = calloc(n ? n : 1, sizeof *seen);
    uint32_t *queue = mig_xmalloc((n ? n : 1) * sizeof *queue);
    mig_revision **found = NULL;
    if (!seen) abort();
    seen[start] = true;
    queue[qt++] = start;
    while (qh < qt) {
        mig_revision *r = p->revs[queue[qh++]];
        if (r->nchildren == 0) MIG_PUSH(p->arena, found, nfound, fcap, r);
        for (size_t c = 0; c < r->nchildren; c++) {
            uint32_t ci = rev_index(p, r->children[c]);
            if (ci != NONE && !seen[ci]) {
                seen[ci] = true;
                queue[qt++] = ci;
            }
        }
    }
    free(seen);
    free(queue);
    (void)x;
    if (nfound == 1) return found[0];
    if (nfound == 0)
        *why = mig_printf(p->arena, "The branch of \"%s\" has no head: it is part of a cycle.", spec);
    else
        *why = mig_printf(p->arena, "The branch \"%s\" has %zu heads: %s; name one of them.", spec, nfound,
                          list_revs(p->arena, found, nfound));
    return NULL;
}

mig_revision *mig_graph_resolve(mig_project *p, const char *spec, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    *why = NULL;
    const gindex *x = index_of(p);
    mig_arena *a = p->arena;
    if (!spec || !*spec) {
        *why = "An empty name names no revision.";
        return NULL;
    }
    if (strcmp(spec, "base") == 0) return NULL;
    if (!x) {
        *why = "The revision graph was not built.";
        return NULL;
    }
    uint32_t i = htab_get(&x->ids, spec);
    if (i != NONE) return p->revs[i];
    if (strcmp(spec, "heads") == 0) {
        *why = "\"heads\" names every head, and one revision is needed here.";
        return NULL;
    }
    if (strcmp(spec, "head") == 0) {
        if (p->nheads == 1) return p->heads[0];
        if (p->nheads == 0) *why = "There is no head revision.";
        else
            *why = mig_printf(a, "There are %zu heads: %s; name one of them.", p->nheads,
                              list_revs(a, p->heads, p->nheads));
        return NULL;
    }
    uint32_t li = htab_get(&x->labels, spec);
    if (li != NONE) return p->revs[x->lab[li].rev];
    const char *at = strchr(spec, '@');
    if (at) {
        char *left = mig_strndup(a, spec, (size_t)(at - spec));
        if (strcmp(at + 1, "head") != 0) {
            *why = mig_printf(a, "\"%s\" is not understood; only LABEL@head is.", spec);
            return NULL;
        }
        uint32_t start = NONE;
        li = htab_get(&x->labels, left);
        if (li != NONE) start = x->lab[li].rev;
        else start = htab_get(&x->ids, left);
        if (start == NONE) {
            *why = mig_printf(a, "No label or revision is named \"%s\".", left);
            return NULL;
        }
        return head_of_branch(p, x, start, left, why);
    }
    size_t first, len = strlen(spec);
    size_t nm = prefix_matches(x, spec, MAX_LISTED + 1, &first);
    if (nm == 1 && len >= MIN_PREFIX) return p->revs[x->sorted[first].rev];
    if (nm > 1 && len >= MIN_PREFIX) {
        size_t total = prefix_matches(x, spec, SIZE_MAX, &first);
        mig_revision **c = mig_alloc(a, total * sizeof *c);
        for (size_t k = 0; k < total; k++) c[k] = p->revs[x->sorted[first + k].rev];
        *why = mig_printf(a, "\"%s\" is ambiguous: it begins %s.", spec, list_revs(a, c, total));
        return NULL;
    }
    if (nm >= 1)
        *why = mig_printf(a, "No revision is named \"%s\"; an id prefix needs at least %d characters.", spec,
                          MIN_PREFIX);
    else {
        const char *s = suggest(p, spec, NULL);
        *why = s ? mig_printf(a, "No revision or label is named \"%s\"; did you mean \"%s\"?", spec, s)
                 : mig_printf(a, "No revision or label is named \"%s\".", spec);
    }
    return NULL;
}

bool mig_graph_is_ancestor(const mig_project *p, const mig_revision *anc, const mig_revision *r)
{
    const gindex *x = index_of(p);
    if (!x || !anc || !r || anc == r) return false;
    if (anc->in_order && r->in_order && anc->topo >= r->topo) return false;
    uint32_t target = rev_index(p, anc), start = rev_index(p, r);
    if (target == NONE || start == NONE) return false;
    size_t n = p->nrevs, qh = 0, qt = 0;
    unsigned char *seen = calloc((n + 7) / 8, 1);
    uint32_t *queue = mig_xmalloc(n * sizeof *queue);
    if (!seen) abort();
    bool found = false;
    seen[start / 8] |= (unsigned char)(1u << (start % 8));
    queue[qt++] = start;
    while (qh < qt && !found) {
        const gnode *g = &x->nodes[queue[qh++]];
        for (size_t e = 0; e < g->npred; e++) {
            uint32_t v = g->pred[e];
            if (v == target) {
                found = true;
                break;
            }
            if (!(seen[v / 8] & (1u << (v % 8)))) {
                seen[v / 8] |= (unsigned char)(1u << (v % 8));
                queue[qt++] = v;
            }
        }
    }
    free(seen);
    free(queue);
    return found;
}

bool mig_graph_uncertain(const mig_project *p)
{
    const gindex *x = index_of(p);
    return !x || x->uncertain;
}
