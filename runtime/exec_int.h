/* exec_int.h - the executor's parts (exec.h), for its own files only:
 *   exec.c        the driver: the rows, each revision and each step in turn, progress records
 *   schemastep.c  a schema step: run, or decided against the live table (resume, conditional
 *                 steps, index builds)
 *   txstep.c      yql and c steps: one transaction with the progress record; the host API
 *                 given to c steps
 *   backfillstep.c  backfill steps: pages, each with its cursor, then the progress record
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

#endif
