/* cli_build.c - migc build: every revision compiled into a plugin. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/exitcodes.h"
#include "build.h"

/* ---- build ---- */

static const struct option build_opts[] = {
    {"help", no_argument, NULL, 'h'},       {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'}, {"cc", required_argument, NULL, OPT_CC},
    {"cflags", required_argument, NULL, OPT_CFLAGS}, {"deps", required_argument, NULL, OPT_DEPS},
    {"force", no_argument, NULL, OPT_FORCE}, {"verbose", no_argument, NULL, 'v'},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {"config", required_argument, NULL, OPT_CONFIG}, {"werror", no_argument, NULL, OPT_WERROR},
    {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
};

int cmd_build(int argc, char **argv)
{
    common co;
    cli_common_init(&co);
    mig_build_opts bo;
    memset(&bo, 0, sizeof bo);
    const char *out = NULL, *cc = NULL, *cflags = NULL;
    long jobs = -1;
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:ho:j:vW:", build_opts, NULL)) != -1) {
        int r = cli_common_opt("build", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return cli_help_of("build");
        case 'o': out = optarg; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || end == optarg || jobs < 0 || jobs > 1024)
                return cli_usage_error("build", "-j takes a number from 0 (one per CPU) to 1024, not \"%s\"", optarg);
            break;
        }
        case OPT_CC: cc = optarg; break;
        case OPT_CFLAGS: cflags = optarg; break;
        case OPT_DEPS: bo.deps_file = optarg; break;
        case OPT_FORCE: bo.force = true; break;
        case 'v': bo.verbose = true; break;
        case OPT_WERROR: co.werror = true; break;
        case 'W':
            if (strcmp(optarg, "error") != 0) return cli_usage_error("build", "-W takes \"error\", not \"%s\"", optarg);
            co.werror = true;
            break;
        default: return cli_bad_option("build", c, argv);
        }
    }
    const char *dir;
    mig_arena *a = cli_begin_run("build", &co, argc, argv, &dir, &rc);
    if (!a) return rc;
    bo.out_dir = out ? out : co.cfg.plugin_dir;
    bo.cc = cc ? cc : co.cfg.cc;
    bo.cflags = cflags ? cflags : co.cfg.cflags;
    bo.jobs = jobs > 0 ? (int)jobs : jobs < 0 && co.cfg.jobs > 0 ? co.cfg.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (bo.jobs < 1) bo.jobs = 1;
    mig_diags d;
    mig_diags_init(&d, a);
    mig_project *p = cli_analyse(a, &d, dir, co.target);
    int exit_code = MIG_EXIT_OK;
    if (!p) exit_code = MIG_EXIT_IO;
    else if (d.nerrors || (co.werror && d.nwarnings)) exit_code = MIG_EXIT_INVALID;
    else {
        mig_build_stats st;
        exit_code = mig_build(p, &bo, &st);
        if (exit_code == MIG_EXIT_OK && bo.verbose)
            fprintf(stderr, "migc: %u built, %u up to date, %u removed, in %s\n", st.built, st.up_to_date, st.removed, bo.out_dir);
    }
    if (cli_finish_diags(&d, &co) && exit_code == MIG_EXIT_OK) exit_code = MIG_EXIT_INVALID;
    mig_arena_free(a);
    return exit_code;
}
