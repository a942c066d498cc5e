/* sema_backfill.c - the backfill step: the table, the columns it sets and reads, its
 * options. The expressions stay YQL text; what can be checked here is checked (sema_yql.c):
 * every column they name exists, no key column is set, and a `not null` column is not set
 * to NULL. Also what the steps that page through a table in key order share (rebuild_table
 * too): the key they page by, the rows per page. */
#include "sema_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "literal.h"

#define BATCH_MAX 100000

bool sema_rows_per_page(sema_ctx *s, const mig_lit *batch, uint32_t *out)
{
    *out = MIG_BATCH_DEFAULT;
    if (!batch) return true;
    long long n = batch->kind == MIG_LIT_INT && !batch->neg ? mig_lit_ll(batch) : 0;
    if (n < 1 || n > BATCH_MAX) {
        ERR(batch->loc, "batch must be a whole number of rows from 1 to %d", BATCH_MAX);
        return false;
    }
    *out = (uint32_t)n;
    return true;
}

bool sema_pageable(sema_ctx *s, const mig_table *t, mig_loc at, const char *verb, const char *step)
{
    bool ok = true;
    for (size_t i = 0; i < t->npk; i++) {
        int k = mig_table_col(t, t->pk[i]);
        if (k >= 0 && !t->cols[k].not_null) {
            mig_diag *g = ERR(at, "cannot %s table \"%s\": its key column \"%s\" may be NULL", verb, t->path, t->pk[i]);
            HINT(g, "%s pages through the table in key order, which rows with a NULL key fall out of. Use a "
                    "yql step for such a table.", step);
            ok = false;
        }
    }
    return ok;
}

bool sema_op_backfill(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = sema_pageable(s, t, st->table.loc, "backfill", "backfill");
    op->names = mig_alloc(s->a, st->nassigns * sizeof *op->names);
    op->exprs = mig_alloc(s->a, st->nassigns * sizeof *op->exprs);
    for (size_t i = 0; i < st->nassigns; i++) {
        const mig_assign *as = &st->assigns[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(st->assigns[j].col.s, as->col.s) == 0) {
                ERR(as->col.loc, "column \"%s\" is set twice", as->col.s);
                ok = false;
            }
        int k = sema_need_col(s, t, &as->col);
        bool key = k >= 0 && mig_table_is_key(t, as->col.s);
        if (k < 0) {
            ok = false;
        } else if (key) {
            mig_diag *g = ERR(as->col.loc, "cannot backfill key column \"%s\" of table \"%s\"", as->col.s, t->path);
            HINT(g, "YDB cannot change a row's key in place: an UPDATE sets other columns only.");
            ok = false;
        }
        const char *null_hint = mig_printf(s->a, "Give it a value, or make the column nullable first (alter_column %s %s "
                                                 "< null; >).", t->path, as->col.s);
        if (!sema_yql_expr_ok(s, t, as, k >= 0 && !key && t->cols[k].not_null, null_hint)) ok = false;
        op->names[op->nnames++] = as->col.s;
        op->exprs[i] = as->expr;
    }
    if (st->body) {
        if (sema_yql_blank(st->body, st->body_len)) {
            ERR(st->body_loc, "the where condition is empty");
            ok = false;
        } else if (!sema_yql_names_ok(s, t, st->body, st->body_len, st->body_loc)) {
            ok = false;
        }
        op->body = st->body;
        op->body_len = st->body_len;
    }
    if (!sema_rows_per_page(s, st->batch, &op->batch)) ok = false;
    if (st->pause) {
        int64_t ms = 0;
        if (!mig_duration_parse_ms(s->d, s->src, st->pause, &ms)) ok = false;
        else if (ms > 3600 * 1000) {
            ERR(st->pause->loc, "a pause between pages of more than an hour is not supported");
            ok = false;
        } else {
            op->pause_ms = (uint32_t)ms;
        }
    }
    return ok;
}
