/* cli_check.c - migc check (every revision against the rules) and migc schema (the
 * schema at a revision as .mig text). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/exitcodes.h"
#include "graph.h"
#include "ptable.h"
#include "schema.h"
#include "sema.h"

/* What check and schema do after their options: the configuration, the directory, the
 * analysis. NULL (with *rc set) when the command is over; else the project, its arena in
 * *a and its diagnostics in d. */
static mig_project *analysed(const char *cmdname, common *co, int argc, char **argv, mig_arena **a, mig_diags *d,
                             int *rc)
{
    const char *dir;
    if (!(*a = cli_begin_run(cmdname, co, argc, argv, &dir, rc))) return NULL;
    mig_diags_init(d, *a);
    mig_project *p = cli_analyse(*a, d, dir, co->target);
    if (!p) {
        cli_finish_diags(d, co);
        mig_arena_free(*a);
        *rc = MIG_EXIT_IO;
    }
    return p;
}

/* ---- check ---- */

static const struct option check_opts[] = {
    {"help", no_argument, NULL, 'h'},      {"target-ydb", required_argument, NULL, OPT_TARGET},
    {"color", optional_argument, NULL, OPT_COLOR}, {"werror", no_argument, NULL, OPT_WERROR},
    {"quiet", no_argument, NULL, 'q'},     {"config", required_argument, NULL, OPT_CONFIG},
    {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
};

int cmd_check(int argc, char **argv)
{
    common co;
    cli_common_init(&co);
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:hqW:", check_opts, NULL)) != -1) {
        int r = cli_common_opt("check", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return cli_help_of("check");
        case 'q': co.quiet = true; break;
        case OPT_WERROR: co.werror = true; break;
        case 'W':
            if (strcmp(optarg, "error") != 0) return cli_usage_error("check", "-W takes \"error\", not \"%s\"", optarg);
            co.werror = true;
            break;
        default: return cli_bad_option("check", c, argv);
        }
    }
    mig_arena *a;
    mig_diags d;
    mig_project *p = analysed("check", &co, argc, argv, &a, &d, &rc);
    if (!p) return rc;
    if (p->nheads > 1) {
        mig_buf b = MIG_BUF_INIT;
        for (size_t i = 0; i < p->nheads; i++)
            mig_buf_printf(&b, "%s\"%s\"", i ? (i == p->nheads - 1 ? " and " : ", ") : "", p->heads[i]->id ? p->heads[i]->id : "?");
        mig_diag *g = mig_report_plain(&d, MIG_SEV_WARNING, "the revisions have %zu heads: %s", p->nheads, mig_buf_str(&b));
        mig_hint(&d, g, "`migrun upgrade heads` applies them all; `migc merge -m \"merge\"` writes a revision that joins them.");
        mig_buf_free(&b);
    }
    bool failed = cli_finish_diags(&d, &co);
    if (!failed && !co.quiet) {
        char vb[16];
        mig_buf b = MIG_BUF_INIT;
        for (size_t i = 0; i < p->nheads; i++) mig_buf_printf(&b, "%s%s", i ? ", " : "", p->heads[i]->id);
        printf("ok: %zu revision%s, head%s %s (YDB %s)\n", p->nrevs, p->nrevs == 1 ? "" : "s", p->nheads == 1 ? "" : "s",
               mig_buf_str(&b), mig_ydbver_str(p->target, vb));
        mig_buf_free(&b);
    }
    mig_arena_free(a);
    return failed ? MIG_EXIT_INVALID : MIG_EXIT_OK;
}

/* ---- schema ---- */

static const struct option schema_opts[] = {
    {"help", no_argument, NULL, 'h'},          {"at", required_argument, NULL, OPT_AT},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {"config", required_argument, NULL, OPT_CONFIG}, {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
};

int cmd_schema(int argc, char **argv)
{
    common co;
    cli_common_init(&co);
    const char *at = "head";
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:h", schema_opts, NULL)) != -1) {
        int r = cli_common_opt("schema", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return cli_help_of("schema");
        case OPT_AT: at = optarg; break;
        default: return cli_bad_option("schema", c, argv);
        }
    }
    mig_arena *a;
    mig_diags d;
    mig_project *p = analysed("schema", &co, argc, argv, &a, &d, &rc);
    if (!p) return rc;
    int exit_code = MIG_EXIT_OK;
    const char *why = NULL;
    mig_revision *r = NULL;
    bool base = strcmp(at, "base") == 0;
    if (!base && !d.nerrors) {
        r = mig_graph_resolve(p, at, &why);
        if (!r) {
            /* Not a fault of the sources: the command cannot choose (exit 1). */
            mig_diag *g = mig_report_plain(&d, MIG_SEV_ERROR, "cannot show the schema at \"%s\"", at);
            if (why) mig_detail(&d, g, "%s", why);
            if (p->nheads > 1) mig_hint(&d, g, "Name a revision with --at.");
            exit_code = MIG_EXIT_FAILURE;
        }
    }
    /* Warnings stay quiet here: `migc check` is where they belong. */
    d.nwarnings = 0;
    mig_diags only_errors;
    mig_diags_init(&only_errors, a);
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i]->sev == MIG_SEV_ERROR) MIG_PUSH(a, only_errors.v, only_errors.n, only_errors.cap, d.v[i]);
    only_errors.nerrors = d.nerrors;
    if (cli_finish_diags(&only_errors, &co)) {
        if (exit_code == MIG_EXIT_OK) exit_code = MIG_EXIT_INVALID;
    }
    else {
        char vb[16];
        mig_buf b = MIG_BUF_INIT;
        mig_buf_printf(&b, "-- schema at revision %s (YDB %s)\n", base ? "base" : r->id, mig_ydbver_str(p->target, vb));
        if (!base && mig_sema_of(r)->after->n) {
            mig_buf_putc(&b, '\n');
            mig_schema_print_mig(a, &b, mig_sema_of(r)->after);
        }
        fputs(mig_buf_str(&b), stdout);
        mig_buf_free(&b);
    }
    mig_arena_free(a);
    return exit_code;
}
