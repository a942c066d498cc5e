/* graph_resolve.c - finding revisions by what a user writes: an id, an id prefix, a
 * label, LABEL@head, head; and the did-you-mean for a name that finds nothing.
 */
#include "graph_int.h"
#include "../common/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MIN_PREFIX 4    /* shortest id prefix mig_graph_resolve accepts */
#define MAX_LISTED 5    /* candidates named in an ambiguity message */

uint32_t graph_rev_index(const mig_project *p, const mig_revision *r)
{
    if (!r) return NONE;
    if (r->src && r->src->index < p->nrevs && p->revs[r->src->index] == r) return r->src->index;
    for (size_t i = 0; i < p->nrevs; i++)
        if (p->revs[i] == r) return (uint32_t)i;
    return NONE;
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
size_t graph_prefix_matches(const gindex *x, const char *prefix, size_t limit, size_t *first)
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

const char *graph_suggest(const mig_project *p, const char *name, const mig_revision *self)
{
    const gindex *x = graph_index_of(p);
    size_t first;
    if (graph_prefix_matches(x, name, 2, &first) == 1) {
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

/* ---- queries ---- */

mig_revision *mig_graph_find(const mig_project *p, const char *id)
{
    const gindex *x = graph_index_of(p);
    if (!x || !id) return NULL;
    uint32_t i = graph_htab_get(&x->ids, id);
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
            uint32_t ci = graph_rev_index(p, r->children[c]);
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
    const gindex *x = graph_index_of(p);
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
    uint32_t i = graph_htab_get(&x->ids, spec);
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
    uint32_t li = graph_htab_get(&x->labels, spec);
    if (li != NONE) return p->revs[x->lab[li].rev];
    const char *at = strchr(spec, '@');
    if (at) {
        char *left = mig_strndup(a, spec, (size_t)(at - spec));
        if (strcmp(at + 1, "head") != 0) {
            *why = mig_printf(a, "\"%s\" is not understood; only LABEL@head is.", spec);
            return NULL;
        }
        uint32_t start = NONE;
        li = graph_htab_get(&x->labels, left);
        if (li != NONE) start = x->lab[li].rev;
        else start = graph_htab_get(&x->ids, left);
        if (start == NONE) {
            *why = mig_printf(a, "No label or revision is named \"%s\".", left);
            return NULL;
        }
        return head_of_branch(p, x, start, left, why);
    }
    size_t first, len = strlen(spec);
    size_t nm = graph_prefix_matches(x, spec, MAX_LISTED + 1, &first);
    if (nm == 1 && len >= MIN_PREFIX) return p->revs[x->sorted[first].rev];
    if (nm > 1 && len >= MIN_PREFIX) {
        size_t total = graph_prefix_matches(x, spec, SIZE_MAX, &first);
        mig_revision **c = mig_alloc(a, total * sizeof *c);
        for (size_t k = 0; k < total; k++) c[k] = p->revs[x->sorted[first + k].rev];
        *why = mig_printf(a, "\"%s\" is ambiguous: it begins %s.", spec, list_revs(a, c, total));
        return NULL;
    }
    if (nm >= 1)
        *why = mig_printf(a, "No revision is named \"%s\"; an id prefix needs at least %d characters.", spec,
                          MIN_PREFIX);
    else {
        const char *s = graph_suggest(p, spec, NULL);
        *why = s ? mig_printf(a, "No revision or label is named \"%s\"; did you mean \"%s\"?", spec, s)
                 : mig_printf(a, "No revision or label is named \"%s\".", spec);
    }
    return NULL;
}

bool mig_graph_uncertain(const mig_project *p)
{
    const gindex *x = graph_index_of(p);
    return !x || x->uncertain;
}
