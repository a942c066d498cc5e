/* revgraph.c - see revgraph.h: building the graph (ids, labels, edges, heads), cycles,
 * the order and ancestry; lookups by what a user writes are revgraph_resolve.c's. */
#include "revgraph.h"

#include <stdlib.h>
#include <string.h>

/* ---- indexing ---- */

static bool has_u32(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x) return true;
    return false;
}

static void index_ids(mig_rg *g)
{
    mig_strmap_init(g->a, &g->ids, g->n);
    g->sorted = mig_alloc(g->a, (g->n + 1) * sizeof *g->sorted);
    for (uint32_t i = 0; i < g->n; i++) {
        mig_rg_node *nd = &g->nodes[i];
        nd->first = MIG_RG_NONE;
        const char *id = g->recs[i].id;
        if (!id) continue;
        int j = mig_strmap_get(&g->ids, id);
        if (j >= 0) {
            nd->dup = true;
            nd->first = (uint32_t)j;
            continue;
        }
        mig_strmap_put(g->a, &g->ids, id, (int)i);
        g->sorted[g->nsorted++] = i;
    }
}

typedef struct sorted_id {
    const char *id;
    uint32_t rev;
} sorted_id;

static int cmp_sorted(const void *pa, const void *pb)
{
    const sorted_id *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->rev > b->rev) - (a->rev < b->rev);
}

/* The named, non-duplicate records in strcmp order of ids, for prefixes. */
static void sort_ids(mig_rg *g)
{
    sorted_id *v = mig_xmalloc((g->nsorted + 1) * sizeof *v);
    for (size_t k = 0; k < g->nsorted; k++) v[k] = (sorted_id){g->recs[g->sorted[k]].id, g->sorted[k]};
    qsort(v, g->nsorted, sizeof *v, cmp_sorted);
    for (size_t k = 0; k < g->nsorted; k++) g->sorted[k] = v[k].rev;
    free(v);
}

/* Labels of named, non-duplicate records, in record order: the first holder keeps one. */
static void index_labels(mig_rg *g)
{
    size_t nl = 0;
    for (size_t i = 0; i < g->n; i++) nl += g->recs[i].nlabels;
    mig_strmap_init(g->a, &g->labels, nl);
    for (uint32_t i = 0; i < g->n; i++) {
        const mig_rg_rec *r = &g->recs[i];
        mig_rg_node *nd = &g->nodes[i];
        nd->label = mig_alloc(g->a, (r->nlabels + 1) * sizeof *nd->label);
        for (size_t k = 0; k < r->nlabels; k++) {
            mig_rg_labst *st = &nd->label[k];
            st->other = MIG_RG_NONE;
            if (!r->id || nd->dup) {
                st->st = MIG_RG_LABEL_SKIPPED;
                continue;
            }
            int j = mig_strmap_get(&g->labels, r->labels[k]);
            if (j >= 0) {
                st->st = (uint32_t)j == i ? MIG_RG_LABEL_REPEAT : MIG_RG_LABEL_TAKEN;
                st->other = (uint32_t)j;
                continue;
            }
            uint32_t ri = mig_rg_find(g, r->labels[k]);
            if (ri != MIG_RG_NONE) {
                st->st = MIG_RG_LABEL_IS_ID;
                st->other = ri;
                continue;
            }
            mig_strmap_put(g->a, &g->labels, r->labels[k], (int)i);
        }
    }
}

/* Resolve record i's names into edges. A record without an id takes no part: no one can
 * name it, so it must not make its parents look like non-heads either. */
static void resolve_edges(mig_rg *g, uint32_t i)
{
    const mig_rg_rec *r = &g->recs[i];
    mig_rg_node *nd = &g->nodes[i];
    size_t nn = r->nparents + r->ndepends;
    nd->edge = mig_alloc(g->a, nn + 1);
    nd->to = mig_alloc(g->a, (nn + 1) * sizeof *nd->to);
    nd->pred = mig_alloc(g->a, (nn + 1) * sizeof *nd->pred);
    for (size_t k = 0; k < nn; k++) {
        bool parent = k < r->nparents;
        const char *name = parent ? r->parents[k] : r->depends[k - r->nparents];
        uint32_t j = mig_rg_find(g, name);
        nd->to[k] = j;
        if (!r->id) {
            nd->edge[k] = j == MIG_RG_NONE ? MIG_RG_EDGE_UNKNOWN : MIG_RG_EDGE_OK;
            continue;
        }
        if (j == MIG_RG_NONE) {
            nd->edge[k] = MIG_RG_EDGE_UNKNOWN;
            nd->missing = true;
        } else if (j == i || strcmp(r->id, name) == 0) {
            nd->edge[k] = MIG_RG_EDGE_SELF;
            nd->missing = true;
        } else if (!parent && has_u32(nd->pred, nd->npar, j)) {
            nd->edge[k] = MIG_RG_EDGE_PARENT;
        } else if (has_u32(nd->pred, nd->npred, j)) {
            nd->edge[k] = MIG_RG_EDGE_REPEAT;
        } else {
            nd->edge[k] = MIG_RG_EDGE_OK;
            nd->pred[nd->npred++] = j;
            if (parent) {
                nd->npar++;
                MIG_PUSH(g->a, g->nodes[j].children, g->nodes[j].nchildren, g->nodes[j].ccap, i);
            } else {
                MIG_PUSH(g->a, g->nodes[j].dependents, g->nodes[j].ndependents, g->nodes[j].dcap, i);
            }
        }
    }
}

/* ---- cycles: Tarjan's strongly connected components, iteratively, over pred edges ---- */

typedef struct tarjan {
    uint32_t *num, *low, *stack, *cstack, *cpos, *from, *queue;
    bool *on, *in;
    size_t sp, csp, ccap;
    uint32_t counter;
} tarjan;

/* Mark a component's members cyclic and keep its shortest cycle through its lowest index. */
static void add_cycle(mig_rg *g, tarjan *t, const uint32_t *members, size_t n)
{
    uint32_t s = members[0];
    for (size_t k = 1; k < n; k++)
        if (members[k] < s) s = members[k];
    for (size_t k = 0; k < n; k++) {
        t->in[members[k]] = true;
        g->nodes[members[k]].cyclic = true;
        t->from[members[k]] = MIG_RG_NONE;
    }
    /* breadth first from s until an edge leads back to s */
    size_t qh = 0, qt = 0;
    uint32_t last = MIG_RG_NONE;
    t->queue[qt++] = s;
    while (qh < qt && last == MIG_RG_NONE) {
        uint32_t u = t->queue[qh++];
        const mig_rg_node *nd = &g->nodes[u];
        for (size_t e = 0; e < nd->npred; e++) {
            uint32_t v = nd->pred[e];
            if (!t->in[v]) continue;
            if (v == s) {
                last = u;
                break;
            }
            if (t->from[v] == MIG_RG_NONE) {
                t->from[v] = u;
                t->queue[qt++] = v;
            }
        }
    }
    size_t len = 1;
    for (uint32_t u = last; u != s && u != MIG_RG_NONE; u = t->from[u]) len++;
    mig_rg_cycle c = {mig_alloc(g->a, len * sizeof(uint32_t)), len};
    c.path[0] = s;
    size_t k = len;
    for (uint32_t u = last; u != s && u != MIG_RG_NONE; u = t->from[u]) c.path[--k] = u;
    MIG_PUSH(g->a, g->cycles, g->ncycles, t->ccap, c);
    for (size_t m = 0; m < n; m++) t->in[members[m]] = false;
}

static void find_cycles(mig_rg *g)
{
    size_t n = g->n ? g->n : 1;
    tarjan t = {0};
    uint32_t **arrays[] = {&t.num, &t.low, &t.stack, &t.cstack, &t.cpos, &t.from, &t.queue};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) *arrays[k] = mig_xmalloc(n * sizeof(uint32_t));
    t.on = calloc(n, sizeof *t.on);
    t.in = calloc(n, sizeof *t.in);
    if (!t.on || !t.in) abort();
    for (size_t i = 0; i < g->n; i++) t.num[i] = MIG_RG_NONE;
    for (uint32_t root = 0; root < g->n; root++) {
        if (t.num[root] != MIG_RG_NONE) continue;
        /* an explicit call stack: cstack holds nodes, cpos the next edge to look at */
        t.csp = 0;
        t.cstack[t.csp] = root;
        t.cpos[t.csp++] = 0;
        t.num[root] = t.low[root] = t.counter++;
        t.stack[t.sp++] = root;
        t.on[root] = true;
        while (t.csp) {
            uint32_t u = t.cstack[t.csp - 1];
            const mig_rg_node *nd = &g->nodes[u];
            if (t.cpos[t.csp - 1] < nd->npred) {
                uint32_t v = nd->pred[t.cpos[t.csp - 1]++];
                if (t.num[v] == MIG_RG_NONE) {
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
                if (t.sp - start > 1) add_cycle(g, &t, t.stack + start, t.sp - start);
                t.sp = start;
            }
        }
    }
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) free(*arrays[k]);
    free(t.on);
    free(t.in);
}

/* ---- order: Kahn's algorithm, the lowest ready index first (a binary heap) ---- */

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

static void make_order(mig_rg *g)
{
    size_t n = g->n ? g->n : 1, hn = 0;
    uint32_t *indeg = mig_xmalloc(n * sizeof *indeg), *heap = mig_xmalloc(n * sizeof *heap);
    g->order = mig_alloc(g->a, n * sizeof *g->order);
    for (uint32_t i = 0; i < g->n; i++) {
        indeg[i] = g->nodes[i].npred;
        if (!indeg[i]) heap_push(heap, &hn, i);
    }
    while (hn) {
        uint32_t i = heap_pop(heap, &hn);
        mig_rg_node *nd = &g->nodes[i];
        bool ok = g->recs[i].id && !g->recs[i].broken && !nd->dup && !nd->missing && !nd->cyclic;
        for (size_t e = 0; ok && e < nd->npred; e++) ok = g->nodes[nd->pred[e]].in_order;
        if (ok) {
            nd->in_order = true;
            nd->topo = (uint32_t)g->norder;
            g->order[g->norder++] = i;
        }
        for (size_t e = 0; e < nd->nchildren; e++)
            if (--indeg[nd->children[e]] == 0) heap_push(heap, &hn, nd->children[e]);
        for (size_t e = 0; e < nd->ndependents; e++)
            if (--indeg[nd->dependents[e]] == 0) heap_push(heap, &hn, nd->dependents[e]);
    }
    free(indeg);
    free(heap);
}

/* ---- the graph ---- */

void mig_rg_build(mig_arena *a, mig_rg *g, const mig_rg_rec *recs, size_t n)
{
    memset(g, 0, sizeof *g);
    g->a = a;
    g->recs = recs;
    g->n = n;
    g->nodes = mig_alloc(a, (n + 1) * sizeof *g->nodes);
    index_ids(g);
    sort_ids(g);
    index_labels(g);
    for (uint32_t i = 0; i < n; i++) resolve_edges(g, i);
    find_cycles(g);
    size_t hcap = 0;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].id && !g->nodes[i].dup && g->nodes[i].nchildren == 0) MIG_PUSH(a, g->heads, g->nheads, hcap, i);
    make_order(g);
}

uint32_t mig_rg_find(const mig_rg *g, const char *id)
{
    int i = id ? mig_strmap_get(&g->ids, id) : -1;
    return i >= 0 ? (uint32_t)i : MIG_RG_NONE;
}

uint32_t mig_rg_label(const mig_rg *g, const char *label)
{
    int i = label ? mig_strmap_get(&g->labels, label) : -1;
    return i >= 0 ? (uint32_t)i : MIG_RG_NONE;
}

bool mig_rg_is_ancestor(const mig_rg *g, uint32_t anc, uint32_t r)
{
    if (anc >= g->n || r >= g->n || anc == r) return false;
    const mig_rg_node *na = &g->nodes[anc], *nr = &g->nodes[r];
    if (na->in_order && nr->in_order && na->topo >= nr->topo) return false;
    size_t qh = 0, qt = 0;
    unsigned char *seen = calloc((g->n + 7) / 8, 1);
    uint32_t *queue = mig_xmalloc(g->n * sizeof *queue);
    if (!seen) abort();
    bool found = false;
    seen[r / 8] |= (unsigned char)(1u << (r % 8));
    queue[qt++] = r;
    while (qh < qt && !found) {
        const mig_rg_node *nd = &g->nodes[queue[qh++]];
        for (size_t e = 0; e < nd->npred; e++) {
            uint32_t v = nd->pred[e];
            if (v == anc) {
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
