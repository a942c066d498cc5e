/* ptable.c - see ptable.h. */
#include "ptable.h"

#include "../common/migtext.h"

mig_p_type mig_ptype_of(const mig_coltype *t)
{
    return (mig_p_type){t->id, t->precision, t->scale, t->serial, 0};
}

static const mig_p_kv *kvs(mig_arena *a, const mig_kv *v, size_t n)
{
    mig_p_kv *r = mig_alloc(a, (n + 1) * sizeof *r);
    for (size_t i = 0; i < n; i++) r[i] = (mig_p_kv){v[i].key, v[i].value, mig_setting_kind(v[i].key, v[i].value), 0};
    return r;
}

const mig_p_table *mig_ptable_of(mig_arena *a, const mig_table *t)
{
    mig_p_table *p = mig_alloc(a, sizeof *p);
    p->path = t->path;
    mig_p_column *cols = mig_alloc(a, (t->ncols + 1) * sizeof *cols);
    for (size_t i = 0; i < t->ncols; i++) {
        const mig_scol *c = &t->cols[i];
        cols[i] = (mig_p_column){.name = c->name, .type = mig_ptype_of(&c->type), .not_null = c->not_null,
                                 .has_default = c->has_default, .family = c->family};
        if (c->has_default && !c->def.is_null) cols[i].default_value = c->def.text;
    }
    p->columns = cols;
    p->ncolumns = (uint32_t)t->ncols;
    p->key = t->pk;
    p->nkey = (uint32_t)t->npk;
    mig_p_index *ix = mig_alloc(a, (t->nindexes + 1) * sizeof *ix);
    for (size_t i = 0; i < t->nindexes; i++) {
        const mig_sindex *x = &t->indexes[i];
        ix[i] = (mig_p_index){.name = x->name, .columns = x->cols, .ncolumns = (uint32_t)x->ncols,
                              .ncover = (uint32_t)x->ncover, .cover = x->cover, .unique = x->unique, .async = x->async};
    }
    p->indexes = ix;
    p->nindexes = (uint32_t)t->nindexes;
    mig_p_family *fam = mig_alloc(a, (t->nfamilies + 1) * sizeof *fam);
    for (size_t i = 0; i < t->nfamilies; i++)
        fam[i] = (mig_p_family){t->families[i].name, t->families[i].data, t->families[i].compression};
    p->families = fam;
    p->nfamilies = (uint32_t)t->nfamilies;
    if (t->ttl.set) p->ttl = (mig_p_ttl){t->ttl.col, t->ttl.seconds, t->ttl.unit};
    p->settings = kvs(a, t->settings, t->nsettings);
    p->nsettings = (uint32_t)t->nsettings;
    mig_p_changefeed *feeds = mig_alloc(a, (t->nfeeds + 1) * sizeof *feeds);
    for (size_t i = 0; i < t->nfeeds; i++)
        feeds[i] = (mig_p_changefeed){t->feeds[i].name, kvs(a, t->feeds[i].opts, t->feeds[i].nopts),
                                      (uint32_t)t->feeds[i].nopts, 0};
    p->changefeeds = feeds;
    p->nchangefeeds = (uint32_t)t->nfeeds;
    return p;
}

static mig_p_column pcol(const mig_scol *c)
{
    mig_p_column r = {.name = c->name, .type = mig_ptype_of(&c->type), .not_null = c->not_null,
                      .has_default = c->has_default, .family = c->family};
    if (c->has_default && !c->def.is_null) r.default_value = c->def.text;
    return r;
}

const mig_p_step *mig_pstep_of(mig_arena *a, const mig_op *op, const mig_table *pre)
{
    mig_p_step *p = mig_alloc(a, sizeof *p);
    p->kind = (uint32_t)op->kind + 1; /* MIG_S_* follow steps.def from 1 */
    p->cond = (uint32_t)op->cond;
    p->table = op->table;
    p->to = op->to;
    p->name = op->name;
    p->name2 = op->name2;
    if (op->def) p->def = mig_ptable_of(a, op->def);
    if (pre) p->pre = mig_ptable_of(a, pre);
    if (op->ncols) {
        mig_p_column *v = mig_alloc(a, op->ncols * sizeof *v);
        for (size_t i = 0; i < op->ncols; i++) v[i] = pcol(&op->cols[i]);
        p->columns = v;
        p->ncolumns = (uint32_t)op->ncols;
    }
    p->names = op->names;
    p->nnames = (uint32_t)op->nnames;
    p->exprs = op->exprs;
    p->batch = op->batch;
    p->pause_ms = op->pause_ms;
    p->flags = op->replace ? MIG_PSTEP_REPLACE : 0;
    if (op->nchanges) {
        mig_p_change *v = mig_alloc(a, op->nchanges * sizeof *v);
        for (size_t i = 0; i < op->nchanges; i++) {
            const mig_opchange *c = &op->changes[i];
            switch (c->kind) {
            case MIG_CHG_NULL: v[i].kind = MIG_CH_DROP_NOT_NULL; break;
            case MIG_CHG_FAMILY: v[i].kind = MIG_CH_SET_FAMILY; v[i].family = c->family; break;
            case MIG_CHG_DEFAULT:
                v[i].kind = MIG_CH_SET_DEFAULT;
                v[i].default_value = c->def.is_null ? NULL : c->def.text;
                break;
            case MIG_CHG_DROP_DEFAULT: v[i].kind = MIG_CH_DROP_DEFAULT; break;
            default: break;
            }
        }
        p->changes = v;
        p->nchanges = (uint32_t)op->nchanges;
    }
    if (op->index) {
        const mig_sindex *x = op->index;
        mig_p_index *ix = mig_alloc(a, sizeof *ix);
        *ix = (mig_p_index){.name = x->name, .columns = x->cols, .ncolumns = (uint32_t)x->ncols,
                            .ncover = (uint32_t)x->ncover, .cover = x->cover, .unique = x->unique, .async = x->async};
        p->index = ix;
    }
    if (op->kind == MIG_STEP_SET_TTL) p->ttl = (mig_p_ttl){op->ttl.col, op->ttl.seconds, op->ttl.unit};
    if (op->nsettings) {
        p->settings = kvs(a, op->settings, op->nsettings);
        p->nsettings = (uint32_t)op->nsettings;
    }
    return p;
}

void mig_schema_print_mig(mig_arena *a, mig_buf *b, const mig_schema *s)
{
    for (const mig_table *t = mig_schema_first(s); t; t = mig_schema_next(s, t)) {
        if (t != mig_schema_first(s)) mig_buf_putc(b, '\n');
        const char *why = NULL;
        /* every name of a checked schema can be written: the parser read it */
        (void)mig_text_table(a, b, NULL, mig_ptable_of(a, t), "", &why);
    }
}
