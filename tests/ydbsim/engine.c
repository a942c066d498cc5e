/* engine.c - ydbsim: the catalog (folders, tables), DDL with YDB's rules and messages, the
 * scheme API, transactions' entry points and sim_execute.
 *
 * Messages and statuses follow /work/shared/reference/yql-ddl.md §6; where the reference marks
 * a status [unverified] the choice is commented "guess". */
#include "engine_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- issues and results ---- */

static sim_issue *issue_append(sim_issue **arr, size_t *n, const char *msg, uint32_t code,
                               uint32_t row, uint32_t col)
{
    *arr = xrealloc(*arr, sizeof **arr * (*n + 1));
    sim_issue *i = &(*arr)[(*n)++];
    memset(i, 0, sizeof *i);
    i->message = xstrdup(msg);
    i->code = code;
    i->severity = 1;
    i->row = row;
    i->column = col;
    return i;
}
sim_issue *iss_push(sim_issue *p, const char *msg, uint32_t code, uint32_t row, uint32_t col)
{
    return issue_append(&p->issues, &p->nissues, msg, code, row, col);
}
sim_issue *res_push(sim_result *r, const char *msg, uint32_t code, uint32_t row, uint32_t col)
{
    return issue_append(&r->issues, &r->nissues, msg, code, row, col);
}
void res_fail(sim_result *r, sim_status st, uint32_t code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->status = st;
    res_push(r, buf, code, 0, 0);
}
void issue_free_contents(sim_issue *i)
{
    free(i->message);
    for (size_t k = 0; k < i->nissues; k++) issue_free_contents(&i->issues[k]);
    free(i->issues);
}

void sim_result_free(sim_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nissues; i++) issue_free_contents(&r->issues[i]);
    free(r->issues);
    for (size_t s = 0; s < r->nsets; s++) {
        sim_result_set *rs = &r->sets[s];
        for (size_t c = 0; c < rs->ncolumns; c++) {
            free(rs->columns[c].name);
            st_free(rs->columns[c].type);
        }
        free(rs->columns);
        for (size_t k = 0; k < rs->nrows; k++) sv_free(&rs->rows[k]);
        free(rs->rows);
    }
    free(r->sets);
    free(r->tx_id);
    memset(r, 0, sizeof *r);
    r->status = SIM_SUCCESS;
}

static sim_result ok_result(void)
{
    sim_result r;
    memset(&r, 0, sizeof r);
    r.status = SIM_SUCCESS;
    return r;
}

/* DDL failure shapes (§6): compile-time errors nest under "Type annotation" and
 * "At function: Ki...!"; SchemeShard errors under "Execution" and "Executing <STMT>". */
enum { K_FLAT, K_TYPEANN, K_EXEC };
static void ddl_fail(sim_result *r, sim_status st, int shape, const stmt *s, uint32_t code,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void ddl_fail(sim_result *r, sim_status st, int shape, const stmt *s, uint32_t code,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->status = st;
    uint32_t line = s ? s->line : 0, col = s ? s->col : 0;
    const char *fn = !s ? "KiReadTable!" : s->kind == S_CREATE ? "KiCreateTable!"
                   : s->kind == S_ALTER ? "KiAlterTable!" : "KiDropTable!";
    const char *what = !s ? "" : s->kind == S_CREATE ? "Executing CREATE TABLE"
                     : s->kind == S_ALTER ? "Executing ALTER TABLE" : "Executing DROP TABLE";
    if (shape == K_FLAT) {
        res_push(r, buf, code, line, col);
    } else if (shape == K_TYPEANN) {
        sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
        char f[64];
        snprintf(f, sizeof f, "At function: %s", fn);
        sim_issue *mid = iss_push(top, f, 0, line, col);
        iss_push(mid, buf, code, line, col);
    } else {
        sim_issue *top = res_push(r, "Execution", 1060, 0, 0);
        sim_issue *mid = iss_push(top, what, 0, line, col);
        iss_push(mid, buf, code, 0, 0);
    }
}

void fail_missing_table(sim_result *r, sim_engine *e, const char *abs, const char *fn)
{
    (void)e;
    r->status = SIM_SCHEME_ERROR;
    sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
    char f[64];
    snprintf(f, sizeof f, "At function: %s", fn);
    sim_issue *mid = iss_push(top, f, 0, 0, 0);
    char *m = xasprintf("Cannot find table 'db.[%s]' because it does not exist or you do not have "
                        "access permissions. Please check correctness of table path and user permissions.", abs);
    iss_push(mid, m, 2003, 0, 0);
    free(m);
}

/* ---- rows ---- */
srow *row_new(size_t n)
{
    srow *r = xcalloc(1, sizeof *r + n * sizeof(sim_value));
    r->refs = 1;
    r->n = n;
    for (size_t i = 0; i < n; i++) r->v[i] = sv_null();
    return r;
}
srow *row_ref(srow *r) { r->refs++; return r; }
void row_unref(srow *r)
{
    if (!r || --r->refs > 0) return;
    for (size_t i = 0; i < r->n; i++) sv_free(&r->v[i]);
    free(r);
}
rowset *rs_new(void)
{
    rowset *rs = xcalloc(1, sizeof *rs);
    rs->refs = 1;
    return rs;
}
rowset *rs_ref(rowset *rs) { rs->refs++; return rs; }
void rs_unref(rowset *rs)
{
    if (!rs || --rs->refs > 0) return;
    for (size_t i = 0; i < rs->n; i++) row_unref(rs->rows[i]);
    free(rs->rows);
    free(rs);
}
rowset *rs_clone(const rowset *rs)
{
    rowset *c = rs_new();
    c->n = c->cap = rs->n;
    c->rows = xcalloc(rs->n ? rs->n : 1, sizeof *c->rows);
    for (size_t i = 0; i < rs->n; i++) c->rows[i] = row_ref(rs->rows[i]);
    return c;
}
int row_key_cmp(const stable *t, const srow *a, const srow *b)
{
    for (size_t k = 0; k < t->npk; k++) {
        int c = sv_cmp(&a->v[t->pk[k]], &b->v[t->pk[k]]);
        if (c) return c;
    }
    return 0;
}
long rs_find(const stable *t, const rowset *rs, const srow *key)
{
    size_t lo = 0, hi = rs->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = row_key_cmp(t, rs->rows[mid], key);
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -(long)lo - 1;
}
void rs_put(const stable *t, rowset *rs, srow *row)
{
    long i = rs_find(t, rs, row);
    if (i >= 0) {
        row_unref(rs->rows[i]);
        rs->rows[i] = row;
        return;
    }
    size_t at = (size_t)(-i - 1);
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        rs->rows = xrealloc(rs->rows, sizeof *rs->rows * rs->cap);
    }
    memmove(rs->rows + at + 1, rs->rows + at, sizeof *rs->rows * (rs->n - at));
    rs->rows[at] = row;
    rs->n++;
}
void rs_del(const stable *t, rowset *rs, const srow *key)
{
    long i = rs_find(t, rs, key);
    if (i < 0) return;
    row_unref(rs->rows[i]);
    memmove(rs->rows + i, rs->rows + i + 1, sizeof *rs->rows * (rs->n - (size_t)i - 1));
    rs->n--;
}

/* ---- catalog ---- */
static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void sindex_free(sindex *x)
{
    free(x->name);
    strv_free(x->cols, x->ncols);
    strv_free(x->cover, x->ncover);
}
void table_free(stable *t)
{
    if (!t) return;
    free(t->path);
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->cols[i].name);
        free(t->cols[i].family);
        sv_free(&t->cols[i].def);
    }
    free(t->cols);
    free(t->pk);
    for (size_t i = 0; i < t->nidx; i++) {
        sindex_free(&t->idx[i]);
    }
    free(t->idx);
    for (size_t i = 0; i < t->nfams; i++) {
        free(t->fams[i].name);
        free(t->fams[i].data);
        free(t->fams[i].compression);
    }
    free(t->fams);
    for (size_t i = 0; i < t->nset; i++) { free(t->set[i].key); free(t->set[i].value); }
    free(t->set);
    for (size_t i = 0; i < t->nfeeds; i++) { free(t->feeds[i].name); free(t->feeds[i].mode); free(t->feeds[i].format); }
    free(t->feeds);
    free(t->ttl_col);
    rs_unref(t->rs);
    free(t);
}

stable *eng_find_table(sim_engine *e, const char *abs)
{
    for (size_t i = 0; i < e->ntabs; i++)
        if (!strcmp(e->tabs[i]->path, abs)) return e->tabs[i];
    return NULL;
}
stable *eng_table_by_id(sim_engine *e, uint64_t id)
{
    for (size_t i = 0; i < e->ntabs; i++)
        if (e->tabs[i]->id == id) return e->tabs[i];
    return NULL;
}
bool eng_dir_exists(sim_engine *e, const char *abs)
{
    if (!strcmp(abs, e->db)) return true;
    for (size_t i = 0; i < e->ndirs; i++)
        if (!strcmp(e->dirs[i], abs)) return true;
    return false;
}
static void add_dir(sim_engine *e, const char *abs)
{
    if (eng_dir_exists(e, abs)) return;
    e->dirs = xrealloc(e->dirs, sizeof *e->dirs * (e->ndirs + 1));
    e->dirs[e->ndirs++] = xstrdup(abs);
}
/* every ancestor of abs below the database becomes a directory */
void eng_add_dirs_for(sim_engine *e, const char *abs)
{
    size_t dl = strlen(e->db);
    for (const char *p = abs + dl + 1; (p = strchr(p, '/')); p++) {
        char *d = xstrndup(abs, (size_t)(p - abs));
        add_dir(e, d);
        free(d);
    }
}

static bool valid_elem_char(int c) { return isalnum(c) || c == '_' || c == '-' || c == '.'; }

/* Resolves path (absolute or relative to the database, or to prefix) to a normalized absolute
 * path. Errors: outside the database (GENERIC_ERROR, guess per §6), bad characters. */
char *eng_abs_path(sim_engine *e, const char *prefix, const char *path, sim_result *r)
{
    char *full;
    size_t dl = strlen(e->db);
    if (path[0] == '/') full = xstrdup(path);
    else if (prefix && prefix[0] == '/') full = xasprintf("%s/%s", prefix, path);
    else if (prefix && prefix[0]) full = xasprintf("%s/%s/%s", e->db, prefix, path);
    else full = xasprintf("%s/%s", e->db, path);
    /* normalize slashes */
    char *w = full;
    for (const char *p = full; *p; p++) {
        if (*p == '/' && (w > full && w[-1] == '/')) continue;
        *w++ = *p;
    }
    *w = 0;
    if (w > full + 1 && w[-1] == '/') w[-1] = 0;
    if (strncmp(full, e->db, dl) || (full[dl] != '/' && full[dl] != 0)) {
        r->status = SIM_GENERIC_ERROR;
        char *m = xasprintf("Table path not in database, path: %s, database: %s", full, e->db);
        res_push(r, m, 0, 0, 0);
        free(m);
        free(full);
        return NULL;
    }
    int depth = 0;
    for (const char *p = full + dl; *p; p++) {
        if (*p == '/') {
            depth++;
            const char *s = p + 1;
            size_t len = strcspn(s, "/");
            if (len > 255) {
                r->status = SIM_SCHEME_ERROR;
                res_push(r, "Path part is too long", 2003, 0, 0);
                free(full);
                return NULL;
            }
            continue;
        }
        if (!valid_elem_char((unsigned char)*p)) {
            /* guess: SchemeShard's path validation text */
            r->status = SIM_SCHEME_ERROR;
            char *m = xasprintf("Check failed: path: '%s', error: path part contains symbols '%c' which are not allowed",
                                full, isprint((unsigned char)*p) ? *p : '?');
            res_push(r, m, 2003, 0, 0);
            free(m);
            free(full);
            return NULL;
        }
    }
    if (depth > 32) {
        r->status = SIM_SCHEME_ERROR;
        res_push(r, "Paths depth limit exceeded", 2003, 0, 0);
        free(full);
        return NULL;
    }
    return full;
}

/* ---- engine ---- */
sim_engine *sim_engine_new(const char *database)
{
    sim_engine *e = xcalloc(1, sizeof *e);
    const char *db = database && database[0] ? database : "/local";
    e->db = db[0] == '/' ? xstrdup(db) : xasprintf("/%s", db);
    size_t l = strlen(e->db);
    while (l > 1 && e->db[l - 1] == '/') e->db[--l] = 0;
    e->next_table_id = 1;
    e->next_tx = 1;
    e->version = xstrdup(SIM_DEFAULT_VERSION);
    return e;
}

void sim_engine_set_version(sim_engine *e, const char *version)
{
    free(e->version);
    e->version = version ? xstrdup(version) : NULL;
}

void sim_engine_free(sim_engine *e)
{
    if (!e) return;
    while (e->ntxs) sim_tx_rollback(e, e->txs[0]);
    free(e->txs);
    for (size_t i = 0; i < e->ntabs; i++) table_free(e->tabs[i]);
    free(e->tabs);
    strv_free(e->dirs, e->ndirs);
    free(e->version);
    free(e->db);
    free(e);
}

const char *sim_engine_database(const sim_engine *e) { return e->db; }

/* ---- transactions (entry points; the work is in exec.c) ---- */
sim_tx *sim_tx_begin(sim_engine *e, sim_tx_mode mode)
{
    if ((int)mode < SIM_TX_SERIALIZABLE_RW || mode > SIM_TX_STALE_RO) return NULL;
    sim_tx *tx = tx_new(e, mode);
    e->txs = xrealloc(e->txs, sizeof *e->txs * (e->ntxs + 1));
    e->txs[e->ntxs++] = tx;
    return tx;
}
sim_tx *sim_tx_find(sim_engine *e, const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < e->ntxs; i++)
        if (!strcmp(e->txs[i]->id, id)) return e->txs[i];
    return NULL;
}
const char *sim_tx_id(const sim_tx *tx) { return tx->id; }
static void tx_unlink(sim_engine *e, sim_tx *tx)
{
    for (size_t i = 0; i < e->ntxs; i++)
        if (e->txs[i] == tx) {
            e->txs[i] = e->txs[--e->ntxs];
            break;
        }
}
sim_result sim_tx_commit(sim_engine *e, sim_tx *tx)
{
    sim_result r = ok_result();
    tx_commit_apply(e, tx, &r);
    tx_unlink(e, tx);
    tx_free(tx);
    return r;
}
void sim_tx_rollback(sim_engine *e, sim_tx *tx)
{
    if (!tx) return;
    tx_unlink(e, tx);
    tx_free(tx);
}

/* ---- DDL ---- */

static bool valid_column_name(const char *n)
{
    if (!*n || strlen(n) > 255 || !strncmp(n, "__ydb_", 6)) return false;
    for (const char *p = n; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') return false;
    return true;
}

static long col_index(const stable *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->cols[i].name, name)) return (long)i;
    return -1;
}

static char *upper(const char *s)
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
static bool in_list(const char *k, const char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(k, l[i])) return true;
    return false;
}
#define INL(k, l) in_list(k, l, sizeof l / sizeof l[0])

/* validates one WITH/SET setting against table t (t's columns known) and applies it to t */
static bool apply_setting(sim_engine *e, stable *t, const kv *k, bool alter, const stmt *s, sim_result *r)
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
    if (!INL(K, ident_settings) && !INL(K, int_settings) && !INL(K, str_settings) && strcmp(K, "PARTITION_AT_KEYS")) {
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
static bool make_column(stable *t, const coldef *c, bool alter, const stmt *s, scol *sc, sim_result *r)
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

static void scol_free(scol *c)
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

static bool family_exists(const stable *t, const char *f)
{
    if (!strcmp(f, "default")) return true;
    for (size_t i = 0; i < t->nfams; i++)
        if (!strcmp(t->fams[i].name, f)) return true;
    return false;
}

static bool apply_family(stable *t, const famdef *f, const stmt *s, sim_result *r, bool must_be_new)
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

static char **strv_dup(char **v, size_t n)
{
    char **c = xcalloc(n ? n : 1, sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = xstrdup(v[i]);
    return c;
}

static bool add_index(stable *t, const idxdef *x, const stmt *s, bool alter, sim_result *r)
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


static bool path_taken(sim_engine *e, const char *abs, const stmt *s, sim_result *r)
{
    bool tab = eng_find_table(e, abs) != NULL;
    if (!tab && !eng_dir_exists(e, abs)) return false;
    /* status guess per §6 (CTAS variant verified as SCHEME_ERROR) */
    ddl_fail(r, SIM_SCHEME_ERROR, K_EXEC, s, 2003,
             "Check failed: path: '%s', error: path exist, request doesn't accept it (id: [OwnerId: 1, LocalPathId: 1], type: %s, state: EPathStateNoChanges)",
             abs, tab ? "EPathTypeTable" : "EPathTypeDir");
    return true;
}

static bool parent_is_table(sim_engine *e, const char *abs, const stmt *s, sim_result *r)
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
                bool known = INL(K, ident_settings) || INL(K, int_settings) || INL(K, str_settings) ||
                             !strcmp(K, "PARTITION_AT_KEYS");
                if (known) ddl_fail(r, SIM_GENERIC_ERROR, K_FLAT, s, 0, "%s reset is not supported", K);
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

static void do_alter(sim_engine *e, const stmt *s, const char *prefix, sim_result *r)
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
                bool known = !strcmp(K, "TTL") || INL(K, ident_settings) || INL(K, int_settings) ||
                             INL(K, str_settings) || !strcmp(K, "PARTITION_AT_KEYS");
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

static void exec_ddl(sim_engine *e, stmt **st, size_t n, sim_result *r)
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

/* ---- sim_execute ---- */

sim_result sim_execute(sim_engine *e, sim_api api, sim_tx *tx, int begin_mode, bool commit,
                       const char *yql, const sim_param *params, size_t nparams)
{
    sim_result r = ok_result();
    if (!yql) yql = "";
    eng_builds_settle(e);
    script sc;
    if (!yql_parse(yql, &sc, &r)) {
        if (tx) tx->failed = true;
        return r;
    }
    bool ddl = false, dml = false, batch = false;
    const stmt *first_ddl = NULL, *first_dml = NULL;
    for (size_t i = 0; i < sc.n; i++) {
        const stmt *s = sc.st[i];
        if (stmt_is_ddl(s)) { ddl = true; if (!first_ddl) first_ddl = s; }
        else if (s->kind != S_PRAGMA && s->kind != S_DECLARE) {
            /* a SELECT reading no table does not count as data (§5: DO BEGIN SELECT 1; ...) */
            if (s->kind == S_SELECT && !s->sel->from && !s->sel->from_param) continue;
            dml = true;
            if (!first_dml) first_dml = s;
            if (s->kind == S_BATCH_UPDATE || s->kind == S_BATCH_DELETE) batch = true;
        }
    }
    if (ddl && dml) {
        r.status = SIM_GENERIC_ERROR;
        res_push(&r, "Queries with mixed data and scheme operations are not supported. Use separate queries for different types of operations.",
                 2009, 0, 0);
        goto out;
    }
    if (api == SIM_API_TABLE_DATA && ddl) {
        r.status = SIM_GENERIC_ERROR; /* KIKIMR_BAD_OPERATION: status guess */
        char *m = xasprintf("Operation '%s' can't be performed in data query", stmt_op_name(first_ddl));
        res_push(&r, m, 2008, first_ddl->line, first_ddl->col);
        free(m);
        goto out;
    }
    if (api == SIM_API_TABLE_SCHEME && (dml || (!ddl && sc.n && first_dml))) {
        r.status = SIM_GENERIC_ERROR; /* status guess */
        char *m = xasprintf("Operation '%s' can't be performed in scheme query", stmt_op_name(first_dml));
        res_push(&r, m, 2008, first_dml->line, first_dml->col);
        free(m);
        goto out;
    }
    if (api == SIM_API_TABLE_SCHEME) {
        /* SELECT without FROM in a scheme query is still data */
        for (size_t i = 0; i < sc.n; i++)
            if (sc.st[i]->kind == S_SELECT) {
                r.status = SIM_GENERIC_ERROR;
                res_push(&r, "Operation 'Select' can't be performed in scheme query", 2008, sc.st[i]->line, sc.st[i]->col);
                goto out;
            }
    }
    if (ddl) {
        if (tx || begin_mode >= 0) {
            r.status = SIM_PRECONDITION_FAILED;
            res_push(&r, "Scheme operations cannot be executed inside transaction", 0, 0, 0);
            goto out;
        }
        exec_ddl(e, sc.st, sc.n, &r);
        goto out;
    }
    if (batch) {
        size_t nreal = 0;
        for (size_t i = 0; i < sc.n; i++)
            if (sc.st[i]->kind != S_PRAGMA && sc.st[i]->kind != S_DECLARE) nreal++;
        if (tx || begin_mode >= 0) {
            r.status = SIM_PRECONDITION_FAILED; /* text guess */
            res_push(&r, "BATCH operation can be executed only in the implicit transaction mode.", 0, 0, 0);
            goto out;
        }
        if (nreal > 1) {
            r.status = SIM_PRECONDITION_FAILED; /* text guess */
            res_push(&r, "BATCH can't be used with multiple writes or reads.", 0, 0, 0);
            goto out;
        }
    }
    /* data: explicit, new, or implicit transaction */
    sim_tx *own = NULL;
    if (!tx && begin_mode >= 0) {
        tx = sim_tx_begin(e, (sim_tx_mode)begin_mode);
        if (!tx) {
            r.status = SIM_BAD_REQUEST;
            res_push(&r, "Invalid transaction mode", 0, 0, 0);
            goto out;
        }
    } else if (!tx) {
        own = tx = sim_tx_begin(e, SIM_TX_SERIALIZABLE_RW);
        commit = true;
    }
    exec_dml(e, tx, sc.st, sc.n, params, nparams, &r);
    if (r.status != SIM_SUCCESS) {
        /* YDB aborts the transaction after a failed statement */
        sim_tx_rollback(e, tx);
    } else if (commit) {
        sim_result c = sim_tx_commit(e, tx);
        if (c.status != SIM_SUCCESS) {
            sim_result_free(&r);
            r = c;
        } else {
            sim_result_free(&c);
        }
    } else if (!own) {
        r.tx_id = xstrdup(tx->id);
    }
out:
    script_free(&sc);
    return r;
}

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
