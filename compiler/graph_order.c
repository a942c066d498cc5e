/* graph_order.c - the order of the revision graph: cycles (found and reported), the
 * order revisions are applied in, and ancestry.
 */
#include "graph_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static mig_loc name_loc_in(const mig_header *h, const char *id, mig_loc dflt)
{
    if (h)
        for (size_t i = 0; i < h->names.n; i++)
            if (strcmp(h->names.v[i].s, id) == 0) return h->names.v[i].loc;
    return dflt;
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

void graph_find_cycles(mig_project *p, gindex *x)
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

void graph_make_order(mig_project *p, gindex *x)
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

bool mig_graph_is_ancestor(const mig_project *p, const mig_revision *anc, const mig_revision *r)
{
    const gindex *x = graph_index_of(p);
    if (!x || !anc || !r || anc == r) return false;
    if (anc->in_order && r->in_order && anc->topo >= r->topo) return false;
    uint32_t target = graph_rev_index(p, anc), start = graph_rev_index(p, r);
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
