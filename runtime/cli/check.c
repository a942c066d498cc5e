/* check.c - migrun check: the version table against the plugins, and each table's live
 * description against the schema the applied steps expect. */
#include "cli.h"

#include <string.h>

#include "../../common/exitcodes.h"
#include "../revjson.h"
#include "../schemacmp.h"

/* ---- check ---- */

typedef struct expect {
    const char *path;
    const mig_p_table *t; /* NULL: must be absent */
} expect;

static void expect_set(mig_arena *a, expect **v, size_t *n, size_t *cap, const char *path, const mig_p_table *t)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].path, path) == 0) {
            (*v)[i].t = t;
            return;
        }
    *v = mig_grow(a, *v, sizeof **v, cap, *n + 1);
    (*v)[*n].path = path;
    (*v)[*n].t = t;
    (*n)++;
}

typedef struct expect_list {
    const expect *v;
    size_t n;
    const char *vt, *lt; /* this project's version and lock tables */
} expect_list;

static bool expected_path(void *ud, const char *path)
{
    const expect_list *l = ud;
    if (strcmp(path, l->vt) == 0 || strcmp(path, l->lt) == 0) return true;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].path, path) == 0) return true;
    return false;
}

/* The differences of one table (expected or live may be NULL: absent), as check prints
 * them; returns how many. */
static size_t put_table_diff(run *r, const char *path, const mig_p_table *expected, const mig_p_table *live)
{
    mig_buf b = MIG_BUF_INIT;
    size_t nd = mig_table_diff(expected, live, &b, 50);
    if (nd) {
        if (r->json)
            fprintf(r->out, "{\"kind\":\"table\",\"problem\":true,\"table\":%s,\"differences\":[",
                    mig_json_str(r->a, path));
        else
            fprintf(r->out, "table %s:\n", path);
        const char *s = mig_buf_str(&b);
        bool first = true;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            if (r->json) {
                fprintf(r->out, "%s%s", first ? "" : ",", mig_json_str(r->a, mig_strndup(r->a, s, len)));
                first = false;
            } else {
                fprintf(r->out, "  %.*s\n", (int)len, s);
            }
            s += len + (nl ? 1 : 0);
        }
        if (r->json) fputs("]}\n", r->out);
    }
    mig_buf_free(&b);
    return nd;
}

int cmd_check(run *r, int argc, char **argv)
{
    online o;
    mig_rt_error e;
    int rc;
    if (cli_online_start(r, argc, argv, F_IGNORE, true, &o, &e, &rc)) return rc;
    size_t problems = 0, pending = 0;
    if (rc == 0) {
        /* the version table: unknown or edited revisions, half-applied ones (problems);
         * plugins rebuilt from the same source (a note) */
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *row = &o.x.rows[i];
            const mig_rev *v = mig_revgraph_find(&o.g, row->revision);
            mig_exec one = o.x;
            one.rows = &o.x.rows[i];
            one.nrows = 1;
            mig_rt_error ce;
            memset(&ce, 0, sizeof ce);
            const char *what = NULL, *detail = NULL;
            bool problem = true;
            if (mig_exec_validate(&one, &ce)) {
                what = ce.message;
                detail = ce.detail;
            } else if (strcmp(row->state, "applied") != 0) {
                what = mig_printf(r->a, "revision \"%s\" is half %s", row->revision,
                                  strcmp(row->state, "applying") == 0 ? "applied" : "downgraded");
                detail = mig_printf(r->a, "%u of %u steps recorded; run migrun %s to finish it.", (unsigned)row->steps_done,
                                    (unsigned)row->steps_total, strcmp(row->state, "applying") == 0 ? "upgrade" : "downgrade");
            } else if (v && (!row->plugin_sha256 || strcmp(row->plugin_sha256, v->m->plugin_sha256) != 0)) {
                problem = false;
                what = mig_printf(r->a, "revision \"%s\" was applied with a plugin built differently from the same source",
                                  row->revision);
                detail = "Not a difference: the source is the revision's identity (another migc or other CFLAGS).";
            }
            if (!what) continue;
            if (problem) problems++;
            if (r->json)
                fprintf(r->out, "{\"kind\":\"revision\",\"problem\":%s,\"revision\":%s,\"message\":%s,\"detail\":%s}\n",
                        problem ? "true" : "false", mig_json_str(r->a, row->revision), mig_json_str(r->a, what),
                        mig_json_str(r->a, detail ? detail : ""));
            else
                fprintf(r->out, "%s: %s\n  %s\n", problem ? "revision" : "note", what, detail ? detail : "");
        }
        /* the expected schema: every applied step's `post`, in manifest order */
        expect *ex = NULL;
        size_t nex = 0, cap = 0;
        for (size_t i = 0; rc == 0 && i < o.g.nrevs; i++) {
            const mig_rev *v = &o.g.revs[i];
            const mig_vrow *row = mig_exec_row(&o.x, v->m->id);
            if (!row) {
                pending++;
                continue;
            }
            const mig_revision_desc *d;
            if ((rc = mig_plugins_get(o.p, v->index, &d, &e))) break;
            uint32_t upto = strcmp(row->state, "applying") == 0 ? row->steps_done : d->nupgrade;
            if (strcmp(row->state, "downgrading") == 0) upto = d->nupgrade; /* approximate: see status */
            for (uint32_t k = 0; k < upto && k < d->nupgrade; k++) {
                const mig_p_step *st = &d->upgrade[k];
                if (st->kind == MIG_S_YQL || st->kind == MIG_S_C || !st->table) continue;
                if (st->post_path && strcmp(st->post_path, st->table) != 0) expect_set(r->a, &ex, &nex, &cap, st->table, NULL);
                expect_set(r->a, &ex, &nex, &cap, st->post_path ? st->post_path : st->table, st->post);
                /* a rebuild keeps the old table under another name */
                if (st->kind == MIG_S_REBUILD_TABLE && st->to) expect_set(r->a, &ex, &nex, &cap, st->to, st->pre);
            }
        }
        for (size_t i = 0; rc == 0 && i < nex; i++) {
            mig_p_table live;
            ydb_error ye;
            memset(&ye, 0, sizeof ye);
            int d = o.db.api->describe_table(o.db.conn, ex[i].path, r->a, &live, &ye);
            if (d < 0) {
                mig_db_error(r->a, &ye, mig_printf(r->a, "cannot describe table \"%s\"", ex[i].path), NULL, &e);
                rc = -1;
                break;
            }
            problems += put_table_diff(r, ex[i].path, ex[i].t, d == 1 ? NULL : &live);
        }
        /* tables no applied revision made (unmanaged): other projects' migrun tables, dot
         * paths and the ignore list left out (tables.h) */
        mig_p_table *extra = NULL;
        size_t nextra = 0;
        if (rc == 0) {
            expect_list el = {ex, nex, o.st.vt, o.st.lt};
            o.tables.known = expected_path;
            o.tables.known_ud = &el;
            rc = mig_tables_list(r->a, &o.db, &o.tables, &extra, &nextra, NULL, &e);
        }
        for (size_t i = 0; rc == 0 && i < nextra; i++) problems += put_table_diff(r, extra[i].path, NULL, &extra[i]);
        nex += nextra;
        if (rc == 0 && r->json)
            fprintf(r->out, "{\"kind\":\"summary\",\"ok\":%s,\"tables\":%zu,\"differences\":%zu,\"pending\":%zu}\n",
                    problems ? "false" : "true", nex, problems, pending);
        else if (rc == 0) {
            fprintf(r->out, "%s: %zu table%s checked, %zu difference%s; %zu revision%s pending\n",
                    problems ? "check failed" : "ok", nex, nex == 1 ? "" : "s", problems, problems == 1 ? "" : "s",
                    pending, pending == 1 ? "" : "s");
        }
    }
    rc = cli_online_close(r, &o, rc, &e);
    return rc == 0 && problems ? MIG_EXIT_FAILURE : rc;
}
