/* move.c - the commands that move the database between revisions: upgrade and
 * downgrade (online, or as a YQL script with --sql), and stamp (the version table alone). */
#include "cli.h"

#include <string.h>
#include <time.h>

#include "../../common/config.h"
#include "../../common/exitcodes.h"
#include "../revjson.h"
#include "../servercheck.h"

/* ---- upgrade, downgrade ---- */

static int offline_script(run *r, bool up, const char *spec)
{
    const char *from = "", *to = spec;
    bool ranged = mig_range_split(r->a, spec, &from, &to);
    if (!up && !ranged)
        return cli_usage_error(r, "downgrade --sql needs a range FROM:TO (what is applied, and the target), "
                              "for example head:-1");
    if (ranged && !*to) return cli_usage_error(r, "the range \"%s\" has no target after the colon", spec);
    int rc;
    mig_config c;
    if (cli_config(r, &c)) return MIG_EXIT_USAGE;
    /* The version table's statements come from state.c, as online; no database is opened. */
    mig_state st;
    mig_state_init(&st, r->a, NULL, c.version_table);
    const char *who = mig_printf(r->a, "%s@%s (sql script)", st.user, st.host);
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = cli_open_dir(r, &p, &g))) return rc;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    mig_revset applied;
    mig_plan plan;
    mig_buf b = MIG_BUF_INIT;
    if (mig_range_start(&g, from, &applied, &e)) goto fail;
    if ((up ? mig_plan_upgrade : mig_plan_downgrade)(&g, &applied, to, &plan, &e)) goto fail;
    mig_buf_printf(&b, "-- migrun %s %s --sql: %zu revision%s, from %s (offline: %s)\n",
                   up ? "upgrade" : "downgrade", spec, plan.n, plan.n == 1 ? "" : "s", *from ? from : "base",
                   r->no_version_table ? "the steps only" : "the steps and the version table");
    if (plan.n == 0) mig_buf_puts(&b, "-- nothing to do: the target is already reached\n");
    else mig_buf_putc(&b, '\n');
    if (plan.n && !r->no_version_table) {
        mig_buf_printf(&b, "-- the version table (and its lock table), as migrun creates them\n");
        mig_state_script_ensure(&st, &b);
        mig_buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < plan.n; i++) {
        const mig_rev *v = plan.revs[i];
        const mig_revision_desc *d;
        if (mig_plugins_get(p, v->index, &d, &e)) goto fail;
        mig_buf_printf(&b, "-- revision %s", v->m->id);
        if (v->m->message && *v->m->message) {
            mig_buf_puts(&b, ": ");
            cli_put_line_text(&b, v->m->message);
        }
        mig_buf_putc(&b, '\n');
        const mig_p_step *steps = up ? d->upgrade : d->downgrade;
        uint32_t n = up ? d->nupgrade : d->ndowngrade;
        if (n == 0) mig_buf_puts(&b, "-- no steps\n\n");
        if (cli_put_steps(r, &b, v, steps, n, false, &e)) goto fail;
        uint32_t native = 0;
        for (uint32_t k = 0; k < n; k++)
            if (steps[k].kind == MIG_S_C) native = k + 1;
        if (!r->no_version_table && native) {
            mig_buf_printf(&b, "-- version table: %s is not recorded here: step %u is a c step, which only "
                               "`migrun %s` runs\n\n", v->m->id, (unsigned)native, up ? "upgrade" : "downgrade");
        } else if (!r->no_version_table) {
            mig_buf_printf(&b, "-- version table: %s %s\n", v->m->id, up ? "applied" : "no longer applied");
            if (up) {
                mig_vrow row = {v->m->id, "applied", n, n, v->m->source_sha256, v->m->plugin_sha256, who, NULL,
                                MIG_VERSION};
                mig_state_script_put(&st, &b, &row);
            } else {
                mig_state_script_delete(&st, &b, v->m->id);
            }
            mig_buf_putc(&b, '\n');
        }
        /* Done with it: a long history must not keep a thousand objects mapped. */
        mig_plugins_release(p, v->index);
    }
    return cli_finish_listing(r, p, &b);
fail:
    mig_buf_free(&b);
    mig_plugins_close(p);
    return cli_report(r, &e);
}

/* ---- upgrade, downgrade ---- */

/* --dry-run: the rows each rebuild_table step of a revision would copy (a COUNT(*) of its
 * table now), as text lines or, with json, as the planned event's "rows_to_copy" field
 * (",\"rows_to_copy\":[...]" in *json; "" when the revision has no rebuild step). */
static int dry_run_rebuilds(run *r, online *o, bool up, const mig_rev *v, const char **json, mig_rt_error *e)
{
    const mig_revision_desc *d;
    if (mig_plugins_get(o->p, v->index, &d, e)) return -1;
    uint32_t n = up ? d->nupgrade : d->ndowngrade;
    const mig_p_step *steps = up ? d->upgrade : d->downgrade;
    mig_buf b = MIG_BUF_INIT;
    for (uint32_t k = 0; k < n; k++) {
        if (steps[k].kind != MIG_S_REBUILD_TABLE || !steps[k].table) continue;
        uint64_t rows = 0;
        int rc = mig_exec_rebuild_rows(&o->x, &steps[k], &rows, e);
        if (rc < 0) {
            mig_buf_free(&b);
            return -1;
        }
        if (json) {
            mig_buf_printf(&b, "%s{\"step\":%u,\"table\":%s,\"rows\":", b.len ? "," : ",\"rows_to_copy\":[",
                           (unsigned)k + 1, mig_json_str(r->a, steps[k].table));
            if (rc == 1) mig_buf_puts(&b, "null}");
            else mig_buf_printf(&b, "%llu}", (unsigned long long)rows);
        } else if (rc == 1) {
            fprintf(r->out, "    step %u/%u rebuild_table %s: the table does not exist yet\n", (unsigned)k + 1,
                    (unsigned)n, steps[k].table);
        } else {
            fprintf(r->out, "    step %u/%u rebuild_table %s: %llu rows to copy\n", (unsigned)k + 1, (unsigned)n,
                    steps[k].table, (unsigned long long)rows);
        }
    }
    if (json) *json = b.len ? mig_printf(r->a, "%s]", mig_buf_str(&b)) : "";
    mig_buf_free(&b);
    return 0;
}

/* --dry-run --json: a "planned" event per revision of the plan, with its steps. */
static int dry_run_json(run *r, online *o, bool up, const mig_plan *plan, mig_rt_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        const mig_rev *v = plan->revs[i];
        const mig_vrow *row = mig_exec_row(&o->x, v->m->id);
        const mig_revision_desc *d;
        if (mig_plugins_get(o->p, v->index, &d, e)) return -1;
        mig_buf b = MIG_BUF_INIT;
        uint32_t bad;
        const char *why = NULL, *rows = "";
        if (mig_json_steps(r->a, &b, v, up ? d->upgrade : d->downgrade, up ? d->nupgrade : d->ndowngrade, &bad, &why)) {
            mig_buf_free(&b);
            return cli_render_failed(r, v, bad, why, e);
        }
        if (dry_run_rebuilds(r, o, up, v, &rows, e)) {
            mig_buf_free(&b);
            return -1;
        }
        unsigned resume = row && strcmp(row->state, "applied") != 0 ? (unsigned)row->steps_done : 0u;
        cli_event(r, "planned", "\"revision\":%s,\"direction\":\"%s\",\"message\":%s,\"resume_at\":%u,\"steps\":%s%s",
                       mig_json_str(r->a, v->m->id), up ? "upgrade" : "downgrade", mig_json_str(r->a, v->m->message),
                       resume, mig_buf_str(&b), rows);
        mig_buf_free(&b);
    }
    return 0;
}

static int online_move(run *r, bool up, const char *target)
{
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    int rc = cli_online_open(r, &o, true, &e);
    if (rc > 0) return rc;
    if (rc == 0 && !r->dry_run) rc = cli_take_lock(r, &o, &e);
    mig_revset applied;
    mig_plan plan;
    memset(&plan, 0, sizeof plan);
    if (rc == 0) rc = mig_exec_validate(&o.x, &e);
    if (rc == 0) rc = mig_exec_applied(&o.x, up ? MIG_UPGRADE : MIG_DOWNGRADE, &applied, &e);
    if (rc == 0) rc = (up ? mig_plan_upgrade : mig_plan_downgrade)(&o.g, &applied, target, &plan, &e);
    const char *warning = NULL;
    if (rc == 0) rc = mig_server_check(&o.x, &plan, &warning, &e);
    if (rc == 0 && warning) {
        if (r->json) cli_event(r, "warning", "\"message\":%s", mig_json_str(r->a, warning));
        else fprintf(r->err, "migrun: warning: %s\n", warning);
    }
    if (rc == 0) {
        if (r->json)
            cli_event(r, "plan", "\"direction\":\"%s\",\"target\":%s,\"revisions\":%zu,\"dry_run\":%s",
                           up ? "upgrade" : "downgrade", mig_json_str(r->a, target), plan.n,
                           r->dry_run ? "true" : "false");
        else if (plan.n == 0)
            fprintf(r->out, "Nothing to do: %s is already reached.\n", target);
        else
            fprintf(r->out, "%s %s: %zu revision%s on %s\n", r->dry_run ? "Would run" : up ? "Upgrading to" : "Downgrading to",
                    target, plan.n, plan.n == 1 ? "" : "s", o.db.url);
        if (r->dry_run && r->json) rc = dry_run_json(r, &o, up, &plan, &e);
        if (r->dry_run && !r->json)
            for (size_t i = 0; i < plan.n; i++) {
                const mig_vrow *v = mig_exec_row(&o.x, plan.revs[i]->m->id);
                fprintf(r->out, "  %s %s%s\n", up ? "upgrade" : "downgrade", plan.revs[i]->m->id,
                        v && strcmp(v->state, "applied") != 0
                            ? mig_printf(r->a, " (resume at step %u of %u)", (unsigned)v->steps_done + 1,
                                         (unsigned)v->steps_total)
                            : "");
                if (rc == 0) rc = dry_run_rebuilds(r, &o, up, plan.revs[i], NULL, &e);
            }
        if (!r->dry_run) rc = mig_exec_plan(&o.x, &plan, &e);
        if (rc == 0 && !r->dry_run && plan.n) {
            cli_event(r, "done", "\"revisions\":%zu", plan.n);
            if (!r->json) fprintf(r->out, "Done: %zu revision%s %s.\n", plan.n, plan.n == 1 ? "" : "s", up ? "applied" : "downgraded");
        }
    }
    return cli_online_close(r, &o, rc, &e);
}

static int move(run *r, int argc, char **argv, bool up)
{
    bool done;
    const char *pos[1];
    int npos;
    r->lock_wait = 60;
    int rc = cli_db_args(r, argc, argv, F_SQL | F_DRY | F_LOCKWAIT, pos, 1, &npos, &done);
    if (rc || done) return rc;
    if (!npos) return cli_usage_error(r, "which target? (for example: migrun %s %s)", r->cmd, up ? "head" : "-1");
    if (r->no_version_table && !r->sql) return cli_usage_error(r, "--no-version-table goes with --sql");
    if (r->sql && r->json) return cli_usage_error(r, "--json does not go with --sql (its output is a YQL script)");
    if (!r->sql) return online_move(r, up, pos[0]);
    return offline_script(r, up, pos[0]);
}

int cmd_upgrade(run *r, int argc, char **argv) { return move(r, argc, argv, true); }
int cmd_downgrade(run *r, int argc, char **argv) { return move(r, argc, argv, false); }

/* ---- stamp ---- */

int cmd_stamp(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    const char *pos[1];
    r->lock_wait = 60;
    int rc = cli_db_args(r, argc, argv, F_PURGE | F_LOCKWAIT, pos, 1, &npos, &done);
    if (rc || done) return rc;
    if (!npos && !r->purge) return cli_usage_error(r, "which revision? (for example: migrun stamp head, or --purge)");
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = cli_online_open(r, &o, true, &e)) > 0) return rc;
    if (rc == 0) rc = cli_take_lock(r, &o, &e);
    mig_rev **v = NULL;
    size_t n = 0;
    bool to_base = npos && strcmp(pos[0], "base") == 0;
    if (rc == 0 && npos) rc = mig_target_resolve(&o.g, pos[0], NULL, &v, &n, &e);
    /* Stamping fixes the version table, so only a row that names no revision we know
     * stops it (it cannot be placed in the graph); edited revisions are the usual reason
     * to stamp. */
    for (size_t i = 0; rc == 0 && !r->purge && i < o.x.nrows; i++)
        if (!mig_revgraph_find(&o.g, o.x.rows[i].revision)) {
            mig_exec one = o.x;
            one.rows = &o.x.rows[i];
            one.nrows = 1;
            rc = mig_exec_validate(&one, &e);
            if (rc) e.hint = "Build the plugins that include it, or clear the whole table with `migrun stamp --purge "
                             "TARGET`.";
        }
    if (rc == 0 && r->purge) rc = mig_state_purge(&o.st, &e);
    if (rc == 0) {
        /* As Alembic's stamp: the targets and what they need become applied; what comes
         * after a target (its descendants, through parents or depends_on) is forgotten;
         * revisions on other branches keep their rows. `base` forgets everything. */
        mig_revset want = mig_revset_new(&o.g);
        for (size_t i = 0; i < n; i++) mig_revset_add_closure(&want, v[i]);
        for (size_t i = 0; rc == 0 && !r->purge && i < o.x.nrows; i++) {
            const mig_rev *x = mig_revgraph_find(&o.g, o.x.rows[i].revision);
            if (want.in[x->index]) continue;
            bool after = to_base;
            if (!after) {
                mig_revset up = mig_revset_new(&o.g);
                mig_revset_add_closure(&up, x);
                for (size_t k = 0; k < n && !after; k++) after = up.in[v[k]->index];
            }
            if (after) rc = mig_state_delete(&o.st, o.x.rows[i].revision, &e);
        }
        for (size_t i = 0; rc == 0 && i < o.g.nrevs; i++) {
            if (!want.in[i]) continue;
            const mig_rev *x = &o.g.revs[i];
            const mig_vrow *row = r->purge ? NULL : mig_exec_row(&o.x, x->m->id);
            if (row && strcmp(row->state, "applied") == 0 && row->source_sha256 &&
                strcmp(row->source_sha256, x->m->source_sha256) == 0)
                continue;
            const mig_revision_desc *d;
            if ((rc = mig_plugins_get(o.p, x->index, &d, &e))) break;
            mig_vrow nv = {x->m->id, "applied", d->nupgrade, d->nupgrade, x->m->source_sha256, x->m->plugin_sha256,
                           mig_printf(r->a, "%s (stamp)", mig_state_who(&o.st)), mig_ts_format(r->a, time(NULL)),
                           MIG_VERSION};
            rc = mig_state_put(&o.st, &nv, &e);
        }
        if (rc == 0 && !r->json) {
            mig_buf b = MIG_BUF_INIT;
            for (size_t i = 0; i < n; i++) {
                if (i) mig_buf_puts(&b, ", ");
                mig_buf_puts(&b, v[i]->m->id);
            }
            fprintf(r->out, "Stamped: %s (nothing was run).\n",
                    n ? mig_buf_str(&b) : r->purge && !npos ? "base (version table cleared)" : "base");
            mig_buf_free(&b);
        }
    }
    return cli_online_close(r, &o, rc, &e);
}
