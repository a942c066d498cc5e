/* status.c - what the version table says: current (the applied heads), status (every
 * revision's state). */
#include "cli.h"

#include <string.h>

#include "../revjson.h"

/* ---- current, status ---- */

int cmd_current(run *r, int argc, char **argv)
{
    online o;
    mig_rt_error e;
    int rc;
    if (cli_online_start(r, argc, argv, 0, true, &o, &e, &rc)) return rc;
    if (rc == 0) {
        mig_revset applied = mig_revset_new(&o.g);
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_rev *v = mig_revgraph_find(&o.g, o.x.rows[i].revision);
            if (v && strcmp(o.x.rows[i].state, "applied") == 0) applied.in[v->index] = true;
        }
        mig_rev **heads;
        size_t nh = mig_revset_heads(&o.g, &applied, &heads);
        for (size_t i = 0; i < nh; i++) {
            if (r->json) {
                fprintf(r->out, "{\"revision\":%s,\"head\":%s}\n", mig_json_str(r->a, heads[i]->m->id),
                        heads[i]->nchildren ? "false" : "true");
                continue;
            }
            mig_buf b = MIG_BUF_INIT;
            mig_buf_puts(&b, heads[i]->m->id);
            cli_put_marks(&b, heads[i]);
            cli_put_message_tail(&b, heads[i]);
            fputs(mig_buf_str(&b), r->out);
            mig_buf_free(&b);
        }
        size_t nother = 0;
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *v = &o.x.rows[i];
            bool known = mig_revgraph_find(&o.g, v->revision) != NULL;
            if (known && strcmp(v->state, "applied") == 0) continue;
            nother++;
            if (r->json)
                fprintf(r->out, "{\"revision\":%s,\"state\":\"%s\",\"known\":%s,\"steps_done\":%u,\"steps_total\":%u}\n",
                        mig_json_str(r->a, v->revision), v->state, known ? "true" : "false", (unsigned)v->steps_done,
                        (unsigned)v->steps_total);
            else if (!known)
                fprintf(r->out, "%s (%s in the database; not in the plugin directory)\n", v->revision, v->state);
            else
                fprintf(r->out, "%s (%s: %u of %u steps recorded)\n", v->revision, v->state, (unsigned)v->steps_done,
                        (unsigned)v->steps_total);
        }
        if (!nh && !nother && !r->json) fputs("<base> (nothing applied)\n", r->out);
    }
    return cli_online_close(r, &o, rc, &e);
}

int cmd_status(run *r, int argc, char **argv)
{
    online o;
    mig_rt_error e;
    int rc;
    if (cli_online_start(r, argc, argv, 0, true, &o, &e, &rc)) return rc;
    if (rc == 0) {
        size_t napplied = 0, npending = 0, npartial = 0;
        if (!r->json) fprintf(r->out, "Database: %s (version table %s)\n", o.db.url, o.st.vt);
        for (size_t i = 0; i < o.g.nrevs; i++) {
            const mig_rev *v = &o.g.revs[i];
            const mig_vrow *row = mig_exec_row(&o.x, v->m->id);
            const char *state = row ? row->state : "pending";
            if (!row) npending++;
            else if (strcmp(row->state, "applied") == 0) napplied++;
            else npartial++;
            if (r->json) {
                fprintf(r->out, "{\"revision\":%s,\"state\":\"%s\",\"steps_done\":%u,\"steps_total\":%u,\"applied_at\":%s}\n",
                        mig_json_str(r->a, v->m->id), state, row ? (unsigned)row->steps_done : 0u,
                        row ? (unsigned)row->steps_total : 0u, mig_json_str(r->a, row ? row->applied_at : ""));
                continue;
            }
            if (!row) fprintf(r->out, "  pending   %s\n", v->m->id);
            else if (strcmp(row->state, "applied") == 0)
                fprintf(r->out, "  applied   %s  (%s, by %s)\n", v->m->id, row->applied_at ? row->applied_at : "?",
                        row->applied_by ? row->applied_by : "?");
            else
                fprintf(r->out, "  PARTIAL   %s  (%s: %u of %u steps recorded; run migrun %s to finish)\n", v->m->id,
                        row->state, (unsigned)row->steps_done, (unsigned)row->steps_total,
                        strcmp(row->state, "applying") == 0 ? "upgrade" : "downgrade");
        }
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *row = &o.x.rows[i];
            if (mig_revgraph_find(&o.g, row->revision)) continue;
            if (r->json)
                fprintf(r->out,
                        "{\"revision\":%s,\"state\":\"unknown\",\"recorded_state\":\"%s\",\"steps_done\":%u,"
                        "\"steps_total\":%u,\"applied_at\":%s}\n",
                        mig_json_str(r->a, row->revision), row->state, (unsigned)row->steps_done,
                        (unsigned)row->steps_total, mig_json_str(r->a, row->applied_at ? row->applied_at : ""));
            else
                fprintf(r->out, "  UNKNOWN   %s  (%s in the database; not in the plugin directory)\n", row->revision,
                        row->state);
        }
        if (!r->json)
            fprintf(r->out, "%zu applied, %zu pending, %zu partially applied\n", napplied, npending, npartial);
    }
    return cli_online_close(r, &o, rc, &e);
}
