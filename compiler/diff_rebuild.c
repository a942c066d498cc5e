/* diff_rebuild.c - `migc diff` for a table YDB cannot reshape in place (decision 0032): a
 * primary-key change, a column type change, `not null` on an existing column, a key
 * column's nullability, other column families. One rebuild_table step states the whole
 * declared table; copy expressions are written only where copying by name would not do.
 * What rebuild_table itself cannot do (sema_rebuild.c) is refused here, before anything is
 * written. */
#include <string.h>

#include "../common/ydbtype.h"
#include "diff_int.h"
#include "sema.h"
#include "types.h"

static bool same_type(const mig_coltype *a, const mig_coltype *b)
{
    return a->id == b->id && a->precision == b->precision && a->scale == b->scale && a->serial == b->serial;
}

/* why, with one more reason. */
static const char *and_why(diff_ctx *x, const char *why, const char *more)
{
    return why ? mig_printf(x->a, "%s; %s", why, more) : more;
}

/* Why h must be rebuilt to become w ("; " between the reasons), or NULL when it need not. */
static const char *rebuild_why(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *why = NULL;
    bool key_same = h->npk == w->npk;
    for (size_t i = 0; key_same && i < h->npk; i++) key_same = strcmp(h->pk[i], w->pk[i]) == 0;
    if (!key_same)
        why = and_why(x, why, mig_printf(x->a, "the primary key changes from %s to %s", diff_key_str(x->a, h),
                                         diff_key_str(x->a, w)));
    if (!diff_same_families(h, w)) why = and_why(x, why, "its column families change");
    for (size_t i = 0; i < w->ncols; i++) {
        const mig_scol *wc = &w->cols[i];
        int j = mig_table_col(h, wc->name);
        if (j < 0) continue;
        const mig_scol *hc = &h->cols[j];
        char tb1[64], tb2[64];
        if (!same_type(&hc->type, &wc->type))
            why = and_why(x, why, mig_printf(x->a, "column \"%s\" changes type from %s to %s", wc->name,
                                             mig_coltype_str(&hc->type, true, tb1), mig_coltype_str(&wc->type, true, tb2)));
        else if (key_same && mig_table_is_key(w, wc->name)) {
            if (hc->not_null != wc->not_null)
                why = and_why(x, why, mig_printf(x->a, "key column \"%s\" changes nullability", wc->name));
        } else if (!hc->not_null && wc->not_null && !mig_table_is_key(w, wc->name))
            why = and_why(x, why, mig_printf(x->a, "column \"%s\" becomes not null", wc->name));
    }
    return why;
}

/* Does YQL convert a value of type `from` to `to` on its own, losing nothing (an integer to
 * one whose range holds it; Float to Double; Utf8 to String)? */
static bool implicit(const mig_coltype *from, const mig_coltype *to)
{
    const mig_ptype_info *f = mig_ptype_info_of(from->id), *t = mig_ptype_info_of(to->id);
    if (f && t && f->integer && t->integer) return t->max >= f->max && t->negmax >= f->negmax;
    return (from->id == MIG_PT_FLOAT && to->id == MIG_PT_DOUBLE) || (from->id == MIG_PT_UTF8 && to->id == MIG_PT_STRING);
}

/* The source of new column wc, copied from old column hc: NULL (by name: the runtime
 * copies `wc` and unwraps a nullable one into a `not null` column, decision 0029), or a
 * CAST. A CAST that can fail gives an optional value, which a `not null` column does not
 * take: there it is unwrapped, and a value that does not convert stops the step. */
static const char *copy_expr(diff_ctx *x, const mig_scol *hc, const mig_scol *wc)
{
    if (same_type(&hc->type, &wc->type) || implicit(&hc->type, &wc->type)) return NULL; /* (Serial: refused) */
    char tb[64];
    const char *cast = mig_printf(x->a, "CAST(`%s` AS %s)", hc->name, mig_coltype_str(&wc->type, false, tb));
    bool never_fails = mig_type_is_integer(hc->type.id) && wc->type.id == MIG_PT_STRING;
    if (wc->not_null && (!hc->not_null || !never_fails)) cast = mig_printf(x->a, "Unwrap(%s)", cast);
    return cast;
}

/* What rebuild_table cannot do for this table; false after refusing it. */
static bool rebuildable(diff_ctx *x, const mig_table *h, const mig_table *w, const char *why)
{
    bool ok = true;
    if (h->nfeeds) {
        mig_diag *g = diff_refuse(x, w->where, w->path,
                                  mig_printf(x->a, "it must be rebuilt (%s), and it has a changefeed (\"%s\")", why,
                                             h->feeds[0].name));
        mig_hint(x->d, g, "rebuild_table renames the table, and YDB cannot rename a table with changefeeds. Declare the "
                          "table without its changefeeds and its old shape, run `migc diff` (a revision that drops them), "
                          "then declare the new shape; add the changefeeds back with it.");
        ok = false;
    }
    for (size_t i = 0; i < h->npk; i++) {
        int k = mig_table_col(h, h->pk[i]);
        if (k < 0 || h->cols[k].not_null) continue;
        mig_diag *g = diff_refuse(x, w->where, w->path,
                                  mig_printf(x->a, "it must be rebuilt (%s), and its key column \"%s\" may be NULL at head",
                                             why, h->pk[i]));
        mig_hint(x->d, g, "rebuild_table copies the rows in key order, which rows with a NULL key fall out of. Write "
                          "the change by hand with `migc new` (a new table, a yql step to copy, rename_table).");
        ok = false;
    }
    for (size_t i = 0; i < w->ncols; i++) {
        const mig_scol *wc = &w->cols[i];
        if (mig_table_col(h, wc->name) >= 0) continue;
        const mig_rename *r = diff_find_rename(x, MIG_RENAME_COLUMN, w->path, wc->name);
        if (r && mig_table_col(h, r->from) >= 0 && mig_table_col(w, r->from) < 0) {
            diff_refuse_column_rename(x, r, w->path, wc->name);
            ok = false;
        } else if (wc->not_null && !wc->has_default) {
            diff_refuse_not_null_add(x, wc, w->path);
            ok = false;
        }
        if (wc->type.serial) {
            mig_diag *g = diff_refuse(x, wc->where, w->path,
                                      mig_printf(x->a, "it must be rebuilt (%s), and its new column \"%s\" is a Serial "
                                                       "column", why, wc->name));
            mig_hint(x->d, g, "Write the rebuild by hand with `migc new`, or add the Serial column in a revision of "
                              "its own.");
            ok = false;
        }
    }
    for (size_t i = 0; i < w->ncols; i++) {
        int j = mig_table_col(h, w->cols[i].name);
        if (j < 0 || (!w->cols[i].type.serial && !h->cols[j].type.serial)) continue;
        mig_diag *g = diff_refuse(x, w->cols[i].where, w->path,
                                  mig_printf(x->a, "it must be rebuilt (%s), and column \"%s\" is a Serial column", why,
                                             w->cols[i].name));
        mig_hint(x->d, g, "The rebuilt table's sequence would start again at 1, below the copied values. Write the "
                          "rebuild by hand with `migc new`.");
        ok = false;
    }
    return ok;
}

bool diff_rebuild(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *why = rebuild_why(x, h, w);
    if (!why) return false;
    if (!rebuildable(x, h, w, why)) return true;
    const char *note = mig_printf(x->a,
                                  "rebuilds table \"%s\": its rows are copied into the new shape; the old table is kept "
                                  "as %s__before_<revision id> for a later drop_table",
                                  w->path, w->path);
    mig_op *op = diff_emit(x, PH_REBUILD, MIG_STEP_REBUILD_TABLE, w->path, note);
    op->def = diff_new_shape(x, w);
    /* the revision id is not known yet: these names serve the replay only (the printed
     * step does not hold them) */
    op->name = mig_printf(x->a, "%s__rebuild_<revision id>", w->path);
    op->to = mig_printf(x->a, "%s__before_<revision id>", w->path);
    op->names = mig_alloc(x->a, (w->ncols + 1) * sizeof *op->names);
    op->exprs = mig_alloc(x->a, (w->ncols + 1) * sizeof *op->exprs);
    op->nnames = w->ncols;
    for (size_t i = 0; i < w->ncols; i++) {
        const mig_scol *wc = &w->cols[i];
        int j = mig_table_col(h, wc->name);
        op->names[i] = wc->name;
        const char *e = j >= 0 ? copy_expr(x, &h->cols[j], wc) : NULL;
        op->exprs[i] = e ? e : j >= 0 ? mig_rebuild_by_name(x->a, wc->name) : NULL;
    }
    op->batch = MIG_BATCH_DEFAULT;
    mig_diag *g = mig_report_plain(x->d, MIG_SEV_WARNING, "table \"%s\" is rebuilt: %s", w->path, why);
    mig_hint(x->d, g, "rebuild_table copies every row into a table of the new shape and swaps it in; run it when the "
                      "application does not write the table. The old table stays as %s__before_<revision id>; the next "
                      "`migc diff` proposes dropping it.",
             w->path);
    return true;
}
