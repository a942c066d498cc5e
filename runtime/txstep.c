/* txstep.c - yql and c steps (exec_int.h): each in one transaction with the claim of its
 * progress; the host API (mig/plugin.h) a c step is given. */
#include <stdarg.h>
#include <string.h>

#include "../common/buf.h"
#include "exec_int.h"
#include "yql.h"

/* ---- the host API ---- */

struct mig_ctx {
    mig_exec *x;
    ydb_tx *tx;
    ydb_error *ye;
    const char *last_error;
    const mig_rev *rev;
    const char *what;
};

struct mig_rows {
    const ydb_result_set *rs;
    size_t next; /* the row after the current one */
};

static int h_exec(mig_ctx *c, const char *yql, const mig_param *params, size_t nparams, mig_rows **rows)
{
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (rows) *rows = NULL;
    if (c->x->db->api->tx_exec(c->tx, yql, params, nparams, c->x->a, &r, c->ye)) {
        c->last_error = mig_printf(c->x->a, "%s: %s", c->ye->status_name ? c->ye->status_name : "error",
                                   c->ye->message ? c->ye->message : "");
        return -1;
    }
    if (rows) {
        mig_rows *rw = mig_alloc(c->x->a, sizeof *rw);
        static const ydb_result_set empty = {0, 0, NULL, NULL, NULL};
        rw->rs = r.nsets ? &r.sets[0] : &empty;
        *rows = rw;
    }
    return 0;
}
static int h_rows_next(mig_rows *r)
{
    if (!r || r->next >= r->rs->nrows) return 0;
    r->next++;
    return 1;
}
static size_t h_rows_columns(const mig_rows *r) { return r ? r->rs->ncolumns : 0; }
static const char *h_rows_name(const mig_rows *r, size_t col)
{
    return r && col < r->rs->ncolumns ? r->rs->names[col] : NULL;
}
static const char *h_rows_text(const mig_rows *r, size_t col)
{
    if (!r || !r->next || col >= r->rs->ncolumns) return NULL;
    return r->rs->cells[(r->next - 1) * r->rs->ncolumns + col];
}
static void h_rows_free(mig_rows *r) { (void)r; /* the run's arena owns it */ }

static int h_describe(mig_ctx *c, const char *table, mig_p_table *t)
{
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = c->x->db->api->describe_table(c->x->db->conn, table, c->x->a, t, &ye);
    if (rc < 0) {
        c->last_error = mig_printf(c->x->a, "describe %s: %s: %s", table, ye.status_name ? ye.status_name : "error",
                                   ye.message ? ye.message : "");
        return -1;
    }
    return rc == 0;
}
static int h_table_exists(mig_ctx *c, const char *table)
{
    mig_p_table t;
    return h_describe(c, table, &t);
}
static int h_column_exists(mig_ctx *c, const char *table, const char *column)
{
    mig_p_table t;
    int rc = h_describe(c, table, &t);
    if (rc <= 0) return rc;
    for (uint32_t i = 0; i < t.ncolumns; i++)
        if (strcmp(t.columns[i].name, column) == 0) return 1;
    return 0;
}
static int h_index_exists(mig_ctx *c, const char *table, const char *index)
{
    mig_p_table t;
    int rc = h_describe(c, table, &t);
    if (rc <= 0) return rc;
    for (uint32_t i = 0; i < t.nindexes; i++)
        if (strcmp(t.indexes[i].name, index) == 0) return 1;
    return 0;
}

static void h_log(mig_ctx *c, mig_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = mig_vprintf(c->x->a, fmt, ap);
    va_end(ap);
    mig_exec_log(c->x, c->rev, (int)level, msg);
}
static const char *h_last_error(mig_ctx *c) { return c->last_error ? c->last_error : ""; }

static const mig_host_api host_api = {
    .size = sizeof(mig_host_api),
    .version = MIG_HOST_API_VERSION,
    .exec = h_exec,
    .rows_next = h_rows_next,
    .rows_columns = h_rows_columns,
    .rows_name = h_rows_name,
    .rows_text = h_rows_text,
    .rows_free = h_rows_free,
    .table_exists = h_table_exists,
    .column_exists = h_column_exists,
    .index_exists = h_index_exists,
    .log = h_log,
    .last_error = h_last_error,
};

/* ---- the transaction ---- */

typedef struct tx_ctx {
    mig_step_ctx *s;
    uint32_t expected;     /* the steps_done this migrun last recorded */
    const mig_vrow *after; /* the last step of an upgrade: the `applied` row, or NULL */
    const char *text;      /* yql */
    bool already;          /* the step was found done */
    bool order;            /* steps_done was not this step's */
    int64_t found;
    bool native_failed;
    const char *native_error;
} tx_ctx;

static int step_tx_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    tx_ctx *c = ud;
    mig_step_ctx *s = c->s;
    c->already = c->order = c->native_failed = false;
    /* one statement reads steps_done and sets it where it is still what we recorded */
    int64_t done = mig_state_tx_claim(s->x->st, tx, s->rev->m->id, c->expected, s->k + 1, c->after, ye);
    if (done == -2) return -1;
    c->found = done;
    if (done == (int64_t)s->k + 1) {
        c->already = true;
        return 0;
    }
    if (done != (int64_t)c->expected) {
        c->order = true;
        ye->status_name = "STATE";
        ye->message = "the version table row changed under this migrun";
        ye->retryable = ye->undetermined = false;
        return -1;
    }
    if (s->st->kind == MIG_S_YQL) {
        /* the step's statement commits the transaction: its work and the claim, or neither */
        return s->x->db->api->tx_exec_commit(tx, c->text, NULL, 0, s->x->a, NULL, ye);
    } else if (s->st->kind == MIG_S_BACKFILL || s->st->kind == MIG_S_REBUILD_TABLE) {
        /* its pages (and a rebuild's swap) are done: the cursor goes with the claim */
        return mig_cursor_tx_delete_commit(s->x->st, tx, mig_cursor_id(s->x->a, s->rev->m->id, s->up, s->k + 1), ye);
    } else {
        mig_ctx mc = {s->x, tx, ye, NULL, s->rev, s->what};
        int rc = s->st->native(&mc, &host_api);
        if (rc != 0) {
            if (!ye->status_name) c->native_failed = true;
            c->native_error = mc.last_error;
            /* a failed exec inside leaves ye set: a retryable status reruns the step */
            if (!ye->status_name) {
                ye->status_name = "STEP";
                ye->message = mc.last_error ? mc.last_error : "the c step returned an error";
            }
            return -1;
        }
    }
    return 0; /* ydb_retry_tx commits */
}

int mig_exec_run_tx_step(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped)
{
    mig_exec *x = s->x;
    tx_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.expected = expected;
    c.after = after;
    if (s->st->kind == MIG_S_YQL) {
        mig_buf yql = MIG_BUF_INIT;
        const char *why = NULL;
        mig_yql_step(&yql, s->st, &why);
        c.text = mig_strdup(x->a, mig_buf_str(&yql));
        mig_buf_free(&yql);
    } else if (s->st->kind == MIG_S_C && !s->st->native) {
        return mig_rt_fail(s->err, MIG_RT_STEP, mig_printf(x->a, "%s has no function", s->what), NULL,
                           "Rebuild the plugin with migc build.");
    }
    mig_retry rt;
    mig_retry_begin(&rt, x->db);
    for (;;) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        c.already = false;
        if (x->db->api->retry_tx(x->db->conn, step_tx_fn, &c, &ye) == 0) {
            *skipped = c.already;
            return 0;
        }
        if (c.order)
            return mig_rt_fail(s->err, MIG_RT_STATE, mig_printf(x->a, "the version table changed under %s", s->what),
                               mig_printf(x->a, "steps_done of \"%s\" is %lld where %u was expected.", s->rev->m->id,
                                          (long long)c.found, (unsigned)expected),
                               "Another process wrote the version table (was the lock broken?). Check `migrun status`.");
        bool timed_out = ye.timed_out;
        /* the claim, the transaction's first statement, reads the progress row: it tells
         * whether an attempt whose answer was lost committed */
        if (ye.undetermined && !timed_out && !c.native_failed && mig_retry_again(&rt, &ye, s->what)) continue;
        if (c.native_failed) {
            return mig_rt_fail(s->err, MIG_RT_STEP, mig_printf(x->a, "%s failed", s->what),
                               mig_printf(x->a, "It said: %s.\nIts transaction was rolled back: nothing of it remains.",
                                          c.native_error ? c.native_error : "(no message)"),
                               "Fix the cause, then run migrun again: it resumes at this step.");
        }
        mig_db_error(x->a, &ye, mig_printf(x->a, "%s failed", s->what),
                     "Its transaction was rolled back: nothing of it remains. Fix the cause, then run migrun again: it "
                     "resumes at this step.",
                     s->err);
        if (c.text) s->err->detail = mig_printf(x->a, "%s\nThe statement was:\n%s", s->err->detail, c.text);
        if (timed_out) s->err->hint = mig_exec_timeout_hint(x);
        return -1;
    }
}
