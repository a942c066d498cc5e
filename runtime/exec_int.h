/* exec_int.h - the executor's parts (exec.h), for its own files only:
 *   exec.c        the driver: the rows, each revision and each step in turn, progress records
 *   schemastep.c  a schema step: run, or decided against the live table (resume, conditional
 *                 steps, index builds)
 *   txstep.c      yql and c steps: one transaction with the progress record; the host API
 *                 given to c steps
 *   backfillstep.c  backfill steps: pages, each with its cursor, then the progress record;
 *                 the pager (below), which rebuild_table steps share
 *   rebuildstep.c rebuild_table steps: the shadow table, its pages, the check, the swap; a
 *                 rename_table that replaces its destination
 * The executor prints nothing: it reports mig_exec_ev events to its caller (exec.h).
 */
#ifndef MIG_RT_EXEC_INT_H
#define MIG_RT_EXEC_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "exec.h"

/* One step being run. */
typedef struct mig_step_ctx {
    mig_exec *x;
    const mig_rev *rev;
    const mig_p_step *st;
    uint32_t k, n;          /* step k (0-based) of n */
    const char *what;       /* "step 2/3 (add_column users (status)) of revision X" */
    mig_rt_error *err;
    bool up;                /* an upgrade's step (else a downgrade's) */
    bool resumed;           /* an earlier run of this revision stopped before this step */
    bool edited;            /* ... and the revision was edited or rebuilt since (nothing of it
                               was recorded then): what that run left is of another source */
} mig_step_ctx;

static inline long long mig_exec_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- reporting ---- */

static inline void mig_exec_report(mig_exec *x, const mig_exec_ev *ev)
{
    if (x->report) x->report(x->report_ud, ev);
}
/* A message during a revision (level: mig_log_level): a c step's mig_log, or migrun's own
 * warning about a step. */
static inline void mig_exec_log(mig_exec *x, const mig_rev *rev, int level, const char *msg)
{
    mig_exec_ev ev = {.kind = MIG_EV_LOG, .rev = rev, .level = level, .message = msg};
    mig_exec_report(x, &ev);
}

/* ---- exec.c ---- */

/* Record steps_done = done for the step's revision. 0, or -1 with *s->err. */
int mig_exec_record_progress(mig_step_ctx *s, uint32_t done);
/* YDB's estimate of the rows a paged step (backfill, rebuild_table) goes through: its table's
 * rows (DescribeTable's table statistics; cheap, approximate; decision 0031; with a `where`,
 * an upper bound), or 0 when there is none (the call failed, no statistics). Never fails the
 * step. */
uint64_t mig_exec_rows_estimate(mig_step_ctx *s);

/* ---- schemastep.c ---- */

/* The hint for a statement that ran out of --statement-timeout. */
const char *mig_exec_timeout_hint(mig_exec *x);
/* Run a schema step; with check_first (resuming, or a conditional step) it is decided on the
 * live table first. *skipped: it was found done. 0, or -1 with *s->err. */
int mig_exec_run_schema(mig_step_ctx *s, bool check_first, bool *skipped);

/* ---- txstep.c ---- */

/* Run a yql or c step in one transaction with the claim of its progress: steps_done goes
 * from expected to k + 1 (with after, the row becomes that: the last step of an upgrade).
 * *skipped: the step was found done. 0, or -1 with *s->err. */
int mig_exec_run_tx_step(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped);

/* ---- backfillstep.c ---- */

/* Run a backfill step: its pages (resuming after the cursor an earlier run left), then
 * mig_exec_run_tx_step, whose transaction deletes the cursor with the claim. The same
 * arguments. 0, or -1 with *s->err. */
int mig_exec_run_backfill(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped);

/* The pager: a step's pages over st->pre's key in order, each one transaction with its
 * cursor row in <vt>_backfill (decision 0027). Its statements are mig_yql_backfill's (for a
 * rebuild_table step, that step's). */
typedef struct mig_pager {
    mig_step_ctx *s;
    const char *id;          /* the cursor row */
    const char *q_end;       /* MIG_BF_END */
    const char *q_page[2];   /* MIG_BF_PAGE: [0] from the start, [1] after the cursor */
    const char *q_upd[2];    /* MIG_BF_UPDATE: the same */
    uint32_t nkey;
    bool trust;              /* mig_pager_start keeps a cursor row it finds */
    /* A page's rows (its SELECT's result set) checked before its commit: NULL, or why the
     * step stops there (the page is not committed). NULL: no check. */
    const char *(*check)(void *ud, const ydb_result_set *rs);
    void *check_ud;
    /* what the last attempt found */
    bool missing, bad_cursor, finished;
    const char *stop;        /* check's answer */
    uint64_t page_rows, rows_done;
    uint64_t rows_total;     /* mig_exec_rows_estimate at mig_pager_start (0: none) */
    const char **last;       /* the page's last key */
    mig_cursor cur;          /* the row as this run last committed or read it */
    mig_cursor next;         /* what the last attempt's commit writes */
    /* The keys (the page's SELECT's rows) of the page after c->cur, selected by the commit
     * of the page before; NULL: none, the next page selects them itself. */
    const ydb_result_set *ahead;
} mig_pager;

/* The statements and the cursor row's id (the step checked by mig_yql_backfill_check). */
void mig_pager_init(mig_pager *p, mig_step_ctx *s);
/* The first transaction: with trust, a cursor row an earlier run left is kept; otherwise
 * (or with none) a new one with the end key (T's greatest key now). 0, or -1 with *err. */
int mig_pager_start(mig_pager *p, bool trust);
/* Every page, reporting MIG_EV_BACKFILL_PAGE: 0 when a page found no rows, 1 when check
 * stopped a page (p->stop), -1 with *err. p->cur is then the row as last committed. */
int mig_pager_pages(mig_pager *p);
/* fn in transactions until one commits (an attempt after the first reads the cursor row
 * first, so any may run again): 0, 1 (check stopped it), -1 with *err. */
int mig_pager_tx(mig_pager *p, ydb_tx_fn fn, const char *what);
/* Row `row` of rs's first nkey columns (NULL as ""); "(v0, v1)" for people. */
const char **mig_pager_row_key(const mig_pager *p, const ydb_result_set *rs, size_t row);
const char *mig_pager_key_text(mig_arena *a, const char *const *v, uint32_t n);

/* ---- rebuildstep.c ---- */

/* Run a rebuild_table step: the shadow table (created, or resumed after its cursor), its
 * pages, the check, the swap, then mig_exec_run_tx_step (the cursor goes with the claim).
 * The arguments of mig_exec_run_tx_step. 0, or -1 with *s->err. */
int mig_exec_run_rebuild(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped);
/* A rename_table with MIG_PSTEP_REPLACE: RenameTables with replace_destination. 0, or -1
 * with *ye. */
int mig_exec_rename_replace(mig_step_ctx *s, ydb_error *ye);

#endif
