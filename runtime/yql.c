/* yql.c - see yql.h. The only code in the project that writes YQL: here the statements of
 * each step kind; names and values are yqlvalue.c's, the checks of plugin data yqlcheck.c's.
 *
 * Everything comes from plugin data (mig/plugin.h): names, canonical types, values in
 * canonical text, settings as canonical values with their kinds (MIG_V_*). Rules: ../shared/reference/yql-ddl.md
 * (§1 CREATE TABLE, §2 ALTER TABLE, §3 DROP TABLE, §9 the checklist).
 */
#include "yql.h"

#include <stdint.h>
#include <string.h>

#include "../common/text.h"
#include "../common/ydbtype.h"
#include "yql_int.h"

/* ---------------------------------------------------------------- pieces of statements */

static void name_list(mig_buf *b, const char *const *names, uint32_t n)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i) mig_buf_puts(b, ", ");
        mig_yql_name(b, names[i]);
    }
    mig_buf_putc(b, ')');
}

/* `col` Type [FAMILY `f`] [NOT NULL] [DEFAULT lit] (§9: this order). A Serial column is
 * spelled Serial/SmallSerial/BigSerial, with neither NOT NULL (it is implicit, §1.6) nor a
 * DEFAULT (YDB refuses one: the sequence is the default). */
static void column_def(mig_buf *b, const mig_p_column *c)
{
    mig_yql_name(b, c->name);
    mig_buf_putc(b, ' ');
    const char *sn = mig_ptype_serial_name(&c->type);
    if (sn) mig_buf_puts(b, sn);
    else mig_ptype_write(b, &c->type);
    if (c->family) {
        mig_buf_puts(b, " FAMILY ");
        mig_yql_name(b, c->family);
    }
    if (sn) return;
    if (c->not_null) mig_buf_puts(b, " NOT NULL");
    if (c->has_default) {
        mig_buf_puts(b, " DEFAULT ");
        mig_yql_value(b, &c->type, c->default_value);
    }
}

/* INDEX `i` GLOBAL [UNIQUE] SYNC|ASYNC ON (...) [COVER (...)] (§1.8; SYNC is the default,
 * written anyway so the statement says what it does). */
static void index_def(mig_buf *b, const mig_p_index *ix)
{
    mig_buf_puts(b, "INDEX ");
    mig_yql_name(b, ix->name);
    mig_buf_puts(b, " GLOBAL ");
    if (ix->unique) mig_buf_puts(b, "UNIQUE ");
    mig_buf_puts(b, ix->async ? "ASYNC ON " : "SYNC ON ");
    name_list(b, ix->columns, ix->ncolumns);
    if (ix->ncover) {
        mig_buf_puts(b, " COVER ");
        name_list(b, ix->cover, ix->ncover);
    }
}

/* TTL = Interval("P30D") ON `col` [AS SECONDS] (§1.11) */
static void ttl_def(mig_buf *b, const mig_p_ttl *ttl)
{
    char iso[48];
    mig_buf_printf(b, "TTL = Interval(\"%s\") ON ", mig_duration_iso(ttl->after_seconds, iso));
    mig_yql_name(b, ttl->column);
    if (ttl->unit) mig_buf_printf(b, " AS %s", ttl->unit);
}

/* A setting's value (canonical text of its kind, plugin.h) as YQL. A word is an identifier
 * in a table's settings (ENABLED) and a string in a changefeed's options ('UPDATES'), as
 * YDB reads them. mig_yql_check_kv has checked the text against its kind. */
static void kv_value(mig_buf *b, const mig_p_kv *kv, bool option)
{
    switch (kv->kind) {
    case MIG_V_WORD:
        if (option) mig_yql_string(b, kv->value, '\'');
        else mig_buf_puts(b, kv->value);
        return;
    case MIG_V_BOOL: mig_buf_puts(b, strcmp(kv->value, "true") == 0 ? "TRUE" : "FALSE"); return;
    case MIG_V_INTERVAL: mig_yql_ctor(b, "Interval", kv->value); return;
    case MIG_V_STRING: mig_yql_string(b, kv->value, '"'); return;
    default: mig_buf_puts(b, kv->value); return; /* INT, TUPLE */
    }
}

static void kv_list(mig_buf *b, const mig_p_kv *kv, uint32_t n, bool option)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) mig_buf_puts(b, ", ");
        mig_buf_printf(b, "%s = ", kv[i].key);
        kv_value(b, &kv[i], option);
    }
}

/* ---------------------------------------------------------------- statements */

static void create_table(mig_buf *b, const mig_p_step *st, const char *path)
{
    const mig_p_table *t = st->def;
    mig_buf_puts(b, "CREATE TABLE ");
    if (st->cond == MIG_PCOND_IF_NOT_EXISTS) mig_buf_puts(b, "IF NOT EXISTS ");
    mig_yql_name(b, path);
    mig_buf_puts(b, " (\n");
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        mig_buf_puts(b, "    ");
        column_def(b, &t->columns[i]);
        mig_buf_puts(b, ",\n");
    }
    for (uint32_t i = 0; i < t->nindexes; i++) {
        mig_buf_puts(b, "    ");
        index_def(b, &t->indexes[i]);
        mig_buf_puts(b, ",\n");
    }
    mig_buf_puts(b, "    PRIMARY KEY ");
    name_list(b, t->key, t->nkey);
    for (uint32_t i = 0; i < t->nfamilies; i++) {
        const mig_p_family *f = &t->families[i];
        mig_buf_puts(b, ",\n    FAMILY ");
        mig_yql_name(b, f->name);
        mig_buf_puts(b, " (");
        if (f->data) {
            mig_buf_puts(b, "DATA = ");
            mig_yql_string(b, f->data, '"');
        }
        if (f->compression) {
            mig_buf_puts(b, f->data ? ", COMPRESSION = " : "COMPRESSION = ");
            mig_yql_string(b, f->compression, '"');
        }
        mig_buf_putc(b, ')');
    }
    mig_buf_puts(b, "\n)");
    /* changefeeds are never part of def: YDB refuses them in CREATE TABLE (§2.8), so they
     * come as add_changefeed steps */
    if (t->nsettings || t->ttl.column) {
        mig_buf_puts(b, "\nWITH (");
        kv_list(b, t->settings, t->nsettings, false);
        if (t->ttl.column) {
            if (t->nsettings) mig_buf_puts(b, ", ");
            ttl_def(b, &t->ttl);
        }
        mig_buf_putc(b, ')');
    }
}

static void alter(mig_buf *b, const char *table)
{
    mig_buf_puts(b, "ALTER TABLE ");
    mig_yql_name(b, table);
    mig_buf_putc(b, ' ');
}

/* The type of a column after a step, for an alter_column SET DEFAULT: mig_p_change carries
 * only the value's canonical text, and the column's type is in the step's post state. */
static const mig_p_type *post_type(const mig_p_step *st)
{
    if (!st->post || !st->name) return NULL;
    for (uint32_t i = 0; i < st->post->ncolumns; i++)
        if (st->post->columns[i].name && strcmp(st->post->columns[i].name, st->name) == 0)
            return &st->post->columns[i].type;
    return NULL;
}

static const char *alter_column(mig_buf *b, const mig_p_step *st)
{
    if (!st->name || !*st->name) return "alter_column names no column";
    if (!st->nchanges || !st->changes) return "alter_column has no changes";
    const mig_p_type *ct = NULL;
    for (uint32_t i = 0; i < st->nchanges; i++) {
        uint32_t k = st->changes[i].kind;
        if (k < MIG_CH_DROP_NOT_NULL || k > MIG_CH_DROP_DEFAULT)
            return "alter_column has a change this migrun does not know (from a newer migc?)";
        if (k == MIG_CH_SET_DEFAULT && st->changes[i].default_value) {
            ct = post_type(st);
            if (!ct) return "alter_column sets a default, but the step does not say the column's type";
            if (!mig_ptype_known(ct)) return "a column has a type this migrun does not know (from a newer migc?)";
        }
    }
    /* all of these are one kind of action (Common, §2.2), so one statement holds them */
    alter(b, st->table);
    for (uint32_t i = 0; i < st->nchanges; i++) {
        const mig_p_change *c = &st->changes[i];
        if (i) mig_buf_puts(b, ", ");
        mig_buf_puts(b, "ALTER COLUMN ");
        mig_yql_name(b, st->name);
        switch (c->kind) {
        case MIG_CH_DROP_NOT_NULL: mig_buf_puts(b, " DROP NOT NULL"); break;
        case MIG_CH_SET_FAMILY:
            mig_buf_puts(b, " SET FAMILY ");
            mig_yql_name(b, c->family ? c->family : "default");
            break;
        case MIG_CH_SET_DEFAULT:
            /* YQL's grammar: alter_table_alter_column_set_default: ALTER COLUMN an_id SET
             * default_value; ..._drop_default: ALTER COLUMN an_id DROP DEFAULT (SQLv1Antlr4.g.in,
             * yql/essentials/sql/v1, ydb-platform/ydb; decision 0017). migc gates them at 26.2. */
            mig_buf_puts(b, " SET DEFAULT ");
            if (c->default_value) mig_yql_value(b, ct, c->default_value);
            else mig_buf_puts(b, "NULL");
            break;
        case MIG_CH_DROP_DEFAULT: mig_buf_puts(b, " DROP DEFAULT"); break;
        default: break;
        }
    }
    return NULL;
}

/* The text of a yql step as written, ending in ";\n". Trailing white space goes; a ';' is
 * added when the text does not end with one, on a line of its own when the last line holds
 * a "--" (it might be a comment that would swallow it). */
static void yql_body(mig_buf *b, const char *body, size_t n)
{
    while (n > 0 && (body[n - 1] == ' ' || body[n - 1] == '\t' || body[n - 1] == '\n' ||
                     body[n - 1] == '\r'))
        n--;
    mig_buf_add(b, body, n);
    if (n > 0 && body[n - 1] == ';') {
        mig_buf_putc(b, '\n');
        return;
    }
    size_t ls = n;
    while (ls > 0 && body[ls - 1] != '\n') ls--;
    bool dash = false;
    for (size_t i = ls; i + 1 < n; i++)
        if (body[i] == '-' && body[i + 1] == '-') dash = true;
    mig_buf_puts(b, dash ? "\n;\n" : ";\n");
}

static const char *render(mig_buf *b, const mig_p_step *st)
{
    const char *e;
    /* Every kind but yql and c names its table. */
    if (st->kind != MIG_S_YQL && st->kind != MIG_S_C && st->kind >= MIG_S_CREATE_TABLE &&
        st->kind <= MIG_S_DROP_CHANGEFEED) {
        const char *path = st->table ? st->table : (st->def ? st->def->path : NULL);
        if (!path || !*path) return "the step names no table";
    }
    /* `cond` (if_exists / if_not_exists) is YQL only for create_table and drop_table. On
     * every other step the runtime decides it on the live schema and skips the step, so
     * what is rendered here is the plain statement. */
    switch (st->kind) {
    case MIG_S_CREATE_TABLE:
        if ((e = mig_yql_check_table(st->def))) return e;
        create_table(b, st, st->table ? st->table : st->def->path);
        break;
    case MIG_S_DROP_TABLE:
        mig_buf_puts(b, "DROP TABLE ");
        if (st->cond == MIG_PCOND_IF_EXISTS) mig_buf_puts(b, "IF EXISTS ");
        mig_yql_name(b, st->table);
        break;
    case MIG_S_RENAME_TABLE:
        if (!st->to || !*st->to) return "rename_table has no new name";
        if (st->flags & MIG_PSTEP_REPLACE) { /* YQL cannot replace a table: RenameTables does */
            mig_yql_rename_replace_script(b, st);
            return NULL;
        }
        alter(b, st->table);
        mig_buf_puts(b, "RENAME TO ");
        mig_yql_name(b, st->to);
        break;
    case MIG_S_ADD_COLUMN:
        if (!st->ncolumns || !st->columns) return "add_column has no columns";
        for (uint32_t i = 0; i < st->ncolumns; i++)
            if ((e = mig_yql_check_column(&st->columns[i]))) return e;
        alter(b, st->table);
        for (uint32_t i = 0; i < st->ncolumns; i++) {
            if (i) mig_buf_puts(b, ", ");
            mig_buf_puts(b, "ADD COLUMN ");
            column_def(b, &st->columns[i]);
        }
        break;
    case MIG_S_DROP_COLUMN:
        if (!st->nnames) return "drop_column has no columns";
        if ((e = mig_yql_check_names(st->names, st->nnames))) return e;
        alter(b, st->table);
        for (uint32_t i = 0; i < st->nnames; i++) {
            if (i) mig_buf_puts(b, ", ");
            mig_buf_puts(b, "DROP COLUMN ");
            mig_yql_name(b, st->names[i]);
        }
        break;
    case MIG_S_ALTER_COLUMN:
        if ((e = alter_column(b, st))) return e;
        break;
    case MIG_S_CREATE_INDEX:
        if ((e = mig_yql_check_index(st->index))) return e;
        alter(b, st->table);
        mig_buf_puts(b, "ADD ");
        index_def(b, st->index);
        break;
    case MIG_S_DROP_INDEX:
        if (!st->name || !*st->name) return "drop_index names no index";
        alter(b, st->table);
        mig_buf_puts(b, "DROP INDEX ");
        mig_yql_name(b, st->name);
        break;
    case MIG_S_RENAME_INDEX:
        if (!st->name || !*st->name || !st->name2 || !*st->name2) return "rename_index lacks a name";
        alter(b, st->table);
        mig_buf_puts(b, "RENAME INDEX ");
        mig_yql_name(b, st->name);
        mig_buf_puts(b, " TO ");
        mig_yql_name(b, st->name2);
        break;
    case MIG_S_SET_TTL:
        if ((e = mig_yql_check_ttl(&st->ttl))) return e;
        alter(b, st->table);
        mig_buf_puts(b, "SET (");
        ttl_def(b, &st->ttl);
        mig_buf_putc(b, ')');
        break;
    case MIG_S_RESET_TTL:
        alter(b, st->table);
        mig_buf_puts(b, "RESET (TTL)");
        break;
    case MIG_S_SET:
        if (!st->nsettings) return "set has no settings";
        if ((e = mig_yql_check_kv(st->settings, st->nsettings))) return e;
        alter(b, st->table);
        mig_buf_puts(b, "SET (");
        kv_list(b, st->settings, st->nsettings, false);
        mig_buf_putc(b, ')');
        break;
    case MIG_S_ADD_CHANGEFEED:
        if (!st->name || !*st->name) return "add_changefeed names no changefeed";
        if (!st->nsettings) return "add_changefeed has no options (YDB needs MODE and FORMAT)";
        if ((e = mig_yql_check_kv(st->settings, st->nsettings))) return e;
        alter(b, st->table);
        mig_buf_puts(b, "ADD CHANGEFEED ");
        mig_yql_name(b, st->name);
        mig_buf_puts(b, " WITH (");
        kv_list(b, st->settings, st->nsettings, true);
        mig_buf_putc(b, ')');
        break;
    case MIG_S_DROP_CHANGEFEED:
        if (!st->name || !*st->name) return "drop_changefeed names no changefeed";
        alter(b, st->table);
        mig_buf_puts(b, "DROP CHANGEFEED ");
        mig_yql_name(b, st->name);
        break;
    case MIG_S_YQL: {
        if (!st->body) return "a yql step has no text";
        size_t n = st->body_len ? st->body_len : strlen(st->body);
        size_t i = 0;
        while (i < n && (st->body[i] == ' ' || st->body[i] == '\t' || st->body[i] == '\n' ||
                         st->body[i] == '\r'))
            i++;
        if (i == n) return "a yql step has no text";
        yql_body(b, st->body, n);
        return NULL; /* yql_body wrote the ";\n" */
    }
    case MIG_S_BACKFILL:
        if ((e = mig_yql_backfill_check(st))) return e;
        mig_yql_backfill_script(b, st);
        return NULL; /* it wrote its statements, each with its ";\n" */
    case MIG_S_REBUILD_TABLE:
        if ((e = mig_yql_rebuild_check(st))) return e;
        mig_yql_rebuild_script(b, st);
        return NULL;
    default:
        return "a step of a kind this migrun does not know (from a newer migc?)";
    }
    mig_buf_puts(b, ";\n");
    return NULL;
}

int mig_yql_step(mig_buf *out, const mig_p_step *st, const char **err)
{
    if (st->kind == MIG_S_C) return 1;
    size_t start = out->len;
    const char *e = render(out, st);
    if (!e) return 0;
    /* nothing half-written stays behind */
    out->len = start;
    if (out->s) out->s[start] = '\0';
    if (err) *err = e;
    return -1;
}
