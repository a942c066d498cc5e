/* baseline.c - a live schema as one .mig revision (see baseline.h). */
#include "baseline.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "../common/text.h"
#include "yql.h"

/* The .mig keywords (grammar/scanner.l's table; migrun does not link the compiler).
 * A name equal to one of them, in any case, is written in backticks. */
static const char *const keywords[] = {
    "add_changefeed", "add_column", "after", "alter_column", "as", "async", "auto_increment", "base", "c",
    "comment", "cover", "create_index", "create_table", "default", "depends_on", "downgrade", "drop",
    "drop_changefeed", "drop_column", "drop_index", "drop_table", "false", "family", "if_exists",
    "if_not_exists", "index", "irreversible", "key", "label", "not", "null", "on", "pk", "primary",
    "primary_key", "references", "rename", "rename_index", "rename_table", "reset_ttl", "revises", "revision",
    "set", "set_ttl", "sync", "to", "true", "ttl", "type", "unique", "upgrade", "with", "yql",
};

static bool is_keyword(const char *s)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strcasecmp(s, keywords[i]) == 0) return true;
    return false;
}

static bool is_plain(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

int mig_mig_name(mig_buf *out, const char *name)
{
    if (!name || !*name || strpbrk(name, "`\n\r")) return -1;
    if (is_plain(name) && !is_keyword(name)) {
        mig_buf_puts(out, name);
        return 0;
    }
    mig_buf_putc(out, '`');
    mig_buf_puts(out, name);
    mig_buf_putc(out, '`');
    return 0;
}

/* A path "dir/table": each element a name. */
static int path_name(mig_buf *out, mig_arena *a, const char *path)
{
    const char *s = path;
    for (;;) {
        const char *sl = strchr(s, '/');
        const char *el = sl ? mig_strndup(a, s, (size_t)(sl - s)) : s;
        if (mig_mig_name(out, el)) return -1;
        if (!sl) return 0;
        mig_buf_putc(out, '/');
        s = sl + 1;
    }
}

/* A .mig string literal: "..." with the escapes the scanner reads. */
static void str_lit(mig_buf *b, const char *s)
{
    bool utf8 = mig_utf8_valid(s);
    mig_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == '"') {
            mig_buf_putc(b, '\\');
            mig_buf_putc(b, (char)*p);
        } else if (*p == '\n') mig_buf_puts(b, "\\n");
        else if (*p == '\t') mig_buf_puts(b, "\\t");
        else if (*p == '\r') mig_buf_puts(b, "\\r");
        else if (*p < 0x20 || *p == 0x7F || (*p >= 0x80 && !utf8)) mig_buf_printf(b, "\\x%02X", *p);
        else mig_buf_putc(b, (char)*p);
    }
    mig_buf_putc(b, '"');
}


/* A default value (canonical text) as a .mig literal for the column's type. */
static void value_lit(mig_buf *b, const mig_p_type *t, mig_p_value v)
{
    if (!v) {
        mig_buf_puts(b, "null");
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) mig_buf_puts(b, v);
        else str_lit(b, v);
        return;
    case MIG_PT_INT8: case MIG_PT_UINT8: case MIG_PT_INT16: case MIG_PT_UINT16: case MIG_PT_INT32:
    case MIG_PT_UINT32: case MIG_PT_INT64: case MIG_PT_UINT64: case MIG_PT_FLOAT: case MIG_PT_DOUBLE:
    case MIG_PT_DECIMAL: case MIG_PT_DYNUMBER:
        if (mig_yql_is_real(v)) mig_buf_puts(b, v);
        else str_lit(b, v);
        return;
    case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP: case MIG_PT_INTERVAL: case MIG_PT_DATE32:
    case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64: case MIG_PT_INTERVAL64:
        mig_yql_type(b, t);
        mig_buf_putc(b, '(');
        str_lit(b, v);
        mig_buf_putc(b, ')');
        return;
    default: str_lit(b, v); return;
    }
}

static const char *serial_name(const mig_p_type *t)
{
    if (t->serial == 2) return "SmallSerial";
    if (t->serial == 4) return "Serial";
    if (t->serial == 8) return "BigSerial";
    return NULL;
}

/* 7776000 -> 90d; 129600 -> 1d12h; 0 -> 0s. */
static void duration(mig_buf *b, int64_t s)
{
    static const struct { int64_t n; char u; } units[] = {{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    if (s <= 0) {
        mig_buf_puts(b, "0s");
        return;
    }
    /* weeks only when the whole duration is weeks: 14d reads better as 2w, 10d as 10d */
    for (size_t i = s % 604800 == 0 ? 0 : 1; i < sizeof units / sizeof units[0] && s; i++) {
        if (s >= units[i].n) {
            mig_buf_printf(b, "%lld%c", (long long)(s / units[i].n), units[i].u);
            s %= units[i].n;
        }
    }
}

/* 'UPDATES' -> updates; TRUE -> true: changefeed option values as .mig words. */
static void word(mig_buf *b, const char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) v++, n -= 2;
    for (size_t i = 0; i < n; i++) mig_buf_putc(b, (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] - 'A' + 'a' : v[i]));
}

static int names_list(mig_buf *b, const char *const *v, uint32_t n)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i) mig_buf_puts(b, ", ");
        if (mig_mig_name(b, v[i])) return -1;
    }
    mig_buf_putc(b, ')');
    return 0;
}

/* A setting at the value YDB gives a new table anyway. */
static bool is_default_setting(const mig_p_kv *kv)
{
    static const char *const defaults[][2] = {
        {"AUTO_PARTITIONING_BY_LOAD", "DISABLED"},  {"AUTO_PARTITIONING_BY_SIZE", "ENABLED"},
        {"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "1"}, {"AUTO_PARTITIONING_PARTITION_SIZE_MB", "2048"},
        {"KEY_BLOOM_FILTER", "DISABLED"},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        if (strcmp(kv->key, defaults[i][0]) == 0 && strcmp(kv->value, defaults[i][1]) == 0) return true;
    return false;
}

static int table(mig_arena *a, mig_buf *b, mig_buf *notes, const mig_p_table *t, const char **why)
{
#define NAME(s)                                                                                                        \
    do {                                                                                                               \
        if (mig_mig_name(b, (s))) {                                                                                    \
            *why = mig_printf(a, "table \"%s\": the name \"%s\" cannot be written in .mig", t->path, (s) ? (s) : ""); \
            return -1;                                                                                                 \
        }                                                                                                              \
    } while (0)
    mig_buf_puts(b, "  create_table ");
    if (path_name(b, a, t->path)) {
        *why = mig_printf(a, "the table path \"%s\" cannot be written in .mig", t->path);
        return -1;
    }
    mig_buf_puts(b, " <\n");
    size_t width = 0;
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        mig_buf nb = MIG_BUF_INIT;
        if (mig_mig_name(&nb, t->columns[i].name) == 0 && strlen(mig_buf_str(&nb)) > width) width = strlen(mig_buf_str(&nb));
        mig_buf_free(&nb);
    }
    if (width > 24) width = 24;
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        const mig_p_column *c = &t->columns[i];
        mig_buf_puts(b, "    ");
        NAME(c->name);
        size_t len = strlen(c->name) + (is_plain(c->name) && !is_keyword(c->name) ? 0 : 2);
        do mig_buf_putc(b, ' ');
        while (++len <= width);
        const char *sn = serial_name(&c->type);
        if (sn) mig_buf_puts(b, sn);
        else mig_yql_type(b, &c->type);
        bool key = false;
        for (uint32_t k = 0; k < t->nkey; k++) key = key || strcmp(t->key[k], c->name) == 0;
        if (!sn) {
            if (c->not_null) mig_buf_puts(b, " not null");
            else if (key) mig_buf_puts(b, " null"); /* key columns are NOT NULL unless said */
            if (c->has_default) {
                mig_buf_puts(b, " default ");
                value_lit(b, &c->type, c->default_value);
            }
        }
        if (c->family && strcmp(c->family, "default") != 0) {
            mig_buf_puts(b, " family ");
            NAME(c->family);
        }
        mig_buf_puts(b, ";\n");
    }
    mig_buf_puts(b, "    primary_key ");
    if (names_list(b, t->key, t->nkey)) {
        *why = mig_printf(a, "table \"%s\": a key column's name cannot be written in .mig", t->path);
        return -1;
    }
    mig_buf_puts(b, ";\n");
    for (uint32_t i = 0; i < t->nindexes; i++) {
        const mig_p_index *x = &t->indexes[i];
        mig_buf_puts(b, "    index ");
        NAME(x->name);
        if (x->unique) mig_buf_puts(b, " unique");
        if (x->async) mig_buf_puts(b, " async");
        mig_buf_puts(b, " on ");
        if (names_list(b, x->columns, x->ncolumns)) {
            *why = mig_printf(a, "table \"%s\": a column of index \"%s\" cannot be written in .mig", t->path, x->name);
            return -1;
        }
        if (x->ncover) {
            mig_buf_puts(b, " cover ");
            if (names_list(b, x->cover, x->ncover)) {
                *why = mig_printf(a, "table \"%s\": a column of index \"%s\" cannot be written in .mig", t->path, x->name);
                return -1;
            }
        }
        mig_buf_puts(b, ";\n");
    }
    if (t->ttl.column) {
        mig_buf_puts(b, "    ttl ");
        NAME(t->ttl.column);
        mig_buf_puts(b, " after ");
        duration(b, t->ttl.after_seconds);
        if (t->ttl.unit) {
            mig_buf_puts(b, " as ");
            word(b, t->ttl.unit);
        }
        mig_buf_puts(b, ";\n");
    }
    /* settings: YDB reports its defaults too; those are left out (the minimum partition
     * count stays with an enabled auto-partitioning, which resets it otherwise) */
    bool enabled = false;
    for (uint32_t i = 0; i < t->nsettings; i++)
        if (strcmp(t->settings[i].key, "AUTO_PARTITIONING_BY_LOAD") == 0 && strcmp(t->settings[i].value, "ENABLED") == 0)
            enabled = true;
    uint32_t nset = 0;
    for (uint32_t i = 0; i < t->nsettings; i++) {
        const mig_p_kv *kv = &t->settings[i];
        if (is_default_setting(kv) && !(enabled && strcmp(kv->key, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") == 0))
            continue;
        mig_buf_printf(b, "%s%s = %s", nset++ ? ", " : "    with (", kv->key, kv->value);
    }
    if (nset) mig_buf_puts(b, ");\n");
    /* families: those YDB reports with settings, and any a column uses (create_table
     * refuses a column in an undeclared family) */
    const char **fams = mig_alloc(a, ((size_t)t->nfamilies + t->ncolumns + 1) * sizeof *fams);
    size_t nf = 0;
    for (uint32_t i = 0; i < t->nfamilies; i++) fams[nf++] = t->families[i].name;
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        const char *f = t->columns[i].family;
        bool seen = !f;
        for (size_t k = 0; k < nf && !seen; k++) seen = strcmp(fams[k], f) == 0;
        if (!seen) fams[nf++] = f;
    }
    for (size_t i = 0; i < nf; i++) {
        const mig_p_family *f = NULL;
        for (uint32_t k = 0; k < t->nfamilies && !f; k++)
            if (strcmp(t->families[k].name, fams[i]) == 0) f = &t->families[k];
        bool used = false;
        for (uint32_t k = 0; k < t->ncolumns && !used; k++)
            used = t->columns[k].family && strcmp(t->columns[k].family, fams[i]) == 0;
        bool set = f && (f->data || f->compression);
        if (!set && (!used || strcmp(fams[i], "default") == 0)) continue; /* nothing to declare */
        mig_buf_puts(b, "    family ");
        NAME(fams[i]);
        mig_buf_puts(b, " (");
        if (set) {
            if (f->data) mig_buf_printf(b, "DATA = %s", f->data);
            if (f->compression) mig_buf_printf(b, "%sCOMPRESSION = %s", f->data ? ", " : "", f->compression);
        } else {
            mig_buf_puts(b, "COMPRESSION = \"off\"");
            mig_buf_printf(notes, "table \"%s\": column family \"%s\" has no settings reported; it is declared with "
                                  "COMPRESSION = \"off\" (YDB's default): check it\n", t->path, fams[i]);
        }
        mig_buf_puts(b, ");\n");
    }
    mig_buf_puts(b, "  >\n");
    for (uint32_t i = 0; i < t->nchangefeeds; i++) {
        const mig_p_changefeed *f = &t->changefeeds[i];
        bool mode = false, format = false;
        for (uint32_t k = 0; k < f->noptions; k++) {
            mode = mode || strcmp(f->options[k].key, "MODE") == 0;
            format = format || strcmp(f->options[k].key, "FORMAT") == 0;
        }
        if (!mode || !format) {
            /* .mig needs both: leave the step for a person to finish, and say so */
            mig_buf_printf(notes, "table \"%s\": changefeed \"%s\" has no %s reported; its add_changefeed is left "
                                  "as a comment to complete by hand\n", t->path, f->name, !mode ? "mode" : "format");
            mig_buf_puts(b, "  -- TODO (mode and format were not reported):\n  -- ");
        } else {
            mig_buf_puts(b, "  ");
        }
        mig_buf_puts(b, "add_changefeed ");
        path_name(b, a, t->path);
        mig_buf_putc(b, ' ');
        NAME(f->name);
        mig_buf_puts(b, " (");
        for (uint32_t k = 0; k < f->noptions; k++) {
            if (k) mig_buf_puts(b, ", ");
            word(b, f->options[k].key);
            mig_buf_puts(b, " = ");
            word(b, f->options[k].value);
        }
        mig_buf_puts(b, ");\n");
    }
    return 0;
#undef NAME
}

int mig_baseline_render(mig_arena *a, mig_buf *out, mig_buf *notes, const char *id, const char *message,
                        const mig_p_table *tables, size_t ntables, const char **why)
{
    mig_buf_puts(out, "-- The schema of an existing database, as `migrun baseline` found it.\n"
                      "-- Build it (migc build), then mark the database as being at this revision\n"
                      "-- without running it: migrun stamp ");
    mig_buf_puts(out, id);
    mig_buf_printf(out, "\nrevision %s ", id);
    str_lit(out, message);
    mig_buf_puts(out, ";\nrevises base;\n\nupgrade <\n");
    for (size_t i = 0; i < ntables; i++) {
        if (i) mig_buf_putc(out, '\n');
        if (table(a, out, notes, &tables[i], why)) return -1;
    }
    mig_buf_puts(out, ">\n");
    return 0;
}
