/* cli.c - the command-line skeleton migc and migrun share (see cli.h). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "buf.h"
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

const char *mig_exit_meaning(int code)
{
    switch (code) {
    case MIG_EXIT_OK: return "success";
    case MIG_EXIT_FAILURE: return "failure";
    case MIG_EXIT_USAGE: return "usage error";
    case MIG_EXIT_INVALID: return "the sources have errors";
    case MIG_EXIT_PLUGIN: return "a plugin was refused";
    case MIG_EXIT_DATABASE: return "the database could not be reached or refused a request";
    case MIG_EXIT_IO: return "a file or directory could not be read or written";
    }
    return NULL;
}

#define HELP_WIDTH 90

void mig_cli_put_exits(FILE *out, const mig_cli_exit *exits)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "Exit status:");
    for (const mig_cli_exit *e = exits; e->code >= 0; e++)
        mig_buf_printf(&b, " %d %s%s", e->code, e->text ? e->text : mig_exit_meaning(e->code), e[1].code < 0 ? "." : ",");
    size_t col = 0; /* wrapped between words */
    for (const char *w = mig_buf_str(&b); *w;) {
        size_t n = strcspn(w, " ");
        if (col && col + 1 + n > HELP_WIDTH) {
            fputc('\n', out);
            col = 0;
        } else if (col) {
            fputc(' ', out);
            col++;
        }
        fwrite(w, 1, n, out);
        col += n;
        w += n;
        while (*w == ' ') w++;
    }
    fputc('\n', out);
    mig_buf_free(&b);
}

void mig_cli_usage(const mig_cli *p, FILE *f, const char *options, const char *about, const mig_cli_exit *exits)
{
    fprintf(f, "Usage: %s %s COMMAND [ARGS]\n\n%s\n\nCommands:\n", p->prog, options, about);
    mig_cli_list(p, f);
    fprintf(f, "\nRun '%s COMMAND --help' for a command's options; 'man %s' for the whole story.\n", p->prog, p->prog);
    if (exits) mig_cli_put_exits(f, exits);
}

int mig_cli_help_of(const mig_cli *p, FILE *out, const char *name)
{
    const mig_cli_cmd *c = mig_cli_find(p, name);
    fprintf(out, "Usage: %s %s %s\n\n%s", p->prog, c->name, c->synopsis, c->help);
    if (c->exits) {
        fputc('\n', out);
        mig_cli_put_exits(out, c->exits);
    }
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
