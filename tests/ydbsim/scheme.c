/* scheme.c - ydbsim: the scheme API: list, describe, make and remove directories, describe
 * tables. */
#include "engine_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scheme API ----
 * Statuses for missing paths and non-empty folders are guesses (the reference has no
 * measured answer): SCHEME_ERROR with SchemeShard-like "Check failed" texts. */

static void scheme_fail(sim_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void scheme_fail(sim_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->status = SIM_SCHEME_ERROR;
    res_push(r, buf, 2003, 0, 0);
}

static const char *last_elem(const char *abs)
{
    const char *s = strrchr(abs, '/');
    return s ? s + 1 : abs;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const sim_entry *)a)->name, ((const sim_entry *)b)->name);
}

static bool is_child(const char *parent, const char *p)
{
    size_t l = strlen(parent);
    return !strncmp(p, parent, l) && p[l] == '/' && !strchr(p + l + 1, '/');
}

sim_result sim_list_directory(sim_engine *e, const char *path, sim_entry **entries, size_t *n)
{
    sim_result r = ok_result();
    *entries = NULL;
    *n = 0;
    char *abs = eng_abs_path(e, NULL, path ? path : "", &r);
    if (!abs) return r;
    if (eng_find_table(e, abs)) { free(abs); return r; } /* a table has no children */
    if (!eng_dir_exists(e, abs)) {
        scheme_fail(&r, "Path not found");
        free(abs);
        return r;
    }
    sim_entry *v = NULL;
    size_t k = 0;
    for (size_t i = 0; i < e->ndirs; i++)
        if (is_child(abs, e->dirs[i])) {
            v = xrealloc(v, sizeof *v * (k + 1));
            v[k].name = xstrdup(last_elem(e->dirs[i]));
            v[k++].type = SIM_ENTRY_DIRECTORY;
        }
    for (size_t i = 0; i < e->ntabs; i++)
        if (is_child(abs, e->tabs[i]->path)) {
            v = xrealloc(v, sizeof *v * (k + 1));
            v[k].name = xstrdup(last_elem(e->tabs[i]->path));
            v[k++].type = SIM_ENTRY_TABLE;
        }
    if (k) qsort(v, k, sizeof *v, entry_cmp);
    *entries = v;
    *n = k;
    free(abs);
    return r;
}

sim_result sim_describe_path(sim_engine *e, const char *path, sim_entry *self)
{
    sim_result r = ok_result();
    memset(self, 0, sizeof *self);
    char *abs = eng_abs_path(e, NULL, path ? path : "", &r);
    if (!abs) return r;
    if (!strcmp(abs, e->db)) {
        self->name = xstrdup(last_elem(abs));
        self->type = SIM_ENTRY_DATABASE;
    } else if (eng_find_table(e, abs)) {
        self->name = xstrdup(last_elem(abs));
        self->type = SIM_ENTRY_TABLE;
    } else if (eng_dir_exists(e, abs)) {
        self->name = xstrdup(last_elem(abs));
        self->type = SIM_ENTRY_DIRECTORY;
    } else {
        scheme_fail(&r, "Path not found");
    }
    free(abs);
    return r;
}

sim_result sim_make_directory(sim_engine *e, const char *path)
{
    sim_result r = ok_result();
    char *abs = eng_abs_path(e, NULL, path ? path : "", &r);
    if (!abs) return r;
    if (eng_find_table(e, abs)) {
        scheme_fail(&r, "Check failed: path: '%s', error: path exist, request doesn't accept it (type: EPathTypeTable)", abs);
    } else if (!eng_dir_exists(e, abs)) {
        size_t dl = strlen(e->db);
        bool bad = false;
        for (const char *p = abs + dl + 1; !bad && (p = strchr(p, '/')); p++) {
            char *d = xstrndup(abs, (size_t)(p - abs));
            if (eng_find_table(e, d)) {
                scheme_fail(&r, "Check failed: path: '%s', error: parent path is not a directory", d);
                bad = true;
            }
            free(d);
        }
        if (!bad) {
            eng_add_dirs_for(e, abs);
            e->dirs = xrealloc(e->dirs, sizeof *e->dirs * (e->ndirs + 1));
            e->dirs[e->ndirs++] = xstrdup(abs);
        }
    } /* an existing folder: success, as YDB's mkdir */
    free(abs);
    return r;
}

sim_result sim_remove_directory(sim_engine *e, const char *path)
{
    sim_result r = ok_result();
    char *abs = eng_abs_path(e, NULL, path ? path : "", &r);
    if (!abs) return r;
    if (!strcmp(abs, e->db)) {
        scheme_fail(&r, "Check failed: path: '%s', error: path is a database root", abs); /* guess */
    } else if (eng_find_table(e, abs)) {
        scheme_fail(&r, "Check failed: path: '%s', error: path is not a directory (type: EPathTypeTable)", abs);
    } else if (!eng_dir_exists(e, abs)) {
        scheme_fail(&r, "Check failed: path: '%s', error: path hasn't been resolved, nearest resolved path: '%s'", abs, e->db);
    } else {
        bool children = false;
        for (size_t i = 0; i < e->ndirs && !children; i++) children = is_child(abs, e->dirs[i]);
        for (size_t i = 0; i < e->ntabs && !children; i++) children = is_child(abs, e->tabs[i]->path);
        if (children) {
            scheme_fail(&r, "Check failed: path: '%s', error: path has children, request doesn't accept it", abs);
        } else {
            for (size_t i = 0; i < e->ndirs; i++)
                if (!strcmp(e->dirs[i], abs)) {
                    free(e->dirs[i]);
                    e->dirs[i] = e->dirs[--e->ndirs];
                    break;
                }
        }
    }
    free(abs);
    return r;
}

sim_result sim_describe_table(sim_engine *e, const char *path, sim_table_desc *out)
{
    sim_result r = ok_result();
    eng_builds_settle(e);
    memset(out, 0, sizeof *out);
    char *abs = eng_abs_path(e, NULL, path ? path : "", &r);
    if (!abs) return r;
    stable *t = eng_find_table(e, abs);
    if (!t) {
        if (eng_dir_exists(e, abs)) {
            scheme_fail(&r, "Path is not a table: %s", abs); /* guess */
        } else {
            /* YDB's DescribeTable answers SCHEME_ERROR with SchemeShard's reason as an issue
             * without a code (ydb/core/grpc_services/rpc_describe_table.cpp); when a folder on
             * the way is missing SchemeShard says the path "hasn't been resolved" and names
             * the nearest folder that exists (TPath::TChecker::IsResolved). */
            char *near = xstrdup(abs);
            char *slash;
            while ((slash = strrchr(near, '/')) && slash != near && (*slash = 0, !eng_dir_exists(e, near))) {
            }
            size_t nl = strlen(near);
            bool parent_missing = strncmp(abs, near, nl) != 0 || strchr(abs + nl + 1, '/') != NULL;
            r.status = SIM_SCHEME_ERROR;
            char *m = parent_missing ? xasprintf("Check failed: path: '%s', error: path hasn't been resolved, "
                                                 "nearest resolved path: '%s'", abs, near)
                                     : xasprintf("Path not found");
            res_push(&r, m, 0, 0, 0);
            free(m);
            free(near);
        }
        free(abs);
        return r;
    }
    free(abs);
    out->rows = t->rs ? t->rs->n : 0;
    out->ncolumns = t->ncols;
    out->columns = xcalloc(t->ncols ? t->ncols : 1, sizeof *out->columns);
    for (size_t i = 0; i < t->ncols; i++) {
        sim_column_desc *c = &out->columns[i];
        ety ty = t->cols[i].t;
        ty.opt = !t->cols[i].not_null;
        c->name = xstrdup(t->cols[i].name);
        c->type = st_from_ety(ty);
        c->family = t->cols[i].family ? xstrdup(t->cols[i].family) : NULL;
        c->has_default = t->cols[i].has_def;
        c->default_value = sv_copy(&t->cols[i].def);
        c->default_type = t->cols[i].has_def ? st_from_ety(t->cols[i].def_t) : NULL;
    }
    out->npk = t->npk;
    out->primary_key = xcalloc(t->npk ? t->npk : 1, sizeof *out->primary_key);
    for (size_t i = 0; i < t->npk; i++) out->primary_key[i] = xstrdup(t->cols[t->pk[i]].name);
    out->nindexes = t->nidx;
    out->indexes = xcalloc(t->nidx ? t->nidx : 1, sizeof *out->indexes);
    for (size_t i = 0; i < t->nidx; i++) {
        sim_index_desc *x = &out->indexes[i];
        x->name = xstrdup(t->idx[i].name);
        x->cols = strv_dup(t->idx[i].cols, t->idx[i].ncols);
        x->ncols = t->idx[i].ncols;
        x->cover = strv_dup(t->idx[i].cover, t->idx[i].ncover);
        x->ncover = t->idx[i].ncover;
        x->unique = t->idx[i].unique;
        x->async = t->idx[i].async;
        x->building = t->idx[i].ready_at_ms != 0;
    }
    out->has_ttl = t->has_ttl;
    out->ttl_column = t->has_ttl ? xstrdup(t->ttl_col) : NULL;
    out->ttl_expire_after_seconds = (uint32_t)(t->ttl_secs > UINT32_MAX ? UINT32_MAX : t->ttl_secs);
    out->ttl_unit = t->ttl_unit;
    out->nsettings = t->nset;
    out->setting_keys = xcalloc(t->nset ? t->nset : 1, sizeof *out->setting_keys);
    out->setting_values = xcalloc(t->nset ? t->nset : 1, sizeof *out->setting_values);
    for (size_t i = 0; i < t->nset; i++) {
        out->setting_keys[i] = xstrdup(t->set[i].key);
        out->setting_values[i] = xstrdup(t->set[i].value);
    }
    out->nchangefeeds = t->nfeeds;
    out->changefeeds = xcalloc(t->nfeeds ? t->nfeeds : 1, sizeof *out->changefeeds);
    for (size_t i = 0; i < t->nfeeds; i++) out->changefeeds[i] = xstrdup(t->feeds[i].name);
    out->nfamilies = t->nfams;
    out->family_names = xcalloc(t->nfams ? t->nfams : 1, sizeof *out->family_names);
    out->family_data = xcalloc(t->nfams ? t->nfams : 1, sizeof *out->family_data);
    out->family_compression = xcalloc(t->nfams ? t->nfams : 1, sizeof *out->family_compression);
    for (size_t i = 0; i < t->nfams; i++) {
        out->family_names[i] = xstrdup(t->fams[i].name);
        out->family_data[i] = t->fams[i].data ? xstrdup(t->fams[i].data) : NULL;
        if (t->fams[i].compression) {
            char *c = xstrdup(t->fams[i].compression);
            for (char *p = c; *p; p++) *p = (char)tolower((unsigned char)*p);
            out->family_compression[i] = c;
        }
    }
    return r;
}

void sim_table_desc_free(sim_table_desc *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->ncolumns; i++) {
        free(d->columns[i].name);
        st_free(d->columns[i].type);
        free(d->columns[i].family);
        sv_free(&d->columns[i].default_value);
        st_free(d->columns[i].default_type);
    }
    free(d->columns);
    strv_free(d->primary_key, d->npk);
    for (size_t i = 0; i < d->nindexes; i++) {
        free(d->indexes[i].name);
        strv_free(d->indexes[i].cols, d->indexes[i].ncols);
        strv_free(d->indexes[i].cover, d->indexes[i].ncover);
    }
    free(d->indexes);
    free(d->ttl_column);
    strv_free(d->setting_keys, d->nsettings);
    strv_free(d->setting_values, d->nsettings);
    strv_free(d->changefeeds, d->nchangefeeds);
    strv_free(d->family_names, d->nfamilies);
    strv_free(d->family_data, d->nfamilies);
    strv_free(d->family_compression, d->nfamilies);
    memset(d, 0, sizeof *d);
}
