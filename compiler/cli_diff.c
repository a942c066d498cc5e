/* cli_diff.c - migc diff: the next revision, from the declared schema (compiler/diff.h). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/exitcodes.h"
#include "declared.h"
#include "diff.h"
#include "graph.h"
#include "newrev.h"
#include "sema.h"

enum { OPT_SCHEMA = 2000, OPT_CHECK };

static const struct option diff_opts[] = {
    {"help", no_argument, NULL, 'h'},          {"message", required_argument, NULL, 'm'},
    {"schema", required_argument, NULL, OPT_SCHEMA}, {"rev-id", required_argument, NULL, OPT_REVID},
    {"output", required_argument, NULL, 'o'},  {"check", no_argument, NULL, OPT_CHECK},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {"config", required_argument, NULL, OPT_CONFIG}, {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
};

/* Move from's diagnostics (only its errors, with only_errors) into d. */
static void move_diags(mig_diags *d, mig_diags *from, bool only_errors)
{
    for (size_t i = 0; i < from->n; i++) {
        if (only_errors && from->v[i]->sev != MIG_SEV_ERROR) continue;
        from->v[i]->seq = (unsigned)d->n;
        MIG_PUSH(d->arena, d->v, d->n, d->cap, from->v[i]);
    }
    d->nerrors += from->nerrors;
    if (!only_errors) d->nwarnings += from->nwarnings;
}

/* The schema at the single head of dir (an empty one when dir has no revisions yet).
 * NULL, with *rc, when it cannot be known. */
static const mig_schema *head_schema(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target, mig_schema_ctx *sc,
                                     const char **head_id, int *rc)
{
    const char **names;
    size_t n = 0;
    struct stat st;
    *head_id = "base";
    if (stat(dir, &st) != 0 && errno == ENOENT) return mig_schema_new(sc);
    if (mig_project_scan(a, dir, &names, &n) != 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "could not read directory \"%s\": %s", dir, strerror(errno));
        *rc = MIG_EXIT_IO;
        return NULL;
    }
    if (n == 0) return mig_schema_new(sc);
    /* The revisions' warnings stay quiet here, as in `migc schema`: `migc check` shows them. */
    mig_diags sd;
    mig_diags_init(&sd, a);
    mig_project *p = cli_analyse(a, &sd, dir, target);
    move_diags(d, &sd, true);
    if (!p) {
        *rc = MIG_EXIT_IO;
        return NULL;
    }
    if (d->nerrors) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "the revisions in \"%s\" have errors", dir);
        mig_hint(d, g, "`migc diff` compares the declared schema with the schema at head; fix the revisions first.");
        *rc = MIG_EXIT_INVALID;
        return NULL;
    }
    if (p->nheads != 1) {
        *rc = mig_new_several_heads(a, d, p, false);
        return NULL;
    }
    *head_id = p->heads[0]->id;
    return mig_sema_of(p->heads[0])->after;
}

/* Does the revision just written pass the checks? Reports its errors to d if not. */
static bool written_ok(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target)
{
    mig_diags sd;
    mig_diags_init(&sd, a);
    mig_project *p = cli_analyse(a, &sd, dir, target);
    if (p && sd.nerrors == 0) return true;
    move_diags(d, &sd, true);
    return false;
}

int cmd_diff(int argc, char **argv)
{
    common co;
    cli_common_init(&co);
    const char *message = NULL, *schema = NULL, *rev_id = NULL, *output = NULL;
    bool check = false;
    int c, rc = MIG_EXIT_OK;
    while ((c = getopt_long(argc, argv, "+:hm:o:", diff_opts, NULL)) != -1) {
        int r = cli_common_opt("diff", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return cli_help_of("diff");
        case 'm': message = optarg; break;
        case OPT_SCHEMA: schema = optarg; break;
        case OPT_REVID: rev_id = optarg; break;
        case 'o': output = optarg; break;
        case OPT_CHECK: check = true; break;
        default: return cli_bad_option("diff", c, argv);
        }
    }
    if (!check && !message) return cli_usage_error("diff", "-m MESSAGE is required (or --check, to compare only)");
    if (check && (message || rev_id || output))
        return cli_usage_error("diff", "--check writes nothing; it takes no -m, --rev-id or -o");
    const char *dir;
    mig_arena *a = cli_begin_run("diff", &co, argc, argv, &dir, &rc);
    if (!a) return rc;
    if (!schema) schema = co.cfg.schema_path;
    mig_diags d;
    mig_diags_init(&d, a);
    /* Declared tables get generations far above the analysis' own: replaying the diff on a
     * clone of head must copy head's tables, never edit them in place. */
    mig_schema_ctx sc = {a, 1u << 30};
    const char *head_id;
    const mig_schema *head = head_schema(a, &d, dir, co.target, &sc, &head_id, &rc);
    mig_declared want;
    mig_diff df;
    if (!head) goto out;
    if ((rc = mig_declared_load(&sc, &d, schema, co.target, &want)) != 0) goto out;
    if (d.nerrors || !mig_diff_run(&sc, &d, head, &want, &df)) {
        rc = MIG_EXIT_INVALID;
        goto out;
    }
    if (check) {
        mig_buf steps = MIG_BUF_INIT;
        mig_diff_print(a, &steps, head, &df, "");
        fputs(mig_buf_str(&steps), stdout);
        mig_buf_free(&steps);
        rc = df.ops.n ? MIG_EXIT_FAILURE : MIG_EXIT_OK;
        goto out;
    }
    if (df.ops.n == 0) {
        printf("no changes: %s matches the schema at %s\n", schema, head_id);
        goto out;
    }
    mig_new_opts o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.message = message;
    o.rev_id = rev_id;
    o.out_path = output;
    o.body = mig_diff_revision_body(&sc, co.target, head, &df);
    const char *path = NULL;
    char vb[16];
    rc = mig_new_revision(a, &d, &o, co.target, &path);
    if (rc == MIG_EXIT_OK && path && !output && !written_ok(a, &d, dir, co.target)) {
        mig_diag *g = mig_report_plain(&d, MIG_SEV_ERROR, "the revision written to \"%s\" does not pass the checks (below); it was removed", path);
        mig_hint(&d, g, "The declared schema asks for a change YDB %s cannot make with these steps. Change the declared "
                        "schema, or write the revision by hand with `migc new`.", mig_ydbver_str(co.target, vb));
        unlink(mig_printf(a, "%s/%s", dir, strrchr(path, '/') ? strrchr(path, '/') + 1 : path));
        rc = MIG_EXIT_INVALID;
        path = NULL;
    }
    if (rc == MIG_EXIT_OK && path) printf("created %s\n", path);
out:;
    bool failed = cli_finish_diags(&d, &co);
    if (failed && rc == MIG_EXIT_OK) rc = MIG_EXIT_INVALID;
    mig_arena_free(a);
    return rc;
}
