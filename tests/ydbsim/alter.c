/* alter.c - ydbsim: ALTER TABLE: each action's checks and its application to a copy of the
 * table's schema, which replaces the table when every action succeeded.
 *
 * Messages and statuses follow /work/shared/reference/yql-ddl.md §6; where the reference marks
 * a status [unverified] the choice is commented "guess". */
#include "engine_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_COMMON, KIND_ADD_INDEX, KIND_DROP_INDEX, KIND_RENAME_INDEX, KIND_ALTER_INDEX,
       KIND_ADD_FEED, KIND_DROP_FEED, KIND_ALTER_FEED, KIND_RENAME_TO };
static int action_kind(int k)
{
    switch (k) {
    case A_ADD_INDEX: return KIND_ADD_INDEX;
    case A_DROP_INDEX: return KIND_DROP_INDEX;
    case A_RENAME_INDEX: return KIND_RENAME_INDEX;
    case A_ALTER_INDEX: return KIND_ALTER_INDEX;
    case A_ADD_CHANGEFEED: return KIND_ADD_FEED;
    case A_DROP_CHANGEFEED: return KIND_DROP_FEED;
    case A_ALTER_CHANGEFEED: return KIND_ALTER_FEED;
    case A_RENAME_TO: return KIND_RENAME_TO;
    default: return KIND_COMMON;
    }
}

/* a deep copy of the table's schema (rows shared), so a failing ALTER changes nothing */
static stable *table_clone_schema(const stable *t)
{
    stable *c = xcalloc(1, sizeof *c);
    *c = *t;
    c->path = xstrdup(t->path);
    c->cols = xcalloc(t->ncols ? t->ncols : 1, sizeof *c->cols);
    for (size_t i = 0; i < t->ncols; i++) {
        c->cols[i] = t->cols[i];
        c->cols[i].name = xstrdup(t->cols[i].name);
        c->cols[i].family = t->cols[i].family ? xstrdup(t->cols[i].family) : NULL;
        c->cols[i].def = sv_copy(&t->cols[i].def);
    }
    c->pk = xcalloc(t->npk ? t->npk : 1, sizeof *c->pk);
    memcpy(c->pk, t->pk, sizeof *c->pk * t->npk);
    c->idx = xcalloc(t->nidx ? t->nidx : 1, sizeof *c->idx);
    for (size_t i = 0; i < t->nidx; i++) {
        c->idx[i] = t->idx[i];
        c->idx[i].name = xstrdup(t->idx[i].name);
        c->idx[i].cols = strv_dup(t->idx[i].cols, t->idx[i].ncols);
        c->idx[i].cover = strv_dup(t->idx[i].cover, t->idx[i].ncover);
    }
    c->fams = xcalloc(t->nfams ? t->nfams : 1, sizeof *c->fams);
    for (size_t i = 0; i < t->nfams; i++) {
        c->fams[i].name = xstrdup(t->fams[i].name);
        c->fams[i].data = t->fams[i].data ? xstrdup(t->fams[i].data) : NULL;
        c->fams[i].compression = t->fams[i].compression ? xstrdup(t->fams[i].compression) : NULL;
    }
    c->set = xcalloc(t->nset ? t->nset : 1, sizeof *c->set);
    for (size_t i = 0; i < t->nset; i++) {
        c->set[i].key = xstrdup(t->set[i].key);
        c->set[i].value = xstrdup(t->set[i].value);
    }
    c->feeds = xcalloc(t->nfeeds ? t->nfeeds : 1, sizeof *c->feeds);
    for (size_t i = 0; i < t->nfeeds; i++) {
        c->feeds[i].name = xstrdup(t->feeds[i].name);
        c->feeds[i].mode = xstrdup(t->feeds[i].mode);
        c->feeds[i].format = xstrdup(t->feeds[i].format);
    }
    c->ttl_col = t->ttl_col ? xstrdup(t->ttl_col) : NULL;
    c->rs = rs_ref(t->rs);
    return c;
}

static bool col_in_index(const stable *t, const char *c, bool cover)
{
    for (size_t i = 0; i < t->nidx; i++) {
        char **v = cover ? t->idx[i].cover : t->idx[i].cols;
        size_t n = cover ? t->idx[i].ncover : t->idx[i].ncols;
        for (size_t j = 0; j < n; j++)
            if (!strcmp(v[j], c)) return true;
    }
    return false;
}

/* rebuild all rows after columns were added (values appended) or dropped (index removed) */
static void rows_add_column(stable *t, const sim_value *fill)
{
    rowset *n = rs_new();
    for (size_t i = 0; i < t->rs->n; i++) {
        srow *o = t->rs->rows[i];
        srow *w = row_new(t->ncols);
        for (size_t k = 0; k < o->n && k < t->ncols; k++) w->v[k] = sv_copy(&o->v[k]);
        w->v[t->ncols - 1] = fill ? sv_copy(fill) : sv_null();
        rs_put(t, n, w);
    }
    rs_unref(t->rs);
    t->rs = n;
}
static void rows_drop_column(stable *t, size_t ci)
{
    rowset *n = rs_new();
    for (size_t i = 0; i < t->rs->n; i++) {
        srow *o = t->rs->rows[i];
        srow *w = row_new(o->n - 1);
        for (size_t k = 0, j = 0; k < o->n; k++)
            if (k != ci) w->v[j++] = sv_copy(&o->v[k]);
        n->rows = xrealloc(n->rows, sizeof *n->rows * (n->n + 1));
        n->rows[n->n++] = w;
        n->cap = n->n;
    }
    rs_unref(t->rs);
    t->rs = n;
}

static const char *feed_modes[] = {"KEYS_ONLY", "UPDATES", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"};
static const char *feed_formats[] = {"JSON", "DEBEZIUM_JSON", "DYNAMODB_STREAMS_JSON"};

static bool apply_action(sim_engine *e, stable *t, const action *a, const stmt *s, const char *prefix, sim_result *r)
{
    switch (a->kind) {
    case A_ADD_COLUMN: {
        if (col_index(t, a->col.name) >= 0) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Column: \"%s\" already exists", t->path, a->col.name);
            return false;
        }
        scol c;
        if (!make_column(t, &a->col, true, s, &c, r)) return false;
        if (c.not_null && !c.has_def) {
            scol_free(&c);
            ddl_fail(r, SIM_BAD_REQUEST, K_TYPEANN, s, 0, "Cannot add not null column without default value");
            return false;
        }
        if (c.family && !family_exists(t, c.family)) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Column '%s' specifies unknown column family '%s'", c.name, c.family); /* guess */
            scol_free(&c);
            return false;
        }
        if (t->ncols >= 200) {
            scol_free(&c);
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Too many columns");
            return false;
        }
        t->cols = xrealloc(t->cols, sizeof *t->cols * (t->ncols + 1));
        t->cols[t->ncols++] = c;
        /* 26.1+: a DEFAULT backfills existing rows */
        rows_add_column(t, c.has_def ? &c.def : NULL);
        return true;
    }
    case A_DROP_COLUMN: {
        long ci = col_index(t, a->name);
        if (ci < 0) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Column \"%s\" does not exist", t->path, a->name);
            return false;
        }
        for (size_t k = 0; k < t->npk; k++)
            if (t->pk[k] == (size_t)ci) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Column: \"%s\" is a key column. Key column drop is not supported", t->path, a->name);
                return false;
            }
        if (col_in_index(t, a->name, false)) { /* status guess */
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Impossible drop column because table has an index with that column");
            return false;
        }
        if (col_in_index(t, a->name, true)) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Impossible drop column because table index covers that column");
            return false;
        }
        if (t->has_ttl && !strcmp(t->ttl_col, a->name)) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Can't drop TTL column: '%s', disable TTL first", a->name);
            return false;
        }
        scol_free(&t->cols[ci]);
        memmove(t->cols + ci, t->cols + ci + 1, sizeof *t->cols * (t->ncols - (size_t)ci - 1));
        t->ncols--;
        for (size_t k = 0; k < t->npk; k++)
            if (t->pk[k] > (size_t)ci) t->pk[k]--;
        rows_drop_column(t, (size_t)ci);
        return true;
    }
    case A_ALTER_COL_FAMILY: case A_ALTER_COL_DROP_NOT_NULL: case A_ALTER_COL_SET_NOT_NULL:
    case A_ALTER_COL_SET_DEFAULT: case A_ALTER_COL_DROP_DEFAULT: {
        long ci = col_index(t, a->name);
        if (ci < 0) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Column: \"%s\" does not exist", t->path, a->name);
            return false;
        }
        scol *c = &t->cols[ci];
        bool key = false;
        for (size_t k = 0; k < t->npk; k++) key |= t->pk[k] == (size_t)ci;
        if (a->kind == A_ALTER_COL_FAMILY) {
            if (key) { /* key columns stay in default; text guess */
                ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Cannot change family for key column '%s'", a->name);
                return false;
            }
            if (!family_exists(t, a->name2)) { /* measured: an unknown family is created */
                famdef f = {.name = a->name2};
                apply_family(t, &f, s, r, false);
            }
            free(c->family);
            c->family = strcmp(a->name2, "default") ? xstrdup(a->name2) : NULL;
        } else if (a->kind == A_ALTER_COL_DROP_NOT_NULL) {
            if (key) { /* [unverified] per §2.5: refused */
                ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Cannot alter key column '%s'", a->name);
                return false;
            }
            c->not_null = false;
        } else if (a->kind == A_ALTER_COL_SET_NOT_NULL) { /* EnableSetColumnConstraint is off; text and status guess */
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 0, "SET NOT NULL is not supported: feature flag EnableSetColumnConstraint is off");
            return false;
        } else if (a->kind == A_ALTER_COL_DROP_DEFAULT) {
            sv_free(&c->def);
            c->has_def = false;
        } else {
            coldef cd = {.name = c->name, .t = c->t, .not_null = c->not_null, .def = a->def};
            scol nc;
            if (!make_column(t, &cd, true, s, &nc, r)) return false;
            sv_free(&c->def);
            c->def = nc.def;
            c->def_t = nc.def_t;
            c->has_def = nc.has_def;
            nc.def = sv_null();
            scol_free(&nc);
        }
        return true;
    }
    case A_ADD_FAMILY: return apply_family(t, &a->fam, s, r, true);
    case A_ALTER_FAMILY: {
        if (!family_exists(t, a->name)) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Unknown column family '%s'", a->name); /* guess */
            return false;
        }
        famdef f = {.name = a->name, .opts = a->opts, .nopts = a->nopts};
        return apply_family(t, &f, s, r, false);
    }
    case A_SET:
        for (size_t i = 0; i < a->nopts; i++)
            if (!apply_setting(e, t, &a->opts[i], true, s, r)) return false;
        return true;
    case A_RESET:
        for (size_t i = 0; i < a->nkeys; i++) {
            char *K = upper(a->keys[i]);
            if (!strcmp(K, "TTL")) {
                t->has_ttl = false;
                free(t->ttl_col);
                t->ttl_col = NULL;
            } else if (!strcmp(K, "TIERING")) {
                for (size_t k = 0; k < t->nset; k++)
                    if (!strcmp(t->set[k].key, "TIERING")) {
                        free(t->set[k].key);
                        free(t->set[k].value);
                        t->set[k] = t->set[--t->nset];
                        break;
                    }
            } else {
                if (setting_known(K)) ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s reset is not supported", K);
                else ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown table setting: %s", a->keys[i]);
                free(K);
                return false;
            }
            free(K);
        }
        return true;
    case A_ADD_INDEX:
        if (!add_index(t, &a->idx, s, true, r)) return false;
        eng_build_start(e, t, &t->idx[t->nidx - 1], t->path, r);
        return true;
    case A_DROP_INDEX: case A_RENAME_INDEX: case A_ALTER_INDEX: {
        for (size_t i = 0; i < t->nidx; i++) {
            if (strcmp(t->idx[i].name, a->name)) continue;
            if (a->kind == A_DROP_INDEX) {
                sindex_free(&t->idx[i]);
                memmove(t->idx + i, t->idx + i + 1, sizeof *t->idx * (t->nidx - i - 1));
                t->nidx--;
            } else if (a->kind == A_RENAME_INDEX) {
                for (size_t k = 0; k < t->nidx; k++)
                    if (!strcmp(t->idx[k].name, a->name2)) { /* guess */
                        ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Check failed: path: '%s/%s', error: path exist, request doesn't accept it", t->path, a->name2);
                        return false;
                    }
                free(t->idx[i].name);
                t->idx[i].name = xstrdup(a->name2);
            } else {
                for (size_t k = 0; k < a->nopts; k++) {
                    char *K = upper(a->opts[k].key);
                    bool ok = !strncmp(K, "AUTO_PARTITIONING_", 18) || !strcmp(K, "READ_REPLICAS_SETTINGS");
                    free(K);
                    if (!ok) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown index setting: %s", a->opts[k].key); return false; }
                }
            }
            return true;
        }
        ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Index: \"%s\" does not exist", t->path, a->name);
        return false;
    }
    case A_ADD_CHANGEFEED: {
        for (size_t i = 0; i < t->nfeeds; i++)
            if (!strcmp(t->feeds[i].name, a->name)) {
                ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003, "Check failed: path: '%s/%s', error: path exist, request doesn't accept it", t->path, a->name);
                return false;
            }
        char *mode = NULL, *format = NULL;
        for (size_t i = 0; i < a->nopts; i++) {
            char *K = upper(a->opts[i].key);
            ety vt;
            sim_value v = sv_null();
            if (!strcmp(K, "MODE") || !strcmp(K, "FORMAT")) {
                if (!a->opts[i].val || !eval_const(a->opts[i].val, &vt, &v, r) || v.kind != SIM_V_BYTES) {
                    sv_free(&v);
                    if (!r->nissues) ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s must be a string literal", K);
                    free(K); free(mode); free(format);
                    return false;
                }
                char *u = xstrndup(v.bytes, v.len);
                sv_free(&v);
                for (char *p = u; *p; p++) *p = (char)toupper((unsigned char)*p);
                bool good = !strcmp(K, "MODE") ? INL(u, feed_modes) : INL(u, feed_formats);
                if (!good) {
                    ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown changefeed %s: %s", !strcmp(K, "MODE") ? "mode" : "format", u);
                    free(u); free(K); free(mode); free(format);
                    return false;
                }
                if (!strcmp(K, "MODE")) { free(mode); mode = u; } else { free(format); format = u; }
            } else if (strcmp(K, "VIRTUAL_TIMESTAMPS") && strcmp(K, "BARRIERS_INTERVAL") && strcmp(K, "RESOLVED_TIMESTAMPS") &&
                       strcmp(K, "RETENTION_PERIOD") && strcmp(K, "TOPIC_AUTO_PARTITIONING") &&
                       strcmp(K, "TOPIC_MIN_ACTIVE_PARTITIONS") && strcmp(K, "TOPIC_PARTITIONS") &&
                       strcmp(K, "INITIAL_SCAN") && strcmp(K, "USER_SIDS") && strcmp(K, "AWS_REGION") &&
                       strcmp(K, "SCHEMA_CHANGES") && strcmp(K, "LOCAL")) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown changefeed setting: %s", a->opts[i].key);
                free(K); free(mode); free(format);
                return false;
            }
            free(K);
        }
        if (!mode || !format) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s", !mode ? "MODE is not specified" : "FORMAT is not specified"); /* guess */
            free(mode); free(format);
            return false;
        }
        t->feeds = xrealloc(t->feeds, sizeof *t->feeds * (t->nfeeds + 1));
        t->feeds[t->nfeeds].name = xstrdup(a->name);
        t->feeds[t->nfeeds].mode = mode;
        t->feeds[t->nfeeds].format = format;
        t->nfeeds++;
        return true;
    }
    case A_DROP_CHANGEFEED: case A_ALTER_CHANGEFEED:
        for (size_t i = 0; i < t->nfeeds; i++)
            if (!strcmp(t->feeds[i].name, a->name)) {
                if (a->kind == A_DROP_CHANGEFEED) {
                    free(t->feeds[i].name); free(t->feeds[i].mode); free(t->feeds[i].format);
                    memmove(t->feeds + i, t->feeds + i + 1, sizeof *t->feeds * (t->nfeeds - i - 1));
                    t->nfeeds--;
                }
                return true;
            }
        ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003, "Check failed: path: '%s/%s', error: path hasn't been resolved, nearest resolved path: '%s'", t->path, a->name, t->path); /* guess */
        return false;
    case A_RENAME_TO: {
        if (t->nfeeds) { /* status guess */
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Cannot move table with cdc streams");
            return false;
        }
        char *dst = eng_abs_path(e, prefix, a->name, r);
        if (!dst) return false;
        if (parent_is_table(e, dst, s, r) || path_taken(e, dst, s, r)) { free(dst); return false; }
        free(t->path);
        t->path = dst;
        return true;
    }
    }
    ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "ydbsim does not support this ALTER TABLE action");
    return false;
}

void do_alter(sim_engine *e, const stmt *s, const char *prefix, sim_result *r)
{
    /* translator-level rules first (§2.2) */
    int kinds[16] = {0};
    for (size_t i = 0; i < s->nacts; i++) kinds[action_kind(s->acts[i].kind)]++;
    if (kinds[KIND_RENAME_TO] && s->nacts > 1) {
        ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "RENAME TO can not be used together with another table action");
        return;
    }
    if (kinds[KIND_RENAME_INDEX] && s->nacts > 1) {
        ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "RENAME INDEX TO can not be used together with another table action");
        return;
    }
    for (size_t i = 0; i < s->nacts; i++) {
        const action *a = &s->acts[i];
        if (a->kind == A_SET) /* unknown/unalterable settings are translator errors */
            for (size_t k = 0; k < a->nopts; k++) {
                char *K = upper(a->opts[k].key);
                bool known = !strcmp(K, "TTL") || setting_known(K);
                free(K);
                if (!known) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown table setting: %s", a->opts[k].key); return; }
            }
    }
    char *abs = eng_abs_path(e, prefix, s->table, r);
    if (!abs) return;
    stable *t = eng_find_table(e, abs);
    if (!t) {
        fail_missing_table(r, e, abs, "KiAlterTable!");
        free(abs);
        return;
    }
    free(abs);
    int nk = 0;
    for (int k = 0; k < 16; k++) nk += kinds[k] > 0;
    if (nk > 1) {
        ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 0, "Unqualified alter table request.");
        return;
    }
    if (kinds[KIND_ADD_INDEX] > 1) { ddl_fail(r, SIM_UNSUPPORTED, K_EXEC, s, 0, "Only one index can be added by one operation"); return; }
    if (kinds[KIND_DROP_INDEX] > 1) { ddl_fail(r, SIM_UNSUPPORTED, K_EXEC, s, 0, "Only one index can be removed by one operation"); return; }
    if (kinds[KIND_ADD_FEED] > 1) { ddl_fail(r, SIM_UNSUPPORTED, K_EXEC, s, 0, "Only one changefeed can be added by one operation"); return; } /* guess */
    if (kinds[KIND_DROP_FEED] > 1) { ddl_fail(r, SIM_UNSUPPORTED, K_EXEC, s, 0, "Only one changefeed can be removed by one operation"); return; } /* guess */
    stable *w = table_clone_schema(t);
    for (size_t i = 0; i < s->nacts; i++)
        if (!apply_action(e, w, &s->acts[i], s, prefix, r)) {
            table_free(w);
            return;
        }
    if (kinds[KIND_RENAME_TO]) eng_add_dirs_for(e, w->path);
    w->schema_version = t->schema_version + 1;
    w->version = t->version + 1;
    for (size_t i = 0; i < e->ntabs; i++)
        if (e->tabs[i] == t) e->tabs[i] = w;
    table_free(t);
}
