/* engine.c - ydbsim: the engine's catalog (folders, tables, paths), issues and results,
 * transactions' entry points and sim_execute. DDL is in ddl.c and alter.c, the scheme API in
 * scheme.c, rows in rows.c, DML in exec*.c. */
#include "engine_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

sim_result ok_result(void)
{
    sim_result r;
    memset(&r, 0, sizeof r);
    r.status = SIM_SUCCESS;
    return r;
}

void ddl_fail(sim_result *r, sim_status st, int shape, const stmt *s, uint32_t code,
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

/* ---- catalog ---- */
void strv_free(char **v, size_t n)
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
