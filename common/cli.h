/* cli.h - the skeleton both command lines share (migc, migrun): the command table's
 * lookup, the command list of the main usage, a command's help, and usage errors said
 * the same way by both ("PROG: what" then "Try 'PROG COMMAND --help'.").
 *
 * Each program keeps its own table; an entry begins with a mig_cli_cmd (name, synopsis,
 * help) and goes on with what the program needs (its function). mig_cli describes the
 * table, so the lookup can walk it without knowing the entries' type.
 */
#ifndef MIG_COMMON_CLI_H
#define MIG_COMMON_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* An exit status a command documents: its number (enum mig_exit) and what it means for
 * this command (NULL: the general meaning, mig_exit_meaning). */
typedef struct mig_cli_exit {
    int code;
    const char *text;
} mig_cli_exit;
#define MIG_CLI_EXITS_END {-1, NULL}

typedef struct mig_cli_cmd {
    const char *name;
    const char *synopsis; /* after "Usage: PROG NAME " */
    const char *help;     /* the rest of `PROG NAME --help` */
    const mig_cli_exit *exits; /* its "Exit status:" paragraph, or NULL */
} mig_cli_cmd;

typedef struct mig_cli {
    const char *prog;  /* "migc", "migrun": the first word of every message */
    const void *cmds;  /* the program's table: ncmds entries of stride bytes, each starting with a mig_cli_cmd */
    size_t ncmds, stride;
    int name_width;    /* the name column of the command list */
} mig_cli;

/* The command NAME, or NULL. */
const mig_cli_cmd *mig_cli_find(const mig_cli *p, const char *name);

/* The program's usage: "Usage: PROG OPTIONS COMMAND [ARGS]", what it is (about), the
 * command list, where to read more, and its exit statuses (exits may be NULL). */
void mig_cli_usage(const mig_cli *p, FILE *f, const char *options, const char *about, const mig_cli_exit *exits);

/* "  NAME SYNOPSIS" for every command, in the table's order. */
void mig_cli_list(const mig_cli *p, FILE *f);

/* The general meaning of an exit status ("usage error"), or NULL for another number. */
const char *mig_exit_meaning(int code);

/* "Exit status: 0 TEXT, 2 TEXT." wrapped to the help's width, from the list. */
void mig_cli_put_exits(FILE *out, const mig_cli_exit *exits);

/* `PROG NAME --help` on out (with its exit statuses); MIG_EXIT_OK. */
int mig_cli_help_of(const mig_cli *p, FILE *out, const char *name);

/* "PROG: MESSAGE" and "Try 'PROG CMD --help'." (CMD NULL: 'PROG --help') on err;
 * MIG_EXIT_USAGE. */
int mig_cli_usage_error(const mig_cli *p, FILE *err, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int mig_cli_vusage_error(const mig_cli *p, FILE *err, const char *cmd, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* getopt_long's '?' (unknown option) and ':' (missing argument), said for people. */
int mig_cli_bad_option(const mig_cli *p, FILE *err, const char *cmd, int c, char **argv);

/* The help command: `PROG help` (the main usage, printed by usage), `PROG help COMMAND`,
 * `PROG help --help`. */
int mig_cli_help(const mig_cli *p, FILE *out, FILE *err, int argc, char **argv, void (*usage)(FILE *f));

#endif
