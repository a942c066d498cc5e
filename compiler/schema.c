/* schema.c - persistent schemas, their differences, and applying ops. */
#include "schema.h"

#include "../common/migtext.h"
#include "ptable.h"
#include "../grammar/parse.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* ---- tables ---- */

int mig_table_col(const mig_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0) return (int)i;
    return -1;
}

int mig_table_index(const mig_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (strcmp(t->indexes[i].name, name) == 0) return (int)i;
    return -1;
}

int mig_table_feed(const mig_table *t, const char *name)
{
    for (size_t i = 0; i < t->nfeeds; i++)
        if (strcmp(t->feeds[i].name, name) == 0) return (int)i;
    return -1;
}

int mig_table_family(const mig_table *t, const char *name)
{
    for (size_t i = 0; i < t->nfamilies; i++)
        if (strcmp(t->families[i].name, name) == 0) return (int)i;
    return -1;
}

bool mig_table_is_key(const mig_table *t, const char *col)
{
    for (size_t i = 0; i < t->npk; i++)
        if (strcmp(t->pk[i], col) == 0) return true;
    return false;
}

const char *mig_table_setting(const mig_table *t, const char *key)
{
    for (size_t i = 0; i < t->nsettings; i++)
        if (strcmp(t->settings[i].key, key) == 0) return t->settings[i].value;
    return NULL;
}

void mig_table_set_setting(mig_schema_ctx *c, mig_table *t, const char *key, const char *value)
{
    size_t i = 0;
    while (i < t->nsettings && strcmp(t->settings[i].key, key) < 0) i++;
    if (i < t->nsettings && strcmp(t->settings[i].key, key) == 0) {
        t->settings[i].value = value;
        return;
    }
    mig_kv *v = mig_alloc(c->arena, (t->nsettings + 1) * sizeof *v);
    if (i) memcpy(v, t->settings, i * sizeof *v);
    v[i].key = key;
    v[i].value = value;
    if (t->nsettings > i) memcpy(v + i + 1, t->settings + i, (t->nsettings - i) * sizeof *v);
    t->settings = v;
    t->nsettings++;
}

void mig_table_unset_setting(mig_table *t, const char *key)
{
    for (size_t i = 0; i < t->nsettings; i++)
        if (strcmp(t->settings[i].key, key) == 0) {
            memmove(t->settings + i, t->settings + i + 1, (t->nsettings - i - 1) * sizeof *t->settings);
            t->nsettings--;
            return;
        }
}

/* ---- differences ---- */

static bool streq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static bool type_eq(const mig_coltype *a, const mig_coltype *b)
{
    return a->id == b->id && a->precision == b->precision && a->scale == b->scale;
}

static const char *describe_col(mig_arena *a, const mig_scol *c)
{
    char tb[64];
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, mig_coltype_str(&c->type, false, tb));
    if (c->not_null) mig_buf_puts(&b, " not null");
    if (c->has_default) {
        mig_buf_puts(&b, " default ");
        mig_p_type pt = mig_ptype_of(&c->type);
        mig_text_value(&b, &pt, c->def.is_null ? NULL : c->def.text);
    }
    if (c->family) mig_buf_printf(&b, " family %s", c->family);
    char *s = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return s;
}

static const char *describe_index(mig_arena *a, const mig_sindex *x)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "on (");
    for (size_t i = 0; i < x->ncols; i++) mig_buf_printf(&b, "%s%s", i ? ", " : "", x->cols[i]);
    mig_buf_puts(&b, ")");
    if (x->unique) mig_buf_puts(&b, " unique");
    if (x->async) mig_buf_puts(&b, " async");
    if (x->ncover) {
        mig_buf_puts(&b, " cover (");
        for (size_t i = 0; i < x->ncover; i++) mig_buf_printf(&b, "%s%s", i ? ", " : "", x->cover[i]);
        mig_buf_puts(&b, ")");
    }
    char *s = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return s;
}

bool mig_index_same(const mig_sindex *x, const mig_sindex *y)
{
    if (x->unique != y->unique || x->async != y->async || x->ncols != y->ncols || x->ncover != y->ncover) return false;
    for (size_t i = 0; i < x->ncols; i++)
        if (strcmp(x->cols[i], y->cols[i]) != 0) return false;
    for (size_t i = 0; i < x->ncover; i++)
        if (strcmp(x->cover[i], y->cover[i]) != 0) return false;
    return true;
}

typedef struct diffctx {
    mig_arena *a;
    mig_buf *out;
    size_t n, max;
    const char *an, *bn;
} diffctx;

static void say(diffctx *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(diffctx *d, const char *fmt, ...)
{
    d->n++;
    if (!d->out || d->n > d->max) return;
    va_list ap;
    va_start(ap, fmt);
    mig_buf_puts(d->out, "  - ");
    mig_buf_vprintf(d->out, fmt, ap);
    mig_buf_putc(d->out, '\n');
    va_end(ap);
}

static void diff_table(diffctx *d, const mig_table *x, const mig_table *y)
{
    const char *p = x->path;
    for (size_t i = 0; i < x->ncols; i++) {
        int j = mig_table_col(y, x->cols[i].name);
        if (j < 0) say(d, "table \"%s\": column \"%s\" exists in %s but not in %s", p, x->cols[i].name, d->an, d->bn);
        else {
            const mig_scol *a = &x->cols[i], *b = &y->cols[j];
            bool same = type_eq(&a->type, &b->type) && a->not_null == b->not_null && a->has_default == b->has_default &&
                        (!a->has_default || (a->def.is_null == b->def.is_null && streq(a->def.text, b->def.text))) &&
                        streq(a->family, b->family);
            if (!same)
                say(d, "table \"%s\": column \"%s\" is %s in %s but %s in %s", p, a->name, describe_col(d->a, a), d->an,
                    describe_col(d->a, b), d->bn);
        }
    }
    for (size_t j = 0; j < y->ncols; j++)
        if (mig_table_col(x, y->cols[j].name) < 0)
            say(d, "table \"%s\": column \"%s\" exists in %s but not in %s", p, y->cols[j].name, d->bn, d->an);
    bool pk_same = x->npk == y->npk;
    for (size_t i = 0; pk_same && i < x->npk; i++) pk_same = strcmp(x->pk[i], y->pk[i]) == 0;
    if (!pk_same) say(d, "table \"%s\": the primary key differs", p);
    for (size_t i = 0; i < x->nindexes; i++) {
        int j = mig_table_index(y, x->indexes[i].name);
        if (j < 0)
            say(d, "table \"%s\": index \"%s\" exists in %s but not in %s", p, x->indexes[i].name, d->an, d->bn);
        else if (!mig_index_same(&x->indexes[i], &y->indexes[j]))
            say(d, "table \"%s\": index \"%s\" is %s in %s but %s in %s", p, x->indexes[i].name,
                describe_index(d->a, &x->indexes[i]), d->an, describe_index(d->a, &y->indexes[j]), d->bn);
    }
    for (size_t j = 0; j < y->nindexes; j++)
        if (mig_table_index(x, y->indexes[j].name) < 0)
            say(d, "table \"%s\": index \"%s\" exists in %s but not in %s", p, y->indexes[j].name, d->bn, d->an);
    if (x->ttl.set != y->ttl.set || (x->ttl.set && (!streq(x->ttl.col, y->ttl.col) || x->ttl.seconds != y->ttl.seconds ||
                                                   !streq(x->ttl.unit, y->ttl.unit))))
        say(d, "table \"%s\": the TTL differs", p);
    /* A setting not set compares equal to YDB's default for it. */
    for (size_t i = 0; i < x->nsettings; i++) {
        const char *k = x->settings[i].key;
        const char *v = mig_table_setting(y, k);
        const char *ev = v ? v : mig_setting_default(k);
        if (!streq(ev, x->settings[i].value))
            say(d, "table \"%s\": setting %s is %s in %s but %s in %s", p, k, x->settings[i].value, d->an,
                v ? v : "not set", d->bn);
    }
    for (size_t j = 0; j < y->nsettings; j++) {
        const char *k = y->settings[j].key;
        if (!mig_table_setting(x, k) && !streq(mig_setting_default(k), y->settings[j].value))
            say(d, "table \"%s\": setting %s is not set in %s but %s in %s", p, k, d->an, y->settings[j].value, d->bn);
    }
    for (size_t i = 0; i < x->nfamilies; i++) {
        int j = mig_table_family(y, x->families[i].name);
        if (j < 0 || !streq(x->families[i].data, y->families[j].data) ||
            !streq(x->families[i].compression, y->families[j].compression))
            say(d, "table \"%s\": column family \"%s\" differs", p, x->families[i].name);
    }
    for (size_t j = 0; j < y->nfamilies; j++)
        if (mig_table_family(x, y->families[j].name) < 0)
            say(d, "table \"%s\": column family \"%s\" exists in %s but not in %s", p, y->families[j].name, d->bn, d->an);
    for (size_t i = 0; i < x->nfeeds; i++)
        if (mig_table_feed(y, x->feeds[i].name) < 0)
            say(d, "table \"%s\": changefeed \"%s\" exists in %s but not in %s", p, x->feeds[i].name, d->an, d->bn);
    for (size_t j = 0; j < y->nfeeds; j++)
        if (mig_table_feed(x, y->feeds[j].name) < 0)
            say(d, "table \"%s\": changefeed \"%s\" exists in %s but not in %s", p, y->feeds[j].name, d->bn, d->an);
}

size_t mig_schema_diff(const mig_schema *a, const mig_schema *b, const char *aname, const char *bname,
                       mig_buf *out, size_t max)
{
    mig_arena *ar = mig_arena_new();
    diffctx d = {ar, out, 0, max, aname, bname};
    const mig_table *x = mig_schema_first(a), *y = mig_schema_first(b);
    while (x || y) {
        int c = !x ? 1 : !y ? -1 : strcmp(x->path, y->path);
        if (c < 0) {
            say(&d, "table \"%s\" exists in %s but not in %s", x->path, aname, bname);
            x = mig_schema_next(a, x);
        } else if (c > 0) {
            say(&d, "table \"%s\" exists in %s but not in %s", y->path, bname, aname);
            y = mig_schema_next(b, y);
        } else {
            if (x != y) diff_table(&d, x, y);
            x = mig_schema_next(a, x);
            y = mig_schema_next(b, y);
        }
    }
    if (out && d.n > max) mig_buf_printf(out, "  - and %zu more\n", d.n - max);
    mig_arena_free(ar);
    return d.n;
}

static bool same_table(const mig_table *x, const mig_table *y)
{
    mig_arena *ar = mig_arena_new();
    diffctx d = {ar, NULL, 0, 0, "", ""};
    diff_table(&d, x, y);
    mig_arena_free(ar);
    return d.n == 0;
}

bool mig_schema_equal(const mig_schema *a, const mig_schema *b) { return mig_schema_same(a, b, same_table); }

/* ---- applying ops ---- */

static bool touches_table(const mig_op *op) { return op->table && op->kind != MIG_STEP_YQL && op->kind != MIG_STEP_C; }

const mig_table *mig_ops_table_before(const mig_ops *ops, size_t i, const mig_schema *start)
{
    const mig_op *op = &ops->v[i];
    if (!touches_table(op)) return NULL;
    while (i-- > 0) {
        const mig_op *q = &ops->v[i];
        if (!touches_table(q)) continue;
        const char *left = q->kind == MIG_STEP_RENAME_TABLE ? q->to : q->table;
        if (strcmp(left, op->table) == 0) return q->post;
        if (q->kind == MIG_STEP_RENAME_TABLE && strcmp(q->table, op->table) == 0) return NULL; /* moved away */
        /* a rebuild's kept table is the table that rebuild met */
        if (q->kind == MIG_STEP_REBUILD_TABLE && strcmp(q->to, op->table) == 0) return mig_ops_table_before(ops, i, start);
    }
    return mig_schema_find(start, op->table);
}

static const char *missing_table(mig_arena *a, const char *path)
{
    return mig_printf(a, "table \"%s\" does not exist", path);
}

const char *mig_op_apply(mig_schema_ctx *c, mig_schema *s, mig_op *op)
{
    mig_arena *a = c->arena;
    mig_table *t = NULL;
    const char *err = NULL;
    op->post = NULL;
    switch (op->kind) {
    case MIG_STEP_CREATE_TABLE:
        if (mig_schema_find(s, op->table)) {
            if (op->cond == MIG_COND_IF_NOT_EXISTS) break;
            err = mig_printf(a, "table \"%s\" already exists", op->table);
            break;
        }
        mig_schema_put(c, s, (mig_table *)op->def); /* gen 0: shared, copied on first edit */
        break;
    case MIG_STEP_DROP_TABLE:
        if (!mig_schema_remove(c, s, op->table) && op->cond != MIG_COND_IF_EXISTS) err = missing_table(a, op->table);
        break;
    case MIG_STEP_RENAME_TABLE: {
        const mig_table *src = mig_schema_find(s, op->table);
        if (!src) err = missing_table(a, op->table);
        else if (mig_schema_find(s, op->to) && !op->replace) err = mig_printf(a, "table \"%s\" already exists", op->to);
        else if (strcmp(op->table, op->to) == 0) err = mig_printf(a, "table \"%s\" cannot replace itself", op->to);
        else {
            mig_table *n = mig_table_copy(a, src);
            n->path = op->to;
            n->gen = 0;
            mig_schema_remove(c, s, op->to); /* with replace: the destination goes */
            mig_schema_remove(c, s, op->table);
            mig_schema_put(c, s, n);
        }
        break;
    }
    case MIG_STEP_REBUILD_TABLE: {
        /* the old table stays under the kept name; the new shape takes the path */
        const mig_table *src = mig_schema_find(s, op->table);
        if (!src) err = missing_table(a, op->table);
        else if (mig_schema_find(s, op->to)) err = mig_printf(a, "table \"%s\" already exists", op->to);
        else {
            mig_table *kept = mig_table_copy(a, src);
            kept->path = op->to;
            kept->gen = 0;
            mig_schema_remove(c, s, op->table);
            mig_schema_put(c, s, kept);
            mig_schema_put(c, s, (mig_table *)op->def);
        }
        break;
    }
    default:
        if (op->kind == MIG_STEP_YQL || op->kind == MIG_STEP_C) break;
        if (op->kind == MIG_STEP_BACKFILL) { /* rows change, the schema does not */
            if (!mig_schema_find(s, op->table)) err = missing_table(a, op->table);
            break;
        }
        t = mig_schema_edit(c, s, op->table);
        if (!t) {
            if (!((op->kind == MIG_STEP_DROP_INDEX || op->kind == MIG_STEP_DROP_CHANGEFEED ||
                   op->kind == MIG_STEP_DROP_COLUMN) && op->cond == MIG_COND_IF_EXISTS))
                err = missing_table(a, op->table);
            break;
        }
        switch (op->kind) {
        case MIG_STEP_ADD_COLUMN: {
            mig_scol *v = mig_alloc(a, (t->ncols + op->ncols) * sizeof *v);
            if (t->ncols) memcpy(v, t->cols, t->ncols * sizeof *v);
            size_t n = t->ncols;
            for (size_t i = 0; i < op->ncols && !err; i++) {
                bool dup = false;
                for (size_t j = 0; j < n; j++) dup = dup || strcmp(v[j].name, op->cols[i].name) == 0;
                if (dup && op->cond != MIG_COND_IF_NOT_EXISTS)
                    err = mig_printf(a, "column \"%s\" already exists in table \"%s\"", op->cols[i].name, t->path);
                else if (!dup) v[n++] = op->cols[i];
            }
            t->cols = v;
            t->ncols = n;
            break;
        }
        case MIG_STEP_DROP_COLUMN:
            for (size_t i = 0; i < op->nnames && !err; i++) {
                int k = mig_table_col(t, op->names[i]);
                if (k < 0) {
                    if (op->cond != MIG_COND_IF_EXISTS)
                        err = mig_printf(a, "column \"%s\" does not exist in table \"%s\"", op->names[i], t->path);
                    continue;
                }
                memmove(t->cols + k, t->cols + k + 1, (t->ncols - (size_t)k - 1) * sizeof *t->cols);
                t->ncols--;
            }
            break;
        case MIG_STEP_ALTER_COLUMN: {
            int k = mig_table_col(t, op->name);
            if (k < 0) {
                err = mig_printf(a, "column \"%s\" does not exist in table \"%s\"", op->name, t->path);
                break;
            }
            mig_scol *col = &t->cols[k];
            for (size_t i = 0; i < op->nchanges; i++) {
                const mig_opchange *ch = &op->changes[i];
                switch (ch->kind) {
                case MIG_CHG_NULL: col->not_null = false; break;
                case MIG_CHG_NOT_NULL: col->not_null = true; break;
                case MIG_CHG_FAMILY: col->family = ch->family; break;
                case MIG_CHG_DEFAULT: col->has_default = true, col->def = ch->def; break;
                case MIG_CHG_DROP_DEFAULT: col->has_default = false, memset(&col->def, 0, sizeof col->def); break;
                default: break;
                }
            }
            break;
        }
        case MIG_STEP_CREATE_INDEX: {
            if (mig_table_index(t, op->index->name) >= 0) {
                if (op->cond != MIG_COND_IF_NOT_EXISTS)
                    err = mig_printf(a, "index \"%s\" already exists on table \"%s\"", op->index->name, t->path);
                break;
            }
            mig_sindex *v = mig_alloc(a, (t->nindexes + 1) * sizeof *v);
            if (t->nindexes) memcpy(v, t->indexes, t->nindexes * sizeof *v);
            v[t->nindexes++] = *op->index;
            t->indexes = v;
            break;
        }
        case MIG_STEP_DROP_INDEX: {
            int k = mig_table_index(t, op->name);
            if (k < 0) {
                if (op->cond != MIG_COND_IF_EXISTS)
                    err = mig_printf(a, "index \"%s\" does not exist on table \"%s\"", op->name, t->path);
                break;
            }
            memmove(t->indexes + k, t->indexes + k + 1, (t->nindexes - (size_t)k - 1) * sizeof *t->indexes);
            t->nindexes--;
            break;
        }
        case MIG_STEP_RENAME_INDEX: {
            int k = mig_table_index(t, op->name);
            if (k < 0) err = mig_printf(a, "index \"%s\" does not exist on table \"%s\"", op->name, t->path);
            else if (mig_table_index(t, op->name2) >= 0)
                err = mig_printf(a, "index \"%s\" already exists on table \"%s\"", op->name2, t->path);
            else t->indexes[k].name = op->name2;
            break;
        }
        case MIG_STEP_SET_TTL: t->ttl = op->ttl; break;
        case MIG_STEP_RESET_TTL: memset(&t->ttl, 0, sizeof t->ttl); break;
        case MIG_STEP_SET:
            for (size_t i = 0; i < op->nsettings; i++) {
                if (op->settings[i].value) mig_table_set_setting(c, t, op->settings[i].key, op->settings[i].value);
                else mig_table_unset_setting(t, op->settings[i].key);
            }
            break;
        case MIG_STEP_ADD_CHANGEFEED: {
            if (mig_table_feed(t, op->name) >= 0) {
                if (op->cond != MIG_COND_IF_NOT_EXISTS)
                    err = mig_printf(a, "changefeed \"%s\" already exists on table \"%s\"", op->name, t->path);
                break;
            }
            mig_sfeed *v = mig_alloc(a, (t->nfeeds + 1) * sizeof *v);
            if (t->nfeeds) memcpy(v, t->feeds, t->nfeeds * sizeof *v);
            v[t->nfeeds].name = op->name;
            v[t->nfeeds].opts = op->settings;
            v[t->nfeeds].nopts = op->nsettings;
            if (op->step) v[t->nfeeds].where = (mig_where){NULL, op->step->loc};
            t->nfeeds++;
            t->feeds = v;
            break;
        }
        case MIG_STEP_DROP_CHANGEFEED: {
            int k = mig_table_feed(t, op->name);
            if (k < 0) {
                if (op->cond != MIG_COND_IF_EXISTS)
                    err = mig_printf(a, "changefeed \"%s\" does not exist on table \"%s\"", op->name, t->path);
                break;
            }
            memmove(t->feeds + k, t->feeds + k + 1, (t->nfeeds - (size_t)k - 1) * sizeof *t->feeds);
            t->nfeeds--;
            break;
        }
        default: break;
        }
    }
    if (op->kind != MIG_STEP_YQL && op->kind != MIG_STEP_C) {
        const char *path = op->kind == MIG_STEP_RENAME_TABLE ? op->to : op->table;
        op->post = mig_schema_find(s, path);
    }
    /* Freeze what this op produced: the next edit copies, so op->post stays as it is. */
    s->gen = ++c->next_gen;
    return err;
}
