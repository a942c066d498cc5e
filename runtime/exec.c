/* exec.c - see exec.h. */
#include "exec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "condstep.h"
#include "schemacmp.h"
#include "yql.h"


static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- output ---- */

const char *mig_json_str(mig_arena *a, const char *s)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_putc(&b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') mig_buf_printf(&b, "\\%c", *p);
        else if (*p == '\n') mig_buf_puts(&b, "\\n");
        else if (*p == '\t') mig_buf_puts(&b, "\\t");
        else if (*p < 0x20) mig_buf_printf(&b, "\\u%04x", *p);
        else mig_buf_putc(&b, (char)*p);
    }
    mig_buf_putc(&b, '"');
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

void mig_exec_event(mig_exec *x, const char *name, const char *fmt, ...)
{
    if (!x->json) return;
    time_t t = time(NULL);
    fprintf(x->out, "{\"event\":\"%s\",\"time\":\"%s\"", name, mig_ts_format(x->a, t));
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputc(',', x->out);
        vfprintf(x->out, fmt, ap);
        va_end(ap);
    }
    fputs("}\n", x->out);
    fflush(x->out);
}

static void say(mig_exec *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(mig_exec *x, const char *fmt, ...)
{
    if (x->json || x->min_level > MIG_LOG_INFO) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(x->out, fmt, ap);
    va_end(ap);
    fflush(x->out);
}

/* The progress line of the running step, "    step K/N DESC ...", is printed before the
 * step runs and finished with its result after. A c step's mig_log line in between first
 * ends the open line; the result then goes on a line of its own that names the step
 * again. */
static struct {
    const char *line; /* the step's line while it is open, else NULL */
    bool broken;      /* something was printed after it */
} progress;

static void step_open(mig_exec *x, const char *line)
{
    progress.line = NULL;
    progress.broken = false;
    if (x->json || x->min_level > MIG_LOG_INFO) return;
    say(x, "%s", line);
    progress.line = line;
}

/* Before another line goes out: end the open step line. */
static void step_interrupt(mig_exec *x)
{
    if (!progress.line || progress.broken) return;
    fputc('\n', x->out);
    progress.broken = true;
}

static void step_close(mig_exec *x, const char *result)
{
    if (!progress.line) return;
    if (progress.broken) say(x, "%s %s\n", progress.line, result);
    else say(x, " %s\n", result);
    progress.line = NULL;
    progress.broken = false;
}

static const char *describe_step(mig_arena *a, const mig_p_step *st)
{
    mig_buf b = MIG_BUF_INIT;
    mig_step_describe(&b, st);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    for (char *p = r; *p; p++)
        if (*p == '\n') *p = ' ';
    return r;
}

/* ---- the rows ---- */

const mig_vrow *mig_exec_row(const mig_exec *x, const char *revision)
{
    for (size_t i = 0; i < x->nrows; i++)
        if (strcmp(x->rows[i].revision, revision) == 0) return &x->rows[i];
    return NULL;
}

int mig_exec_validate(mig_exec *x, mig_rt_error *err)
{
    for (size_t i = 0; i < x->nrows; i++) {
        const mig_vrow *v = &x->rows[i];
        const mig_rev *r = mig_revgraph_find(x->g, v->revision);
        if (!r)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "the database records revision \"%s\", which the plugin directory does not have",
                                          v->revision),
                               mig_printf(x->a, "Its row in \"%s\" says %s (applied by %s at %s).", x->st->vt, v->state,
                                          v->applied_by ? v->applied_by : "?", v->applied_at ? v->applied_at : "?"),
                               "Build the plugins from the sources that were deployed (a newer checkout, or the branch "
                               "that added it), then run migrun again.");
        /* A plugin rebuilt from the same source (another migc, other CFLAGS) is the same
         * revision: only the source is its identity. */
        if (v->source_sha256 && strcmp(v->source_sha256, r->m->source_sha256) == 0) continue;
        bool applying = strcmp(v->state, "applying") == 0 || strcmp(v->state, "downgrading") == 0;
        /* Started, nothing recorded yet: its steps are decided on the live schema anyway, so
         * the edited revision may take over (the usual fix of a first attempt that failed). */
        if (applying && v->steps_done == 0) continue;
        const char *detail = mig_printf(x->a, "Recorded source SHA-256 %s; the plugin directory has %s.\nSource: %s.",
                                        v->source_sha256 ? v->source_sha256 : "?", r->m->source_sha256, r->m->source);
        if (applying)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "revision \"%s\" was started with a different source than the plugin directory has",
                                          v->revision),
                               mig_printf(x->a, "%s\nIts first %u step%s are recorded as done under that source.", detail,
                                          (unsigned)v->steps_done, v->steps_done == 1 ? "" : "s"),
                               mig_printf(x->a,
                                          "Restore its .mig file and let migrun finish it. Or, if what those steps did is "
                                          "undone, `migrun stamp %s` forgets the half-applied revision and the edited one "
                                          "starts over.",
                                          r->nparents ? r->parents[0]->m->id : "base"));
        return mig_rt_fail(err, MIG_RT_STATE,
                           mig_printf(x->a, "revision \"%s\" was applied with a different source than the plugin directory has",
                                      v->revision),
                           detail,
                           "An applied revision must not be edited: restore its .mig file and write the change as a new "
                           "revision. (`migrun check` lists every difference.)");
    }
    return 0;
}

int mig_exec_applied(mig_exec *x, mig_direction dir, mig_revset *out, mig_rt_error *err)
{
    *out = mig_revset_new(x->g);
    for (size_t i = 0; i < x->nrows; i++) {
        const mig_vrow *v = &x->rows[i];
        const mig_rev *r = mig_revgraph_find(x->g, v->revision);
        if (!r) continue;
        bool applied = strcmp(v->state, "applied") == 0, applying = strcmp(v->state, "applying") == 0,
             downgrading = strcmp(v->state, "downgrading") == 0;
        if (dir == MIG_UPGRADE && downgrading)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "revision \"%s\" is half downgraded (step %u of %u)", v->revision,
                                          (unsigned)v->steps_done, (unsigned)v->steps_total),
                               "A downgrade of it stopped before its end.",
                               mig_printf(x->a, "Finish it first: migrun downgrade %s-1 (or past it).", v->revision));
        if (dir == MIG_DOWNGRADE && applying)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "revision \"%s\" is half applied (step %u of %u)", v->revision,
                                          (unsigned)v->steps_done, (unsigned)v->steps_total),
                               "An upgrade of it stopped before its end.",
                               mig_printf(x->a, "Finish it first: migrun upgrade %s, then downgrade.", v->revision));
        if (applied || downgrading) out->in[r->index] = true;
    }
    return 0;
}

/* ---- the live schema ---- */

typedef struct step_ctx {
    mig_exec *x;
    const mig_rev *rev;
    const mig_p_step *st;
    uint32_t k, n;          /* step k (0-based) of n */
    const char *what;       /* "step 2/3 (add_column users (status)) of revision X" */
    mig_rt_error *err;
} step_ctx;

/* 0 with *t filled or *absent set, or -1 with *err. */
static int describe_live(step_ctx *s, const char *path, mig_p_table *t, bool *absent)
{
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = s->x->db->api->describe_table(s->x->db->conn, path, s->x->a, t, &ye);
    if (rc < 0) {
        mig_db_error(s->x->a, &ye, mig_printf(s->x->a, "cannot describe table \"%s\" for %s", path, s->what),
                     "Nothing more was run; run migrun again when the database answers.", s->err);
        return -1;
    }
    *absent = rc == 1;
    return 0;
}

/* Where a schema step stands on the live database. -1 with *err on a failure. */
static int step_state(step_ctx *s, mig_step_state *out, mig_buf *diff)
{
    const mig_p_step *st = s->st;
    mig_p_table live, live2;
    bool absent, absent2;
    if (describe_live(s, st->table, &live, &absent)) return -1;
    if (st->kind == MIG_S_RENAME_TABLE && st->to) {
        if (describe_live(s, st->to, &live2, &absent2)) return -1;
        bool from_pre = !absent && mig_table_diff(st->pre, &live, NULL, 0) == 0;
        bool to_post = !absent2 && mig_table_diff(st->post, &live2, NULL, 0) == 0;
        if (from_pre && absent2) *out = MIG_STEP_NOT_DONE;
        else if (absent && to_post) *out = MIG_STEP_DONE;
        else {
            *out = MIG_STEP_NEITHER;
            mig_buf_printf(diff, "\"%s\" %s and \"%s\" %s.", st->table, absent ? "is absent" : "exists", st->to,
                           absent2 ? "is absent" : "exists");
        }
        return 0;
    }
    const mig_p_table *lp = absent ? NULL : &live;
    *out = mig_step_state_of(st->pre, st->post, lp);
    if (*out == MIG_STEP_NEITHER && diff) {
        mig_buf_puts(diff, "Against the state before the step:\n");
        mig_table_diff(st->pre, lp, diff, 10);
        mig_buf_puts(diff, "Against the state after it:\n");
        mig_table_diff(st->post, lp, diff, 10);
    }
    return 0;
}

static void exec_log(mig_exec *x, const char *rev, int level, const char *msg);

/* A conditional step (if_exists / if_not_exists): decided on the live object alone
 * (condstep.h). Done: nothing to do; not done: *run (the step, or the part of it still to
 * do) runs. With warn, what differs from the revision's expectation is said. */
static int cond_state(step_ctx *s, bool warn, mig_step_state *out, mig_p_step *run)
{
    const mig_p_step *st = s->st;
    const char *path = st->table ? st->table : st->def ? st->def->path : "";
    mig_p_table live;
    bool absent;
    if (describe_live(s, path, &live, &absent)) return -1;
    mig_buf w = MIG_BUF_INIT;
    *out = mig_cond_decide(s->x->a, st, absent ? NULL : &live, run, &w) ? MIG_STEP_DONE : MIG_STEP_NOT_DONE;
    if (warn && w.len)
        exec_log(s->x, s->rev->m->id, MIG_LOG_WARN,
                 mig_printf(s->x->a, "%s: %s", s->what, mig_strndup(s->x->a, mig_buf_str(&w), w.len - 1)));
    mig_buf_free(&w);
    return 0;
}

static int neither(step_ctx *s, mig_buf *diff)
{
    const char *d = mig_printf(s->x->a, "Someone else changed it, or the step half-applied.\n%s", mig_buf_str(diff));
    mig_buf_free(diff);
    return mig_rt_fail(s->err, MIG_RT_STATE,
                       mig_printf(s->x->a, "table \"%s\" is neither as before nor as after %s", s->st->table, s->what), d,
                       "Nothing more was run. Make the table match one of the two states by hand (`migrun show` "
                       "prints the step), then run migrun again.");
}

/* ---- recording progress ---- */

typedef struct prog_ctx {
    step_ctx *s;
    uint32_t done;
} prog_ctx;

static int progress_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    prog_ctx *c = ud;
    return mig_state_tx_set_steps(c->s->x->st, tx, c->s->rev->m->id, c->done, ye);
}

static int record_progress(step_ctx *s, uint32_t done)
{
    prog_ctx c = {s, done};
    ydb_error ye;
    int rc;
    /* Setting an absolute count is idempotent: an unknown outcome is simply written again. */
    mig_retry rt;
    mig_retry_begin(&rt, s->x->db);
    for (;;) {
        memset(&ye, 0, sizeof ye);
        rc = s->x->db->api->retry_tx(s->x->db->conn, progress_fn, &c, &ye);
        if (rc == 0 || !mig_retry_again(&rt, &ye, "recording progress")) break;
    }
    if (rc) {
        mig_db_error(s->x->a, &ye, mig_printf(s->x->a, "cannot record the progress before %s", s->what),
                     "The steps before it took effect; the next run sees that on the live tables and goes on.",
                     s->err);
        return -1;
    }
    return 0;
}

/* ---- schema steps ---- */

#define GRPC_DEADLINE_EXCEEDED 4 /* grpc_status_code; migrun does not include gRPC's headers */

static const char *timeout_hint(mig_exec *x)
{
    return mig_printf(x->a,
                      "The statement did not finish within --statement-timeout (%d s). Give it more time "
                      "(--statement-timeout, or statement_timeout in mig.ini), then run migrun again: it checks "
                      "whether the step took effect and goes on from there.",
                      x->step_timeout_ms / 1000);
}

/* An index YDB is still building: the statement ran out of time while the build went on, or
 * an earlier run stopped during it. Wait for the build, up to --statement-timeout, saying so
 * every few seconds. 0: the step's state in *stt (done; not done when the build failed and
 * the index went away), -1 with *err (still building at the end, or the database failed). */
static int wait_build(step_ctx *s, mig_step_state *stt)
{
    mig_exec *x = s->x;
    long long start = now_ms(), said = -1;
    long long limit = x->step_timeout_ms > 0 ? x->step_timeout_ms : 3600000;
    while (*stt == MIG_STEP_BUILDING) {
        long long waited = now_ms() - start;
        if (waited >= limit)
            return mig_rt_fail(s->err, MIG_RT_STEP,
                        mig_printf(x->a, "%s: YDB is still building the index of table \"%s\"", s->what, s->st->table),
                        mig_printf(x->a, "The index is listed with status BUILDING after %lld s of waiting.", waited / 1000),
                        timeout_hint(x));
        if (said < 0 || waited - said >= 5000) {
            mig_exec_event(x, "index_building", "\"table\":%s,\"waited_ms\":%lld", mig_json_str(x->a, s->st->table), waited);
            if (!x->json && x->min_level <= MIG_LOG_INFO) {
                step_interrupt(x);
                say(x, "      YDB is building the index of \"%s\" (BUILDING); waiting (%lld s) ...\n", s->st->table,
                    waited / 1000);
            }
            said = waited;
        }
        usleep(200000);
        if (step_state(s, stt, NULL)) return -1;
    }
    return 0;
}

static int run_schema(step_ctx *s, bool check_first, bool *skipped)
{
    mig_exec *x = s->x;
    bool cond = s->st->cond != MIG_PCOND_NONE;
    mig_p_step todo = *s->st, again;
    *skipped = false;
    if (cond) { /* decided on the live database before anything runs */
        mig_step_state stt;
        if (cond_state(s, true, &stt, &todo)) return -1;
        if (stt == MIG_STEP_DONE) {
            *skipped = true;
            return 0;
        }
    }
    mig_buf yql = MIG_BUF_INIT;
    const char *why = NULL;
    if (mig_yql_step(&yql, &todo, &why) != 0) {
        mig_buf_free(&yql);
        return mig_rt_fail(s->err, MIG_RT_RENDER, mig_printf(x->a, "cannot render %s", s->what), why,
                           "The plugin may come from a newer migc than this migrun.");
    }
    const char *text = mig_strdup(x->a, mig_buf_str(&yql));
    mig_buf_free(&yql);
    bool check = check_first && !cond;
    const ydb_error *timed_out = NULL; /* the last attempt ran out of --statement-timeout */
    ydb_error ye, refused;             /* refused: a definite failure, kept while the live table is read */
    bool was_refused = false;
    mig_retry rt;
    mig_retry_begin(&rt, x->db);
    for (int attempt = 0;; attempt++) {
        if (check) {
            mig_step_state stt;
            mig_buf diff = MIG_BUF_INIT;
            if (cond ? cond_state(s, false, &stt, &again) : step_state(s, &stt, &diff)) {
                mig_buf_free(&diff);
                return -1;
            }
            if (stt == MIG_STEP_BUILDING) {
                if (wait_build(s, &stt)) {
                    mig_buf_free(&diff);
                    return -1;
                }
                if (stt != MIG_STEP_DONE && !was_refused) { /* the refusal, if any, says why */
                    mig_buf_free(&diff);
                    return mig_rt_fail(s->err, MIG_RT_STEP,
                                mig_printf(x->a, "%s failed: YDB's build of the index ended without it", s->what),
                                mig_printf(x->a, "Table \"%s\" was building the index, and now it has none.\n"
                                                 "The statement was:\n%s", s->st->table, text),
                                "See why the build failed (`ydb operation list buildindex`), fix the cause, then run "
                                "migrun again: it resumes at this step.");
                }
            }
            if (stt == MIG_STEP_DONE) {
                mig_buf_free(&diff);
                *skipped = attempt == 0 || was_refused;
                return 0;
            }
            if (was_refused) { /* its effect is not there: the refusal stands */
                mig_buf_free(&diff);
                mig_db_error(x->a, &refused, mig_printf(x->a, "%s failed", s->what),
                             mig_printf(x->a, "The statement was:\n%s", text), s->err);
                s->err->hint = "Fix the cause (or the revision, if it was never applied anywhere), then run migrun "
                               "again: it resumes at this step.";
                return -1;
            }
            if (stt == MIG_STEP_NEITHER) return neither(s, &diff);
            mig_buf_free(&diff);
            if (timed_out) { /* not done in the time given: running it again would not help */
                mig_db_error(x->a, timed_out, mig_printf(x->a, "%s failed", s->what),
                             mig_printf(x->a, "The statement was:\n%s", text), s->err);
                s->err->hint = timeout_hint(x);
                return -1;
            }
        }
        memset(&ye, 0, sizeof ye);
        if (x->db->api->exec_notx(x->db->conn, text, NULL, 0, s->st->cond != MIG_PCOND_NONE, x->a, NULL, &ye) == 0)
            return 0;
        if (ye.grpc_status == GRPC_DEADLINE_EXCEEDED && !timed_out) {
            timed_out = &ye;
            check = true; /* did it take effect after all? the live table says */
            continue;
        }
        if (mig_retry_again(&rt, &ye, s->what)) {
            check = true; /* did it take effect? the live table says */
            continue;
        }
        if (!ye.undetermined && !check) {
            /* Refused, for example "path exist": is its effect there already (a table
             * created by an earlier run that was stamped away)? Then it is done. */
            refused = ye;
            refused.status_name = ye.status_name ? mig_strdup(x->a, ye.status_name) : NULL;
            refused.message = ye.message ? mig_strdup(x->a, ye.message) : NULL;
            was_refused = true;
            check = true;
            continue;
        }
        mig_db_error(x->a, &ye, mig_printf(x->a, "%s failed", s->what),
                     mig_printf(x->a, "The statement was:\n%s", text), s->err);
        s->err->hint = ye.undetermined ? "Run migrun again: it checks the live table and goes on from there."
                                       : "Fix the cause (or the revision, if it was never applied anywhere), then "
                                         "run migrun again: it resumes at this step.";
        return -1;
    }
}

/* ---- yql and c steps: one transaction with the progress record ---- */

struct mig_ctx {
    mig_exec *x;
    ydb_tx *tx;
    ydb_error *ye;
    const char *last_error;
    const char *rev, *what;
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
/* A message during a revision: a c step's mig_log, or migrun's own warning about a step. */
static void exec_log(mig_exec *x, const char *rev, int level, const char *msg)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    const char *lv = (unsigned)level < 4 ? names[level] : "info";
    if (x->json)
        mig_exec_event(x, "log", "\"revision\":%s,\"level\":\"%s\",\"message\":%s", mig_json_str(x->a, rev), lv,
                       mig_json_str(x->a, msg));
    else if (level >= x->min_level) {
        step_interrupt(x);
        for (const char *p = msg; *p;) { /* each line of it, indented under the step */
            size_t n = strcspn(p, "\n");
            fprintf(x->out, "    [%s] %.*s\n", lv, (int)n, p);
            p += n + (p[n] == '\n');
        }
        fflush(x->out);
    }
}

static void h_log(mig_ctx *c, mig_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = mig_vprintf(c->x->a, fmt, ap);
    va_end(ap);
    exec_log(c->x, c->rev, (int)level, msg);
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

typedef struct tx_ctx {
    step_ctx *s;
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
    step_ctx *s = c->s;
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
    } else {
        mig_ctx mc = {s->x, tx, ye, NULL, s->rev->m->id, s->what};
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

static int run_tx_step(step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped)
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
    } else if (!s->st->native) {
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
        bool timed_out = ye.grpc_status == GRPC_DEADLINE_EXCEEDED;
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
        if (timed_out) s->err->hint = timeout_hint(x);
        return -1;
    }
}

/* ---- revisions ---- */

static mig_vrow new_row(mig_exec *x, const mig_rev *r, const char *state, uint32_t done, uint32_t total)
{
    mig_vrow v;
    v.revision = r->m->id;
    v.state = state;
    v.steps_done = done;
    v.steps_total = total;
    v.source_sha256 = r->m->source_sha256;
    v.plugin_sha256 = r->m->plugin_sha256;
    v.applied_by = mig_state_who(x->st);
    v.applied_at = mig_ts_format(x->a, time(NULL));
    v.migrun_version = MIG_VERSION;
    return v;
}

static int run_revision(mig_exec *x, const mig_rev *r, bool up, size_t pos, size_t count, mig_rt_error *err)
{
    const mig_revision_desc *d;
    if (mig_plugins_get(x->p, r->index, &d, err)) return -1;
    const mig_p_step *steps = up ? d->upgrade : d->downgrade;
    uint32_t n = up ? d->nupgrade : d->ndowngrade;
    const char *id = r->m->id;
    const mig_vrow *row = mig_exec_row(x, id);
    const char *mid = up ? "applying" : "downgrading";
    uint32_t start = 0;
    bool resuming = false;
    if (row && strcmp(row->state, mid) == 0) {
        start = row->steps_done;
        resuming = true;
        if (start == 0 && (row->steps_total != n || !row->source_sha256 ||
                           strcmp(row->source_sha256, r->m->source_sha256) != 0 || !row->plugin_sha256 ||
                           strcmp(row->plugin_sha256, r->m->plugin_sha256) != 0)) {
            /* edited or rebuilt since its first attempt, nothing recorded: it takes over,
             * each step checked on the live schema first (resuming) */
            mig_vrow v = new_row(x, r, mid, 0, n);
            if (mig_state_put(x->st, &v, err)) return -1;
        } else if (row->steps_total != n || start > n)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "revision \"%s\" was started with %u steps; its plugin has %u", id,
                                          (unsigned)row->steps_total, (unsigned)n),
                               NULL, "Restore the plugin that started it, finish, and write changes as a new revision.");
    }
    long long t0 = now_ms();
    const char *jid = mig_json_str(x->a, id);
    mig_exec_event(x, "revision_start", "\"revision\":%s,\"direction\":\"%s\",\"steps\":%u,\"resume_at\":%u", jid,
                   up ? "upgrade" : "downgrade", (unsigned)n, (unsigned)start);
    say(x, "[%zu/%zu] %s %s%s%s (%u step%s)%s\n", pos + 1, count, up ? "upgrade" : "downgrade", id,
        r->m->message && *r->m->message ? ": " : "", r->m->message ? r->m->message : "", (unsigned)n, n == 1 ? "" : "s",
        resuming ? mig_printf(x->a, ", resuming at step %u", (unsigned)start + 1) : "");
    if (!resuming) {
        mig_vrow v = up || !row ? new_row(x, r, mid, 0, n) : *row;
        if (!up) {
            v.state = mid;
            v.steps_done = 0;
            v.steps_total = n;
        }
        if (mig_state_put(x->st, &v, err)) return -1;
    }
    /* What the row says (recorded) and the schema steps run since it was written (their
     * tables in touched). A schema step records nothing: a resumed run decides it on the
     * live table, which is unambiguous as long as no two unrecorded steps touch the same
     * table; before a step that would, the progress so far is recorded. */
    uint32_t recorded = start;
    const char **touched = mig_alloc(x->a, (2 * (size_t)n + 1) * sizeof *touched);
    size_t ntouched = 0;
    bool checking = resuming; /* until the first step found not done */
    bool row_final = false;   /* the last step's transaction wrote the end row */
    for (uint32_t k = start; k < n; k++) {
        if (mig_lock_renew(x->st, err)) return -1;
        const mig_p_step *st = &steps[k];
        const char *desc = describe_step(x->a, st);
        step_ctx s = {x, r, st, k, n,
                      mig_printf(x->a, "step %u/%u (%s%s) of revision \"%s\"", (unsigned)k + 1, (unsigned)n, desc,
                                 st->line ? mig_printf(x->a, ", %s:%u", r->m->source, (unsigned)st->line) : "", id),
                      err};
        long long ts = now_ms();
        mig_exec_event(x, "step_start", "\"revision\":%s,\"step\":%u,\"steps\":%u,\"what\":%s", jid, (unsigned)k + 1,
                       (unsigned)n, mig_json_str(x->a, desc));
        step_open(x, mig_printf(x->a, "    step %u/%u %s ...", (unsigned)k + 1, (unsigned)n, desc));
        bool skipped = false;
        int rc;
        int saved_timeout = x->db->api->call_timeout(x->db->conn, x->step_timeout_ms);
        if (st->kind == MIG_S_YQL || st->kind == MIG_S_C) {
            mig_vrow fin;
            bool last = up && k + 1 == n;
            if (last) fin = new_row(x, r, "applied", n, n);
            rc = run_tx_step(&s, recorded, last ? &fin : NULL, &skipped);
            if (rc == 0) {
                recorded = k + 1;
                ntouched = 0;
                checking = false;
                row_final = last;
            }
        } else {
            const char *mine[2] = {st->table, st->kind == MIG_S_RENAME_TABLE ? st->to : NULL};
            bool clash = false;
            for (size_t i = 0; i < ntouched && !clash; i++)
                for (size_t j = 0; j < 2; j++)
                    if (mine[j] && strcmp(touched[i], mine[j]) == 0) clash = true;
            rc = 0;
            if (clash && k > recorded) {
                rc = record_progress(&s, k);
                if (rc == 0) {
                    recorded = k;
                    ntouched = 0;
                }
            }
            if (rc == 0) rc = run_schema(&s, checking || st->cond != MIG_PCOND_NONE, &skipped);
            if (rc == 0) {
                if (!skipped) checking = false;
                for (size_t j = 0; j < 2; j++)
                    if (mine[j]) touched[ntouched++] = mine[j];
            }
        }
        x->db->api->call_timeout(x->db->conn, saved_timeout);
        if (rc) {
            step_close(x, "failed");
            return -1;
        }
        long long ms = now_ms() - ts;
        mig_exec_event(x, "step_end", "\"revision\":%s,\"step\":%u,\"steps\":%u,\"skipped\":%s,\"ms\":%lld", jid,
                       (unsigned)k + 1, (unsigned)n, skipped ? "true" : "false", ms);
        step_close(x, mig_printf(x->a, "%s (%lld ms)", skipped ? "already done" : "ok", ms));
    }
    if (up) {
        mig_vrow v = new_row(x, r, "applied", n, n);
        if (!row_final && mig_state_put(x->st, &v, err)) return -1;
    } else if (mig_state_delete(x->st, id, err)) {
        return -1;
    }
    long long ms = now_ms() - t0;
    mig_exec_event(x, "revision_end", "\"revision\":%s,\"direction\":\"%s\",\"ms\":%lld", jid,
                   up ? "upgrade" : "downgrade", ms);
    say(x, "    %s %s in %lld ms\n", id, up ? "applied" : "downgraded", ms);
    mig_plugins_release(x->p, r->index);
    return 0;
}

int mig_exec_plan(mig_exec *x, const mig_plan *plan, mig_rt_error *err)
{
    for (size_t i = 0; i < plan->n; i++)
        if (run_revision(x, plan->revs[i], plan->dir == MIG_UPGRADE, i, plan->n, err)) return -1;
    return 0;
}
