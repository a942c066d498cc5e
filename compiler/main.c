/* main.c - the migc command line: the command table with each command's help, global
 * options and dispatch. The commands are in cli_*.c, what they share in cli.c (cli.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../common/cli.h"
#include "../common/exitcodes.h"
#include "cli.h"

typedef struct cmd {
    mig_cli_cmd d; /* name, synopsis, help */
    int (*run)(int argc, char **argv);
} cmd;

static int cmd_help(int argc, char **argv);

/* The exit statuses each command documents (the numbers are common/exitcodes.h's). */
static const mig_cli_exit check_exits[] = {
    {MIG_EXIT_OK, "valid"}, {MIG_EXIT_USAGE, NULL}, {MIG_EXIT_INVALID, NULL}, {MIG_EXIT_IO, "DIR cannot be read"},
    MIG_CLI_EXITS_END};
static const mig_cli_exit diff_exits[] = {
    {MIG_EXIT_OK, "written (or, with --check, no differences)"},
    {MIG_EXIT_FAILURE, "--check found differences or several heads"},
    {MIG_EXIT_USAGE, NULL},
    {MIG_EXIT_INVALID, "the sources or the declared schema have errors, or a change was refused"},
    {MIG_EXIT_IO, "a file could not be read or written"},
    MIG_CLI_EXITS_END};
static const mig_cli_exit build_exits[] = {
    {MIG_EXIT_OK, "built"}, {MIG_EXIT_USAGE, NULL}, {MIG_EXIT_INVALID, "the sources have errors (or a c step does not compile)"},
    {MIG_EXIT_IO, NULL}, MIG_CLI_EXITS_END};

static const cmd commands[] = {
    {{"check", "[options] [DIR]",
     "Check every revision in DIR (default: migrations) before anything runs: the syntax, the\n"
     "revision graph, and every step against the schema it meets and YDB's rules for the\n"
     "target release. Reports every problem with its file, line and column.\n\n"
     "Options:\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2; env MIGC_TARGET_YDB)\n"
     "  -W error, --werror treat warnings as errors\n"
     "  -q, --quiet        print nothing on success\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n",
     check_exits}, cmd_check},
    {{"schema", "[--at REV] [options] [DIR]",
     "Print the schema at a revision as .mig create_table blocks.\n\n"
     "Options:\n"
     "  --at REV           a revision id, a unique prefix, a label, LABEL@head, head (default) or base\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2)\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n", NULL}, cmd_schema},
    {{"new", "-m MESSAGE [options] [DIR]",
     "Write the next revision file into DIR (default: migrations), revising the current head.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required); the file name is made from it\n"
     "  --head REV         revise REV instead of the single head (repeat to revise several)\n"
     "  --label NAME       give the revision a branch label\n"
     "  --depends-on REV   a revision that must be applied first (repeatable)\n"
     "  --rev-id ID        the revision id (default: the next number and a slug of MSG)\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  -h, --help         show this help\n", NULL}, cmd_new},
    {{"diff", "-m MESSAGE [options] [DIR] | --check [options] [DIR]",
     "Compare the declared schema (schema.mig, or `schema` in mig.ini) with the schema at the\n"
     "head of DIR (default: migrations) and write the next revision with the steps between\n"
     "them, named and placed as `migc new` does. Renames are written only where the declared\n"
     "schema says `renamed_from \"old\";`; drops of tables and columns are marked destructive.\n"
     "Changes YDB cannot make in place (key, column type, NOT NULL) are refused with a rebuild_table hint.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required unless --check)\n"
     "  --schema PATH      the declared schema: a file, or a directory of *.mig files\n"
     "                     (default: schema.mig; env MIG_SCHEMA)\n"
     "  --rev-id ID        the revision id (default: the next number and a slug of MSG)\n"
     "  -o, --output FILE  write the revision to FILE instead (\"-\": standard output)\n"
     "  --check            write nothing; print the steps, exit 1 when there are any\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2)\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n",
     diff_exits}, cmd_diff},
    {{"merge", "-m MESSAGE [options] [DIR [REV...]]",
     "Write a revision that merges heads: every head, or the REVs named.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required)\n"
     "  --label NAME, --rev-id ID   as for migc new\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  -h, --help         show this help\n", NULL}, cmd_merge},
    {{"build", "[options] [DIR]",
     "Compile every revision in DIR (default: migrations, or `source` in mig.ini) into a shared\n"
     "object in the plugin directory, with a manifest of the graph. Only revisions whose\n"
     "source, compiler, flags or migc changed are rebuilt. Quiet on success.\n\n"
     "Options:\n"
     "  -o, --output DIR   the plugin directory (default: plugins, or `plugins` in mig.ini)\n"
     "  -j, --jobs N       compile N revisions at once (0 or default: one per CPU)\n"
     "  --cc CC            the C compiler (default: $CC, or cc)\n"
     "  --cflags FLAGS     its flags (default: $CFLAGS, or -O2)\n"
     "  --deps FILE        write make-style dependencies of the manifest to FILE\n"
     "  --force            rebuild everything\n"
     "  -v, --verbose      show each compiler command and a summary\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2)\n"
     "  -W error, --werror treat warnings as errors\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini\n"
     "  -h, --help         show this help\n",
     build_exits}, cmd_build},
    {{"init", "[DIR]",
     "Set up a project in DIR (default: the current directory): a commented mig.ini, a\n"
     "migrations/ folder and mig.mk, a Makefile snippet with build, check and --sql targets.\n"
     "Existing files are kept.\n", NULL}, cmd_init},
    {{"help", "[COMMAND]", "Show help for migc or one of its commands.\n", NULL}, cmd_help},
};


static const mig_cli MIGC = {"migc", commands, sizeof commands / sizeof commands[0], sizeof commands[0], 7};

int cli_usage_error(const char *cmdname, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = mig_cli_vusage_error(&MIGC, stderr, cmdname, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_bad_option(const char *cmdname, int c, char **argv) { return mig_cli_bad_option(&MIGC, stderr, cmdname, c, argv); }

int cli_help_of(const char *name) { return mig_cli_help_of(&MIGC, stdout, name); }

static void main_usage(FILE *f)
{
    mig_cli_usage(&MIGC, f, "[--version] [--help]",
                  "migc checks and compiles YDB schema migrations written in .mig files.", NULL);
}

static int cmd_help(int argc, char **argv) { return mig_cli_help(&MIGC, stdout, stderr, argc, argv, main_usage); }

int main(int argc, char **argv)
{
    if (argc < 2) {
        main_usage(stderr);
        return MIG_EXIT_USAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0) {
        main_usage(stdout);
        return MIG_EXIT_OK;
    }
    if (strcmp(c, "--version") == 0 || strcmp(c, "-V") == 0) {
        char v1[16], v2[16];
        printf("migc %s (YDB rules %s to %s)\n", MIG_VERSION, mig_ydbver_str(MIG_YDB_OLDEST, v1),
               mig_ydbver_str(MIG_YDB_NEWEST, v2));
        return MIG_EXIT_OK;
    }
    if (c[0] == '-') return cli_usage_error(NULL, "unrecognized option \"%s\"", c);
    const cmd *k = (const cmd *)mig_cli_find(&MIGC, c);
    if (!k) return cli_usage_error(NULL, "unrecognized command \"%s\"", c);
    optind = 1;
    opterr = 0;
    return k->run(argc - 1, argv + 1);
}
