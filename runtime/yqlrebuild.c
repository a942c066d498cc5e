/* yqlrebuild.c - see yql.h: the statements of a rebuild_table step
 * (docs/decisions/0029-rebuild-runtime.md). Its pages run over T's key as a backfill's do
 * (the key ranges are yqlbackfill.c's); each copies the page's rows into the shadow table S
 * with one UPSERT ... SELECT. */
#include <string.h>

#include "yql.h"
#include "yql_int.h"

const char *mig_yql_rebuild_check(const mig_p_step *st)
{
    const mig_p_table *t = st->pre, *d = st->def;
    if (!st->table || !*st->table) return "the step names no table";
    if (!t || !t->nkey || !t->key) return "rebuild_table has no definition of the table before it, with a primary key";
    if (!d || !d->nkey || !d->key || !d->ncolumns) return "rebuild_table has no new definition with a primary key";
    if (!st->name || !*st->name || !st->to || !*st->to) return "rebuild_table names no shadow or kept table";
    if (!st->names || !st->exprs || st->nnames != d->ncolumns) return "rebuild_table lacks its columns' sources";
    if (!st->batch) return "rebuild_table has no batch size";
    const char *e = mig_yql_check_table(d);
    if (!e) e = mig_yql_check_names(st->names, st->nnames);
    if (!e) e = mig_yql_check_names(t->key, t->nkey);
    if (e) return e;
    for (uint32_t i = 0; i < st->nnames; i++)
        if (st->exprs[i] && !*st->exprs[i]) return "rebuild_table has an empty expression";
    return NULL;
}

/* The expression giving the new shape's column `name` (NULL: none, it is left NULL/default). */
static const char *expr_of(const mig_p_step *st, const char *name)
{
    for (uint32_t i = 0; i < st->nnames; i++)
        if (strcmp(st->names[i], name) == 0) return st->exprs[i];
    return NULL;
}

/* The column of T before the step that the new shape's column i is copied from by name
 * (its expression is the backticked old name), or NULL. */
static const mig_p_column *by_name(const mig_p_step *st, const mig_p_column *c, const char *e)
{
    size_t n = strlen(c->name);
    if (!e || e[0] != '`' || strncmp(e + 1, c->name, n) != 0 || strcmp(e + 1 + n, "`") != 0) return NULL;
    for (uint32_t i = 0; i < st->pre->ncolumns; i++)
        if (strcmp(st->pre->columns[i].name, c->name) == 0) return &st->pre->columns[i];
    return NULL;
}

void mig_yql_rebuild_page(mig_buf *b, const mig_p_step *st, char after, char upto)
{
    const mig_p_table *d = st->def;
    mig_buf_puts(b, "SELECT ");
    mig_yql_key_list(b, st->pre, "");
    /* the aliases are no .mig name (they hold spaces): they cannot clash with T's columns */
    for (uint32_t i = 0; i < d->nkey; i++) {
        const char *e = expr_of(st, d->key[i]);
        mig_buf_printf(b, ", (%s) AS `new key %u`", e ? e : "NULL", (unsigned)i);
    }
    mig_buf_puts(b, ", (FALSE");
    for (uint32_t i = 0; i < d->ncolumns; i++) {
        const char *e = expr_of(st, d->columns[i].name);
        const mig_p_column *o = by_name(st, &d->columns[i], e);
        if (d->columns[i].not_null && e && !(o && o->not_null)) mig_buf_printf(b, " OR (%s) IS NULL", e);
    }
    mig_buf_puts(b, ") AS `null in a not null column`\nFROM ");
    mig_yql_name(b, st->table);
    mig_yql_key_range(b, st, after, upto);
    mig_buf_puts(b, "\nORDER BY ");
    mig_yql_key_list(b, st->pre, "");
    mig_buf_printf(b, "\nLIMIT %u;\n", (unsigned)st->batch);
}

void mig_yql_rebuild_upsert(mig_buf *b, const mig_p_step *st, char after)
{
    mig_buf_puts(b, "UPSERT INTO ");
    mig_yql_name(b, st->name);
    mig_buf_puts(b, "\nSELECT ");
    bool first = true;
    for (uint32_t i = 0; i < st->nnames; i++) {
        if (!st->exprs[i]) continue; /* no source: NULL, or its default */
        /* YDB takes no optional value for a not null column, even one that holds a value: a
         * nullable column copied by name into one is unwrapped (the page's SELECT has
         * refused a NULL among the page's rows, so Unwrap never fails) */
        const mig_p_column *c = NULL, *o = NULL;
        for (uint32_t j = 0; j < st->def->ncolumns && !c; j++)
            if (strcmp(st->def->columns[j].name, st->names[i]) == 0) c = &st->def->columns[j];
        if (c) o = by_name(st, c, st->exprs[i]);
        bool unwrap = c && c->not_null && o && !o->not_null;
        mig_buf_printf(b, "%s%s(%s) AS ", first ? "" : ", ", unwrap ? "Unwrap" : "", st->exprs[i]);
        mig_yql_name(b, st->names[i]);
        first = false;
    }
    mig_buf_puts(b, "\nFROM ");
    mig_yql_name(b, st->table);
    mig_yql_key_range(b, st, after, 'l');
    mig_buf_puts(b, ";\n");
}

/* A statement of another kind's, for S: the same text a create_table or drop_table writes. */
static void shadow_stmt(mig_buf *b, const mig_p_step *st, uint32_t kind)
{
    mig_p_step s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.table = st->name;
    s.def = st->def;
    if (kind == MIG_S_DROP_TABLE) s.cond = MIG_PCOND_IF_EXISTS;
    mig_yql_step(b, &s, NULL);
}

static void count(mig_buf *b, const char *table)
{
    mig_buf_puts(b, "SELECT COUNT(*) AS n FROM ");
    mig_yql_name(b, table);
}

void mig_yql_rebuild(mig_buf *decl, mig_buf *b, const mig_p_step *st, mig_rb_stmt which, bool from_start)
{
    switch (which) {
    case MIG_RB_DROP: shadow_stmt(b, st, MIG_S_DROP_TABLE); return;
    case MIG_RB_CREATE: shadow_stmt(b, st, MIG_S_CREATE_TABLE); return;
    case MIG_RB_ROWS:
        count(b, st->table);
        mig_buf_puts(b, ";\n");
        return;
    case MIG_RB_COUNT:
        if (!from_start) mig_yql_key_declare(decl, st, 'e');
        count(b, st->table);
        if (from_start) {
            mig_buf_puts(b, ";\n");
        } else {
            mig_buf_puts(b, " WHERE ");
            mig_yql_key_compare(b, st->pre, 'e', '<');
            mig_buf_puts(b, ";\n");
            count(b, st->table);
            mig_buf_puts(b, " WHERE ");
            mig_yql_key_compare(b, st->pre, 'e', '>');
            mig_buf_puts(b, ";\n");
        }
        count(b, st->name);
        mig_buf_puts(b, ";\n");
        return;
    }
}

void mig_yql_rebuild_script(mig_buf *b, const mig_p_step *st)
{
    mig_buf_printf(b, "-- rebuild_table %s: a new table with the new shape, %s,\n"
                      "-- filled from %s in pages, checked, then swapped in (%s is kept as %s).\n"
                      "-- First the new table:\n",
                   st->table, st->name, st->table, st->table, st->to);
    mig_yql_rebuild(b, b, st, MIG_RB_DROP, true);
    mig_yql_rebuild(b, b, st, MIG_RB_CREATE, true);
    mig_buf_printf(b,
                   "-- The pages: up to %u rows each in key order, each one transaction that also records the\n"
                   "-- page's last key (the cursor) in migrun's state; a rerun resumes after it. One page, from\n"
                   "-- the cursor $c to the end key $e fixed when the step starts ($l is the last key the SELECT\n"
                   "-- returns; a script must loop over the pages itself, and stop on a row whose last column\n"
                   "-- is true, or on two rows with the same new key):\n",
                   (unsigned)st->batch);
    mig_yql_page_keys_declare(b, st);
    mig_yql_rebuild_page(b, st, 'c', 'e');
    mig_yql_rebuild_upsert(b, st, 'c');
    mig_buf_printf(b, "-- The check: the rows copied, the rows of %s up to the end key and those of\n"
                      "-- %s must agree, with none after the end key; otherwise the new\n"
                      "-- table is dropped and %s stays as it is:\n",
                   st->table, st->name, st->table);
    mig_buf decl = MIG_BUF_INIT; /* $e is declared above */
    mig_yql_rebuild(&decl, b, st, MIG_RB_COUNT, false);
    mig_buf_free(&decl);
    mig_buf_printf(b, "-- The swap, in one transaction (YQL has no atomic swap):\n"
                      "-- TableService.RenameTables (one transaction): %s -> %s, %s -> %s\n",
                   st->table, st->to, st->name, st->table);
}

void mig_yql_rename_replace_script(mig_buf *b, const mig_p_step *st)
{
    mig_buf_printf(b, "-- TableService.RenameTables (one transaction): %s -> %s, replacing %s\n", st->table, st->to,
                   st->to);
}
