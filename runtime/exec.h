/* exec.h - running a plan against a database, exactly once per step
 * (docs/decisions/0007-state-in-the-database.md).
 *
 * Per revision: its version-table row says `applying` (or `downgrading`) with steps_done 0
 * before the first step. Then per step:
 *   schema steps  run with no transaction (YDB's DDL is never transactional). When resuming
 *                 at this step, or when the step is conditional (if_exists/if_not_exists), the
 *                 live table is described first and compared with the compiler's `pre` and
 *                 `post`: done → only recorded, not done → run, neither → stop with the diff.
 *                 A failure whose outcome is undetermined (or a retryable one) is decided the
 *                 same way. steps_done is then recorded in a transaction of its own.
 *   yql steps     the statement and the steps_done UPDATE in one serializable transaction
 *                 (ydb_retry_tx), which first re-reads steps_done: a rerun after an unknown
 *                 commit outcome finds the step done and does not run it twice.
 *   c steps       the native function with the host API, in one transaction with the same
 *                 progress record.
 * At the end the row becomes `applied` (a downgrade deletes it).
 */
#ifndef MIG_RT_EXEC_H
#define MIG_RT_EXEC_H

#include <stdbool.h>
#include <stdio.h>

#include "loader.h"
#include "plan.h"
#include "state.h"

typedef struct mig_exec {
    mig_arena *a;
    mig_plugins *p;
    const mig_revgraph *g;
    mig_state *st;
    mig_db *db;
    FILE *out;          /* progress lines, or JSON events with json */
    bool json;
    int min_level;      /* mig_log_level: progress lines are info; c steps' log at any level */
    int step_timeout_ms; /* the deadline of each statement of a step; 0: the driver's */
    mig_vrow *rows;     /* the version table as read before planning */
    size_t nrows;
    struct {            /* the running step's progress line (progress.c); zeroed at the start */
        const char *line; /* the step's line while it is open, else NULL */
        bool broken;      /* something was printed after it */
    } progress;
} mig_exec;

/* Emit one JSON event line: {"event":"NAME", then fmt's fields (already JSON)}. */
void mig_exec_event(mig_exec *x, const char *name, const char *fields_fmt, ...) __attribute__((format(printf, 3, 4)));
/* A JSON string literal of s. */
const char *mig_json_str(mig_arena *a, const char *s);

/* The row of a revision, or NULL. */
const mig_vrow *mig_exec_row(const mig_exec *x, const char *revision);

/* Check the rows against the plugins: every recorded revision is known and its source
 * and plugin checksums are the manifest's. 0, or -1 with *err (MIG_RT_STATE). */
int mig_exec_validate(mig_exec *x, mig_rt_error *err);

/* The applied set for planning in a direction; refuses a revision half-done in the other
 * direction. 0, or -1 with *err. */
int mig_exec_applied(mig_exec *x, mig_direction dir, mig_revset *out, mig_rt_error *err);

/* Run the plan. 0, or -1 with *err (the revision and step named). */
int mig_exec_plan(mig_exec *x, const mig_plan *plan, mig_rt_error *err);

#endif
