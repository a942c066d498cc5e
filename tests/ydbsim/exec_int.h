/* exec_int.h - ydbsim's statement execution internals shared by its files (exec_tx.c:
 * transactions; exec_conv.c: typed values and conversions; exec_eval.c: expressions;
 * exec_select.c: SELECT; exec.c: writes and exec_dml). */
#ifndef YDBSIM_EXEC_INT_H
#define YDBSIM_EXEC_INT_H

#include "engine_int.h"

/* a typed value: what an expression evaluates to */
typedef struct tv { ety t; sim_value v; } tv;

/* what expressions are evaluated against */
typedef struct source {
    size_t ncols;
    const char *const *names;
    const ety *types;       /* as read: opt for nullable */
    const sim_value *row;   /* current row values (NULL: typing probe, all NULL) */
} source;

typedef struct ctx {
    sim_engine *e;
    const sim_param *params;
    size_t nparams;
    stmt **st;
    size_t nst;
    const source *src;
    sim_result *r;
    bool agg_ok;
    /* aggregation: values computed outside, looked up by expr pointer */
    const expr **agg_exprs;
    tv *agg_vals;
    size_t nagg;
} ctx;

typedef struct qres {        /* an internal row set: SELECT output or write input */
    size_t ncols;
    char **names;
    ety *types;
    sim_value **rows;
    size_t nrows;
    ety **ctypes;            /* VALUES input: each cell's own type (rows may differ) */
} qres;

typedef struct run {
    sim_engine *e;
    sim_tx *tx;
    const char *prefix;
    ctx base;
    sim_result *r;
} run;

typedef struct tref {
    stable *t;
    txtab *tt;       /* NULL: read the live table (online/stale RO) */
    rowset *rs;
    char **names;
    ety *types;
} tref;

/* exec_tx.c */
txtab *tx_tab(sim_tx *tx, stable *t, sim_result *r);
void tt_write(txtab *tt, const stable *t, int kind, srow *row, bool *mask);

/* exec_conv.c */
bool is_null(const tv *x);
char *tname(ety t);
void xfail(sim_result *r, const expr *x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool num_as_double(const tv *x, double *d);

/* exec_eval.c */
bool eval(ctx *c, const expr *x, tv *out, int depth);
bool find_param(ctx *c, const expr *x, tv *out);
int cmp_tv(const tv *a, const tv *b, bool *ok);
bool want_bool(ctx *c, const expr *x, const tv *v);

/* exec_select.c */
void qres_free(qres *q);
void qres_push(qres *q, sim_value *row);
void tref_free(tref *tr);
bool open_table(run *u, const char *name, const char *fn, bool write, tref *out);
void mark_read(tref *tr);
bool where_ok(ctx *c, const expr *w, bool *res);
bool key_const(void *ud, const expr *x, ety *t, sim_value *v); /* a kr_const_fn; ud: a ctx */
bool run_select(run *u, const select_stmt *s, qres *q);

#endif
