/* sema_backfill.c - the backfill step: the table, the columns it sets and reads, its
 * options. The expressions stay YQL text; what can be checked here is checked: every
 * column they name exists, no key column is set, and a `not null` column is not set to
 * NULL. */
#include "sema_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "literal.h"

#define BATCH_DEFAULT 1000
#define BATCH_MAX 100000

/* Words of a YQL expression that are not column names. */
static bool yql_keyword(const char *w, size_t n)
{
    static const char *const kw[] = {"and", "or", "not", "xor", "null", "is", "in", "true", "false", "case",
                                     "when", "then", "else", "end", "between", "like", "ilike", "regexp",
                                     "escape", "cast", "as", "distinct", "exists", "current_utc"};
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strlen(kw[i]) == n && strncasecmp(w, kw[i], n) == 0) return true;
    return false;
}

/* Every bare name of text that reads a column must be one of t's. A name followed by '(',
 * '::' or '<' is a function, module or type; one after '$' a parameter; one glued to a
 * literal (1u, 'x'u) its suffix; the word after AS a type. */
static bool check_names(sema_ctx *s, const mig_table *t, const char *text, size_t len, mig_loc at)
{
    const char *p = text, *end = text + len, *w;
    size_t wn;
    bool ok = true, after_as = false;
    while ((p = sema_yql_next_word(p, end, &w, &wn))) {
        char before = w > text ? w[-1] : ' ';
        const char *q = p;
        while (q < end && isspace((unsigned char)*q)) q++;
        bool skip = after_as || before == '$' || before == '.' || before == ':' || before == '\'' || before == '"' ||
                    isdigit((unsigned char)before) || yql_keyword(w, wn) ||
                    (q < end && (*q == '(' || *q == '<' || (*q == ':' && q + 1 < end && q[1] == ':')));
        after_as = wn == 2 && strncasecmp(w, "as", 2) == 0;
        if (skip) continue;
        char *name = mig_strndup(s->a, w, wn);
        if (mig_table_col(t, name) >= 0) continue;
        mig_name n = {name, {at.start + (uint32_t)(w - text), at.start + (uint32_t)(w - text + wn)}, false};
        sema_need_col(s, t, &n);
        ok = false;
    }
    return ok;
}

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)p[i])) return false;
    return true;
}

static bool is_null_text(const char *p, size_t n)
{
    while (n && isspace((unsigned char)*p)) p++, n--;
    while (n && isspace((unsigned char)p[n - 1])) n--;
    return n == 4 && strncasecmp(p, "null", 4) == 0;
}

bool sema_op_backfill(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = true;
    for (size_t i = 0; i < t->npk; i++) {
        int k = mig_table_col(t, t->pk[i]);
        if (k >= 0 && !t->cols[k].not_null) {
            mig_diag *g = ERR(st->table.loc, "cannot backfill table \"%s\": its key column \"%s\" may be NULL", t->path,
                              t->pk[i]);
            HINT(g, "backfill pages through the table in key order, which rows with a NULL key fall out of. Use a "
                    "yql step for such a table.");
            ok = false;
        }
    }
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
        if (k < 0) {
            ok = false;
        } else if (mig_table_is_key(t, as->col.s)) {
            mig_diag *g = ERR(as->col.loc, "cannot backfill key column \"%s\" of table \"%s\"", as->col.s, t->path);
            HINT(g, "YDB cannot change a row's key in place: an UPDATE sets other columns only.");
            ok = false;
        } else if (t->cols[k].not_null && is_null_text(as->expr, as->expr_len)) {
            mig_diag *g = ERR(as->expr_loc, "column \"%s\" is not null and cannot be set to NULL", as->col.s);
            HINT(g, "Give it a value, or make the column nullable first (alter_column %s %s < null; >).", t->path,
                 as->col.s);
            ok = false;
        }
        if (blank(as->expr, as->expr_len)) {
            ERR(as->expr_loc, "the expression for column \"%s\" is empty", as->col.s);
            ok = false;
        } else if (!check_names(s, t, as->expr, as->expr_len, as->expr_loc)) {
            ok = false;
        }
        op->names[op->nnames++] = as->col.s;
        op->exprs[i] = as->expr;
    }
    if (st->body) {
        if (blank(st->body, st->body_len)) {
            ERR(st->body_loc, "the where condition is empty");
            ok = false;
        } else if (!check_names(s, t, st->body, st->body_len, st->body_loc)) {
            ok = false;
        }
        op->body = st->body;
        op->body_len = st->body_len;
    }
    op->batch = BATCH_DEFAULT;
    if (st->batch) {
        long long n = st->batch->kind == MIG_LIT_INT && !st->batch->neg ? mig_lit_ll(st->batch) : 0;
        if (n < 1 || n > BATCH_MAX) {
            ERR(st->batch->loc, "batch must be a whole number of rows from 1 to %d", BATCH_MAX);
            ok = false;
        } else {
            op->batch = (uint32_t)n;
        }
    }
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
