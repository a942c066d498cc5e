/* cli.c - the command-line skeleton migc and migrun share (see cli.h). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "exitcodes.h"

const mig_cli_cmd *mig_cli_find(const mig_cli *p, const char *name)
{
    const char *at = p->cmds;
    for (size_t i = 0; i < p->ncmds; i++, at += p->stride) {
        const mig_cli_cmd *c = (const mig_cli_cmd *)at;
        if (strcmp(c->name, name) == 0) return c;
    }
    return NULL;
}

void mig_cli_list(const mig_cli *p, FILE *f)
{
    const char *at = p->cmds;
    for (size_t i = 0; i < p->ncmds; i++, at += p->stride) {
        const mig_cli_cmd *c = (const mig_cli_cmd *)at;
        fprintf(f, "  %-*s %s\n", p->name_width, c->name, c->synopsis);
    }
}

int mig_cli_help_of(const mig_cli *p, FILE *out, const char *name)
{
    const mig_cli_cmd *c = mig_cli_find(p, name);
    fprintf(out, "Usage: %s %s %s\n\n%s", p->prog, c->name, c->synopsis, c->help);
    return MIG_EXIT_OK;
}

int mig_cli_vusage_error(const mig_cli *p, FILE *err, const char *cmd, const char *fmt, va_list ap)
{
    fprintf(err, "%s: ", p->prog);
    vfprintf(err, fmt, ap);
    fputc('\n', err);
    if (cmd) fprintf(err, "Try '%s %s --help'.\n", p->prog, cmd);
    else fprintf(err, "Try '%s --help'.\n", p->prog);
    return MIG_EXIT_USAGE;
}

int mig_cli_usage_error(const mig_cli *p, FILE *err, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = mig_cli_vusage_error(p, err, cmd, fmt, ap);
    va_end(ap);
    return rc;
}

int mig_cli_bad_option(const mig_cli *p, FILE *err, const char *cmd, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    if (c == ':') return mig_cli_usage_error(p, err, cmd, "option \"%s\" needs an argument", arg);
    if (optopt && arg[0] == '-' && arg[1] != '-')
        return mig_cli_usage_error(p, err, cmd, "unrecognized option \"-%c\"", optopt);
    return mig_cli_usage_error(p, err, cmd, "unrecognized option \"%s\"", arg);
}

int mig_cli_help(const mig_cli *p, FILE *out, FILE *err, int argc, char **argv, void (*usage)(FILE *f))
{
    if (argc < 2) {
        usage(out);
        return MIG_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return mig_cli_help_of(p, out, "help");
    if (!mig_cli_find(p, argv[1])) return mig_cli_usage_error(p, err, NULL, "unrecognized command \"%s\"", argv[1]);
    return mig_cli_help_of(p, out, argv[1]);
}
