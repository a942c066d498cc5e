/* yqlbackfill.c - see yql.h: the statements of a backfill step's pages
 * (docs/decisions/0027-backfill.md), and the key ranges a rebuild_table step's pages share
 * with them (yql_int.h; yqlrebuild.c).
 *
 * A key range starts after the key in the parameters $<after>0.. (none: from the table's
 * first key) and ends with the key in $<upto>0...
 *
 * Key order is written out as comparisons, (k0 > $c0) OR (k0 = $c0 AND k1 > $c1) ...,
 * rather than as a tuple comparison: the same range, in the YQL every YDB release reads. */
#include <string.h>

#include "../common/ydbtype.h"
#include "yql.h"
#include "yql_int.h"

const char *mig_yql_backfill_check(const mig_p_step *st)
{
    if (st->kind == MIG_S_REBUILD_TABLE) return mig_yql_rebuild_check(st);
    const mig_p_table *t = st->pre;
    if (!st->table || !*st->table) return "the step names no table";
    if (!t || !t->nkey || !t->key) return "backfill has no table definition with a primary key";
    if (!st->nnames || !st->names || !st->exprs) return "backfill sets no columns";
    if (!st->batch) return "backfill has no batch size";
    const char *e = mig_yql_check_names(st->names, st->nnames);
    if (e) return e;
    for (uint32_t i = 0; i < st->nnames; i++)
        if (!st->exprs[i] || !*st->exprs[i]) return "backfill has an empty expression";
    return mig_yql_check_names(t->key, t->nkey);
}

const mig_p_type *mig_yql_backfill_key_type(const mig_p_step *st, uint32_t i)
{
    const mig_p_table *t = st->pre;
    for (uint32_t c = 0; c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, t->key[i]) == 0) return &t->columns[c].type;
    return NULL;
}

void mig_yql_key_declare(mig_buf *b, const mig_p_step *st, char prefix)
{
    for (uint32_t i = 0; i < st->pre->nkey; i++) {
        const mig_p_type *ty = mig_yql_backfill_key_type(st, i);
        mig_buf_printf(b, "DECLARE $%c%u AS ", prefix, (unsigned)i);
        if (ty) mig_ptype_write(b, ty);
        else mig_buf_puts(b, "String");
        mig_buf_puts(b, ";\n");
    }
}

void mig_yql_page_keys_declare(mig_buf *b, const mig_p_step *st)
{
    mig_yql_key_declare(b, st, 'c');
    mig_yql_key_declare(b, st, 'e');
    mig_yql_key_declare(b, st, 'l');
}

void mig_yql_key_list(mig_buf *b, const mig_p_table *t, const char *dir)
{
    for (uint32_t i = 0; i < t->nkey; i++) {
        if (i) mig_buf_puts(b, ", ");
        mig_yql_name(b, t->key[i]);
        mig_buf_puts(b, dir);
    }
}

void mig_yql_key_compare(mig_buf *b, const mig_p_table *t, char prefix, char op)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < t->nkey; i++) {
        if (i) mig_buf_puts(b, " OR ");
        mig_buf_putc(b, '(');
        for (uint32_t j = 0; j < i; j++) {
            mig_yql_name(b, t->key[j]);
            mig_buf_printf(b, " = $%c%u AND ", prefix, (unsigned)j);
        }
        mig_yql_name(b, t->key[i]);
        mig_buf_printf(b, " %c%s $%c%u)", op, op == '<' && i + 1 == t->nkey ? "=" : "", prefix, (unsigned)i);
    }
    mig_buf_putc(b, ')');
}

void mig_yql_key_range(mig_buf *b, const mig_p_step *st, char after, char upto)
{
    mig_buf_puts(b, "\nWHERE ");
    if (after) {
        mig_yql_key_compare(b, st->pre, after, '>');
        mig_buf_puts(b, "\n  AND ");
    }
    mig_yql_key_compare(b, st->pre, upto, '<');
    if (st->body && st->body_len) {
        mig_buf_puts(b, "\n  AND (");
        mig_buf_add(b, st->body, st->body_len);
        mig_buf_putc(b, ')');
    }
}

static void page_select(mig_buf *b, const mig_p_step *st, char after)
{
    mig_buf_puts(b, "SELECT ");
    mig_yql_key_list(b, st->pre, "");
    mig_buf_puts(b, " FROM ");
    mig_yql_name(b, st->table);
    mig_yql_key_range(b, st, after, 'e');
    mig_buf_puts(b, "\nORDER BY ");
    mig_yql_key_list(b, st->pre, "");
    mig_buf_printf(b, "\nLIMIT %u;\n", (unsigned)st->batch);
}

static void page_update(mig_buf *b, const mig_p_step *st, char after)
{
    mig_buf_puts(b, "UPDATE ");
    mig_yql_name(b, st->table);
    mig_buf_puts(b, " SET ");
    for (uint32_t i = 0; i < st->nnames; i++) {
        if (i) mig_buf_puts(b, ", ");
        mig_yql_name(b, st->names[i]);
        mig_buf_puts(b, " = (");
        mig_buf_puts(b, st->exprs[i]);
        mig_buf_putc(b, ')');
    }
    mig_yql_key_range(b, st, after, 'l');
    mig_buf_puts(b, ";\n");
}

void mig_yql_backfill(mig_buf *decl, mig_buf *b, const mig_p_step *st, mig_bf_stmt which, bool from_start)
{
    char after = from_start ? 0 : 'c';
    switch (which) {
    case MIG_BF_END:
        mig_buf_puts(b, "SELECT ");
        mig_yql_key_list(b, st->pre, "");
        mig_buf_puts(b, " FROM ");
        mig_yql_name(b, st->table);
        mig_buf_puts(b, "\nORDER BY ");
        mig_yql_key_list(b, st->pre, " DESC");
        mig_buf_puts(b, "\nLIMIT 1;\n");
        return;
    case MIG_BF_PAGE:
        if (!from_start) mig_yql_key_declare(decl, st, 'c');
        mig_yql_key_declare(decl, st, 'e');
        if (st->kind == MIG_S_REBUILD_TABLE) mig_yql_rebuild_page(b, st, after, 'e');
        else page_select(b, st, after);
        return;
    case MIG_BF_UPDATE:
        /* the next page's SELECT (after $l) first: reads before writes, and the page after
         * this one needs no query of its own */
        if (!from_start) mig_yql_key_declare(decl, st, 'c');
        mig_yql_key_declare(decl, st, 'e');
        mig_yql_key_declare(decl, st, 'l');
        if (st->kind == MIG_S_REBUILD_TABLE) {
            mig_yql_rebuild_page(b, st, 'l', 'e');
            mig_yql_rebuild_upsert(b, st, after);
        } else {
            page_select(b, st, 'l');
            page_update(b, st, after);
        }
        return;
    }
}

void mig_yql_backfill_script(mig_buf *b, const mig_p_step *st)
{
    mig_buf_printf(b,
                   "-- backfill runs in pages of up to %u rows in key order; each page is one transaction that\n"
                   "-- also records the page's last key (the cursor) in migrun's state, and a rerun resumes\n"
                   "-- after it. One page, from the cursor $c to the end key $e fixed when the step starts\n"
                   "-- ($l is the last key the SELECT returns; a script must loop over the pages itself):\n",
                   (unsigned)st->batch);
    mig_yql_page_keys_declare(b, st);
    page_select(b, st, 'c');
    page_update(b, st, 'c');
}
