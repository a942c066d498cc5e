/* schemacmp.c - see schemacmp.h. */
#include "schemacmp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ydbtype.h"
#include "yql.h"

typedef struct diff {
    mig_buf *out;
    size_t n, max;
} diff;

static void say(diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(diff *d, const char *fmt, ...)
{
    d->n++;
    if (!d->out || d->n > d->max) return;
    va_list ap;
    va_start(ap, fmt);
    mig_buf_vprintf(d->out, fmt, ap);
    va_end(ap);
    mig_buf_putc(d->out, '\n');
}

static const mig_p_column *col(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0) return &t->columns[i];
    return NULL;
}

static const mig_p_index *idx(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->nindexes; i++)
        if (strcmp(t->indexes[i].name, name) == 0) return &t->indexes[i];
    return NULL;
}

static bool has_feed(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->nchangefeeds; i++)
        if (strcmp(t->changefeeds[i].name, name) == 0) return true;
    return false;
}

static bool same_type(const mig_p_type *a, const mig_p_type *b)
{
    if (a->id != b->id) return false;
    return a->id != MIG_PT_DECIMAL || (a->precision == b->precision && a->scale == b->scale);
}

static void type_text(mig_buf *b, const mig_p_type *t)
{
    mig_p_type plain = *t;
    plain.serial = 0; /* a Serial column is reported as its integer type */
    mig_ptype_write(b, &plain);
}

static bool streq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static const char *kv_get(const mig_p_kv *kv, uint32_t n, const char *key)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0) return kv[i].value;
    return NULL;
}

static const mig_p_family *family(const mig_p_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->nfamilies; i++)
        if (strcmp(t->families[i].name, name) == 0) return &t->families[i];
    return NULL;
}

/* A default as the diff says it: "DEFAULT 7", "no default". */
static const char *default_text(char *buf, size_t n, const mig_p_column *c)
{
    if (!c->has_default) snprintf(buf, n, "no default");
    else if (!c->default_value) snprintf(buf, n, "DEFAULT NULL");
    else snprintf(buf, n, "DEFAULT %s", c->default_value);
    return buf;
}

/* Settings: a key either side sets, with YDB's default standing in for the side that does
 * not (a new table reports its defaults). A key with no known default that the database
 * does not report (UNIFORM_PARTITIONS, ...) cannot be checked and is left alone. */
static void diff_settings(diff *d, const char *p, const mig_p_table *e, const mig_p_table *l)
{
    for (int side = 0; side < 2; side++) {
        const mig_p_table *t = side ? l : e;
        for (uint32_t i = 0; i < t->nsettings; i++) {
            const char *key = t->settings[i].key;
            if (side && kv_get(e->settings, e->nsettings, key)) continue; /* seen from e */
            const char *x = kv_get(e->settings, e->nsettings, key), *y = kv_get(l->settings, l->nsettings, key);
            if (!x) x = mig_setting_ydb_default(key);
            if (!y) y = mig_setting_ydb_default(key);
            if (x && y && strcmp(x, y) != 0)
                say(d, "table \"%s\": setting %s is expected %s, but is %s in the database", p, key, x, y);
        }
    }
}

/* Families the expected table declares: each in the database with the same settings. */
static void diff_families(diff *d, const char *p, const mig_p_table *e, const mig_p_table *l)
{
    for (uint32_t i = 0; i < e->nfamilies; i++) {
        const mig_p_family *x = &e->families[i], *y = family(l, x->name);
        if (!y) {
            say(d, "table \"%s\": column family \"%s\" is expected, but the database has none", p, x->name);
            continue;
        }
        if (x->data && !streq(x->data, y->data))
            say(d, "table \"%s\": column family \"%s\" is expected with DATA %s, but has %s in the database", p,
                x->name, x->data, y->data ? y->data : "none");
        if (x->compression && !streq(x->compression, y->compression))
            say(d, "table \"%s\": column family \"%s\" is expected with COMPRESSION %s, but has %s in the database", p,
                x->name, x->compression, y->compression ? y->compression : "none");
    }
}

static bool same_names(const char *const *a, uint32_t na, const char *const *b, uint32_t nb)
{
    if (na != nb) return false;
    for (uint32_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return true;
}

static void list(mig_buf *b, const char *const *v, uint32_t n)
{
    mig_buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) mig_buf_printf(b, "%s%s", i ? ", " : "", v[i]);
    mig_buf_putc(b, ')');
}

size_t mig_table_diff(const mig_p_table *e, const mig_p_table *l, mig_buf *out, size_t max)
{
    diff d = {out, 0, max};
    if (!e && !l) return 0;
    if (!e) {
        say(&d, "table \"%s\" exists in the database, but is not expected", l->path);
        return d.n;
    }
    if (!l) {
        say(&d, "table \"%s\" is expected, but does not exist in the database", e->path);
        return d.n;
    }
    const char *p = e->path;
    for (uint32_t i = 0; i < e->ncolumns; i++) {
        const mig_p_column *x = &e->columns[i], *y = col(l, x->name);
        if (!y) {
            say(&d, "table \"%s\": column \"%s\" is expected, but the database has none", p, x->name);
            continue;
        }
        if (!same_type(&x->type, &y->type)) {
            mig_buf a = MIG_BUF_INIT, b = MIG_BUF_INIT;
            type_text(&a, &x->type);
            type_text(&b, &y->type);
            say(&d, "table \"%s\": column \"%s\" is expected as %s, but is %s in the database", p, x->name, a.s, b.s);
            mig_buf_free(&a);
            mig_buf_free(&b);
        }
        if (!!x->not_null != !!y->not_null)
            say(&d, "table \"%s\": column \"%s\" is expected %s, but is %s in the database", p, x->name,
                x->not_null ? "NOT NULL" : "nullable", y->not_null ? "NOT NULL" : "nullable");
        if (!!x->has_default != !!y->has_default || (x->has_default && !streq(x->default_value, y->default_value))) {
            char a[96], b[96];
            say(&d, "table \"%s\": column \"%s\" is expected with %s, but has %s in the database", p, x->name,
                default_text(a, sizeof a, x), default_text(b, sizeof b, y));
        }
        if (!streq(x->family ? x->family : "default", y->family ? y->family : "default"))
            say(&d, "table \"%s\": column \"%s\" is expected in family \"%s\", but is in \"%s\" in the database", p,
                x->name, x->family ? x->family : "default", y->family ? y->family : "default");
    }
    for (uint32_t i = 0; i < l->ncolumns; i++)
        if (!col(e, l->columns[i].name))
            say(&d, "table \"%s\": the database has a column \"%s\" that is not expected", p, l->columns[i].name);
    if (!same_names(e->key, e->nkey, l->key, l->nkey)) {
        mig_buf a = MIG_BUF_INIT, b = MIG_BUF_INIT;
        list(&a, e->key, e->nkey);
        list(&b, l->key, l->nkey);
        say(&d, "table \"%s\": the primary key is expected as %s, but is %s in the database", p, a.s, b.s);
        mig_buf_free(&a);
        mig_buf_free(&b);
    }
    for (uint32_t i = 0; i < e->nindexes; i++) {
        const mig_p_index *x = &e->indexes[i], *y = idx(l, x->name);
        if (!y) {
            say(&d, "table \"%s\": index \"%s\" is expected, but the database has none", p, x->name);
            continue;
        }
        if (!same_names(x->columns, x->ncolumns, y->columns, y->ncolumns))
            say(&d, "table \"%s\": index \"%s\" has other columns in the database", p, x->name);
        if (!same_names(x->cover, x->ncover, y->cover, y->ncover))
            say(&d, "table \"%s\": index \"%s\" covers other columns in the database", p, x->name);
        if (!!x->unique != !!y->unique)
            say(&d, "table \"%s\": index \"%s\" is expected %s, but is %s in the database", p, x->name,
                x->unique ? "unique" : "not unique", y->unique ? "unique" : "not unique");
        if (!!x->async != !!y->async)
            say(&d, "table \"%s\": index \"%s\" is expected %s, but is %s in the database", p, x->name,
                x->async ? "async" : "sync", y->async ? "async" : "sync");
        if (y->building)
            say(&d, "table \"%s\": index \"%s\" is still being built (BUILDING) in the database", p, x->name);
    }
    for (uint32_t i = 0; i < l->nindexes; i++)
        if (!idx(e, l->indexes[i].name))
            say(&d, "table \"%s\": the database has an index \"%s\" that is not expected", p, l->indexes[i].name);
    const mig_p_ttl *x = &e->ttl, *y = &l->ttl;
    if (!x->column != !y->column)
        say(&d, "table \"%s\": TTL is expected %s, but is %s in the database", p, x->column ? "on" : "off",
            y->column ? "on" : "off");
    else if (x->column && (strcmp(x->column, y->column) != 0 || x->after_seconds != y->after_seconds))
        say(&d, "table \"%s\": TTL is expected on \"%s\" after %llds, but is on \"%s\" after %llds in the database", p,
            x->column, (long long)x->after_seconds, y->column, (long long)y->after_seconds);
    diff_families(&d, p, e, l);
    diff_settings(&d, p, e, l);
    for (uint32_t i = 0; i < e->nchangefeeds; i++)
        if (!has_feed(l, e->changefeeds[i].name))
            say(&d, "table \"%s\": changefeed \"%s\" is expected, but the database has none", p, e->changefeeds[i].name);
    for (uint32_t i = 0; i < l->nchangefeeds; i++)
        if (!has_feed(e, l->changefeeds[i].name))
            say(&d, "table \"%s\": the database has a changefeed \"%s\" that is not expected", p, l->changefeeds[i].name);
    if (out && d.n > max) mig_buf_printf(out, "and %zu more\n", d.n - max);
    return d.n;
}

mig_step_state mig_step_state_of(const mig_p_table *before, const mig_p_table *after, const mig_p_table *live)
{
    /* A step that changes nothing YDB reports (a setting, a family) looks done and not
     * done at once: running it again is harmless, so say not done. */
    if (mig_table_diff(before, live, NULL, 0) == 0) return MIG_STEP_NOT_DONE;
    if (mig_table_diff(after, live, NULL, 0) == 0) return MIG_STEP_DONE;
    /* the state after it once the indexes being built are ready? */
    mig_step_state st = MIG_STEP_NEITHER;
    bool building = false;
    for (uint32_t i = 0; live && i < live->nindexes; i++) building |= live->indexes[i].building != 0;
    if (building) {
        mig_p_table ready = *live;
        mig_p_index *ix = malloc(live->nindexes * sizeof *ix);
        if (!ix) return MIG_STEP_NEITHER;
        for (uint32_t i = 0; i < live->nindexes; i++) {
            ix[i] = live->indexes[i];
            ix[i].building = 0;
        }
        ready.indexes = ix;
        if (mig_table_diff(after, &ready, NULL, 0) == 0) st = MIG_STEP_BUILDING;
        free(ix);
    }
    return st;
}
