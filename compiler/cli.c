/* cli.c - what migc's commands share: the options every command takes, mig.ini and the
 * target release, the diagnostics' summary, making directories (new, init), and the
 * steps check, schema and build begin with. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/exitcodes.h"
#include "graph.h"
#include "sema.h"

/* Handle an option every command shares. Returns 1 if handled, 0 if not, -1 on error. */
int cli_common_opt(const char *cmdname, int c, common *co)
{
    switch (c) {
    case OPT_TARGET: {
        const char *why;
        if (mig_ydbver_parse(optarg, &co->target, &why) != 0) {
            cli_usage_error(cmdname, "--target-ydb \"%s\": %s", optarg, why);
            return -1;
        }
        co->target_flag = optarg;
        return 1;
    }
    case OPT_MAXERR: {
        char *end;
        errno = 0;
        long n = strtol(optarg, &end, 10);
        if (errno || *end || end == optarg || n < 0 || n > 1000000) {
            cli_usage_error(cmdname, "--max-errors takes a number from 0 (no limit) to 1000000, not \"%s\"", optarg);
            return -1;
        }
        co->max_errors = (int)n;
        return 1;
    }
    case OPT_CONFIG:
        co->config_path = optarg;
        return 1;
    case OPT_COLOR:
        if (!optarg || strcmp(optarg, "auto") == 0) co->color = -1;
        else if (strcmp(optarg, "always") == 0) co->color = 1;
        else if (strcmp(optarg, "never") == 0) co->color = 0;
        else {
            cli_usage_error(cmdname, "--color takes auto, always or never, not \"%s\"", optarg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

void cli_common_init(common *co)
{
    memset(co, 0, sizeof *co);
    co->target = MIG_YDB_NEWEST;
    co->color = -1;
    co->max_errors = -1;
}

/* After the options: read mig.ini and the environment, settle the target. Returns 0 or
 * an exit code after saying why. */
int cli_common_finish(const char *cmdname, common *co, mig_arena *a)
{
    const char *err;
    if (mig_config_load(a, co->config_path, &co->cfg, &err) != 0) {
        fprintf(stderr, "migc: error: %s\n", err);
        return MIG_EXIT_USAGE;
    }
    if (!co->target_flag && co->cfg.target_ydb) {
        const char *why;
        if (mig_ydbver_parse(co->cfg.target_ydb, &co->target, &why) != 0) {
            fprintf(stderr, "migc: error: target_ydb \"%s\" (%s): %s\n", co->cfg.target_ydb,
                    getenv("MIGC_TARGET_YDB") && *getenv("MIGC_TARGET_YDB") ? "MIGC_TARGET_YDB" : co->cfg.path, why);
            return MIG_EXIT_USAGE;
        }
    }
    if (co->target > MIG_YDB_NEWEST) {
        char v1[16], v2[16];
        fprintf(stderr, "migc: warning: YDB %s is newer than the rules migc knows; checking with the rules of %s\n",
                mig_ydbver_str(co->target, v1), mig_ydbver_str(MIG_YDB_NEWEST, v2));
    }
    (void)cmdname;
    return 0;
}

/* Create the directories of PATH that are missing, as mkdir -p does (mode 0777 less the
 * umask); with parents_only, all but its last component. Returns 0, or -1 with errno set
 * and *failed the directory that could not be created. */
int cli_make_dirs(mig_arena *a, const char *path, bool parents_only, const char **failed)
{
    char *p = mig_strdup(a, path);
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '/') p[--len] = '\0';
    if (parents_only) {
        char *slash = strrchr(p, '/');
        while (slash && slash > p && slash[-1] == '/') slash--;
        if (!slash || slash == p) return 0;
        *slash = '\0';
    }
    if (!*p) return 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0') continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (stat(p, &st) != 0) {
            if (mkdir(p, 0777) != 0 && !(errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
                *failed = p;
                return -1;
            }
        } else if (!S_ISDIR(st.st_mode) && saved == '\0') {
            *failed = p;
            errno = EEXIST;
            return -1;
        }
        if (saved == '\0') return 0;
        *s = saved;
    }
}

static bool use_color(const common *co)
{
    if (co->color >= 0) return co->color == 1;
    const char *nc = getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(nc && *nc) && getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
}

/* Print diagnostics and the summary line; returns whether errors (or, with werror,
 * warnings) were reported. */
bool cli_finish_diags(mig_diags *d, const common *co)
{
    /* Before mig.ini is read (a bad --config), the default applies. */
    int max = co->max_errors >= 0 ? co->max_errors : co->cfg.source_dir ? co->cfg.max_errors : 20;
    mig_print_opts po = {use_color(co), co->werror, "migc", (unsigned)max};
    unsigned left_out = mig_diags_print(d, stderr, &po);
    unsigned e = d->nerrors + (co->werror ? d->nwarnings : 0);
    unsigned w = co->werror ? 0 : d->nwarnings;
    if (left_out) {
        fprintf(stderr, "migc: %u error%s shown, %u more not shown (use --max-errors 0 to see all)\n", e - left_out,
                e - left_out == 1 ? "" : "s", left_out);
    } else if (e || w) {
        fprintf(stderr, "migc: ");
        if (e) fprintf(stderr, "%u error%s", e, e == 1 ? "" : "s");
        if (e && w) fprintf(stderr, ", ");
        if (w) fprintf(stderr, "%u warning%s", w, w == 1 ? "" : "s");
        fputc('\n', stderr);
    }
    return e > 0;
}

/* Load, build the graph and analyse. Returns NULL when the directory cannot be read. */
mig_project *cli_analyse(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target)
{
    mig_project *p = mig_project_load(a, d, dir, target);
    if (!p) return NULL;
    mig_graph_build(p);
    mig_sema_run(p);
    return p;
}

static const char *pos_dir(int argc, char **argv, const char *cmdname, const common *co, int *rc)
{
    if (optind < argc - 1) {
        *rc = cli_usage_error(cmdname, "too many arguments (\"%s\")", argv[optind + 1]);
        return NULL;
    }
    return optind < argc ? argv[optind] : co->cfg.source_dir;
}

/* What check, schema and build do after their options: an arena, the configuration, the
 * directory operand. NULL (with *rc set) when something was wrong. */
mig_arena *cli_begin_run(const char *cmdname, common *co, int argc, char **argv, const char **dir, int *rc)
{
    mig_arena *a = mig_arena_new();
    if ((*rc = cli_common_finish(cmdname, co, a)) == 0 && (*dir = pos_dir(argc, argv, cmdname, co, rc)) != NULL) return a;
    mig_arena_free(a);
    return NULL;
}
