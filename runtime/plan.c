/* plan.c - see plan.h. */
#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mig/plugin.h"

/* The quoted ids of v[0..n) (common/revgraph's one list). */
static const char *list_revs(const mig_revgraph *g, mig_rev *const *v, size_t n)
{
    uint32_t *idx = mig_alloc(g->a, (n + 1) * sizeof *idx);
    for (size_t i = 0; i < n; i++) idx[i] = (uint32_t)v[i]->index;
    return mig_rg_quote_list(g->a, &g->rg, idx, n);
}

/* ---- the graph ---- */

/* The manifest's revisions as the records of common/revgraph. */
static mig_rg_rec *records(mig_arena *a, const mig_manifest *m)
{
    mig_rg_rec *recs = mig_alloc(a, (m->nrevs + 1) * sizeof *recs);
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_manifest_rev *v = &m->revs[i];
        recs[i] = (mig_rg_rec){v->id, v->parents, v->nparents, v->depends, v->ndepends, v->labels, v->nlabels, false};
    }
    return recs;
}

/* The resolved edges of node nd as revisions. */
static mig_rev **revs_of(mig_revgraph *g, const uint32_t *v, size_t n)
{
    mig_rev **out = mig_alloc(g->a, (n + 1) * sizeof *out);
    for (size_t k = 0; k < n; k++) out[k] = &g->revs[v[k]];
    return out;
}

int mig_revgraph_build(mig_arena *a, const mig_manifest *m, mig_revgraph *g, mig_rt_error *err)
{
    memset(g, 0, sizeof *g);
    g->a = a;
    g->m = m;
    g->nrevs = m->nrevs;
    g->revs = mig_alloc(a, (m->nrevs + 1) * sizeof *g->revs);
    mig_rg_build(a, &g->rg, records(a, m), m->nrevs);
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_rg_node *nd = &g->rg.nodes[i];
        const mig_manifest_rev *v = &m->revs[i];
        if (nd->dup)
            return mig_rt_fail(err, MIG_RT_GRAPH, mig_printf(a, "revision \"%s\" is listed twice in the manifest", v->id),
                               NULL, "Run `migc build` again to rewrite the manifest.");
        for (size_t k = 0; k < v->nparents + v->ndepends; k++)
            if (nd->to[k] == MIG_RG_NONE || nd->to[k] >= i) {
                bool parent = k < v->nparents;
                return mig_rt_fail(err, MIG_RT_GRAPH,
                                   mig_printf(a, "revision \"%s\" %s \"%s\", which the manifest does not list before it", v->id,
                                              parent ? "revises" : "depends on", parent ? v->parents[k] : v->depends[k - v->nparents]),
                                   NULL, "Run `migc build` again to rewrite the manifest.");
            }
    }
    for (size_t i = 0; i < m->nrevs; i++) {
        mig_rev *r = &g->revs[i];
        const mig_rg_node *nd = &g->rg.nodes[i];
        r->m = &m->revs[i];
        r->index = i;
        r->parents = revs_of(g, nd->pred, r->nparents = nd->npar);
        r->depends = revs_of(g, nd->pred + nd->npar, r->ndepends = nd->npred - nd->npar);
        r->children = revs_of(g, nd->children, r->nchildren = nd->nchildren);
        r->dependents = revs_of(g, nd->dependents, r->ndependents = nd->ndependents);
    }
    g->heads = revs_of(g, g->rg.heads, g->nheads = g->rg.nheads);
    return 0;
}

mig_rev *mig_revgraph_find(const mig_revgraph *g, const char *id)
{
    uint32_t i = mig_rg_find(&g->rg, id);
    return i != MIG_RG_NONE ? &g->revs[i] : NULL;
}

bool mig_rev_is_head(const mig_rev *r) { return r->nchildren == 0; }

/* ---- sets ---- */

mig_revset mig_revset_new(const mig_revgraph *g)
{
    mig_revset s = {mig_alloc(g->a, g->nrevs + 1), g->nrevs};
    return s;
}

/* The edges a walk follows. */
enum { E_PARENTS = 1, E_DEPENDS = 2, E_CHILDREN = 4, E_DEPENDENTS = 8 };

/* Everything reachable from r along `edges` into s (r itself is not added), stopping at
 * members already in s. An explicit stack, never recursion: a manifest is input, and a
 * chain of any length must not overflow the call stack. */
static void reach(mig_revset *s, const mig_rev *r, unsigned edges)
{
    mig_ptrstack todo = {0};
    do {
        mig_rev *const *lists[4] = {r->parents, r->depends, r->children, r->dependents};
        size_t counts[4] = {r->nparents, r->ndepends, r->nchildren, r->ndependents};
        for (int l = 0; l < 4; l++)
            for (size_t k = 0; (edges & (1u << l)) && k < counts[l]; k++)
                if (!s->in[lists[l][k]->index]) {
                    s->in[lists[l][k]->index] = true;
                    mig_ptrstack_push(&todo, lists[l][k]);
                }
    } while ((r = mig_ptrstack_pop(&todo)) != NULL);
    mig_ptrstack_free(&todo);
}

void mig_revset_add_closure(mig_revset *s, const mig_rev *r)
{
    if (s->in[r->index]) return;
    s->in[r->index] = true;
    reach(s, r, E_PARENTS | E_DEPENDS);
}

/* r's descendants (children and dependents, transitively), r excluded. */
static void add_descendants(mig_revset *s, const mig_rev *r) { reach(s, r, E_CHILDREN | E_DEPENDENTS); }

/* r and its descendants: what must go when r goes (anything built on it, through parents
 * or depends_on). */
static void add_from(mig_revset *s, const mig_rev *r)
{
    if (s->in[r->index]) return;
    s->in[r->index] = true;
    add_descendants(s, r);
}

size_t mig_revset_count(const mig_revset *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) n += s->in[i];
    return n;
}

size_t mig_revset_heads(const mig_revgraph *g, const mig_revset *s, mig_rev ***out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    for (size_t i = 0; i < g->nrevs; i++) {
        if (!s->in[i]) continue;
        bool child_in = false;
        for (size_t c = 0; c < g->revs[i].nchildren && !child_in; c++) child_in = s->in[g->revs[i].children[c]->index];
        if (!child_in) MIG_PUSH(g->a, *out, n, cap, &g->revs[i]);
    }
    return n;
}

/* ---- targets ---- */

static int one(const mig_revgraph *g, mig_rev *r, mig_rev ***out, size_t *nout)
{
    *out = mig_alloc(g->a, sizeof **out);
    (*out)[0] = r;
    *nout = 1;
    return 0;
}

/* Why the target spec (as common/revgraph resolved it) names no revision: -1 with *err. */
static int target_error(const mig_revgraph *g, const char *spec, const mig_rg_hit *h, mig_rt_error *err)
{
    mig_arena *a = g->a;
    const char *list = h->ncand ? mig_rg_quote_list(a, &g->rg, h->cand, h->ncand) : "";
    const char *name = h->name;
    switch (h->err) {
    case MIG_RG_OK:
    case MIG_RG_ALL_HEADS: break; /* resolve takes "heads" first: every head is a target here */
    case MIG_RG_EMPTY: return mig_rt_fail(err, MIG_RT_TARGET, "an empty target names no revision", NULL, NULL);
    case MIG_RG_AMBIGUOUS_PREFIX:
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "revision \"%s\" is ambiguous", name),
                           mig_printf(a, "It begins %s.", list), "Give more of the id.");
    case MIG_RG_SHORT_PREFIX:
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "no revision is named \"%s\"", name),
                           mig_printf(a, "An id prefix needs at least %d characters; \"%s\" begins %s.", MIG_RG_MIN_PREFIX,
                                      name, list),
                           NULL);
    case MIG_RG_NOT_FOUND:
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "no revision or label is named \"%s\"", name), NULL,
                           "`migrun history` lists the revisions; `migrun heads` the heads.");
    case MIG_RG_NO_HEAD:
        return mig_rt_fail(err, MIG_RT_TARGET, "there is no head: the manifest lists no revision", NULL, NULL);
    case MIG_RG_SEVERAL_HEADS:
        return mig_rt_fail(err, MIG_RT_TARGET, "\"head\" is ambiguous", mig_printf(a, "There are %zu heads: %s.", h->ncand, list),
                           "Name one (ID or LABEL@head), or use \"heads\" for all of them.");
    case MIG_RG_BAD_AT:
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is not a target", spec),
                           "After @, head, base, +N or -N is understood (LABEL@head, LABEL@base, LABEL@-1).", NULL);
    case MIG_RG_BRANCH_NO_HEAD:
    case MIG_RG_BRANCH_HEADS:
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                           mig_printf(a, "The branch of \"%s\" has %zu heads: %s.", g->rg.recs[h->rev].id, h->ncand, list),
                           "Name one of them.");
    }
    return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" names no one revision", spec), NULL, NULL);
}

/* An id, a label or a unique prefix. */
static mig_rev *resolve_name(const mig_revgraph *g, const char *spec, mig_rt_error *err)
{
    mig_rg_hit h = mig_rg_resolve_name(&g->rg, spec);
    if (!h.err) return &g->revs[h.rev];
    target_error(g, spec, &h, err);
    return NULL;
}

/* The lineage of r, which Alembic's LABEL@ forms count along: r, its ancestors and its
 * descendants, through parents (not depends_on). */
static mig_revset lineage(const mig_revgraph *g, const mig_rev *r)
{
    mig_revset s = mig_revset_new(g);
    s.in[r->index] = true;
    reach(&s, r, E_CHILDREN);
    reach(&s, r, E_PARENTS);
    return s;
}

/* The root of the branch r is on, as Alembic spreads a label over a branch: down from r
 * while there is one parent and it is neither a branch point nor a merge. */
static mig_rev *branch_root(mig_rev *r)
{
    while (r->nparents == 1 && r->parents[0]->nchildren == 1 && r->parents[0]->nparents <= 1) r = r->parents[0];
    return r;
}

/* N steps up (toward children; only into `within` when given) or down (toward parents)
 * from start (NULL: base). Going down, *from is the revision the last step left: it and
 * everything built on it are what the walk undoes. */
static int relative(const mig_revgraph *g, const char *spec, mig_rev *start, long n, const mig_revset *within,
                    mig_rev ***out, size_t *nout, mig_rev **from, mig_rt_error *err)
{
    mig_arena *a = g->a;
    if (n > 0) {
        mig_rev *cur = start;
        for (long k = 1; k <= n; k++) {
            size_t nc = 0, cap = 0;
            mig_rev **c = NULL;
            for (size_t i = 0; i < (cur ? cur->nchildren : g->nrevs); i++) {
                mig_rev *r = cur ? cur->children[i] : &g->revs[i];
                if ((cur || !r->nparents) && (!within || within->in[r->index])) MIG_PUSH(a, c, nc, cap, r);
            }
            const char *here = cur ? mig_printf(a, "\"%s\"", cur->m->id) : "base";
            if (nc == 0)
                return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" goes past the head", spec),
                                   mig_printf(a, "There %s only %ld revision%s after %s.", k - 1 == 1 ? "is" : "are", k - 1,
                                              k - 1 == 1 ? "" : "s", start ? mig_printf(a, "\"%s\"", start->m->id) : "base"),
                                   NULL);
            if (nc > 1)
                return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                                   mig_printf(a, "The revisions branch after %s, into %s.", here, list_revs(g, c, nc)),
                                   "Name the revision, or count along one branch: REV+N or LABEL@+N.");
            cur = c[0];
        }
        return one(g, cur, out, nout);
    }
    if (!start)
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" goes below base", spec), "Nothing is applied.", NULL);
    mig_rev **set = mig_alloc(a, sizeof *set);
    set[0] = start;
    size_t ns = 1;
    mig_rev *left = NULL;
    for (long k = 1; k <= -n; k++) {
        if (ns == 0)
            return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" goes below base", spec),
                               mig_printf(a, "There %s only %ld revision%s up to \"%s\".", k - 1 == 1 ? "is" : "are", k - 1,
                                          k - 1 == 1 ? "" : "s", start->m->id),
                               "Use base to go all the way down.");
        if (ns > 1)
            return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                               mig_printf(a, "Going down from \"%s\" crosses a merge of %s.", start->m->id, list_revs(g, set, ns)),
                               "Name the revision to go down to.");
        left = set[0];
        set = left->parents;
        ns = left->nparents;
    }
    *out = set;
    *nout = ns;
    *from = left;
    return 0;
}

/* The N of "+N" or "-N" at sign, negative for "-". */
static int count(const mig_revgraph *g, const char *spec, const char *sign, long *n, mig_rt_error *err)
{
    char *e;
    errno = 0;
    *n = strtol(sign + 1, &e, 10);
    if (sign[1] < '0' || sign[1] > '9' || *e || errno || *n <= 0 || *n > 1000000)
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(g->a, "\"%s\" is not a target", spec),
                           "A relative target is +N or -N with N a positive number, optionally after a revision: REV+N, "
                           "or after a branch: LABEL@+N.",
                           NULL);
    if (*sign == '-') *n = -*n;
    return 0;
}

/* LABEL@base, LABEL@+N, LABEL@-N (LABEL may be any revision name): counting along LABEL's
 * lineage from the applied revisions on it. */
static int resolve_branch(const mig_revgraph *g, const char *spec, const char *at, const mig_revset *current,
                          mig_rev ***out, size_t *nout, mig_rev **from, mig_rt_error *err)
{
    mig_arena *a = g->a;
    const char *name = mig_strndup(a, spec, (size_t)(at - spec));
    mig_rev *r = resolve_name(g, name, err);
    if (!r) return -1;
    if (strcmp(at + 1, "base") == 0) {
        *from = branch_root(r);
        return 0;
    }
    long n;
    if (count(g, spec, at + 1, &n, err)) return -1;
    mig_revset line = lineage(g, r);
    /* Down: from the applied head on the branch. Up: from the highest applied revisions on
     * it (none: base). */
    mig_rev **h = NULL;
    size_t nh = 0, cap = 0;
    for (size_t i = 0; current && i < g->nrevs; i++) {
        if (!current->in[i] || !line.in[i]) continue;
        bool above = false;
        for (size_t c = 0; c < g->revs[i].nchildren && !above; c++) {
            size_t ci = g->revs[i].children[c]->index;
            above = current->in[ci] && (n < 0 || line.in[ci]);
        }
        if (!above) MIG_PUSH(a, h, nh, cap, &g->revs[i]);
    }
    if (nh > 1)
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                           mig_printf(a, "The applied revisions on the branch of \"%s\" have %zu heads: %s.", name, nh,
                                      list_revs(g, h, nh)),
                           n < 0 ? "Count from one of them: REV-N." : "Count from one of them: REV+N.");
    if (n < 0 && nh == 0)
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" goes below base", spec),
                           mig_printf(a, "No applied head is on the branch of \"%s\".", name), NULL);
    return relative(g, spec, nh ? h[0] : NULL, n, n > 0 ? &line : NULL, out, nout, from, err);
}

/* mig_target_resolve, and for downgrade *from: when set, the target is reached by going
 * down from the current revisions (-N, LABEL@-N) or stands for a branch's root (LABEL@base),
 * and what goes is *from and everything built on it. */
static int resolve(const mig_revgraph *g, const char *spec, const mig_revset *current, mig_rev ***out, size_t *nout,
                   mig_rev **from, mig_rt_error *err)
{
    mig_arena *a = g->a;
    *out = NULL;
    *nout = 0;
    *from = NULL;
    memset(err, 0, sizeof *err);
    if (!spec || !*spec) {
        mig_rg_hit empty = {.err = MIG_RG_EMPTY};
        return target_error(g, spec, &empty, err);
    }
    if (strcmp(spec, "base") == 0) return 0;
    if (strcmp(spec, "heads") == 0) {
        *out = g->heads;
        *nout = g->nheads;
        return 0;
    }
    const char *at = strchr(spec, '@');
    if (at && (strcmp(at + 1, "base") == 0 || at[1] == '+' || at[1] == '-'))
        return resolve_branch(g, spec, at, current, out, nout, from, err);
    /* REV+N, REV-N, +N, -N: ids and labels never hold + or -. */
    const char *sign = strpbrk(spec, "+-");
    if (sign) {
        long n;
        if (count(g, spec, sign, &n, err)) return -1;
        mig_rev *start = NULL, *unused;
        if (sign > spec) {
            const char *base_spec = mig_strndup(a, spec, (size_t)(sign - spec));
            mig_rev **v;
            size_t nv;
            if (resolve(g, base_spec, current, &v, &nv, &unused, err)) return -1;
            if (nv > 1)
                return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                                   mig_printf(a, "\"%s\" names %zu revisions.", base_spec, nv), "Count from one revision.");
            start = nv ? v[0] : NULL;
            /* REV-N names a revision, as in Alembic: the downgrade goes to it */
            return relative(g, spec, start, n, NULL, out, nout, &unused, err);
        }
        if (current) {
            mig_rev **h;
            size_t nh = mig_revset_heads(g, current, &h);
            if (nh > 1)
                return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is ambiguous", spec),
                                   mig_printf(a, "The current revisions have %zu heads: %s.", nh, list_revs(g, h, nh)),
                                   "Count from one of them: REV+N or REV-N, or along a branch: LABEL@-N.");
            start = nh ? h[0] : NULL;
        }
        return relative(g, spec, start, n, NULL, out, nout, from, err);
    }
    /* the spellings migc shares: head, ID, PREFIX, LABEL, NAME@head */
    mig_rg_hit h = mig_rg_resolve(&g->rg, spec);
    if (h.err) return target_error(g, spec, &h, err);
    return one(g, &g->revs[h.rev], out, nout);
}

int mig_target_resolve(const mig_revgraph *g, const char *spec, const mig_revset *current, mig_rev ***out, size_t *nout,
                       mig_rt_error *err)
{
    mig_rev *from;
    return resolve(g, spec, current, out, nout, &from, err);
}

/* ---- plans ---- */

static void plan_from_set(const mig_revgraph *g, const mig_revset *s, mig_direction dir, mig_plan *out)
{
    out->dir = dir;
    out->n = 0;
    out->revs = mig_alloc(g->a, (g->nrevs + 1) * sizeof *out->revs);
    if (dir == MIG_UPGRADE) {
        for (size_t i = 0; i < g->nrevs; i++)
            if (s->in[i]) out->revs[out->n++] = &g->revs[i];
    } else {
        for (size_t i = g->nrevs; i-- > 0;)
            if (s->in[i]) out->revs[out->n++] = &g->revs[i];
    }
}

int mig_plan_upgrade(const mig_revgraph *g, const mig_revset *applied, const char *target, mig_plan *out,
                     mig_rt_error *err)
{
    mig_rev **t;
    size_t nt;
    memset(out, 0, sizeof *out);
    if (mig_target_resolve(g, target, applied, &t, &nt, err)) return -1;
    mig_revset need = mig_revset_new(g);
    for (size_t i = 0; i < nt; i++) mig_revset_add_closure(&need, t[i]);
    for (size_t i = 0; i < g->nrevs; i++)
        if (applied && applied->in[i]) need.in[i] = false;
    plan_from_set(g, &need, MIG_UPGRADE, out);
    return 0;
}

int mig_plan_downgrade(const mig_revgraph *g, const mig_revset *applied, const char *target, mig_plan *out,
                       mig_rt_error *err)
{
    mig_arena *a = g->a;
    mig_rev **t, *from;
    size_t nt;
    memset(out, 0, sizeof *out);
    if (resolve(g, target, applied, &t, &nt, &from, err)) return -1;
    mig_revset drop = mig_revset_new(g);
    for (size_t i = 0; i < nt; i++) {
        if (!applied || !applied->in[t[i]->index])
            return mig_rt_fail(err, MIG_RT_PLAN, mig_printf(a, "cannot downgrade to \"%s\": it is not applied", t[i]->m->id),
                               "A downgrade goes back to a revision that is applied now.", "Use upgrade to move forward.");
        /* What stands on the target goes; what merely depends on it stays, since the
         * target stays (as Alembic: the roots to remove are the target's children). */
        if (!from)
            for (size_t c = 0; c < t[i]->nchildren; c++) add_from(&drop, t[i]->children[c]);
    }
    /* -N, LABEL@-N: the revisions walked down, and what is built on them (not the target's
     * other children: they are on other branches). LABEL@base: the branch from its root. */
    if (from) add_from(&drop, from);
    else if (nt == 0)
        for (size_t i = 0; i < g->nrevs; i++) drop.in[i] = true;
    for (size_t i = 0; i < g->nrevs; i++)
        if (!applied || !applied->in[i]) drop.in[i] = false;
    plan_from_set(g, &drop, MIG_DOWNGRADE, out);
    size_t nirr = 0;
    mig_rev **irr = mig_alloc(a, (out->n + 1) * sizeof *irr);
    for (size_t i = 0; i < out->n; i++)
        if (out->revs[i]->m->downgrade == MIG_DOWN_IRREVERSIBLE) irr[nirr++] = out->revs[i];
    if (nirr) {
        const char *to = nt == 0 ? (from ? mig_printf(a, "\"%s\"", target) : "base")
                         : nt == 1 ? mig_printf(a, "\"%s\"", t[0]->m->id)
                                   : list_revs(g, t, nt);
        return mig_rt_fail(err, MIG_RT_PLAN,
                           mig_printf(a, "cannot downgrade to %s: revision%s %s %s irreversible", to, nirr == 1 ? "" : "s",
                                      list_revs(g, irr, nirr), nirr == 1 ? "is" : "are"),
                           mig_printf(a, "The downgrade would undo %zu revision%s; an irreversible revision has no downgrade "
                                         "steps, so nothing is run.",
                                      out->n, out->n == 1 ? "" : "s"),
                           mig_printf(a, "Downgrade no further than \"%s\".", irr[nirr - 1]->m->id));
    }
    return 0;
}

bool mig_range_split(mig_arena *a, const char *spec, const char **from, const char **to)
{
    const char *c = strchr(spec, ':');
    if (!c || strchr(c + 1, ':')) return false;
    *from = mig_strndup(a, spec, (size_t)(c - spec));
    *to = c + 1;
    return true;
}

int mig_range_start(const mig_revgraph *g, const char *from, mig_revset *applied, mig_rt_error *err)
{
    *applied = mig_revset_new(g);
    memset(err, 0, sizeof *err);
    if (!*from || strcmp(from, "base") == 0) return 0;
    mig_rev **v;
    size_t n;
    if (mig_target_resolve(g, from, NULL, &v, &n, err)) return -1;
    for (size_t i = 0; i < n; i++) mig_revset_add_closure(applied, v[i]);
    return 0;
}

int mig_history_range(const mig_revgraph *g, const char *range, mig_rev ***out, size_t *nout, mig_rt_error *err)
{
    mig_arena *a = g->a;
    const char *from = "", *to = "";
    *out = NULL;
    *nout = 0;
    memset(err, 0, sizeof *err);
    if (range && !mig_range_split(a, range, &from, &to))
        return mig_rt_fail(err, MIG_RT_TARGET, mig_printf(a, "\"%s\" is not a range", range),
                           "A range is FROM:TO; either side may be left out (\":TO\", \"FROM:\").", NULL);
    mig_revset keep = mig_revset_new(g);
    for (size_t i = 0; i < g->nrevs; i++) keep.in[i] = true;
    if (*from && strcmp(from, "base") != 0) {
        mig_rev **v, *root;
        size_t n;
        if (resolve(g, from, NULL, &v, &n, &root, err)) return -1;
        mig_revset after = mig_revset_new(g);
        if (root) add_from(&after, root); /* LABEL@base: from the branch's root */
        for (size_t i = 0; i < n; i++) {
            after.in[v[i]->index] = true;
            add_descendants(&after, v[i]);
        }
        for (size_t i = 0; i < g->nrevs; i++) keep.in[i] = keep.in[i] && after.in[i];
    }
    if (*to && strcmp(to, "heads") != 0) {
        mig_rev **v;
        size_t n;
        if (mig_target_resolve(g, to, NULL, &v, &n, err)) return -1;
        mig_revset before = mig_revset_new(g);
        for (size_t i = 0; i < n; i++) mig_revset_add_closure(&before, v[i]);
        for (size_t i = 0; i < g->nrevs; i++) keep.in[i] = keep.in[i] && before.in[i];
    }
    *out = mig_alloc(a, (g->nrevs + 1) * sizeof **out);
    for (size_t i = g->nrevs; i-- > 0;)
        if (keep.in[i]) (*out)[(*nout)++] = &g->revs[i];
    return 0;
}
