/* yql.c - see yql.h. The only code in the project that writes YQL.
 *
 * Everything comes from plugin data (mig/plugin.h): names, canonical types, values in
 * canonical text, settings as canonical values with their kinds (MIG_V_*). Rules: ../shared/reference/yql-ddl.md
 * (§1 CREATE TABLE, §2 ALTER TABLE, §3 DROP TABLE, §9 the checklist).
 *
 * Values are rendered so that no text from a plugin can end a literal early: a value that
 * is not in the canonical form its type expects is passed to the type's constructor as an
 * escaped string (Int32("x")), which the server then refuses on its own terms.
 */
#include "yql.h"

#include <stdint.h>
#include <string.h>

#include "../common/text.h"
#include "../common/ydbtype.h"

/* ---------------------------------------------------------------- types */

/* ---------------------------------------------------------------- names and strings */

void mig_yql_name(mig_buf *out, const char *name)
{
    mig_buf_putc(out, '`');
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        if (*p == '`' || *p == '\\') {
            mig_buf_putc(out, '\\');
            mig_buf_putc(out, (char)*p);
        } else if (*p == '\n') mig_buf_puts(out, "\\n");
        else if (*p == '\r') mig_buf_puts(out, "\\r");
        else if (*p == '\t') mig_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7F) mig_buf_printf(out, "\\x%02X", *p);
        else mig_buf_putc(out, (char)*p);
    }
    mig_buf_putc(out, '`');
}

/* A YQL string literal with quote q (the escapes are common/text.c's). */
static void str_lit(mig_buf *b, const char *s, char q) { mig_text_quote(b, s, q); }

/* Type("text"): a typed constructor over an escaped string. */
static void ctor(mig_buf *b, const char *type, const char *text)
{
    mig_buf_puts(b, type);
    mig_buf_putc(b, '(');
    str_lit(b, text, '"');
    mig_buf_putc(b, ')');
}

/* ---------------------------------------------------------------- values */

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* Is s exactly negmax's decimal digits (leading zeros allowed)? Compared as text, so no
 * overflow: a magnitude past the range is no "minimum" and keeps its suffix (the server
 * then refuses the out-of-range literal). */
static bool is_magnitude(const char *s, uint64_t v)
{
    while (*s == '0' && s[1]) s++;
    char want[24];
    int n = 0;
    char tmp[24];
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) want[i] = tmp[n - 1 - i];
    want[n] = 0;
    return strcmp(s, want) == 0;
}

/* A real number as a YQL real literal: always with a point (2 -> 2.0, 1e3 -> 1.0e3), since
 * YQL reads digits alone as an integer. */
static void real_lit(mig_buf *b, const char *s)
{
    const char *e = strpbrk(s, "eE");
    if (strchr(s, '.')) mig_buf_puts(b, s);
    else if (e) mig_buf_printf(b, "%.*s.0%s", (int)(e - s), s, e);
    else mig_buf_printf(b, "%s.0", s);
}

/* Can text go between @@ and @@ as is? YQL's raw strings end at the first @@ (@@@@ is an
 * escaped @@), so: no @@ inside, no @ at the end, and valid UTF-8. */
static bool raw_ok(const char *s)
{
    size_t n = strlen(s);
    return !strstr(s, "@@") && (n == 0 || s[n - 1] != '@') && mig_utf8_valid(s);
}

void mig_yql_value(mig_buf *out, const mig_p_type *t, mig_p_value v)
{
    if (!v) {
        mig_buf_puts(out, "NULL");
        return;
    }
    const char *tn = mig_ptype_name(t->id);
    const mig_ptype_info *r = mig_ptype_info_of(t->id);
    if (r && r->integer) {
        bool neg = v[0] == '-';
        const char *mag = neg ? v + 1 : v;
        if (!all_digits(mag) || (neg && !r->negmax)) {
            ctor(out, tn, v);
        } else if (neg && is_magnitude(mag, r->negmax)) {
            /* -128t is the unary minus of 128t, which overflows Int8: the smallest value of
             * each signed type needs the constructor */
            ctor(out, tn, v);
        } else {
            mig_buf_puts(out, v);
            mig_buf_puts(out, r->suffix);
        }
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) mig_buf_puts(out, v);
        else ctor(out, "Bool", v);
        break;
    case MIG_PT_FLOAT:
        if (mig_text_is_real(v)) {
            real_lit(out, v);
            mig_buf_putc(out, 'f');
        } else {
            ctor(out, "Float", v); /* nan, inf: Float("nan") */
        }
        break;
    case MIG_PT_DOUBLE:
        if (mig_text_is_real(v)) real_lit(out, v);
        else ctor(out, "Double", v);
        break;
    case MIG_PT_DECIMAL:
        mig_buf_puts(out, "Decimal(");
        str_lit(out, v, '"');
        mig_buf_printf(out, ", %u, %u)", (unsigned)t->precision, (unsigned)t->scale);
        break;
    case MIG_PT_STRING:
        str_lit(out, v, '"');
        break;
    case MIG_PT_UTF8:
        str_lit(out, v, '\'');
        mig_buf_putc(out, 'u');
        break;
    case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT: case MIG_PT_YSON:
        /* Json(@@{"a": 1}@@) reads as written; an escaped string where it cannot */
        mig_buf_puts(out, tn);
        mig_buf_putc(out, '(');
        if (raw_ok(v)) {
            mig_buf_puts(out, "@@");
            mig_buf_puts(out, v);
            mig_buf_puts(out, "@@");
        } else {
            str_lit(out, v, '\'');
        }
        mig_buf_putc(out, ')');
        break;
    case MIG_PT_UUID: case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP:
    case MIG_PT_INTERVAL: case MIG_PT_DATE32: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64:
    case MIG_PT_INTERVAL64: case MIG_PT_DYNUMBER:
        ctor(out, tn, v);
        break;
    default:
        /* a type this runtime does not know (mig_yql_step refuses such columns): at least
         * a literal that cannot break the statement */
        str_lit(out, v, '"');
        break;
    }
}

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
 * YDB reads them. check_kv has checked the text against its kind. */
static void kv_value(mig_buf *b, const mig_p_kv *kv, bool option)
{
    switch (kv->kind) {
    case MIG_V_WORD:
        if (option) str_lit(b, kv->value, '\'');
        else mig_buf_puts(b, kv->value);
        return;
    case MIG_V_BOOL: mig_buf_puts(b, strcmp(kv->value, "true") == 0 ? "TRUE" : "FALSE"); return;
    case MIG_V_INTERVAL: ctor(b, "Interval", kv->value); return;
    case MIG_V_STRING: str_lit(b, kv->value, '"'); return;
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

/* ---------------------------------------------------------------- checks */

/* A setting name is a word; its value is canonical text of its kind (plugin.h). */
static bool is_word(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* A tuple of integers and "strings" (escaped as common/text.c writes them): nothing in it
 * can end the statement. */
static bool tuple_ok(const char *s)
{
    int depth = 0;
    if (*s != '(') return false;
    for (; *s; s++) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                if (*s == '\\' && !*++s) return false;
            if (!*s) return false;
        } else if (*s == '(') depth++;
        else if (*s == ')') {
            if (--depth < 0) return false;
        } else if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == ',' || *s == ' ')) return false;
    }
    return depth == 0;
}

static const char *check_kv(const mig_p_kv *kv, uint32_t n)
{
    if (n && !kv) return "the step's settings are missing";
    for (uint32_t i = 0; i < n; i++) {
        const char *v = kv[i].value;
        if (!is_word(kv[i].key)) return "a setting name is not a word";
        if (!v || !*v) return "a setting has no value";
        bool ok = false;
        switch (kv[i].kind) {
        case MIG_V_WORD: ok = is_word(v); break;
        case MIG_V_INT: ok = v[strspn(v, "0123456789")] == '\0'; break;
        case MIG_V_STRING: case MIG_V_INTERVAL: ok = true; break; /* written escaped */
        case MIG_V_BOOL: ok = strcmp(v, "true") == 0 || strcmp(v, "false") == 0; break;
        case MIG_V_TUPLE: ok = tuple_ok(v); break;
        default: return "a setting's value has a kind this migrun does not know (from a newer migc?)";
        }
        if (!ok) return "a setting's value is not of its kind";
    }
    return NULL;
}

static const char *check_names(const char *const *names, uint32_t n)
{
    if (n && !names) return "a list of names is missing";
    for (uint32_t i = 0; i < n; i++)
        if (!names[i] || !*names[i]) return "a name is missing";
    return NULL;
}

static const char *check_column(const mig_p_column *c)
{
    if (!c->name || !*c->name) return "a column has no name";
    if (!mig_ptype_known(&c->type)) return "a column has a type this migrun does not know (from a newer migc?)";
    return NULL;
}

static const char *check_index(const mig_p_index *ix)
{
    if (!ix || !ix->name || !*ix->name) return "an index has no name";
    if (!ix->ncolumns) return "an index has no columns";
    const char *e = check_names(ix->columns, ix->ncolumns);
    return e ? e : check_names(ix->cover, ix->ncover);
}

static bool ttl_unit_ok(const char *u)
{
    return !u || strcmp(u, "SECONDS") == 0 || strcmp(u, "MILLISECONDS") == 0 ||
           strcmp(u, "MICROSECONDS") == 0 || strcmp(u, "NANOSECONDS") == 0;
}

static const char *check_ttl(const mig_p_ttl *ttl)
{
    if (!ttl->column || !*ttl->column) return "a TTL has no column";
    if (ttl->after_seconds < 0) return "a TTL has a negative duration";
    if (!ttl_unit_ok(ttl->unit)) return "a TTL has an unknown unit";
    return NULL;
}

static const char *check_table(const mig_p_table *t)
{
    if (!t) return "create_table carries no table definition";
    if (!t->ncolumns || !t->columns) return "a table has no columns";
    if (!t->nkey) return "a table has no primary key";
    const char *e;
    for (uint32_t i = 0; i < t->ncolumns; i++)
        if ((e = check_column(&t->columns[i]))) return e;
    if ((e = check_names(t->key, t->nkey))) return e;
    if (t->nindexes && !t->indexes) return "a table's indexes are missing";
    for (uint32_t i = 0; i < t->nindexes; i++)
        if ((e = check_index(&t->indexes[i]))) return e;
    if (t->nfamilies && !t->families) return "a table's families are missing";
    for (uint32_t i = 0; i < t->nfamilies; i++)
        if (!t->families[i].name || !*t->families[i].name) return "a column family has no name";
    if (t->ttl.column && (e = check_ttl(&t->ttl))) return e;
    return check_kv(t->settings, t->nsettings);
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
            str_lit(b, f->data, '"');
        }
        if (f->compression) {
            mig_buf_puts(b, f->data ? ", COMPRESSION = " : "COMPRESSION = ");
            str_lit(b, f->compression, '"');
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
        if ((e = check_table(st->def))) return e;
        create_table(b, st, st->table ? st->table : st->def->path);
        break;
    case MIG_S_DROP_TABLE:
        mig_buf_puts(b, "DROP TABLE ");
        if (st->cond == MIG_PCOND_IF_EXISTS) mig_buf_puts(b, "IF EXISTS ");
        mig_yql_name(b, st->table);
        break;
    case MIG_S_RENAME_TABLE:
        if (!st->to || !*st->to) return "rename_table has no new name";
        alter(b, st->table);
        mig_buf_puts(b, "RENAME TO ");
        mig_yql_name(b, st->to);
        break;
    case MIG_S_ADD_COLUMN:
        if (!st->ncolumns || !st->columns) return "add_column has no columns";
        for (uint32_t i = 0; i < st->ncolumns; i++)
            if ((e = check_column(&st->columns[i]))) return e;
        alter(b, st->table);
        for (uint32_t i = 0; i < st->ncolumns; i++) {
            if (i) mig_buf_puts(b, ", ");
            mig_buf_puts(b, "ADD COLUMN ");
            column_def(b, &st->columns[i]);
        }
        break;
    case MIG_S_DROP_COLUMN:
        if (!st->nnames) return "drop_column has no columns";
        if ((e = check_names(st->names, st->nnames))) return e;
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
        if ((e = check_index(st->index))) return e;
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
        if ((e = check_ttl(&st->ttl))) return e;
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
        if ((e = check_kv(st->settings, st->nsettings))) return e;
        alter(b, st->table);
        mig_buf_puts(b, "SET (");
        kv_list(b, st->settings, st->nsettings, false);
        mig_buf_putc(b, ')');
        break;
    case MIG_S_ADD_CHANGEFEED:
        if (!st->name || !*st->name) return "add_changefeed names no changefeed";
        if (!st->nsettings) return "add_changefeed has no options (YDB needs MODE and FORMAT)";
        if ((e = check_kv(st->settings, st->nsettings))) return e;
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

/* ---------------------------------------------------------------- descriptions */

static const char *const kind_names[] = {
#define MIG_STEPKIND(kind, name) [MIG_S_##kind] = name,
#include "../common/steps.def"
#undef MIG_STEPKIND
};

static const char *nz(const char *s) { return s ? s : "?"; }

const char *mig_p_step_kind_name(uint32_t kind)
{
    return kind >= MIG_S_CREATE_TABLE && kind <= MIG_S_C ? kind_names[kind] : NULL;
}

void mig_step_describe(mig_buf *out, const mig_p_step *st)
{
    uint32_t k = st->kind;
    if (k < MIG_S_CREATE_TABLE || k > MIG_S_C) {
        mig_buf_printf(out, "step of unknown kind %u", (unsigned)k);

        return;
    }
    mig_buf_puts(out, kind_names[k]);
    const char *table = st->table ? st->table : (st->def ? st->def->path : NULL);
    switch (k) {
    case MIG_S_CREATE_TABLE: case MIG_S_DROP_TABLE: case MIG_S_RESET_TTL:
        mig_buf_printf(out, " %s", nz(table));
        break;
    case MIG_S_RENAME_TABLE:
        mig_buf_printf(out, " %s to %s", nz(table), nz(st->to));
        break;
    case MIG_S_ADD_COLUMN:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->ncolumns && st->columns; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->columns[i].name));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_DROP_COLUMN:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->nnames && st->names; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->names[i]));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_ALTER_COLUMN:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->name));
        break;
    case MIG_S_CREATE_INDEX:
        mig_buf_printf(out, " %s on %s", nz(st->index && st->index->name ? st->index->name : st->name),
                       nz(table));
        break;
    case MIG_S_DROP_INDEX:
        mig_buf_printf(out, " %s on %s", nz(st->name), nz(table));
        break;
    case MIG_S_RENAME_INDEX:
        mig_buf_printf(out, " %s %s to %s", nz(table), nz(st->name), nz(st->name2));
        break;
    case MIG_S_SET_TTL:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->ttl.column));
        break;
    case MIG_S_SET:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->nsettings && st->settings; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->settings[i].key));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_ADD_CHANGEFEED: case MIG_S_DROP_CHANGEFEED:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->name));
        break;
    case MIG_S_YQL: case MIG_S_C:

        return;
    default:
        break;
    }
    if (st->cond == MIG_PCOND_IF_EXISTS) mig_buf_puts(out, " if_exists");
    else if (st->cond == MIG_PCOND_IF_NOT_EXISTS) mig_buf_puts(out, " if_not_exists");
}
