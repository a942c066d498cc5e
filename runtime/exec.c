/* exec.c - see exec.h: the driver. The version-table rows, each revision of a plan and each
 * of its steps in turn, and the progress records between them. Its parts are listed in
 * exec_int.h. */
#include <string.h>
#include <time.h>

#include "exec_int.h"
#include "yql.h"

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

/* ---- recording progress ---- */

typedef struct prog_ctx {
    mig_step_ctx *s;
    uint32_t done;
} prog_ctx;

static int progress_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    prog_ctx *c = ud;
    return mig_state_tx_set_steps(c->s->x->st, tx, c->s->rev->m->id, c->done, ye);
}

int mig_exec_record_progress(mig_step_ctx *s, uint32_t done)
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

uint64_t mig_exec_rows_estimate(mig_step_ctx *s)
{
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    uint64_t rows = 0;
    if (s->x->db->api->table_rows_estimate(s->x->db->conn, s->st->table, &rows, &ye) != 0) return 0;
    return rows;
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
    bool resuming = false, edited = false;
    if (row && strcmp(row->state, mid) == 0) {
        start = row->steps_done;
        resuming = true;
        if (start == 0 && (row->steps_total != n || !row->source_sha256 ||
                           strcmp(row->source_sha256, r->m->source_sha256) != 0 || !row->plugin_sha256 ||
                           strcmp(row->plugin_sha256, r->m->plugin_sha256) != 0)) {
            /* edited or rebuilt since its first attempt, nothing recorded: it takes over,
             * each step checked on the live schema first (resuming) */
            edited = true;
            mig_vrow v = new_row(x, r, mid, 0, n);
            if (mig_state_put(x->st, &v, err)) return -1;
        } else if (row->steps_total != n || start > n)
            return mig_rt_fail(err, MIG_RT_STATE,
                               mig_printf(x->a, "revision \"%s\" was started with %u steps; its plugin has %u", id,
                                          (unsigned)row->steps_total, (unsigned)n),
                               NULL, "Restore the plugin that started it, finish, and write changes as a new revision.");
    }
    long long t0 = mig_exec_now_ms();
    mig_exec_ev ev = {.kind = MIG_EV_REVISION_START, .rev = r, .up = up, .pos = pos, .count = count, .steps = n,
                      .resuming = resuming, .resume_at = start};
    mig_exec_report(x, &ev);
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
        const char *desc = mig_step_describe_line(x->a, st);
        mig_step_ctx s = {x, r, st, k, n,
                      mig_printf(x->a, "step %u/%u (%s%s) of revision \"%s\"", (unsigned)k + 1, (unsigned)n, desc,
                                 st->line ? mig_printf(x->a, ", %s:%u", r->m->source, (unsigned)st->line) : "", id),
                      err, up, resuming && k == start, edited && k == start};
        long long ts = mig_exec_now_ms();
        ev = (mig_exec_ev){.kind = MIG_EV_STEP_START, .rev = r, .up = up, .step = k + 1, .steps = n, .what = desc};
        mig_exec_report(x, &ev);
        bool skipped = false;
        int rc;
        int saved_timeout = x->db->api->call_timeout(x->db->conn, x->step_timeout_ms);
        bool paged = st->kind == MIG_S_BACKFILL || st->kind == MIG_S_REBUILD_TABLE;
        if (st->kind == MIG_S_YQL || st->kind == MIG_S_C || paged) {
            mig_vrow fin;
            bool last = up && k + 1 == n;
            if (last) fin = new_row(x, r, "applied", n, n);
            rc = 0;
            /* a backfill's (rebuild's) cursor belongs to steps_done == k: what ran before it is
             * recorded first */
            if (paged && k > recorded) {
                rc = mig_exec_record_progress(&s, k);
                if (rc == 0) recorded = k;
            }
            if (rc == 0)
                rc = st->kind == MIG_S_BACKFILL        ? mig_exec_run_backfill(&s, recorded, last ? &fin : NULL, &skipped)
                     : st->kind == MIG_S_REBUILD_TABLE ? mig_exec_run_rebuild(&s, recorded, last ? &fin : NULL, &skipped)
                                                       : mig_exec_run_tx_step(&s, recorded, last ? &fin : NULL, &skipped);
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
                rc = mig_exec_record_progress(&s, k);
                if (rc == 0) {
                    recorded = k;
                    ntouched = 0;
                }
            }
            if (rc == 0) rc = mig_exec_run_schema(&s, checking || st->cond != MIG_PCOND_NONE, &skipped);
            if (rc == 0) {
                if (!skipped) checking = false;
                for (size_t j = 0; j < 2; j++)
                    if (mine[j]) touched[ntouched++] = mine[j];
            }
        }
        x->db->api->call_timeout(x->db->conn, saved_timeout);
        if (rc) {
            ev.kind = MIG_EV_STEP_FAILED;
            mig_exec_report(x, &ev);
            return -1;
        }
        ev.kind = MIG_EV_STEP_END;
        ev.skipped = skipped;
        ev.ms = mig_exec_now_ms() - ts;
        mig_exec_report(x, &ev);
    }
    if (up) {
        mig_vrow v = new_row(x, r, "applied", n, n);
        if (!row_final && mig_state_put(x->st, &v, err)) return -1;
    } else if (mig_state_delete(x->st, id, err)) {
        return -1;
    }
    ev = (mig_exec_ev){.kind = MIG_EV_REVISION_END, .rev = r, .up = up, .pos = pos, .count = count, .steps = n,
                       .ms = mig_exec_now_ms() - t0};
    mig_exec_report(x, &ev);
    mig_plugins_release(x->p, r->index);
    return 0;
}

int mig_exec_plan(mig_exec *x, const mig_plan *plan, mig_rt_error *err)
{
    for (size_t i = 0; i < plan->n; i++)
        if (run_revision(x, plan->revs[i], plan->dir == MIG_UPGRADE, i, plan->n, err)) return -1;
    return 0;
}
