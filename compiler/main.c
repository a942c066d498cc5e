/* main.c - the migc command line: check, schema, new, merge, help. */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "../common/diag.h"
#include "../common/exitcodes.h"
#include "graph.h"
#include "newrev.h"
#include "project.h"
#include "schema.h"
#include "sema.h"
#include "ydbver.h"

#define DEFAULT_DIR "migrations"

typedef struct cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;
    const char *help;
} cmd;

static const cmd *find_cmd(const char *name);

/* ---- shared option handling ---- */

enum { OPT_TARGET = 1000, OPT_COLOR, OPT_WERROR, OPT_AT, OPT_HEAD, OPT_LABEL, OPT_DEPENDS, OPT_REVID };

typedef struct common {
    mig_ydbver target;
    int color; /* -1 auto, 0 never, 1 always */
    bool werror, quiet;
} common;

static int usage_error(const char *cmdname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmdname, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("migc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmdname) fprintf(stderr, "Try 'migc %s --help'.\n", cmdname);
    else fputs("Try 'migc --help'.\n", stderr);
    return MIG_EXIT_USAGE;
}

/* getopt_long's '?' (unknown option) and ':' (missing argument), said for people. */
static int bad_option(const char *cmdname, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    if (c == ':') return usage_error(cmdname, "option \"%s\" needs an argument", arg);
    if (optopt && arg[0] == '-' && arg[1] != '-') return usage_error(cmdname, "unrecognized option \"-%c\"", optopt);
    return usage_error(cmdname, "unrecognized option \"%s\"", arg);
}

/* Handle an option every command shares. Returns 1 if handled, 0 if not, -1 on error. */
static int common_opt(const char *cmdname, int c, common *co)
{
    switch (c) {
    case OPT_TARGET: {
        const char *why;
        if (mig_ydbver_parse(optarg, &co->target, &why) != 0) {
            usage_error(cmdname, "--target-ydb \"%s\": %s", optarg, why);
            return -1;
        }
        return 1;
    }
    case OPT_COLOR:
        if (!optarg || strcmp(optarg, "auto") == 0) co->color = -1;
        else if (strcmp(optarg, "always") == 0) co->color = 1;
        else if (strcmp(optarg, "never") == 0) co->color = 0;
        else {
            usage_error(cmdname, "--color takes auto, always or never, not \"%s\"", optarg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

static void common_init(common *co)
{
    memset(co, 0, sizeof *co);
    co->target = MIG_YDB_NEWEST;
    co->color = -1;
    const char *env = getenv("MIGC_TARGET_YDB");
    const char *why;
    if (env && *env && mig_ydbver_parse(env, &co->target, &why) != 0) {
        fprintf(stderr, "migc: warning: ignoring MIGC_TARGET_YDB=\"%s\": %s\n", env, why);
        co->target = MIG_YDB_NEWEST;
    }
}

static bool use_color(const common *co)
{
    if (co->color >= 0) return co->color == 1;
    const char *nc = getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(nc && *nc) && getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
}

static int help_of(const char *name)
{
    const cmd *c = find_cmd(name);
    printf("Usage: migc %s %s\n\n%s", c->name, c->synopsis, c->help);
    return MIG_EXIT_OK;
}

/* Print diagnostics and the summary line; returns whether errors (or, with werror,
 * warnings) were reported. */
static bool finish_diags(mig_diags *d, const common *co)
{
    mig_print_opts po = {use_color(co), co->werror, "migc"};
    mig_diags_print(d, stderr, &po);
    unsigned e = d->nerrors + (co->werror ? d->nwarnings : 0);
    unsigned w = co->werror ? 0 : d->nwarnings;
    if (e || w) {
        fprintf(stderr, "migc: ");
        if (e) fprintf(stderr, "%u error%s", e, e == 1 ? "" : "s");
        if (e && w) fprintf(stderr, ", ");
        if (w) fprintf(stderr, "%u warning%s", w, w == 1 ? "" : "s");
        fputc('\n', stderr);
    }
    return e > 0;
}

/* Load, build the graph and analyse. Returns NULL when the directory cannot be read. */
static mig_project *analyse(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target)
{
    mig_project *p = mig_project_load(a, d, dir, target);
    if (!p) return NULL;
    mig_graph_build(p);
    mig_sema_run(p);
    return p;
}

static const char *pos_dir(int argc, char **argv, const char *cmdname, int *rc)
{
    if (optind < argc - 1) {
        *rc = usage_error(cmdname, "too many arguments (\"%s\")", argv[optind + 1]);
        return NULL;
    }
    return optind < argc ? argv[optind] : DEFAULT_DIR;
}

/* ---- check ---- */

static const struct option check_opts[] = {
    {"help", no_argument, NULL, 'h'},      {"target-ydb", required_argument, NULL, OPT_TARGET},
    {"color", optional_argument, NULL, OPT_COLOR}, {"werror", no_argument, NULL, OPT_WERROR},
    {"quiet", no_argument, NULL, 'q'},     {NULL, 0, NULL, 0},
};

static int cmd_check(int argc, char **argv)
{
    common co;
    common_init(&co);
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:hqW:", check_opts, NULL)) != -1) {
        int r = common_opt("check", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return help_of("check");
        case 'q': co.quiet = true; break;
        case OPT_WERROR: co.werror = true; break;
        case 'W':
            if (strcmp(optarg, "error") != 0) return usage_error("check", "-W takes \"error\", not \"%s\"", optarg);
            co.werror = true;
            break;
        default: return bad_option("check", c, argv);
        }
    }
    const char *dir = pos_dir(argc, argv, "check", &rc);
    if (!dir) return rc;
    mig_arena *a = mig_arena_new();
    mig_diags d;
    mig_diags_init(&d, a);
    mig_project *p = analyse(a, &d, dir, co.target);
    if (!p) {
        finish_diags(&d, &co);
        mig_arena_free(a);
        return MIG_EXIT_IO;
    }
    if (p->nheads > 1) {
        mig_buf b = MIG_BUF_INIT;
        for (size_t i = 0; i < p->nheads; i++)
            mig_buf_printf(&b, "%s\"%s\"", i ? (i == p->nheads - 1 ? " and " : ", ") : "", p->heads[i]->id ? p->heads[i]->id : "?");
        mig_diag *g = mig_report_plain(&d, MIG_SEV_WARNING, "the revisions have %zu heads: %s", p->nheads, mig_buf_str(&b));
        mig_hint(&d, g, "`migrun upgrade heads` applies them all; `migc merge -m \"merge\"` writes a revision that joins them.");
        mig_buf_free(&b);
    }
    bool failed = finish_diags(&d, &co);
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
    {NULL, 0, NULL, 0},
};

static int cmd_schema(int argc, char **argv)
{
    common co;
    common_init(&co);
    const char *at = "head";
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:h", schema_opts, NULL)) != -1) {
        int r = common_opt("schema", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return help_of("schema");
        case OPT_AT: at = optarg; break;
        default: return bad_option("schema", c, argv);
        }
    }
    const char *dir = pos_dir(argc, argv, "schema", &rc);
    if (!dir) return rc;
    mig_arena *a = mig_arena_new();
    mig_diags d;
    mig_diags_init(&d, a);
    mig_project *p = analyse(a, &d, dir, co.target);
    if (!p) {
        finish_diags(&d, &co);
        mig_arena_free(a);
        return MIG_EXIT_IO;
    }
    int exit_code = MIG_EXIT_OK;
    const char *why = NULL;
    mig_revision *r = NULL;
    bool base = strcmp(at, "base") == 0;
    if (!base) {
        r = mig_graph_resolve(p, at, &why);
        if (!r) {
            mig_diag *g = mig_report_plain(&d, MIG_SEV_ERROR, "cannot show the schema at \"%s\": %s", at, why ? why : "no such revision");
            if (p->nheads > 1) mig_hint(&d, g, "Name a revision with --at.");
        } else if (!mig_sema_of(r) || d.nerrors) {
            mig_report_plain(&d, MIG_SEV_ERROR, "cannot show the schema at \"%s\": the revisions have errors", r->id);
        }
    }
    /* Warnings stay quiet here: `migc check` is where they belong. */
    d.nwarnings = 0;
    mig_diags only_errors;
    mig_diags_init(&only_errors, a);
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i]->sev == MIG_SEV_ERROR) MIG_PUSH(a, only_errors.v, only_errors.n, only_errors.cap, d.v[i]);
    only_errors.nerrors = d.nerrors;
    if (finish_diags(&only_errors, &co)) exit_code = MIG_EXIT_INVALID;
    else {
        char vb[16];
        mig_buf b = MIG_BUF_INIT;
        mig_buf_printf(&b, "-- schema at revision %s (YDB %s)\n", base ? "base" : r->id, mig_ydbver_str(p->target, vb));
        if (!base && mig_sema_of(r)->after->n) {
            mig_buf_putc(&b, '\n');
            mig_schema_print_mig(&b, mig_sema_of(r)->after);
        }
        fputs(mig_buf_str(&b), stdout);
        mig_buf_free(&b);
    }
    mig_arena_free(a);
    return exit_code;
}

/* ---- new and merge ---- */

static const struct option new_opts[] = {
    {"help", no_argument, NULL, 'h'},        {"message", required_argument, NULL, 'm'},
    {"head", required_argument, NULL, OPT_HEAD}, {"label", required_argument, NULL, OPT_LABEL},
    {"depends-on", required_argument, NULL, OPT_DEPENDS}, {"rev-id", required_argument, NULL, OPT_REVID},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {NULL, 0, NULL, 0},
};

static int new_or_merge(int argc, char **argv, bool merge)
{
    const char *name = merge ? "merge" : "new";
    common co;
    common_init(&co);
    mig_arena *a = mig_arena_new();
    mig_new_opts o;
    memset(&o, 0, sizeof o);
    o.merge = merge;
    size_t hcap = 0, dcap = 0;
    int c, rc = MIG_EXIT_OK;
    while ((c = getopt_long(argc, argv, "+:hm:", new_opts, NULL)) != -1) {
        int r = common_opt(name, c, &co);
        if (r < 0) {
            rc = MIG_EXIT_USAGE;
            goto out;
        }
        if (r) continue;
        switch (c) {
        case 'h': rc = help_of(name); goto out;
        case 'm': o.message = optarg; break;
        case OPT_HEAD: MIG_PUSH(a, o.heads, o.nheads, hcap, optarg); break;
        case OPT_LABEL: o.label = optarg; break;
        case OPT_DEPENDS: MIG_PUSH(a, o.depends, o.ndepends, dcap, optarg); break;
        case OPT_REVID: o.rev_id = optarg; break;
        default: rc = bad_option(name, c, argv); goto out;
        }
    }
    if (!o.message) {
        rc = usage_error(name, "-m MESSAGE is required");
        goto out;
    }
    o.dir = DEFAULT_DIR;
    if (optind < argc) o.dir = argv[optind++];
    if (merge) /* the remaining arguments are the heads to merge */
        while (optind < argc) MIG_PUSH(a, o.heads, o.nheads, hcap, argv[optind++]);
    if (optind < argc) {
        rc = usage_error(name, "too many arguments (\"%s\")", argv[optind]);
        goto out;
    }
    mig_diags d;
    mig_diags_init(&d, a);
    const char *path = NULL;
    rc = mig_new_revision(a, &d, &o, co.target, &path);
    finish_diags(&d, &co);
    if (rc == MIG_EXIT_OK && path) printf("created %s\n", path);
out:
    mig_arena_free(a);
    return rc;
}

static int cmd_new(int argc, char **argv) { return new_or_merge(argc, argv, false); }
static int cmd_merge(int argc, char **argv) { return new_or_merge(argc, argv, true); }

/* ---- help and dispatch ---- */

static int cmd_help(int argc, char **argv);

static const cmd commands[] = {
    {"check", cmd_check, "[options] [DIR]",
     "Check every revision in DIR (default: migrations) before anything runs: the syntax, the\n"
     "revision graph, and every step against the schema it meets and YDB's rules for the\n"
     "target release. Reports every problem with its file, line and column.\n\n"
     "Options:\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2; env MIGC_TARGET_YDB)\n"
     "  -W error, --werror treat warnings as errors\n"
     "  -q, --quiet        print nothing on success\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n\n"
     "Exit status: 0 valid, 2 usage error, 3 the sources have errors, 6 DIR cannot be read.\n"},
    {"schema", cmd_schema, "[--at REV] [options] [DIR]",
     "Print the schema at a revision as .mig create_table blocks.\n\n"
     "Options:\n"
     "  --at REV           a revision id, a unique prefix, a label, LABEL@head, head (default) or base\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2)\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n"},
    {"new", cmd_new, "-m MESSAGE [options] [DIR]",
     "Write the next revision file into DIR (default: migrations), revising the current head.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required); the file name is made from it\n"
     "  --head REV         revise REV instead of the single head (repeat to revise several)\n"
     "  --label NAME       give the revision a branch label\n"
     "  --depends-on REV   a revision that must be applied first (repeatable)\n"
     "  --rev-id ID        the revision id (default: the next number and a slug of MSG)\n"
     "  -h, --help         show this help\n"},
    {"merge", cmd_merge, "-m MESSAGE [options] [DIR [REV...]]",
     "Write a revision that merges heads: every head, or the REVs named.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required)\n"
     "  --label NAME, --rev-id ID   as for migc new\n"
     "  -h, --help         show this help\n"},
    {"help", cmd_help, "[COMMAND]", "Show help for migc or one of its commands.\n"},
};

static const cmd *find_cmd(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static void main_usage(FILE *f)
{
    fprintf(f, "Usage: migc [--version] [--help] COMMAND [ARGS]\n\n"
               "migc checks and compiles YDB schema migrations written in .mig files.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-7s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\nRun 'migc COMMAND --help' for a command's options; 'man migc' for the whole story.\n");
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        main_usage(stdout);
        return MIG_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return help_of("help");
    if (!find_cmd(argv[1])) return usage_error(NULL, "unrecognized command \"%s\"", argv[1]);
    return help_of(argv[1]);
}

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
    if (c[0] == '-') return usage_error(NULL, "unrecognized option \"%s\"", c);
    const cmd *k = find_cmd(c);
    if (!k) return usage_error(NULL, "unrecognized command \"%s\"", c);
    optind = 1;
    opterr = 0;
    return k->run(argc - 1, argv + 1);
}
