/* condstep.c - see condstep.h. */
#include "condstep.h"

#include <string.h>

#include "schemacmp.h"

static const mig_p_column *find_col(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; t && i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0) return &t->columns[i];
    return NULL;
}

static const mig_p_index *find_index(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; t && i < t->nindexes; i++)
        if (strcmp(t->indexes[i].name, name) == 0) return &t->indexes[i];
    return NULL;
}

static bool has_feed(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; t && i < t->nchangefeeds; i++)
        if (strcmp(t->changefeeds[i].name, name) == 0) return true;
    return false;
}

static bool same_list(const char *const *a, uint32_t na, const char *const *b, uint32_t nb)
{
    if (na != nb) return false;
    for (uint32_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return true;
}

/* The live table against the one the step would have left: the differences as a warning. */
static void shape_warning(const mig_p_table *expected, const mig_p_table *live, const char *what, mig_buf *warn)
{
    mig_buf d = MIG_BUF_INIT;
    if (expected && mig_table_diff(expected, live, &d, 10)) {
        mig_buf_printf(warn, "%s exists with another shape than this revision expects; the step is skipped and the "
                             "later steps run on it as it is:\n", what);
        mig_buf_puts(warn, mig_buf_str(&d));
    }
    mig_buf_free(&d);
}

bool mig_cond_decide(mig_arena *a, const mig_p_step *st, const mig_p_table *live, mig_p_step *run, mig_buf *warn)
{
    *run = *st;
    const char *t = st->table;
    switch (st->kind) {
    case MIG_S_CREATE_TABLE:
        if (!live) return false;
        shape_warning(st->post, live, mig_printf(a, "table \"%s\"", t), warn);
        return true;
    case MIG_S_DROP_TABLE:
        return live == NULL;
    case MIG_S_ADD_COLUMN: {
        if (!live) return false; /* YDB says what is wrong */
        mig_p_column *v = mig_alloc(a, (st->ncolumns + 1) * sizeof *v);
        uint32_t n = 0;
        for (uint32_t i = 0; i < st->ncolumns; i++) {
            const mig_p_column *c = &st->columns[i], *l = find_col(live, c->name);
            if (!l) {
                v[n++] = *c;
                continue;
            }
            const mig_p_column *want = find_col(st->post, c->name);
            if (want && (want->type.id != l->type.id || !!want->not_null != !!l->not_null))
                shape_warning(st->post, live, mig_printf(a, "column \"%s\" of table \"%s\"", c->name, t), warn);
        }
        run->columns = v;
        run->ncolumns = n;
        return n == 0;
    }
    case MIG_S_DROP_COLUMN: {
        if (!live) return true;
        const char **v = mig_alloc(a, (st->nnames + 1) * sizeof *v);
        uint32_t n = 0;
        for (uint32_t i = 0; i < st->nnames; i++)
            if (find_col(live, st->names[i])) v[n++] = st->names[i];
        run->names = v;
        run->nnames = n;
        return n == 0;
    }
    case MIG_S_CREATE_INDEX: {
        const mig_p_index *l = find_index(live, st->index->name);
        if (!l) return false;
        if (!same_list(l->columns, l->ncolumns, st->index->columns, st->index->ncolumns) ||
            !same_list(l->cover, l->ncover, st->index->cover, st->index->ncover) ||
            !!l->unique != !!st->index->unique || !!l->async != !!st->index->async)
            shape_warning(st->post, live, mig_printf(a, "index \"%s\" on table \"%s\"", st->index->name, t), warn);
        return true;
    }
    case MIG_S_DROP_INDEX:
        return find_index(live, st->name) == NULL;
    case MIG_S_ADD_CHANGEFEED:
        return has_feed(live, st->name);
    case MIG_S_DROP_CHANGEFEED:
        return !has_feed(live, st->name);
    default:
        return false; /* no condition on the other kinds: run it */
    }
}
