/* migtext.c - see migtext.h. */
#include "migtext.h"

#include <string.h>
#include <strings.h>

#include "text.h"
#include "ydbtype.h"

static const char *const keywords[] = {
#define MIG_KEYWORD(text, tok) text,
#include "keywords.def"
#undef MIG_KEYWORD
};

bool mig_text_is_keyword(const char *s)
{
    size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcasecmp(s, keywords[mid]);
        if (c == 0) return true;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

static bool is_plain(const char *s, size_t n)
{
    if (n == 0 || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

/* One name of n bytes (a path element or a whole name). */
static int name_n(mig_buf *out, const char *s, size_t n)
{
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '`' || s[i] == '\n' || s[i] == '\r' || s[i] == '\0') return -1;
    bool plain = is_plain(s, n);
    if (plain) {
        char tmp[64];
        if (n < sizeof tmp) { /* keywords are short */
            memcpy(tmp, s, n);
            tmp[n] = '\0';
            plain = !mig_text_is_keyword(tmp);
        }
    }
    if (!plain) mig_buf_putc(out, '`');
    mig_buf_add(out, s, n);
    if (!plain) mig_buf_putc(out, '`');
    return 0;
}

int mig_text_name(mig_buf *out, const char *name)
{
    return name ? name_n(out, name, strlen(name)) : -1;
}

int mig_text_path(mig_buf *out, const char *path)
{
    if (!path) return -1;
    mig_buf scratch = MIG_BUF_INIT; /* every element is checked before anything is written */
    for (int pass = 0; pass < 2; pass++) {
        for (const char *s = path;;) {
            const char *sl = strchr(s, '/');
            size_t n = sl ? (size_t)(sl - s) : strlen(s);
            if (name_n(pass ? out : &scratch, s, n)) {
                mig_buf_free(&scratch);
                return -1;
            }
            if (!sl) break;
            mig_buf_putc(pass ? out : &scratch, '/');
            s = sl + 1;
        }
    }
    mig_buf_free(&scratch);
    return 0;
}

void mig_text_string(mig_buf *b, const char *s) { mig_text_quote(b, s, '"'); }

void mig_text_duration(mig_buf *b, int64_t seconds)
{
    bool neg = seconds < 0;
    uint64_t s = neg ? (uint64_t)0 - (uint64_t)seconds : (uint64_t)seconds;
    uint64_t days = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
    if (neg) mig_buf_putc(b, '-');
    if (days) mig_buf_printf(b, "%llud", (unsigned long long)days);
    if (h) mig_buf_printf(b, "%lluh", (unsigned long long)h);
    if (m) mig_buf_printf(b, "%llum", (unsigned long long)m);
    if (sec || s == 0) mig_buf_printf(b, "%llus", (unsigned long long)sec);
}

void mig_text_type(mig_buf *b, const mig_p_type *t)
{
    const char *sn = mig_ptype_serial_name(t);
    if (sn) mig_buf_puts(b, sn);
    else mig_ptype_write(b, t);
}

void mig_text_value(mig_buf *b, const mig_p_type *t, mig_p_value v)
{
    if (!v) {
        mig_buf_puts(b, "null");
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) mig_buf_puts(b, v);
        else mig_text_string(b, v);
        return;
    case MIG_PT_INT8: case MIG_PT_UINT8: case MIG_PT_INT16: case MIG_PT_UINT16: case MIG_PT_INT32:
    case MIG_PT_UINT32: case MIG_PT_INT64: case MIG_PT_UINT64: case MIG_PT_FLOAT: case MIG_PT_DOUBLE:
    case MIG_PT_DECIMAL: case MIG_PT_DYNUMBER:
        if (mig_text_is_real(v)) mig_buf_puts(b, v);
        else mig_text_string(b, v);
        return;
    case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP: case MIG_PT_INTERVAL: case MIG_PT_DATE32:
    case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64: case MIG_PT_INTERVAL64:
        mig_ptype_write(b, t);
        mig_buf_putc(b, '(');
        mig_text_string(b, v);
        mig_buf_putc(b, ')');
        return;
    default: mig_text_string(b, v); return;
    }
}

/* PT1H30M, P30D, P1DT2H3M4S -> seconds; -1 when it is no whole-second duration. */
static int64_t iso_seconds(const char *s)
{
    if (*s++ != 'P') return -1;
    int64_t total = 0;
    bool time = false, any = false;
    while (*s) {
        if (*s == 'T' && !time) {
            time = true;
            s++;
            continue;
        }
        if (*s < '0' || *s > '9') return -1;
        int64_t v = 0;
        while (*s >= '0' && *s <= '9') {
            if (v > 100000000000LL) return -1;
            v = v * 10 + (*s++ - '0');
        }
        char u = *s ? *s++ : 0;
        if (!time && u == 'D') total += v * 86400;
        else if (!time && u == 'W') total += v * 604800;
        else if (time && u == 'H') total += v * 3600;
        else if (time && u == 'M') total += v * 60;
        else if (time && u == 'S') total += v;
        else return -1;
        any = true;
    }
    return any ? total : -1;
}

void mig_text_setting_value(mig_buf *b, uint32_t kind, const char *v)
{
    switch (kind) {
    case MIG_V_STRING: mig_text_string(b, v); return;
    case MIG_V_INTERVAL: {
        int64_t s = iso_seconds(v);
        if (s >= 0) mig_text_duration(b, s);
        else mig_text_string(b, v); /* .mig reads an ISO duration in quotes too */
        return;
    }
    default: mig_buf_puts(b, v); return; /* words, integers, true/false, tuples: the same in .mig */
    }
}

int mig_text_backfill(mig_arena *a, mig_buf *b, const mig_p_step *st, const char *ind, const char **why)
{
    size_t start = b->len;
    mig_buf_printf(b, "%sbackfill ", ind);
    int bad = mig_text_path(b, st->table) || !st->nnames || !st->exprs;
    for (uint32_t i = 0; i < st->nnames && !bad; i++) {
        mig_buf_puts(b, i ? ", " : " set ");
        bad = mig_text_name(b, st->names[i]) || !st->exprs[i];
        if (bad) break;
        mig_buf_puts(b, " = ");
        mig_text_string(b, st->exprs[i]);
    }
    if (bad) {
        b->len = start;
        if (b->s) b->s[start] = '\0';
        *why = mig_printf(a, "backfill %s: a name .mig cannot hold, or no column to set", st->table ? st->table : "?");
        return -1;
    }
    if (st->body) {
        mig_buf_puts(b, " where ");
        mig_text_string(b, mig_strndup(a, st->body, st->body_len ? st->body_len : strlen(st->body)));
    }
    mig_buf_printf(b, " batch %u", (unsigned)st->batch);
    if (st->pause_ms) {
        mig_buf_puts(b, " pause ");
        if (st->pause_ms >= 1000 || st->pause_ms % 1000 == 0) mig_text_duration(b, st->pause_ms / 1000);
        if (st->pause_ms % 1000) mig_buf_printf(b, "%ums", (unsigned)(st->pause_ms % 1000));
    }
    mig_buf_puts(b, ";\n");
    return 0;
}

static int names_list(mig_buf *b, const char *const *v, uint32_t n)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i) mig_buf_puts(b, ", ");
        if (mig_text_name(b, v[i])) return -1;
    }
    mig_buf_putc(b, ')');
    return 0;
}

static void kvs(mig_buf *b, const mig_p_kv *kv, uint32_t n)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        mig_buf_printf(b, "%s%s = ", i ? ", " : "", kv[i].key);
        mig_text_setting_value(b, kv[i].kind, kv[i].value);
    }
    mig_buf_putc(b, ')');
}

static bool is_key(const mig_p_table *t, const char *col)
{
    for (uint32_t k = 0; k < t->nkey; k++)
        if (strcmp(t->key[k], col) == 0) return true;
    return false;
}

static void column(mig_buf *b, const mig_p_table *t, const mig_p_column *c, size_t width)
{
    size_t start = b->len;
    mig_text_name(b, c->name);
    do mig_buf_putc(b, ' ');
    while (b->len - start <= width);
    mig_text_type(b, &c->type);
    if (!mig_ptype_serial_name(&c->type)) { /* Serial columns are NOT NULL without saying */
        if (c->not_null) {
            if (!is_key(t, c->name)) mig_buf_puts(b, " not null");
        } else if (is_key(t, c->name)) {
            mig_buf_puts(b, " null"); /* key columns are NOT NULL unless said */
        }
    }
    if (c->has_default) {
        mig_buf_puts(b, " default ");
        mig_text_value(b, &c->type, c->default_value);
    }
    if (c->family && strcmp(c->family, "default") != 0) {
        mig_buf_puts(b, " family ");
        mig_text_name(b, c->family);
    }
}

/* A TTL rule after `ttl` or `set_ttl TABLE`: COL after DURATION [as unit]. */
static void ttl(mig_buf *b, const mig_p_ttl *t)
{
    mig_text_name(b, t->column);
    mig_buf_puts(b, " after ");
    mig_text_duration(b, t->after_seconds);
    if (t->unit) {
        mig_buf_puts(b, " as ");
        for (const char *p = t->unit; *p; p++) mig_buf_putc(b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    }
}

static void add_changefeed(mig_buf *b, const char *path, const char *name, const mig_p_kv *opts, uint32_t n)
{
    mig_buf_puts(b, "add_changefeed ");
    mig_text_path(b, path);
    mig_buf_putc(b, ' ');
    mig_text_name(b, name);
    mig_buf_putc(b, ' ');
    kvs(b, opts, n);
    mig_buf_puts(b, ";\n");
}

/* The width column types line up at, up to a point: the longest column name. */
static size_t name_width(const mig_p_table *t)
{
    size_t width = 0;
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        mig_buf nb = MIG_BUF_INIT;
        mig_text_name(&nb, t->columns[i].name);
        if (nb.len > width) width = nb.len;
        mig_buf_free(&nb);
    }
    return width > 24 ? 24 : width;
}

/* Can every name of t be written? Sets *why otherwise. */
static bool names_ok(mig_arena *a, const mig_p_table *t, const char **why)
{
    mig_buf scratch = MIG_BUF_INIT;
    const char *bad = NULL;
    if (mig_text_path(&scratch, t->path)) {
        *why = mig_printf(a, "the table path \"%s\" cannot be written in .mig", t->path ? t->path : "");
        mig_buf_free(&scratch);
        return false;
    }
    for (uint32_t i = 0; i < t->ncolumns && !bad; i++) {
        if (mig_text_name(&scratch, t->columns[i].name)) bad = t->columns[i].name;
        else if (t->columns[i].family && mig_text_name(&scratch, t->columns[i].family)) bad = t->columns[i].family;
    }
    for (uint32_t i = 0; i < t->nkey && !bad; i++)
        if (mig_text_name(&scratch, t->key[i])) bad = t->key[i];
    for (uint32_t i = 0; i < t->nindexes && !bad; i++) {
        const mig_p_index *x = &t->indexes[i];
        if (mig_text_name(&scratch, x->name)) bad = x->name;
        for (uint32_t k = 0; k < x->ncolumns && !bad; k++)
            if (mig_text_name(&scratch, x->columns[k])) bad = x->columns[k];
        for (uint32_t k = 0; k < x->ncover && !bad; k++)
            if (mig_text_name(&scratch, x->cover[k])) bad = x->cover[k];
    }
    for (uint32_t i = 0; i < t->nfamilies && !bad; i++)
        if (mig_text_name(&scratch, t->families[i].name)) bad = t->families[i].name;
    if (t->ttl.column && !bad && mig_text_name(&scratch, t->ttl.column)) bad = t->ttl.column;
    for (uint32_t i = 0; i < t->nchangefeeds && !bad; i++)
        if (mig_text_name(&scratch, t->changefeeds[i].name)) bad = t->changefeeds[i].name;
    mig_buf_free(&scratch);
    if (bad) *why = mig_printf(a, "table \"%s\": the name \"%s\" cannot be written in .mig", t->path, bad ? bad : "");
    return !bad;
}

/* A table's block, `kw path < ... >`, and its changefeeds' steps. */
static int table_block(mig_arena *a, mig_buf *b, mig_buf *notes, const mig_p_table *t, const char *ind, const char *kw,
                       const char **why)
{
    if (!names_ok(a, t, why)) return -1;
    mig_buf_printf(b, "%s%s ", ind, kw);
    mig_text_path(b, t->path);
    mig_buf_puts(b, " <\n");
    size_t width = name_width(t);
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        mig_buf_printf(b, "%s  ", ind);
        column(b, t, &t->columns[i], width);
        mig_buf_puts(b, ";\n");
    }
    mig_buf_printf(b, "%s  primary_key ", ind);
    names_list(b, t->key, t->nkey);
    mig_buf_puts(b, ";\n");
    for (uint32_t i = 0; i < t->nindexes; i++) {
        const mig_p_index *x = &t->indexes[i];
        mig_buf_printf(b, "%s  index ", ind);
        mig_text_name(b, x->name);
        if (x->unique) mig_buf_puts(b, " unique");
        if (x->async) mig_buf_puts(b, " async");
        mig_buf_puts(b, " on ");
        names_list(b, x->columns, x->ncolumns);
        if (x->ncover) {
            mig_buf_puts(b, " cover ");
            names_list(b, x->cover, x->ncover);
        }
        mig_buf_puts(b, ";\n");
    }
    for (uint32_t i = 0; i < t->nfamilies; i++) {
        const mig_p_family *f = &t->families[i];
        mig_buf_printf(b, "%s  family ", ind);
        mig_text_name(b, f->name);
        mig_buf_puts(b, " (");
        if (f->data) {
            mig_buf_puts(b, "DATA = ");
            mig_text_string(b, f->data);
        }
        if (f->compression) {
            mig_buf_puts(b, f->data ? ", COMPRESSION = " : "COMPRESSION = ");
            mig_text_string(b, f->compression);
        }
        mig_buf_puts(b, ");\n");
    }
    if (t->ttl.column) {
        mig_buf_printf(b, "%s  ttl ", ind);
        ttl(b, &t->ttl);
        mig_buf_puts(b, ";\n");
    }
    if (t->nsettings) {
        mig_buf_printf(b, "%s  with ", ind);
        kvs(b, t->settings, t->nsettings);
        mig_buf_puts(b, ";\n");
    }
    mig_buf_printf(b, "%s>\n", ind);
    for (uint32_t i = 0; i < t->nchangefeeds; i++) {
        const mig_p_changefeed *f = &t->changefeeds[i];
        bool mode = false, format = false;
        for (uint32_t k = 0; k < f->noptions; k++) {
            mode = mode || strcmp(f->options[k].key, "MODE") == 0;
            format = format || strcmp(f->options[k].key, "FORMAT") == 0;
        }
        mig_buf_puts(b, ind);
        if (!mode || !format) {
            /* .mig needs both: leave the step for a person to finish, and say so */
            if (notes)
                mig_buf_printf(notes, "table \"%s\": changefeed \"%s\" has no %s reported; its add_changefeed is "
                                      "left as a comment to complete by hand\n", t->path, f->name, !mode ? "mode" : "format");
            mig_buf_printf(b, "-- TODO (mode and format were not reported):\n%s-- ", ind);
        }
        add_changefeed(b, t->path, f->name, f->options, f->noptions);
    }
    return 0;
}

int mig_text_table(mig_arena *a, mig_buf *b, mig_buf *notes, const mig_p_table *t, const char *ind,
                   const char **why)
{
    return table_block(a, b, notes, t, ind, "create_table", why);
}

/* ---- steps ---- */

/* rebuild_table T < new body > copy < C = "EXPR"; ... > batch N; with the copy entries a
 * column's own old name (`c`) would give left out. */
static int rebuild(mig_arena *a, mig_buf *b, const mig_p_step *st, const char *ind, const char **why)
{
    if (!st->def || !st->exprs) {
        *why = mig_printf(a, "rebuild_table %s: the step has no new table", st->table ? st->table : "?");
        return -1;
    }
    size_t start = b->len;
    mig_p_table def = *st->def;
    def.nchangefeeds = 0; /* added by steps of their own */
    if (table_block(a, b, NULL, &def, ind, "rebuild_table", why)) return -1;
    b->s[--b->len] = '\0'; /* what follows goes on the body's closing line */
    bool open = false;
    for (uint32_t i = 0; i < st->nnames; i++) {
        const char *e = st->exprs[i];
        if (!e || (e[0] == '`' && strncmp(e + 1, st->names[i], strlen(st->names[i])) == 0 &&
                   strcmp(e + 1 + strlen(st->names[i]), "`") == 0))
            continue;
        if (!open) mig_buf_puts(b, " copy <\n");
        open = true;
        mig_buf_printf(b, "%s  ", ind);
        if (mig_text_name(b, st->names[i])) {
            b->len = start;
            if (b->s) b->s[start] = '\0';
            *why = mig_printf(a, "rebuild_table %s: the name \"%s\" cannot be written in .mig", st->table, st->names[i]);
            return -1;
        }
        mig_buf_puts(b, " = ");
        mig_text_string(b, e);
        mig_buf_puts(b, ";\n");
    }
    if (open) mig_buf_printf(b, "%s>", ind);
    mig_buf_printf(b, " batch %u;\n", (unsigned)st->batch);
    return 0;
}

static void step_head(mig_buf *b, const char *ind, const char *kw, const char *path)
{
    mig_buf_printf(b, "%s%s ", ind, kw);
    mig_text_path(b, path);
}

static const mig_p_column *pre_column(const mig_p_step *st)
{
    for (uint32_t i = 0; st->pre && i < st->pre->ncolumns; i++)
        if (strcmp(st->pre->columns[i].name, st->name) == 0) return &st->pre->columns[i];
    return NULL;
}

int mig_text_step(mig_arena *a, mig_buf *b, const mig_p_step *st, const char *ind, const char **why)
{
    switch (st->kind) {
    case MIG_S_CREATE_TABLE: return mig_text_table(a, b, NULL, st->def, ind, why);
    case MIG_S_DROP_TABLE: step_head(b, ind, "drop_table", st->table); break;
    case MIG_S_RENAME_TABLE:
        step_head(b, ind, "rename_table", st->table);
        mig_buf_puts(b, " to ");
        mig_text_path(b, st->to);
        if (st->flags & MIG_PSTEP_REPLACE) mig_buf_puts(b, " replace");
        break;
    case MIG_S_ADD_COLUMN: {
        step_head(b, ind, "add_column", st->table);
        mig_buf_puts(b, " <\n");
        mig_p_table none = {0}; /* added columns are never key columns */
        none.columns = st->columns;
        none.ncolumns = st->ncolumns;
        size_t width = name_width(&none);
        for (uint32_t i = 0; i < st->ncolumns; i++) {
            mig_buf_printf(b, "%s  ", ind);
            column(b, &none, &st->columns[i], width);
            mig_buf_puts(b, ";\n");
        }
        mig_buf_printf(b, "%s>\n", ind);
        return 0;
    }
    case MIG_S_DROP_COLUMN:
        step_head(b, ind, "drop_column", st->table);
        for (uint32_t i = 0; i < st->nnames; i++) {
            mig_buf_puts(b, i ? ", " : " ");
            mig_text_name(b, st->names[i]);
        }
        break;
    case MIG_S_ALTER_COLUMN: {
        step_head(b, ind, "alter_column", st->table);
        mig_buf_putc(b, ' ');
        mig_text_name(b, st->name);
        mig_buf_puts(b, " <\n");
        const mig_p_column *c = pre_column(st);
        for (uint32_t i = 0; i < st->nchanges; i++) {
            const mig_p_change *ch = &st->changes[i];
            mig_buf_printf(b, "%s  ", ind);
            switch (ch->kind) {
            case MIG_CH_DROP_NOT_NULL: mig_buf_puts(b, "null"); break;
            case MIG_CH_SET_FAMILY:
                mig_buf_puts(b, "family ");
                mig_text_name(b, ch->family ? ch->family : "default");
                break;
            case MIG_CH_SET_DEFAULT:
                if (!c) {
                    *why = mig_printf(a, "alter_column %s %s: the column's type is not known", st->table, st->name);
                    return -1;
                }
                mig_buf_puts(b, "default ");
                mig_text_value(b, &c->type, ch->default_value);
                break;
            case MIG_CH_DROP_DEFAULT: mig_buf_puts(b, "drop default"); break;
            default: break;
            }
            mig_buf_puts(b, ";\n");
        }
        mig_buf_printf(b, "%s>\n", ind);
        return 0;
    }
    case MIG_S_CREATE_INDEX: {
        const mig_p_index *x = st->index;
        mig_buf_printf(b, "%screate_index ", ind);
        mig_text_name(b, x->name);
        mig_buf_puts(b, " on ");
        mig_text_path(b, st->table);
        mig_buf_putc(b, ' ');
        names_list(b, x->columns, x->ncolumns);
        if (x->unique) mig_buf_puts(b, " unique");
        if (x->async) mig_buf_puts(b, " async");
        if (x->ncover) {
            mig_buf_puts(b, " cover ");
            names_list(b, x->cover, x->ncover);
        }
        break;
    }
    case MIG_S_DROP_INDEX:
        mig_buf_printf(b, "%sdrop_index ", ind);
        mig_text_name(b, st->name);
        mig_buf_puts(b, " on ");
        mig_text_path(b, st->table);
        break;
    case MIG_S_RENAME_INDEX:
        step_head(b, ind, "rename_index", st->table);
        mig_buf_putc(b, ' ');
        mig_text_name(b, st->name);
        mig_buf_puts(b, " to ");
        mig_text_name(b, st->name2);
        break;
    case MIG_S_SET_TTL:
        step_head(b, ind, "set_ttl", st->table);
        mig_buf_putc(b, ' ');
        ttl(b, &st->ttl);
        break;
    case MIG_S_RESET_TTL: step_head(b, ind, "reset_ttl", st->table); break;
    case MIG_S_SET:
        step_head(b, ind, "set", st->table);
        mig_buf_putc(b, ' ');
        kvs(b, st->settings, st->nsettings);
        break;
    case MIG_S_ADD_CHANGEFEED:
        mig_buf_puts(b, ind);
        add_changefeed(b, st->table, st->name, st->settings, st->nsettings);
        return 0;
    case MIG_S_DROP_CHANGEFEED:
        step_head(b, ind, "drop_changefeed", st->table);
        mig_buf_putc(b, ' ');
        mig_text_name(b, st->name);
        break;
    case MIG_S_BACKFILL: return mig_text_backfill(a, b, st, ind, why);
    case MIG_S_REBUILD_TABLE: return rebuild(a, b, st, ind, why);
    default:
        *why = mig_printf(a, "a %s step is not written by migc", st->kind == MIG_S_YQL ? "yql" : "c");
        return -1;
    }
    mig_buf_puts(b, ";\n");
    return 0;
}
