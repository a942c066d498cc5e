/* servercheck.c - see servercheck.h. */
#include "servercheck.h"

#include <string.h>

#include "../common/ydbrelease.h"

/* The server's own words for its release, or NULL with *why. */
static const char *server_release(mig_exec *x, const char **why)
{
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    ydb_result res;
    memset(&res, 0, sizeof res);
    if (x->db->api->exec_notx(x->db->conn, "SELECT Version();", NULL, 0, true, x->a, &res, &ye) != 0) {
        *why = mig_printf(x->a, "%s: %s", ye.status_name ? ye.status_name : "error", ye.message ? ye.message : "");
        return NULL;
    }
    if (!res.nsets || !res.sets[0].nrows || !res.sets[0].ncolumns || !res.sets[0].cells[0]) {
        *why = "Version() returned no value";
        return NULL;
    }
    return res.sets[0].cells[0];
}

int mig_server_check(mig_exec *x, const mig_plan *plan, const char **warning, mig_rt_error *err)
{
    *warning = NULL;
    if (!plan->n) return 0;
    const char *why = NULL, *text = server_release(x, &why);
    mig_ydbver server = 0;
    if (text && !mig_ydbver_of_server(text, &server)) why = mig_printf(x->a, "it reports \"%s\"", text);
    for (size_t i = 0; i < plan->n; i++) {
        const mig_rev *r = plan->revs[i];
        const mig_revision_desc *d;
        if (mig_plugins_get(x->p, r->index, &d, err)) return -1;
        mig_ydbver need;
        const char *bad = NULL;
        if (!d->target_ydb || mig_ydbver_parse(d->target_ydb, &need, &bad) != 0) continue; /* nothing to compare */
        if (why) {
            *warning = mig_printf(x->a,
                                  "cannot read the server's YDB release (%s); the plugins were built for YDB %s and "
                                  "are not checked against it",
                                  why, d->target_ydb);
            return 0;
        }
        if (need <= server) continue;
        char sb[16];
        err->code = MIG_RT_PLAN;
        err->file = NULL;
        err->message = mig_printf(x->a, "revision \"%s\" needs YDB %s; the server runs YDB %s", r->m->id,
                                  d->target_ydb, mig_ydbver_str(server, sb));
        err->detail = mig_printf(x->a,
                                 "Its plugin was built for YDB %s (migc --target-ydb, or target_ydb in mig.ini; the "
                                 "default is the newest release migc knows); the server reports \"%s\" (YQL "
                                 "Version()). Nothing was run.",
                                 d->target_ydb, text);
        err->hint = mig_printf(x->a,
                               "Build the plugins for the server's release (`migc build --target-ydb %s`): migc then "
                               "checks each revision against it. Or upgrade YDB first.",
                               mig_ydbver_str(server, sb));
        return -1;
    }
    return 0;
}
