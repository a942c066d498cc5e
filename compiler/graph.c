/* graph.c - see graph.h: the project's revisions as records of common/revgraph, and the
 * diagnostics about the graph, located in the .mig headers: duplicate ids, names that
 * resolve to nothing or to the revision itself, cycles, duplicate labels, labels that are
 * ids. Lookups are graph_resolve.c's.
 *
 * Revisions are numbered by load order (their index in p->revs), which is also the
 * index of their record in the graph.
 */
#include "graph_int.h"

#include <string.h>

/* `revision "x"`, or `this revision` when the file has no readable id. */
static const char *subject(mig_arena *a, const mig_revision *r)
{
    return r->id ? mig_printf(a, "revision \"%s\"", r->id) : "this revision";
}

/* The names of a header as strings (none when there is no header). */
static const char **header_names(mig_arena *a, const mig_header *h, size_t *n)
{
    *n = h ? h->names.n : 0;
    const char **v = mig_alloc(a, (*n + 1) * sizeof *v);
    for (size_t k = 0; k < *n; k++) v[k] = h->names.v[k].s;
    return v;
}

/* Where h names `name` (false when it does not). */
static bool name_in(const mig_header *h, const char *name, mig_loc *at)
{
    for (size_t i = 0; h && i < h->names.n; i++)
        if (strcmp(h->names.v[i].s, name) == 0) {
            *at = h->names.v[i].loc;
            return true;
        }
    return false;
}

/* Where r's file first gives label `name`. */
static mig_loc label_loc(const mig_revision *r, const char *name)
{
    mig_loc at = r->id_loc;
    for (size_t hi = 0; hi < r->file->nheaders; hi++)
        if (r->file->headers[hi]->kind == MIG_HDR_LABEL && name_in(r->file->headers[hi], name, &at)) break;
    return at;
}

static void report_duplicate_ids(mig_project *p, const mig_rg *g)
{
    for (size_t i = 0; i < p->nrevs; i++) {
        if (!g->nodes[i].dup) continue;
        const mig_revision *r = p->revs[i], *first = p->revs[g->nodes[i].first];
        mig_diag *d = mig_report(p->diags, MIG_SEV_ERROR, r->src, r->id_loc, "duplicate revision id \"%s\"", r->id);
        mig_note(p->diags, d, first->src, first->id_loc, "first defined here");
        p->graph_broken = true;
    }
}

/* Every label header name a revision keeps (project.c keeps the valid, first-in-file
 * ones), as often as the file gives it. */
static void report_labels(mig_project *p, const mig_rg *g)
{
    for (size_t i = 0; i < p->nrevs; i++) {
        const mig_revision *r = p->revs[i];
        for (size_t hi = 0; r->id && !g->nodes[i].dup && hi < r->file->nheaders; hi++) {
            const mig_header *h = r->file->headers[hi];
            if (h->kind != MIG_HDR_LABEL) continue;
            for (size_t k = 0; k < h->names.n; k++) {
                const mig_name *nm = &h->names.v[k];
                size_t l = 0;
                while (l < r->nlabels && strcmp(r->labels[l], nm->s) != 0) l++;
                if (l == r->nlabels) continue;
                const mig_rg_labst *st = &g->nodes[i].label[l];
                if (st->st == MIG_RG_LABEL_TAKEN) {
                    const mig_revision *o = p->revs[st->other];
                    mig_diag *d = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "duplicate label \"%s\"", nm->s);
                    mig_note(p->diags, d, o->src, label_loc(o, nm->s), "revision \"%s\" has label \"%s\" here", o->id,
                             nm->s);
                } else if (st->st == MIG_RG_LABEL_IS_ID) {
                    const mig_revision *o = p->revs[st->other];
                    mig_diag *d = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc,
                                             "label \"%s\" is also a revision id", nm->s);
                    mig_detail(p->diags, d, "A label must not be mistaken for a revision id.");
                    mig_note(p->diags, d, o->src, o->id_loc, "revision \"%s\" is defined here", o->id);
                }
            }
        }
    }
}

static void report_unknown(mig_project *p, const mig_rg *g, uint32_t i, const mig_name *nm, bool depends)
{
    const mig_revision *r = p->revs[i];
    mig_diag *d = mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s %s \"%s\", which does not exist",
                             subject(p->arena, r), depends ? "depends on" : "revises", nm->s);
    uint32_t li = mig_rg_label(g, nm->s);
    if (li != MIG_RG_NONE) {
        mig_hint(p->diags, d, "\"%s\" is the label of revision \"%s\"; %s names revision ids.", nm->s, p->revs[li]->id,
                 depends ? "depends_on" : "revises");
        return;
    }
    uint32_t s = mig_rg_suggest(g, nm->s, i);
    if (s != MIG_RG_NONE) mig_hint(p->diags, d, "Did you mean \"%s\"?", p->revs[s]->id);
}

/* What each revises / depends_on name became, reported where it is written; then the
 * resolved edges as the revisions' parents, deps and children. */
static void report_edges(mig_project *p, const mig_rg *g, uint32_t i)
{
    mig_arena *a = p->arena;
    mig_revision *r = p->revs[i];
    const mig_rg_node *nd = &g->nodes[i];
    size_t np = r->h_revises ? r->h_revises->names.n : 0;
    for (size_t k = 0; k < np + (r->h_depends ? r->h_depends->names.n : 0); k++) {
        bool depends = k >= np;
        const mig_name *nm = depends ? &r->h_depends->names.v[k - np] : &r->h_revises->names.v[k];
        switch (nd->edge[k]) {
        case MIG_RG_EDGE_UNKNOWN:
            report_unknown(p, g, i, nm, depends);
            p->graph_broken = true;
            break;
        case MIG_RG_EDGE_SELF:
            mig_report(p->diags, MIG_SEV_ERROR, r->src, nm->loc, "%s %s itself", subject(a, r),
                       depends ? "depends on" : "revises");
            p->graph_broken = true;
            break;
        case MIG_RG_EDGE_PARENT: {
            mig_diag *d = mig_report(p->diags, MIG_SEV_WARNING, r->src, nm->loc,
                                     "%s depends on \"%s\", which it already revises", subject(a, r), nm->s);
            mig_hint(p->diags, d, "Remove \"%s\" from depends_on: a parent is always applied first.", nm->s);
            break;
        }
        default: break;
        }
    }
    r->nparents = nd->npar;
    r->ndeps = nd->npred - nd->npar;
    r->parents = mig_alloc(a, (r->nparents + 1) * sizeof *r->parents);
    r->deps = mig_alloc(a, (r->ndeps + 1) * sizeof *r->deps);
    for (size_t k = 0; k < nd->npred; k++) {
        if (k < nd->npar) r->parents[k] = p->revs[nd->pred[k]];
        else r->deps[k - nd->npar] = p->revs[nd->pred[k]];
    }
    r->nchildren = r->ccap = nd->nchildren;
    r->children = mig_alloc(a, (r->nchildren + 1) * sizeof *r->children);
    for (size_t k = 0; k < nd->nchildren; k++) r->children[k] = p->revs[nd->children[k]];
}

/* Each cycle, from its first-loaded revision, at the name that leads on along it. */
static void report_cycle(mig_project *p, const mig_rg_cycle *c)
{
    mig_arena *a = p->arena;
    const mig_revision *rs = p->revs[c->path[0]];
    char *text = mig_printf(a, "\"%s\"", rs->id);
    for (size_t k = 1; k < c->len; k++) text = mig_printf(a, "%s -> \"%s\"", text, p->revs[c->path[k]]->id);
    text = mig_printf(a, "%s -> \"%s\"", text, rs->id);
    const char *next = p->revs[c->path[c->len > 1 ? 1 : 0]]->id;
    mig_loc at = rs->h_revises ? rs->h_revises->kw_loc : rs->id_loc;
    if (!name_in(rs->h_revises, next, &at)) name_in(rs->h_depends, next, &at);
    mig_diag *d = mig_report(p->diags, MIG_SEV_ERROR, rs->src, at, "revisions form a cycle: %s", text);
    mig_detail(p->diags, d, "Each revision revises or depends on the next one, so none of them can be applied first.");
    mig_hint(p->diags, d, "Make one of them revise a revision outside the cycle, or base.");
    p->graph_broken = true;
}

unsigned mig_graph_build(mig_project *p)
{
    if (p->index) return 0;
    mig_arena *a = p->arena;
    unsigned before = p->diags->nerrors;
    gindex *x = mig_alloc(a, sizeof *x);
    p->index = x;
    x->recs = mig_alloc(a, (p->nrevs + 1) * sizeof *x->recs);
    for (size_t i = 0; i < p->nrevs; i++) {
        mig_revision *r = p->revs[i];
        mig_rg_rec *rec = &x->recs[i];
        rec->id = r->id;
        rec->parents = header_names(a, r->h_revises, &rec->nparents);
        rec->depends = header_names(a, r->h_depends, &rec->ndepends);
        rec->labels = r->labels;
        rec->nlabels = r->nlabels;
        rec->broken = r->broken;
        x->uncertain |= !r->id;
    }
    mig_rg *g = &x->g;
    mig_rg_build(a, g, x->recs, p->nrevs);

    report_duplicate_ids(p, g);
    report_labels(p, g);
    for (uint32_t i = 0; i < p->nrevs; i++)
        if (p->revs[i]->id) report_edges(p, g, i);
    for (size_t c = 0; c < g->ncycles; c++) report_cycle(p, &g->cycles[c]);
    for (size_t i = 0; i < p->nrevs; i++) x->uncertain |= g->nodes[i].dup;
    x->uncertain |= g->ncycles > 0;

    p->nheads = g->nheads;
    p->heads = mig_alloc(a, (g->nheads + 1) * sizeof *p->heads);
    for (size_t k = 0; k < g->nheads; k++) p->heads[k] = p->revs[g->heads[k]];
    p->norder = g->norder;
    p->order = mig_alloc(a, (g->norder + 1) * sizeof *p->order);
    for (size_t i = 0; i < p->nrevs; i++) {
        p->revs[i]->in_order = g->nodes[i].in_order;
        p->revs[i]->topo = g->nodes[i].topo;
    }
    for (size_t k = 0; k < g->norder; k++) p->order[k] = p->revs[g->order[k]];
    return p->diags->nerrors - before;
}
