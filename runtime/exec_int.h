/* exec_int.h - the executor's parts (exec.h), for its own files only:
 *   exec.c        the driver: the rows, each revision and each step in turn, progress records
 *   schemastep.c  a schema step: run, or decided against the live table (resume, conditional
 *                 steps, index builds)
 *   txstep.c      yql and c steps: one transaction with the progress record; the host API
 *                 given to c steps
 *   progress.c    what a run prints: progress lines, JSON events, log lines
 */
#ifndef MIG_RT_EXEC_INT_H
#define MIG_RT_EXEC_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "exec.h"

#define GRPC_DEADLINE_EXCEEDED 4 /* grpc_status_code; migrun does not include gRPC's headers */

/* One step being run. */
typedef struct mig_step_ctx {
    mig_exec *x;
    const mig_rev *rev;
    const mig_p_step *st;
    uint32_t k, n;          /* step k (0-based) of n */
    const char *what;       /* "step 2/3 (add_column users (status)) of revision X" */
    mig_rt_error *err;
} mig_step_ctx;

static inline long long mig_exec_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- progress.c ---- */

/* A progress line (info level, not with --json). */
void mig_exec_say(mig_exec *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The running step's line: opened before it runs, closed with its result. */
void mig_exec_step_open(mig_exec *x, const char *line);
/* Before another line goes out: end the open step line. */
void mig_exec_step_interrupt(mig_exec *x);
void mig_exec_step_close(mig_exec *x, const char *result);
/* A step's description on one line, in x's arena. */
const char *mig_exec_describe_step(mig_arena *a, const mig_p_step *st);
/* A message during a revision (level: mig_log_level): a c step's mig_log, or migrun's own
 * warning about a step. */
void mig_exec_log(mig_exec *x, const char *rev, int level, const char *msg);

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

#endif
