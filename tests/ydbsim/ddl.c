/* ddl.c - ydbsim: CREATE TABLE and DROP TABLE with YDB's rules and messages: columns, key,
 * families, settings and indexes of a table, and the DDL statement loop (exec_ddl).
 *
 * Messages and statuses follow /work/shared/reference/yql-ddl.md §6; where the reference marks
 * a status [unverified] the choice is commented "guess". */
#include "engine_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- DDL ---- */

static bool valid_column_name(const char *n)
{
    if (!*n || strlen(n) > 255 || !strncmp(n, "__ydb_", 6)) return false;
    for (const char *p = n; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') return false;
    return true;
}

long col_index(const stable *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->cols[i].name, name)) return (long)i;
    return -1;
}

char *upper(const char *s)
{
    char *u = xstrdup(s);
    for (char *p = u; *p; p++) *p = (char)toupper((unsigned char)*p);
    return u;
}

static void set_setting(stable *t, const char *key, const char *val)
{
    for (size_t i = 0; i < t->nset; i++)
        if (!strcmp(t->set[i].key, key)) {
            free(t->set[i].value);
            t->set[i].value = xstrdup(val);
            return;
        }
    t->set = xrealloc(t->set, sizeof *t->set * (t->nset + 1));
    t->set[t->nset].key = xstrdup(key);
    t->set[t->nset].value = xstrdup(val);
    t->nset++;
}

static const char *ident_settings[] = {"AUTO_PARTITIONING_BY_SIZE", "AUTO_PARTITIONING_BY_LOAD",
                                       "KEY_BLOOM_FILTER", "STORE_EXTERNAL_BLOBS", "STORE"};
static const char *int_settings[] = {"AUTO_PARTITIONING_PARTITION_SIZE_MB", "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT",
                                     "AUTO_PARTITIONING_MAX_PARTITIONS_COUNT", "UNIFORM_PARTITIONS"};
static const char *str_settings[] = {"READ_REPLICAS_SETTINGS", "TIERING", "PARTITION_BY_HASH_FUNCTION",
                                     "COMPACTION_POLICY"};
bool in_list(const char *k, const char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(k, l[i])) return true;
    return false;
}

bool setting_known(const char *K)
{
    return INL(K, ident_settings) || INL(K, int_settings) || INL(K, str_settings) || !strcmp(K, "PARTITION_AT_KEYS");
}

/* validates one WITH/SET setting against table t (t's columns known) and applies it to t */
bool apply_setting(sim_engine *e, stable *t, const kv *k, bool alter, const stmt *s, sim_result *r)
{
    (void)e;
    char *K = upper(k->key);
    bool ok = false;
    if (k->ttl || !strcmp(K, "TTL")) {
        if (!k->ttl) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Literal of Interval type is expected for TTL"); goto out; }
        ety vt;
        sim_value v = sv_null();
        if (!eval_const(k->val, &vt, &v, r)) goto out;
        if (vt.k != ET_PRIM || vt.prim != SIM_INTERVAL) {
            sv_free(&v);
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Literal of Interval type is expected for TTL");
            goto out;
        }
        long ci = col_index(t, k->ttl_col);
        if (ci < 0) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Cannot enable TTL on unknown column: '%s'", k->ttl_col); /* guess */
            goto out;
        }
        ety ct = t->cols[ci].t;
        bool date = ct.k == ET_PRIM && (ct.prim == SIM_DATE || ct.prim == SIM_DATETIME || ct.prim == SIM_TIMESTAMP ||
                                        ct.prim == SIM_DATE32 || ct.prim == SIM_DATETIME64 || ct.prim == SIM_TIMESTAMP64);
        bool num = ct.k == ET_PRIM && (ct.prim == SIM_UINT32 || ct.prim == SIM_UINT64 || ct.prim == SIM_DYNUMBER);
        if (!date && !num) {
            char *tn = ety_name(ct);
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Unsupported column type for TTL: '%s' of type %s", k->ttl_col, tn); /* guess */
            free(tn);
            goto out;
        }
        if (num && !k->ttl_unit) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "'ValueSinceUnixEpochModeSettings' should be specified for column '%s'", k->ttl_col); /* guess */
            goto out;
        }
        if (date && k->ttl_unit) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "'DateTypeColumnModeSettings' should be specified for column '%s'", k->ttl_col); /* guess */
            goto out;
        }
        if (v.i64 < 0) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Interval value cannot be negative");
            goto out;
        }
        t->has_ttl = true;
        free(t->ttl_col);
        t->ttl_col = xstrdup(k->ttl_col);
        t->ttl_secs = (uint64_t)v.i64 / 1000000u;
        t->ttl_unit = k->ttl_unit;
        ok = true;
        goto out;
    }
    if (!setting_known(K)) {
        ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown table setting: %s", k->key);
        goto out;
    }
    if (alter && (!strcmp(K, "UNIFORM_PARTITIONS") || !strcmp(K, "PARTITION_AT_KEYS") || !strcmp(K, "STORE") ||
                  !strcmp(K, "PARTITION_BY_HASH_FUNCTION"))) {
        ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s alter is not supported", K);
        goto out;
    }
    char *val = NULL;
    if (!strcmp(K, "PARTITION_AT_KEYS")) {
        if (!k->ntuple) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "PARTITION_AT_KEYS value should be a tuple"); goto out; }
        val = xstrdup("(...)");
    } else if (INL(K, ident_settings)) {
        if (!k->ident) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be an identifier", K); goto out; }
        val = upper(k->ident);
        if (!strcmp(K, "STORE")) {
            if (!strcmp(val, "COLUMN")) {
                free(val);
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "ydbsim does not support column tables (STORE = COLUMN)");
                goto out;
            }
            if (strcmp(val, "ROW")) { free(val); ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown STORE type '%s'", k->ident); goto out; }
        } else if (strcmp(val, "ENABLED") && strcmp(val, "DISABLED")) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be ENABLED or DISABLED", K); /* guess */
            free(val);
            goto out;
        }
    } else {
        ety vt;
        sim_value v = sv_null();
        if (!k->val) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be %s", K, INL(K, int_settings) ? "an integer" : "a string literal");
            goto out;
        }
        if (!eval_const(k->val, &vt, &v, r)) goto out;
        if (INL(K, int_settings)) {
            if (vt.k != ET_PRIM || !prim_is_int(vt.prim) || (v.kind == SIM_V_I64 && v.i64 < 0)) {
                sv_free(&v);
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be an integer", K);
                goto out;
            }
            uint64_t n = v.kind == SIM_V_U64 ? v.u64 : (uint64_t)v.i64;
            if (n == 0 && strcmp(K, "UNIFORM_PARTITIONS")) {
                /* texts: guesses except the first, whose prefix the reference gives */
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s",
                         !strcmp(K, "AUTO_PARTITIONING_PARTITION_SIZE_MB")
                             ? "Can't set preferred partition size to 0. To disable auto partitioning by size use 'SET AUTO_PARTITIONING_BY_SIZE DISABLED'"
                             : !strcmp(K, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") ? "Can't set min partition count to 0"
                                                                                   : "Can't set max partition count to 0");
                goto out;
            }
            if (!strcmp(K, "UNIFORM_PARTITIONS") && t->npk) {
                ety ft = t->cols[t->pk[0]].t;
                if (!(ft.k == ET_PRIM && (ft.prim == SIM_UINT32 || ft.prim == SIM_UINT64))) {
                    char *tn = ety_name(ft);
                    ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003,
                             "Column '%s' has wrong key type %s for being key of table with uniform partitioning",
                             t->cols[t->pk[0]].name, tn);
                    free(tn);
                    goto out;
                }
            }
            val = xasprintf("%llu", (unsigned long long)n);
        } else {
            if (v.kind != SIM_V_BYTES) {
                sv_free(&v);
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be a string literal", K);
                goto out;
            }
            val = xstrndup(v.bytes, v.len);
        }
        sv_free(&v);
    }
    set_setting(t, K, val);
    free(val);
    ok = true;
out:
    free(K);
    return ok;
}

/* checks a column definition; fills sc. stmt s for messages; alter: ADD COLUMN rules */
bool make_column(stable *t, const coldef *c, bool alter, const stmt *s, scol *sc, sim_result *r)
{
    memset(sc, 0, sizeof *sc);
    if (c->bad_type || c->t.opt) {
        if (c->bad_type && c->bad_type_name && strcmp(c->bad_type_name, "container") && strcmp(c->bad_type_name, "Optional") &&
            !strncasecmp(c->bad_type_name, "Tz", 2)) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Type '%s' specified for column '%s' is not supported by storage",
                     c->bad_type_name, c->name); /* status guess */
            return false;
        }
        if (c->bad_type) {
            ddl_fail(r, SIM_BAD_REQUEST, K_TYPEANN, s, 0,
                     "Invalid type for column: %s. Only YQL data types and PG types are currently supported", c->name);
            return false;
        }
        /* Optional<T> / T? : nullable, the same as the default */
    }
    if (!valid_column_name(c->name)) {
        ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Invalid name for column: '%s'", c->name); /* guess */
        return false;
    }
    if (c->serial) {
        if (alter) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Column addition with serial data type is unsupported");
            return false;
        }
        ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "ydbsim does not support Serial columns");
        return false;
    }
    if (c->not_null && c->t.opt) {
        ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Column %s: NOT NULL with an optional type", c->name);
        return false;
    }
    sc->name = xstrdup(c->name);
    sc->t = c->t;
    sc->t.opt = false;
    sc->not_null = c->not_null;
    sc->family = c->family ? xstrdup(c->family) : NULL;
    if (c->def) {
        ety dt;
        sim_value dv = sv_null();
        if (!eval_const(c->def, &dt, &dv, r)) goto bad;
        if (dt.k == ET_NULL) {
            if (c->not_null) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0,
                         "Default expr %s is nullable or optional, but column has not null constraint. ", c->name);
                goto bad;
            }
            sc->has_def = true;
            sc->def = sv_null();
            sc->def_t = sc->t;
            sc->def_t.opt = true;
        } else {
            sim_value cv;
            dt.lit = false; /* a DEFAULT's type must match: no String literal into Utf8 (yql-ddl.md 1.5) */
            if (!conv_value(dt, &dv, sc->t, &cv, true)) {
                char *a = ety_name(sc->t), *b = ety_name(dt);
                ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Default expr %s type mismatch, expected: %s, actual: %s",
                         c->name, a, b);
                free(a);
                free(b);
                sv_free(&dv);
                goto bad;
            }
            sv_free(&dv);
            sc->has_def = true;
            sc->def = cv;
            sc->def_t = sc->t;
        }
    }
    (void)t;
    return true;
bad:
    free(sc->name);
    free(sc->family);
    memset(sc, 0, sizeof *sc);
    return false;
}

void scol_free(scol *c)
{
    free(c->name);
    free(c->family);
    sv_free(&c->def);
}

static bool check_key_type(const stable *t, size_t ci, const stmt *s, sim_result *r)
{
    if (prim_key_allowed(t->cols[ci].t)) return true;
    char *tn = ety_name(t->cols[ci].t);
    ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003, "Column %s has wrong key type %s", t->cols[ci].name, tn);
    free(tn);
    return false;
}

bool family_exists(const stable *t, const char *f)
{
    if (!strcmp(f, "default")) return true;
    for (size_t i = 0; i < t->nfams; i++)
        if (!strcmp(t->fams[i].name, f)) return true;
    return false;
}

bool apply_family(stable *t, const famdef *f, const stmt *s, sim_result *r, bool must_be_new)
{
    sfamily nf = {0};
    for (size_t i = 0; i < f->nopts; i++) {
        char *K = upper(f->opts[i].key);
        ety vt;
        sim_value v = sv_null();
        bool isdata = !strcmp(K, "DATA"), iscomp = !strcmp(K, "COMPRESSION");
        if (!isdata && !iscomp) {
            ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown table setting: %s", f->opts[i].key);
            free(K);
            goto bad;
        }
        free(K);
        if (!f->opts[i].val || !eval_const(f->opts[i].val, &vt, &v, r) || v.kind != SIM_V_BYTES) {
            sv_free(&v);
            if (!r->nissues) ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s value should be a string literal", isdata ? "DATA" : "COMPRESSION");
            goto bad;
        }
        char *sv = xstrndup(v.bytes, v.len);
        sv_free(&v);
        if (iscomp) {
            if (strcasecmp(sv, "off") && strcasecmp(sv, "lz4")) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Unknown compression '%s' for a column family", sv);
                free(sv);
                goto bad;
            }
            free(nf.compression);
            nf.compression = sv;
        } else {
            free(nf.data);
            nf.data = sv;
        }
    }
    for (size_t i = 0; i < t->nfams; i++)
        if (!strcmp(t->fams[i].name, f->name)) {
            if (must_be_new) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "FAMILY is specified more than once: %s", f->name); /* guess */
                goto bad;
            }
            if (nf.data) { free(t->fams[i].data); t->fams[i].data = nf.data; }
            if (nf.compression) { free(t->fams[i].compression); t->fams[i].compression = nf.compression; }
            return true;
        }
    nf.name = xstrdup(f->name);
    t->fams = xrealloc(t->fams, sizeof *t->fams * (t->nfams + 1));
    t->fams[t->nfams++] = nf;
    return true;
bad:
    free(nf.data);
    free(nf.compression);
    return false;
}

char **strv_dup(char **v, size_t n)
{
    char **c = xcalloc(n ? n : 1, sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = xstrdup(v[i]);
    return c;
}

bool add_index(stable *t, const idxdef *x, const stmt *s, bool alter, sim_result *r)
{
    for (size_t i = 0; i < x->ncols + x->ncover; i++) {
        const char *c = i < x->ncols ? x->cols[i] : x->cover[i - x->ncols];
        long ci = col_index(t, c);
        if (ci < 0) {
            if (alter) ddl_fail(r, SIM_GENERIC_ERROR, K_EXEC, s, 0, "AlterTable : db.[%s] Column: \"%s\" does not exist", t->path, c);
            else ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Undefined column: %s", c); /* guess for CREATE */
            return false;
        }
        if (i < x->ncols && !check_key_type(t, (size_t)ci, s, r)) return false;
    }
    for (size_t i = 0; i < t->nidx; i++)
        if (!strcmp(t->idx[i].name, x->name)) {
            if (alter) /* guess per §2.6 */
                ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Check failed: path: '%s/%s', error: path exist, request doesn't accept it", t->path, x->name);
            else
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Index %s is defined more than once", x->name); /* guess */
            return false;
        }
    if (t->nidx >= 20) {
        ddl_fail(r, SIM_PRECONDITION_FAILED, K_EXEC, s, 2003, "Indexes count has reached maximum value in the table");
        return false;
    }
    if (alter && x->unique) { /* EnableAddUniqueIndex is off (26.2 text); status guess */
        ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 0, "Failed item check: Adding a unique index to an existing table is disabled");
        return false;
    }
    sindex n;
    n.name = xstrdup(x->name);
    n.cols = strv_dup(x->cols, x->ncols);
    n.ncols = x->ncols;
    n.cover = strv_dup(x->cover, x->ncover);
    n.ncover = x->ncover;
    n.unique = x->unique;
    n.async = x->async;
    t->idx = xrealloc(t->idx, sizeof *t->idx * (t->nidx + 1));
    t->idx[t->nidx++] = n;
    return true;
}

static stable *table_new(sim_engine *e, const char *abs)
{
    stable *t = xcalloc(1, sizeof *t);
    t->id = e->next_table_id++;
    t->path = xstrdup(abs);
    t->rs = rs_new();
    t->version = 1;
    t->schema_version = 1;
    return t;
}

bool path_taken(sim_engine *e, const char *abs, const stmt *s, sim_result *r)
{
    bool tab = eng_find_table(e, abs) != NULL;
    if (!tab && !eng_dir_exists(e, abs)) return false;
    /* status guess per §6 (CTAS variant verified as SCHEME_ERROR) */
    ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003,
             "Check failed: path: '%s', error: path exist, request doesn't accept it (id: [OwnerId: 1, LocalPathId: 1], type: %s, state: EPathStateNoChanges)",
             abs, tab ? "EPathTypeTable" : "EPathTypeDir");
    return true;
}

bool parent_is_table(sim_engine *e, const char *abs, const stmt *s, sim_result *r)
{
    size_t dl = strlen(e->db);
    for (const char *p = abs + dl + 1; (p = strchr(p, '/')); p++) {
        char *d = xstrndup(abs, (size_t)(p - abs));
        bool is = eng_find_table(e, d) != NULL;
        if (is) {
            ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003,
                     "Check failed: path: '%s', error: parent path is not a directory", d); /* guess */
            free(d);
            return true;
        }
        const char *last = strrchr(d, '/');
        if (last && last[1] == '.') {
            ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003,
                     "Check failed: path: '%s', error: path is reserved by the system", d); /* guess */
            free(d);
            return true;
        }
        free(d);
    }
    return false;
}

static void do_create(sim_engine *e, const stmt *s, const char *prefix, sim_result *r)
{
    char *abs = eng_abs_path(e, prefix, s->table, r);
    if (!abs) return;
    stable *t = NULL;
    if (eng_find_table(e, abs) && s->if_exists) goto done;
    if (s->has_changefeed) { ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Cannot create table with changefeed"); goto done; }
    if (!s->npk) { ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Primary key is required for ydb tables."); goto done; }
    t = table_new(e, abs);
    for (size_t i = 0; i < s->ncols; i++) {
        for (size_t j = 0; j < t->ncols; j++)
            if (!strcmp(t->cols[j].name, s->cols[i].name)) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Duplicate column: %s.", s->cols[i].name);
                goto done;
            }
        scol c;
        if (!make_column(t, &s->cols[i], false, s, &c, r)) goto done;
        t->cols = xrealloc(t->cols, sizeof *t->cols * (t->ncols + 1));
        t->cols[t->ncols++] = c;
    }
    if (t->ncols > 200) { ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003, "Too many columns"); goto done; }
    if (s->npk > 30) { ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003, "Too many key columns"); goto done; }
    t->pk = xcalloc(s->npk, sizeof *t->pk);
    for (size_t i = 0; i < s->npk; i++) {
        long ci = col_index(t, s->pk[i]);
        if (ci < 0) { ddl_fail(r, SIM_GENERIC_ERROR, K_TYPEANN, s, 0, "Undefined column: %s", s->pk[i]); goto done; }
        for (size_t j = 0; j < i; j++)
            if (t->pk[j] == (size_t)ci) {
                ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "Duplicate column in primary key: %s", s->pk[i]); /* guess */
                goto done;
            }
        t->pk[t->npk++] = (size_t)ci;
    }
    for (size_t i = 0; i < t->npk; i++)
        if (!check_key_type(t, t->pk[i], s, r)) goto done;
    for (size_t i = 0; i < s->nfams; i++)
        if (!apply_family(t, &s->fams[i], s, r, true)) goto done;
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].family && !family_exists(t, t->cols[i].family)) {
            ddl_fail(r, SIM_BAD_REQUEST, K_EXEC, s, 2003, "Column '%s' specifies unknown column family '%s'",
                     t->cols[i].name, t->cols[i].family); /* guess */
            goto done;
        }
    for (size_t i = 0; i < s->nwith; i++)
        if (!apply_setting(e, t, &s->with[i], false, s, r)) goto done;
    for (size_t i = 0; i < s->nidx; i++)
        if (!add_index(t, &s->idx[i], s, false, r)) goto done;
    if (parent_is_table(e, abs, s, r)) goto done;
    if (path_taken(e, abs, s, r)) goto done;
    eng_add_dirs_for(e, abs);
    e->tabs = xrealloc(e->tabs, sizeof *e->tabs * (e->ntabs + 1));
    e->tabs[e->ntabs++] = t;
    t = NULL;
done:
    table_free(t);
    free(abs);
}

static void do_drop(sim_engine *e, const stmt *s, const char *prefix, sim_result *r)
{
    char *abs = eng_abs_path(e, prefix, s->table, r);
    if (!abs) return;
    stable *t = eng_find_table(e, abs);
    if (!t) {
        if (!s->if_exists) fail_missing_table(r, e, abs, "KiDropTable!");
        free(abs);
        return;
    }
    for (size_t i = 0; i < e->ntabs; i++)
        if (e->tabs[i] == t) { e->tabs[i] = e->tabs[--e->ntabs]; break; }
    table_free(t);
    free(abs);
}

void exec_ddl(sim_engine *e, stmt **st, size_t n, sim_result *r)
{
    const char *prefix = NULL;
    for (size_t i = 0; i < n && r->status == SIM_SUCCESS; i++) {
        stmt *s = st[i];
        switch (s->kind) {
        case S_PRAGMA:
            if (!strcasecmp(s->name, "TablePathPrefix")) prefix = s->pragma_value;
            break;
        case S_DECLARE: break;
        case S_CREATE: do_create(e, s, prefix, r); break;
        case S_ALTER: do_alter(e, s, prefix, r); break;
        case S_DROP: do_drop(e, s, prefix, r); break;
        default: break;
        }
    }
}
