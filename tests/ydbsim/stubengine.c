/* stubengine.c - a STUB of engine.h for the protocol side's own tests while the real
 * engine is built elsewhere. It knows "SELECT 1", CREATE TABLE names, and transactions
 * as ids; nothing else. TEST TOOL. Not the engine. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/arena.h"
#include "engine.h"

struct sim_tx {
    char id[32];
    sim_tx *next;
};

struct sim_engine {
    char *db;
    char **tables;
    size_t ntables;
    sim_tx *txs;
    unsigned long next_tx;
};

sim_engine *sim_engine_new(const char *database)
{
    sim_engine *e = calloc(1, sizeof *e);
    if (!e) abort();
    e->db = mig_xstrdup(database);
    return e;
}

void sim_engine_free(sim_engine *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->ntables; i++) free(e->tables[i]);
    free(e->tables);
    while (e->txs) {
        sim_tx *t = e->txs;
        e->txs = t->next;
        free(t);
    }
    free(e->db);
    free(e);
}

const char *sim_engine_database(const sim_engine *e) { return e->db; }

static sim_issue *one_issue(const char *msg)
{
    sim_issue *is = calloc(1, sizeof *is);
    if (!is) abort();
    is->message = mig_xstrdup(msg);
    is->severity = 1;
    return is;
}

static sim_result fail(sim_status st, const char *msg)
{
    sim_result r = {.status = st, .issues = one_issue(msg), .nissues = 1};
    return r;
}

static void free_type(sim_type *t)
{
    if (!t) return;
    free_type(t->item);
    free(t);
}

void sim_result_free(sim_result *r)
{
    for (size_t i = 0; i < r->nissues; i++) free(r->issues[i].message);
    free(r->issues);
    for (size_t i = 0; i < r->nsets; i++) {
        sim_result_set *rs = &r->sets[i];
        for (size_t j = 0; j < rs->ncolumns; j++) {
            free(rs->columns[j].name);
            free_type(rs->columns[j].type);
        }
        free(rs->columns);
        for (size_t j = 0; j < rs->nrows; j++) free(rs->rows[j].items);
        free(rs->rows);
    }
    free(r->sets);
    free(r->tx_id);
    memset(r, 0, sizeof *r);
}

sim_tx *sim_tx_begin(sim_engine *e, sim_tx_mode mode)
{
    (void)mode;
    sim_tx *t = calloc(1, sizeof *t);
    if (!t) abort();
    snprintf(t->id, sizeof t->id, "stubtx-%lu", ++e->next_tx);
    t->next = e->txs;
    e->txs = t;
    return t;
}

sim_tx *sim_tx_find(sim_engine *e, const char *id)
{
    for (sim_tx *t = e->txs; t; t = t->next)
        if (strcmp(t->id, id) == 0) return t;
    return NULL;
}

const char *sim_tx_id(const sim_tx *tx) { return tx->id; }

void sim_tx_rollback(sim_engine *e, sim_tx *tx)
{
    for (sim_tx **pp = &e->txs; *pp; pp = &(*pp)->next)
        if (*pp == tx) {
            *pp = tx->next;
            free(tx);
            return;
        }
}

sim_result sim_tx_commit(sim_engine *e, sim_tx *tx)
{
    sim_tx_rollback(e, tx);
    sim_result r = {.status = SIM_SUCCESS};
    return r;
}

static const char *table_name(const char *yql, const char *kw)
{
    const char *p = strcasestr(yql, kw);
    if (!p) return NULL;
    p += strlen(kw);
    while (*p == ' ' || *p == '`') p++;
    static __thread char buf[256]; /* stub only */
    size_t n = 0;
    while (*p && *p != ' ' && *p != '`' && *p != '(' && n < sizeof buf - 1) buf[n++] = *p++;
    buf[n] = 0;
    const char *slash = strrchr(buf, '/');
    return slash ? slash + 1 : buf;
}

sim_result sim_execute(sim_engine *e, sim_api api, sim_tx *tx, int begin_mode, bool commit,
                       const char *yql, const sim_param *params, size_t nparams)
{
    (void)api;
    (void)params;
    (void)nparams;
    sim_result r = {.status = SIM_SUCCESS};
    if (strcasestr(yql, "CREATE TABLE")) {
        const char *n = table_name(yql, "CREATE TABLE");
        for (size_t i = 0; i < e->ntables; i++)
            if (strcmp(e->tables[i], n) == 0) return fail(SIM_SCHEME_ERROR, "Table already exists");
        e->tables = mig_xrealloc(e->tables, (e->ntables + 1) * sizeof *e->tables);
        e->tables[e->ntables++] = mig_xstrdup(n);
        return r;
    }
    if (strcasestr(yql, "BROKEN")) return fail(SIM_GENERIC_ERROR, "stub: syntax error");
    if (strcasestr(yql, "SELECT 1")) {
        r.sets = calloc(1, sizeof *r.sets);
        r.nsets = 1;
        sim_result_set *rs = r.sets;
        rs->ncolumns = 1;
        rs->columns = calloc(1, sizeof *rs->columns);
        rs->columns[0].name = mig_xstrdup("column0");
        rs->columns[0].type = calloc(1, sizeof(sim_type));
        rs->columns[0].type->kind = SIM_T_PRIMITIVE;
        rs->columns[0].type->prim = SIM_INT32;
        rs->nrows = 1;
        rs->rows = calloc(1, sizeof *rs->rows);
        rs->rows[0].kind = SIM_V_ITEMS;
        rs->rows[0].nitems = 1;
        rs->rows[0].items = calloc(1, sizeof(sim_value));
        rs->rows[0].items[0].kind = SIM_V_I64;
        rs->rows[0].items[0].i64 = 1;
    }
    if (begin_mode >= 0 && !commit) {
        sim_tx *t = sim_tx_begin(e, (sim_tx_mode)begin_mode);
        r.tx_id = mig_xstrdup(t->id);
    }
    if (tx && commit) sim_tx_rollback(e, tx);
    return r;
}

sim_result sim_list_directory(sim_engine *e, const char *path, sim_entry **entries, size_t *n)
{
    (void)path;
    *entries = calloc(e->ntables + 1, sizeof **entries);
    for (size_t i = 0; i < e->ntables; i++) {
        (*entries)[i].name = mig_xstrdup(e->tables[i]);
        (*entries)[i].type = SIM_ENTRY_TABLE;
    }
    *n = e->ntables;
    sim_result r = {.status = SIM_SUCCESS};
    return r;
}

sim_result sim_describe_path(sim_engine *e, const char *path, sim_entry *self)
{
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    if (strcmp(path, e->db) == 0) {
        self->name = mig_xstrdup(last);
        self->type = SIM_ENTRY_DATABASE;
        sim_result r = {.status = SIM_SUCCESS};
        return r;
    }
    for (size_t i = 0; i < e->ntables; i++)
        if (strcmp(e->tables[i], last) == 0) {
            self->name = mig_xstrdup(last);
            self->type = SIM_ENTRY_TABLE;
            sim_result r = {.status = SIM_SUCCESS};
            return r;
        }
    return fail(SIM_SCHEME_ERROR, "Path not found");
}

sim_result sim_make_directory(sim_engine *e, const char *path)
{
    (void)e;
    (void)path;
    sim_result r = {.status = SIM_SUCCESS};
    return r;
}

sim_result sim_remove_directory(sim_engine *e, const char *path)
{
    (void)e;
    (void)path;
    return fail(SIM_SCHEME_ERROR, "Path not found");
}

sim_result sim_describe_table(sim_engine *e, const char *path, sim_table_desc *out)
{
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < e->ntables; i++)
        if (strcmp(e->tables[i], last) == 0) {
            out->ncolumns = 1;
            out->columns = calloc(1, sizeof *out->columns);
            out->columns[0].name = mig_xstrdup("id");
            out->columns[0].type = calloc(1, sizeof(sim_type));
            out->columns[0].type->kind = SIM_T_PRIMITIVE;
            out->columns[0].type->prim = SIM_UINT64;
            out->npk = 1;
            out->primary_key = calloc(1, sizeof(char *));
            out->primary_key[0] = mig_xstrdup("id");
            sim_result r = {.status = SIM_SUCCESS};
            return r;
        }
    return fail(SIM_SCHEME_ERROR, "Path not found");
}

void sim_table_desc_free(sim_table_desc *d)
{
    for (size_t i = 0; i < d->ncolumns; i++) {
        free(d->columns[i].name);
        free_type(d->columns[i].type);
    }
    free(d->columns);
    for (size_t i = 0; i < d->npk; i++) free(d->primary_key[i]);
    free(d->primary_key);
}

int sim_engine_save(const sim_engine *e, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    for (size_t i = 0; i < e->ntables; i++) fprintf(f, "%s\n", e->tables[i]);
    return fclose(f) == 0 ? 0 : -1;
}

sim_engine *sim_engine_load(const char *path, const char *database)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    sim_engine *e = sim_engine_new(database);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        e->tables = mig_xrealloc(e->tables, (e->ntables + 1) * sizeof *e->tables);
        e->tables[e->ntables++] = mig_xstrdup(line);
    }
    fclose(f);
    return e;
}
