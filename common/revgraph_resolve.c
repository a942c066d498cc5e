/* revgraph_resolve.c - see revgraph.h: finding revisions by what a user writes (an id, an
 * id prefix, a label, NAME@head, head, base) and the did-you-mean for a name that finds
 * nothing. */
#include "revgraph.h"

#include <stdlib.h>
#include <string.h>

#include "suggest.h"

#define MAX_LISTED 5 /* ids named in a list before "and N more" */

const char *mig_rg_quote_list(mig_arena *a, const mig_rg *g, const uint32_t *v, size_t n)
{
    char *s = mig_strdup(a, "");
    size_t shown = n > MAX_LISTED ? MAX_LISTED : n;
    for (size_t i = 0; i < shown; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == shown && shown == n) ? " and " : ", ";
        s = mig_printf(a, "%s%s\"%s\"", s, sep, g->recs[v[i]].id);
    }
    if (n > shown) s = mig_printf(a, "%s and %zu more", s, n - shown);
    return s;
}

/* How many ids begin with prefix (counting stops at limit); *first gets the position in
 * g->sorted of the first. */
static size_t prefix_matches(const mig_rg *g, const char *prefix, size_t limit, size_t *first)
{
    size_t lo = 0, hi = g->nsorted, lp = strlen(prefix), n = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->recs[g->sorted[mid]].id, prefix) < 0) lo = mid + 1;
        else hi = mid;
    }
    *first = lo;
    while (lo + n < g->nsorted && n < limit && strncmp(g->recs[g->sorted[lo + n]].id, prefix, lp) == 0) n++;
    return n;
}

/* Does record self already name id in parents or depends? (It is then no useful suggestion.) */
static bool names_already(const mig_rg *g, uint32_t self, const char *id)
{
    if (self == MIG_RG_NONE) return false;
    const mig_rg_rec *r = &g->recs[self];
    for (size_t k = 0; k < r->nparents + r->ndepends; k++)
        if (strcmp(k < r->nparents ? r->parents[k] : r->depends[k - r->nparents], id) == 0) return true;
    return false;
}

uint32_t mig_rg_suggest(const mig_rg *g, const char *name, uint32_t self)
{
    size_t first;
    if (prefix_matches(g, name, 2, &first) == 1) {
        uint32_t c = g->sorted[first];
        if (c != self && !names_already(g, self, g->recs[c].id)) return c;
    }
    size_t len = strlen(name);
    size_t limit = len < 3 ? 1 : (len + 2) / 3, best = limit + 1;
    uint32_t pick = MIG_RG_NONE;
    for (uint32_t i = 0; i < g->n; i++) { /* index order: ties go to the earliest */
        const char *id = g->recs[i].id;
        if (!id || g->nodes[i].dup || i == self || names_already(g, self, id)) continue;
        size_t dist = mig_edit_distance(name, id, best - 1 < limit ? best - 1 : limit);
        if (dist < best) {
            best = dist;
            pick = i;
        }
    }
    return pick;
}

static mig_rg_hit hit(mig_rg_err err, uint32_t rev, const char *name)
{
    mig_rg_hit h = {err, rev, name, NULL, 0, MIG_RG_NONE};
    return h;
}

mig_rg_hit mig_rg_resolve_name(const mig_rg *g, const char *name)
{
    if (!name || !*name) return hit(MIG_RG_EMPTY, MIG_RG_NONE, name);
    uint32_t i = mig_rg_find(g, name);
    if (i != MIG_RG_NONE) return hit(MIG_RG_OK, i, name);
    i = mig_rg_label(g, name);
    if (i != MIG_RG_NONE) return hit(MIG_RG_OK, i, name); /* a label given twice: the first holder */
    size_t first, len = strlen(name);
    size_t nm = prefix_matches(g, name, 2, &first);
    if (nm == 1 && len >= MIG_RG_MIN_PREFIX) return hit(MIG_RG_OK, g->sorted[first], name);
    if (nm == 0) {
        mig_rg_hit h = hit(MIG_RG_NOT_FOUND, MIG_RG_NONE, name);
        h.suggest = mig_rg_suggest(g, name, MIG_RG_NONE);
        return h;
    }
    mig_rg_hit h = hit(len >= MIG_RG_MIN_PREFIX ? MIG_RG_AMBIGUOUS_PREFIX : MIG_RG_SHORT_PREFIX, MIG_RG_NONE, name);
    h.ncand = prefix_matches(g, name, SIZE_MAX, &first);
    h.cand = mig_alloc(g->a, h.ncand * sizeof *h.cand);
    memcpy(h.cand, g->sorted + first, h.ncand * sizeof *h.cand);
    return h;
}

/* The one head among start and what is built on it through parents. */
static mig_rg_hit head_of_branch(const mig_rg *g, uint32_t start, const char *name)
{
    bool *seen = calloc(g->n, sizeof *seen);
    uint32_t *queue = mig_xmalloc(g->n * sizeof *queue);
    size_t qh = 0, qt = 0, cap = 0;
    if (!seen) abort();
    seen[start] = true;
    queue[qt++] = start;
    while (qh < qt) {
        const mig_rg_node *nd = &g->nodes[queue[qh++]];
        for (size_t c = 0; c < nd->nchildren; c++)
            if (!seen[nd->children[c]]) {
                seen[nd->children[c]] = true;
                queue[qt++] = nd->children[c];
            }
    }
    mig_rg_hit h = hit(MIG_RG_OK, start, name);
    for (uint32_t i = 0; i < g->n; i++)
        if (seen[i] && g->nodes[i].nchildren == 0) MIG_PUSH(g->a, h.cand, h.ncand, cap, i);
    free(seen);
    free(queue);
    if (h.ncand == 1) {
        h.rev = h.cand[0];
        h.cand = NULL;
        h.ncand = 0;
    } else {
        h.err = h.ncand ? MIG_RG_BRANCH_HEADS : MIG_RG_BRANCH_NO_HEAD;
    }
    return h;
}

mig_rg_hit mig_rg_resolve(const mig_rg *g, const char *spec)
{
    if (!spec || !*spec) return hit(MIG_RG_EMPTY, MIG_RG_NONE, spec);
    if (strcmp(spec, "base") == 0) return hit(MIG_RG_OK, MIG_RG_NONE, spec);
    uint32_t i = mig_rg_find(g, spec);
    if (i != MIG_RG_NONE) return hit(MIG_RG_OK, i, spec);
    if (strcmp(spec, "heads") == 0) return hit(MIG_RG_ALL_HEADS, MIG_RG_NONE, spec);
    if (strcmp(spec, "head") == 0) {
        if (g->nheads == 1) return hit(MIG_RG_OK, g->heads[0], spec);
        mig_rg_hit h = hit(g->nheads ? MIG_RG_SEVERAL_HEADS : MIG_RG_NO_HEAD, MIG_RG_NONE, spec);
        h.cand = g->heads;
        h.ncand = g->nheads;
        return h;
    }
    const char *at = strchr(spec, '@');
    if (at && mig_rg_label(g, spec) == MIG_RG_NONE) {
        const char *left = mig_strndup(g->a, spec, (size_t)(at - spec));
        if (strcmp(at + 1, "head") != 0) return hit(MIG_RG_BAD_AT, MIG_RG_NONE, left);
        mig_rg_hit h = mig_rg_resolve_name(g, left);
        return h.err ? h : head_of_branch(g, h.rev, left);
    }
    return mig_rg_resolve_name(g, spec);
}
