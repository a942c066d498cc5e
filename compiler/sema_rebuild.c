/* sema_rebuild.c - the rebuild_table step: a table copied into a new shape (what YDB cannot
 * change in place: the key, a column's type, `not null` on an existing column) and swapped
 * in, the old table kept as T__before_<REV>.
 *
 * The new body is checked as create_table's; each new column gets its value from the copy
 * expression named for it (YQL over the old row, whose bare names must be old columns),
 * else from the old column of the same name, else none (NULL or its default). The names of
 * the shadow and kept tables come from the revision id, so they are known here and in the
 * replayed schema.
 */
#include "sema_int.h"

#include <string.h>

#include "../common/migtext.h"

const char *mig_rebuild_hint(mig_arena *a, mig_rebuild_why why, const char *table, const char *col, const char *type)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "YDB cannot do this in place: use rebuild_table, which copies the rows into a table of the new "
                     "shape and swaps it in (the old table is kept as ");
    mig_buf_printf(&b, "%s__before_<revision>). For example: `rebuild_table ", table);
    mig_text_path(&b, table);
    if (why == MIG_REBUILD_SHAPE) {
        mig_buf_puts(&b, " < the new columns, key and indexes >;`");
    } else {
        mig_buf_puts(&b, " < ...; ");
        mig_text_name(&b, col);
        mig_buf_printf(&b, " %s%s; ... > copy < ", type, why == MIG_REBUILD_NOT_NULL ? " not null" : "");
        mig_text_name(&b, col);
        mig_buf_puts(&b, " = \"");
        if (why == MIG_REBUILD_TYPE) mig_buf_printf(&b, "CAST(%s AS %s)", col, type);
        else mig_buf_printf(&b, "COALESCE(%s, <value>)", col);
        mig_buf_puts(&b, "\"; >;`");
    }
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* The copy entry for column `name`, or NULL. */
static const mig_assign *copy_of(const mig_step *st, const char *name)
{
    for (size_t i = 0; i < st->nassigns; i++)
        if (strcmp(st->assigns[i].col.s, name) == 0) return &st->assigns[i];
    return NULL;
}

/* Where the new body declares column `name` (the step's table when not found). */
static mig_loc column_loc(const mig_step *st, const char *name)
{
    for (size_t i = 0; i < st->nitems; i++)
        if (st->items[i].kind == MIG_ITEM_COLUMN && strcmp(st->items[i].column->name.s, name) == 0)
            return st->items[i].column->name.loc;
    return st->table.loc;
}

/* A table this step names for itself must not be there already. */
static bool name_free(sema_ctx *s, const mig_schema *cur, const mig_step *st, const char *path, const char *what)
{
    const mig_table *x = mig_schema_find(cur, path);
    if (!x) return true;
    mig_diag *g = ERR(st->table.loc, "cannot rebuild table \"%s\": table \"%s\" already exists", st->table.s, path);
    sema_note_at(s, g, x->where, "created here");
    HINT(g, "rebuild_table %s under that name. Drop or rename that table first, or rebuild in another revision.", what);
    return false;
}

/* The copy block: each entry names a new column once, and its expression reads old
 * columns. */
static bool check_copies(sema_ctx *s, const mig_step *st, const mig_table *old, const mig_table *t)
{
    bool ok = true;
    for (size_t i = 0; i < st->nassigns; i++) {
        const mig_assign *as = &st->assigns[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(st->assigns[j].col.s, as->col.s) == 0) {
                mig_diag *g = ERR(as->col.loc, "column \"%s\" is copied twice", as->col.s);
                mig_note(s->d, g, s->src, st->assigns[j].col.loc, "first copied here");
                ok = false;
            }
        int k = mig_table_col(t, as->col.s);
        if (k < 0) {
            mig_diag *g = ERR(as->col.loc, "the copy block names column \"%s\", which the new table \"%s\" does not have",
                              as->col.s, t->path);
            const char **c = mig_alloc(s->a, (t->ncols + 1) * sizeof *c);
            for (size_t n = 0; n < t->ncols; n++) c[n] = t->cols[n].name;
            sema_suggest(s, g, as->col.s, c, t->ncols);
            HINT(g, "Each entry gives a column of the new body its value from the old row: `NEW_COLUMN = \"EXPR\";`.");
            ok = false;
        }
        if (!sema_yql_expr_ok(s, old, as, k >= 0 && t->cols[k].not_null,
                              "Give it a value, or declare it without `not null` in the new body."))
            ok = false;
    }
    return ok;
}

/* Every column of the new shape and its source: the copy expression, the old column of the
 * same name (backticked), or none. */
static bool sources(sema_ctx *s, const mig_step *st, const mig_table *old, const mig_table *t, mig_op *op)
{
    bool ok = true;
    op->names = mig_alloc(s->a, (t->ncols + 1) * sizeof *op->names);
    op->exprs = mig_alloc(s->a, (t->ncols + 1) * sizeof *op->exprs);
    op->nnames = t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        const mig_scol *c = &t->cols[i];
        const mig_assign *as = copy_of(st, c->name);
        op->names[i] = c->name;
        if (as) op->exprs[i] = mig_strndup(s->a, as->expr, as->expr_len);
        else if (mig_table_col(old, c->name) >= 0) op->exprs[i] = mig_rebuild_by_name(s->a, c->name);
        else if (c->not_null && !c->has_default) {
            mig_diag *g = ERR(column_loc(st, c->name), "column \"%s\" is not null and gets no value", c->name);
            mig_detail(s->d, g, "Table \"%s\" has no column \"%s\" before the rebuild, and the copy block sets none.",
                       old->path, c->name);
            HINT(g, "Add `copy < %s = \"EXPR\"; >` (YQL over the old row), give the column a default, or make it nullable.",
                 c->name);
            ok = false;
        }
    }
    return ok;
}

const char *mig_rebuild_by_name(mig_arena *a, const char *col) { return mig_printf(a, "`%s`", col); }

bool sema_op_rebuild_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *old = sema_need_table(s, cur, &st->table);
    bool ok = sema_table_body(s, st, op);
    if (!old) return false;
    const char *rev = s->rev ? s->rev->id : "";
    op->name = mig_printf(s->a, "%s__rebuild_%s", st->table.s, rev);
    op->to = mig_printf(s->a, "%s__before_%s", st->table.s, rev);
    if (!name_free(s, cur, st, op->to, "keeps the old table")) ok = false;
    if (!name_free(s, cur, st, op->name, "builds the new table")) ok = false;
    if (!sema_pageable(s, old, st->table.loc, "rebuild", "rebuild_table")) ok = false;
    if (old->nfeeds) {
        mig_diag *g = ERR(st->kw_loc, "table \"%s\" has a changefeed (\"%s\") and cannot be rebuilt", old->path,
                          old->feeds[0].name);
        HINT(g, "The rebuild renames the table, and YDB cannot rename a table with changefeeds. Drop the changefeed "
                "first (drop_changefeed), and add it to the rebuilt table afterwards.");
        ok = false;
    }
    if (!op->def) return false;
    if (!check_copies(s, st, old, op->def)) ok = false;
    if (!sources(s, st, old, op->def, op)) ok = false;
    if (!sema_rows_per_page(s, st->batch, &op->batch)) ok = false;
    return ok;
}
