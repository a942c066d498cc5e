/* cli.h - what the files of migc's command line share: the options every command takes,
 * the messages, the diagnostics' summary, and the steps check, schema and build begin with.
 *
 *   main.c       the command table and help, global options, dispatch
 *   cli.c        the common options, mig.ini, diagnostics printed, directories made
 *   cli_check.c  check, schema
 *   cli_new.c    new, merge, init
 *   cli_build.c  build
 *   cli_diff.c   diff
 */
#ifndef MIG_COMPILER_CLI_H
#define MIG_COMPILER_CLI_H

#include <stdbool.h>

#include "../common/arena.h"
#include "../common/config.h"
#include "../common/diag.h"
#include "project.h"
#include "ydbver.h"

/* the commands (argv[0] is the command's name) */
int cmd_check(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* ---- messages (main.c: they name the program and its commands) ---- */

int cli_usage_error(const char *cmdname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_bad_option(const char *cmdname, int c, char **argv);
int cli_help_of(const char *name);

/* ---- shared option handling (cli.c) ---- */

enum {
    OPT_TARGET = 1000, OPT_COLOR, OPT_WERROR, OPT_AT, OPT_HEAD, OPT_LABEL, OPT_DEPENDS, OPT_REVID,
    OPT_CONFIG, OPT_CC, OPT_CFLAGS, OPT_DEPS, OPT_FORCE, OPT_MAXERR
};

typedef struct common {
    mig_ydbver target;
    const char *target_flag;  /* --target-ydb as given */
    const char *config_path;  /* --config */
    mig_config cfg;
    int color; /* -1 auto, 0 never, 1 always */
    int max_errors; /* --max-errors; -1: not given (mig.ini's max_errors, default 20) */
    bool werror, quiet;
} common;

void cli_common_init(common *co);
int cli_common_opt(const char *cmdname, int c, common *co);
int cli_common_finish(const char *cmdname, common *co, mig_arena *a);
int cli_make_dirs(mig_arena *a, const char *path, bool parents_only, const char **failed);
bool cli_finish_diags(mig_diags *d, const common *co);
mig_project *cli_analyse(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target);
mig_arena *cli_begin_run(const char *cmdname, common *co, int argc, char **argv, const char **dir, int *rc);

#endif
