/* schemastep.c - a schema step (exec_int.h): its statement run with no transaction, and the
 * step decided against the live table where its outcome is not known (resuming, a
 * conditional step, a failure whose outcome is undetermined, an index YDB is building). */
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "condstep.h"
#include "exec_int.h"
#include "schemacmp.h"
#include "yql.h"

/* ---- the live schema ---- */

/* 0 with *t filled or *absent set, or -1 with *err. */
static int describe_live(mig_step_ctx *s, const char *path, mig_p_table *t, bool *absent)
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
static int step_state(mig_step_ctx *s, mig_step_state *out, mig_buf *diff)
{
    const mig_p_step *st = s->st;
    mig_p_table live, live2;
    bool absent, absent2;
    if (describe_live(s, st->table, &live, &absent)) return -1;
    if (st->kind == MIG_S_RENAME_TABLE && st->to) {
        if (describe_live(s, st->to, &live2, &absent2)) return -1;
        bool from_pre = !absent && mig_table_diff(st->pre, &live, NULL, 0) == 0;
        bool to_post = !absent2 && mig_table_diff(st->post, &live2, NULL, 0) == 0;
        /* with replace, the destination may exist before (RenameTables drops it) */
        if (from_pre && (absent2 || (st->flags & MIG_PSTEP_REPLACE))) *out = MIG_STEP_NOT_DONE;
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

/* A conditional step (if_exists / if_not_exists): decided on the live object alone
 * (condstep.h). Done: nothing to do; not done: *run (the step, or the part of it still to
 * do) runs. With warn, what differs from the revision's expectation is said. */
static int cond_state(mig_step_ctx *s, bool warn, mig_step_state *out, mig_p_step *run)
{
    const mig_p_step *st = s->st;
    const char *path = st->table ? st->table : st->def ? st->def->path : "";
    mig_p_table live;
    bool absent;
    if (describe_live(s, path, &live, &absent)) return -1;
    mig_buf w = MIG_BUF_INIT;
    *out = mig_cond_decide(s->x->a, st, absent ? NULL : &live, run, &w) ? MIG_STEP_DONE : MIG_STEP_NOT_DONE;
    if (warn && w.len)
        mig_exec_log(s->x, s->rev, MIG_LOG_WARN,
                 mig_printf(s->x->a, "%s: %s", s->what, mig_strndup(s->x->a, mig_buf_str(&w), w.len - 1)));
    mig_buf_free(&w);
    return 0;
}

static int neither(mig_step_ctx *s, mig_buf *diff)
{
    const char *d = mig_printf(s->x->a, "Someone else changed it, or the step half-applied.\n%s", mig_buf_str(diff));
    mig_buf_free(diff);
    return mig_rt_fail(s->err, MIG_RT_STATE,
                       mig_printf(s->x->a, "table \"%s\" is neither as before nor as after %s", s->st->table, s->what), d,
                       "Nothing more was run. Make the table match one of the two states by hand (`migrun show` "
                       "prints the step), then run migrun again.");
}

/* ---- running it ---- */

const char *mig_exec_timeout_hint(mig_exec *x)
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
static int wait_build(mig_step_ctx *s, mig_step_state *stt)
{
    mig_exec *x = s->x;
    long long start = mig_exec_now_ms(), said = -1;
    long long limit = x->step_timeout_ms > 0 ? x->step_timeout_ms : 3600000;
    while (*stt == MIG_STEP_BUILDING) {
        long long waited = mig_exec_now_ms() - start;
        if (waited >= limit)
            return mig_rt_fail(s->err, MIG_RT_STEP,
                        mig_printf(x->a, "%s: YDB is still building the index of table \"%s\"", s->what, s->st->table),
                        mig_printf(x->a, "The index is listed with status BUILDING after %lld s of waiting.", waited / 1000),
                        mig_exec_timeout_hint(x));
        if (said < 0 || waited - said >= 5000) {
            mig_exec_ev ev = {.kind = MIG_EV_INDEX_BUILDING, .rev = s->rev, .step = s->k + 1, .steps = s->n,
                              .table = s->st->table, .ms = waited};
            mig_exec_report(x, &ev);
            said = waited;
        }
        usleep(200000);
        if (step_state(s, stt, NULL)) return -1;
    }
    return 0;
}

int mig_exec_run_schema(mig_step_ctx *s, bool check_first, bool *skipped)
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
                s->err->hint = mig_exec_timeout_hint(x);
                return -1;
            }
        }
        memset(&ye, 0, sizeof ye);
        bool replace = s->st->kind == MIG_S_RENAME_TABLE && (s->st->flags & MIG_PSTEP_REPLACE);
        if ((replace ? mig_exec_rename_replace(s, &ye)
                     : x->db->api->exec_notx(x->db->conn, text, NULL, 0, s->st->cond != MIG_PCOND_NONE, x->a, NULL, &ye)) == 0)
            return 0;
        if (ye.timed_out && !timed_out) {
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
