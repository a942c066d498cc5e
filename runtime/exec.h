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
 *   backfill      pages in key order, each one transaction with the page's cursor in
 *                 <vt>_backfill (a rerun resumes after it), then a transaction that
 *                 deletes the cursor with the claim of steps_done (decision 0027).
 *   rebuild_table a shadow table filled in pages as a backfill's, checked, swapped in with
 *                 one RenameTables, then the claim as a backfill's (decision 0029).
 * At the end the row becomes `applied` (a downgrade deletes it).
 */
#ifndef MIG_RT_EXEC_H
#define MIG_RT_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "loader.h"
#include "plan.h"
#include "state.h"

/* What a run reports as it happens. The executor prints nothing: the caller renders these
 * (migrun's progress lines, or its --json events: runtime/cli/progress.c). */
typedef enum mig_exec_ev_kind {
    MIG_EV_REVISION_START, /* rev, up, pos of count, steps, resuming and resume_at */
    MIG_EV_STEP_START,     /* rev, step of steps, what */
    MIG_EV_STEP_END,       /* rev, step of steps, skipped (found done), ms */
    MIG_EV_STEP_FAILED,    /* rev, step of steps (the error follows from mig_exec_plan) */
    MIG_EV_REVISION_END,   /* rev, up, ms */
    MIG_EV_INDEX_BUILDING, /* rev, table, ms waited so far (every 5 s while YDB builds) */
    MIG_EV_LOG,            /* rev, level (mig_log_level), message: a c step's mig_log, or a
                              warning about a step */
    MIG_EV_BACKFILL_PAGE,  /* rev, step of steps: a backfill page committed; rows (in the
                              page), rows_done (in the step, earlier runs included), cursor
                              (the page's last key, for people), ms since the step started
                              in this run and rows_run (the rows updated in that time),
                              rows_total (YDB's estimate of the step's rows, 0: none); a
                              rebuild_table step's pages too (rows copied) */
    MIG_EV_REBUILD_VERIFIED, /* rev, step of steps: a rebuild_table's copy counted: table (T),
                              to (S), rows_done (rows copied), rows_table (rows of T up to the
                              end key), rows_after (after it), rows (rows of S), ok (all agree) */
    MIG_EV_REBUILD_SWAPPED,  /* rev, step of steps: table (T) is now the rebuilt table, to (the
                              table the old T is kept as) */
} mig_exec_ev_kind;

typedef struct mig_exec_ev {
    mig_exec_ev_kind kind;
    const mig_rev *rev;
    bool up;
    size_t pos, count;     /* the revision's place in the plan (0-based) */
    uint32_t step, steps;  /* step (1-based) of steps */
    bool resuming;         /* an earlier run stopped in this revision */
    uint32_t resume_at;    /* steps already done */
    const char *what;      /* the step, on one line */
    bool skipped;
    long long ms;
    const char *table;
    int level;
    const char *message;
    uint64_t rows, rows_done, rows_run; /* BACKFILL_PAGE */
    uint64_t rows_total;                /* BACKFILL_PAGE: an estimate, 0 = unknown */
    const char *cursor;                 /* BACKFILL_PAGE */
    const char *to;                     /* REBUILD_* */
    uint64_t rows_table, rows_after;    /* REBUILD_VERIFIED */
    bool ok;                            /* REBUILD_VERIFIED */
} mig_exec_ev;

typedef struct mig_exec {
    mig_arena *a;
    mig_plugins *p;
    const mig_revgraph *g;
    mig_state *st;
    mig_db *db;
    void (*report)(void *ud, const mig_exec_ev *ev); /* may be NULL */
    void *report_ud;
    int step_timeout_ms; /* the deadline of each statement of a step; 0: the driver's */
    mig_vrow *rows;     /* the version table as read before planning */
    size_t nrows;
} mig_exec;

/* The row of a revision, or NULL. */
const mig_vrow *mig_exec_row(const mig_exec *x, const char *revision);

/* Check the rows against the plugins: every recorded revision is known and its source
 * and plugin checksums are the manifest's. 0, or -1 with *err (MIG_RT_STATE). */
int mig_exec_validate(mig_exec *x, mig_rt_error *err);

/* The applied set for planning in a direction; refuses a revision half-done in the other
 * direction. 0, or -1 with *err. */
int mig_exec_applied(mig_exec *x, mig_direction dir, mig_revset *out, mig_rt_error *err);

/* The rows of a rebuild_table step's table now (COUNT(*), for the plan): 0 with *rows, 1
 * when the table does not exist (yet), -1 with *err. */
int mig_exec_rebuild_rows(mig_exec *x, const mig_p_step *st, uint64_t *rows, mig_rt_error *err);

/* Run the plan. 0, or -1 with *err (the revision and step named). */
int mig_exec_plan(mig_exec *x, const mig_plan *plan, mig_rt_error *err);

#endif
