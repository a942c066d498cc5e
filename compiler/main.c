/* main.c - the migc command line: check, schema, new, merge, help. */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "../common/config.h"
#include "../common/diag.h"
#include "../common/exitcodes.h"
#include "build.h"
#include "graph.h"
#include "newrev.h"
#include "project.h"
#include "ptable.h"
#include "schema.h"
#include "sema.h"
#include "ydbver.h"


typedef struct cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;
    const char *help;
} cmd;

static const cmd *find_cmd(const char *name);

/* ---- shared option handling ---- */

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
        co->target_flag = optarg;
        return 1;
    }
    case OPT_MAXERR: {
        char *end;
        errno = 0;
        long n = strtol(optarg, &end, 10);
        if (errno || *end || end == optarg || n < 0 || n > 1000000) {
            usage_error(cmdname, "--max-errors takes a number from 0 (no limit) to 1000000, not \"%s\"", optarg);
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
    co->max_errors = -1;
}

/* After the options: read mig.ini and the environment, settle the target. Returns 0 or
 * an exit code after saying why. */
static int common_finish(const char *cmdname, common *co, mig_arena *a)
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
static int make_dirs(mig_arena *a, const char *path, bool parents_only, const char **failed)
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
static mig_project *analyse(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target)
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
        *rc = usage_error(cmdname, "too many arguments (\"%s\")", argv[optind + 1]);
        return NULL;
    }
    return optind < argc ? argv[optind] : co->cfg.source_dir;
}

/* What check, schema and build do after their options: an arena, the configuration, the
 * directory operand. NULL (with *rc set) when something was wrong. */
static mig_arena *begin_run(const char *cmdname, common *co, int argc, char **argv, const char **dir, int *rc)
{
    mig_arena *a = mig_arena_new();
    if ((*rc = common_finish(cmdname, co, a)) == 0 && (*dir = pos_dir(argc, argv, cmdname, co, rc)) != NULL) return a;
    mig_arena_free(a);
    return NULL;
}

/* ---- check ---- */

static const struct option check_opts[] = {
    {"help", no_argument, NULL, 'h'},      {"target-ydb", required_argument, NULL, OPT_TARGET},
    {"color", optional_argument, NULL, OPT_COLOR}, {"werror", no_argument, NULL, OPT_WERROR},
    {"quiet", no_argument, NULL, 'q'},     {"config", required_argument, NULL, OPT_CONFIG},
    {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
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
    const char *dir;
    mig_arena *a = begin_run("check", &co, argc, argv, &dir, &rc);
    if (!a) return rc;
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
    {"config", required_argument, NULL, OPT_CONFIG}, {"max-errors", required_argument, NULL, OPT_MAXERR},
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
    const char *dir;
    mig_arena *a = begin_run("schema", &co, argc, argv, &dir, &rc);
    if (!a) return rc;
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
    if (finish_diags(&only_errors, &co)) {
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

/* ---- new and merge ---- */

static const struct option new_opts[] = {
    {"help", no_argument, NULL, 'h'},        {"message", required_argument, NULL, 'm'},
    {"head", required_argument, NULL, OPT_HEAD}, {"label", required_argument, NULL, OPT_LABEL},
    {"depends-on", required_argument, NULL, OPT_DEPENDS}, {"rev-id", required_argument, NULL, OPT_REVID},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {"config", required_argument, NULL, OPT_CONFIG}, {"max-errors", required_argument, NULL, OPT_MAXERR},
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
    if ((rc = common_finish(name, &co, a)) != 0) goto out;
    o.dir = co.cfg.source_dir;
    if (optind < argc) {
        /* merge's operands are [DIR] [REV...]: a first operand that is not a directory is
         * a revision. */
        struct stat st;
        if (!merge || (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode))) o.dir = argv[optind++];
    }
    if (merge) /* the remaining arguments are the heads to merge */
        while (optind < argc) MIG_PUSH(a, o.heads, o.nheads, hcap, argv[optind++]);
    if (optind < argc) {
        rc = usage_error(name, "too many arguments (\"%s\")", argv[optind]);
        goto out;
    }
    mig_diags d;
    mig_diags_init(&d, a);
    const char *path = NULL;
    /* new creates its directory: make the parents it needs first (not for a blank
     * message, which it refuses). */
    const char *dir = o.dir && *o.dir ? o.dir : "migrations", *failed;
    struct stat st;
    if (!merge && o.message[strspn(o.message, " \t\r\n")] && stat(dir, &st) != 0 && errno == ENOENT &&
        make_dirs(a, dir, true, &failed) != 0) {
        mig_report_plain(&d, MIG_SEV_ERROR, "could not create directory \"%s\": %s", failed, strerror(errno));
        rc = MIG_EXIT_IO;
    } else {
        rc = mig_new_revision(a, &d, &o, co.target, &path);
    }
    finish_diags(&d, &co);
    if (rc == MIG_EXIT_OK && path) printf("created %s\n", path);
out:
    mig_arena_free(a);
    return rc;
}

static int cmd_new(int argc, char **argv) { return new_or_merge(argc, argv, false); }
static int cmd_merge(int argc, char **argv) { return new_or_merge(argc, argv, true); }

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

static int cmd_build(int argc, char **argv)
{
    common co;
    common_init(&co);
    mig_build_opts bo;
    memset(&bo, 0, sizeof bo);
    const char *out = NULL, *cc = NULL, *cflags = NULL;
    long jobs = -1;
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+:ho:j:vW:", build_opts, NULL)) != -1) {
        int r = common_opt("build", c, &co);
        if (r < 0) return MIG_EXIT_USAGE;
        if (r) continue;
        switch (c) {
        case 'h': return help_of("build");
        case 'o': out = optarg; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || end == optarg || jobs < 0 || jobs > 1024)
                return usage_error("build", "-j takes a number from 0 (one per CPU) to 1024, not \"%s\"", optarg);
            break;
        }
        case OPT_CC: cc = optarg; break;
        case OPT_CFLAGS: cflags = optarg; break;
        case OPT_DEPS: bo.deps_file = optarg; break;
        case OPT_FORCE: bo.force = true; break;
        case 'v': bo.verbose = true; break;
        case OPT_WERROR: co.werror = true; break;
        case 'W':
            if (strcmp(optarg, "error") != 0) return usage_error("build", "-W takes \"error\", not \"%s\"", optarg);
            co.werror = true;
            break;
        default: return bad_option("build", c, argv);
        }
    }
    const char *dir;
    mig_arena *a = begin_run("build", &co, argc, argv, &dir, &rc);
    if (!a) return rc;
    bo.out_dir = out ? out : co.cfg.plugin_dir;
    bo.cc = cc ? cc : co.cfg.cc;
    bo.cflags = cflags ? cflags : co.cfg.cflags;
    bo.jobs = jobs > 0 ? (int)jobs : jobs < 0 && co.cfg.jobs > 0 ? co.cfg.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (bo.jobs < 1) bo.jobs = 1;
    mig_diags d;
    mig_diags_init(&d, a);
    mig_project *p = analyse(a, &d, dir, co.target);
    int exit_code = MIG_EXIT_OK;
    if (!p) exit_code = MIG_EXIT_IO;
    else if (d.nerrors || (co.werror && d.nwarnings)) exit_code = MIG_EXIT_INVALID;
    else {
        mig_build_stats st;
        exit_code = mig_build(p, &bo, &st);
        if (exit_code == MIG_EXIT_OK && bo.verbose)
            fprintf(stderr, "migc: %u built, %u up to date, %u removed, in %s\n", st.built, st.up_to_date, st.removed, bo.out_dir);
    }
    if (finish_diags(&d, &co) && exit_code == MIG_EXIT_OK) exit_code = MIG_EXIT_INVALID;
    mig_arena_free(a);
    return exit_code;
}

/* ---- init ---- */

static const struct option init_opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};

static const char MAKEFILE_SNIPPET[] =
    "# mig.mk - include it from your Makefile: `include mig.mk`.\n"
    "MIGC ?= migc\n"
    "MIGRUN ?= migrun\n"
    "MIG_SOURCES := $(wildcard migrations/*.mig)\n"
    "\n"
    "plugins/manifest: $(MIG_SOURCES)\n"
    "\t$(MIGC) build --deps plugins/.build/deps.mk\n"
    "\n"
    "-include plugins/.build/deps.mk\n"
    "\n"
    ".PHONY: migrations-check migrations-build migrations-sql\n"
    "migrations-check:\n"
    "\t$(MIGC) check -q\n"
    "migrations-build: plugins/manifest\n"
    "migrations-sql: plugins/manifest\n"
    "\t$(MIGRUN) upgrade head --sql\n";

static int write_new_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wx");
    if (!f) return errno == EEXIST ? 1 : -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

static int cmd_init(int argc, char **argv)
{
    int c;
    while ((c = getopt_long(argc, argv, "+:h", init_opts, NULL)) != -1) {
        if (c == 'h') return help_of("init");
        return bad_option("init", c, argv);
    }
    if (optind < argc - 1) return usage_error("init", "too many arguments (\"%s\")", argv[optind + 1]);
    const char *root = optind < argc ? argv[optind] : ".";
    mig_arena *a = mig_arena_new();
    int rc = MIG_EXIT_OK;
    const char *failed;
    if (make_dirs(a, root, false, &failed) != 0) {
        fprintf(stderr, "migc: error: could not create directory \"%s\": %s\n", failed, strerror(errno));
        rc = MIG_EXIT_IO;
        goto out;
    }
    bool here = strcmp(root, ".") == 0;
    const char *ini = here ? "mig.ini" : mig_printf(a, "%s/mig.ini", root);
    const char *mk = here ? "mig.mk" : mig_printf(a, "%s/mig.mk", root);
    const char *mdir = here ? "migrations" : mig_printf(a, "%s/migrations", root);
    struct { const char *path, *text; } files[] = {{ini, mig_config_template()}, {mk, MAKEFILE_SNIPPET}};
    for (size_t i = 0; i < 2; i++) {
        int w = write_new_file(files[i].path, files[i].text);
        if (w < 0) {
            fprintf(stderr, "migc: error: could not write \"%s\": %s\n", files[i].path, strerror(errno));
            rc = MIG_EXIT_IO;
            goto out;
        }
        printf(w == 1 ? "kept %s (it exists)\n" : "created %s\n", files[i].path);
    }
    if (mkdir(mdir, 0755) == 0) printf("created %s/\n", mdir);
    else if (errno == EEXIST) printf("kept %s/ (it exists)\n", mdir);
    else {
        fprintf(stderr, "migc: error: could not create directory \"%s\": %s\n", mdir, strerror(errno));
        rc = MIG_EXIT_IO;
        goto out;
    }
    if (strcmp(root, ".") == 0) printf("next: migc new -m \"create the first table\"\n");
    else printf("next: cd %s && migc new -m \"create the first table\"\n", root);
out:
    mig_arena_free(a);
    return rc;
}

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
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  --color[=WHEN]     auto (default), always or never\n"
     "  -h, --help         show this help\n\n"
     "Exit status: 0 valid, 2 usage error, 3 the sources have errors, 6 DIR cannot be read.\n"},
    {"schema", cmd_schema, "[--at REV] [options] [DIR]",
     "Print the schema at a revision as .mig create_table blocks.\n\n"
     "Options:\n"
     "  --at REV           a revision id, a unique prefix, a label, LABEL@head, head (default) or base\n"
     "  --target-ydb VER   the YDB release to check against (default 26.2)\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
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
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  -h, --help         show this help\n"},
    {"merge", cmd_merge, "-m MESSAGE [options] [DIR [REV...]]",
     "Write a revision that merges heads: every head, or the REVs named.\n\n"
     "Options:\n"
     "  -m, --message MSG  the revision's message (required)\n"
     "  --label NAME, --rev-id ID   as for migc new\n"
     "  --max-errors N     stop listing errors after N (default 20; 0: all; env MIGC_MAX_ERRORS)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"
     "  -h, --help         show this help\n"},
    {"build", cmd_build, "[options] [DIR]",
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
     "  -h, --help         show this help\n\n"
     "Exit status: 0 built, 2 usage error, 3 the sources have errors (or a c step does not\n"
     "compile), 6 a file or directory could not be read or written.\n"},
    {"init", cmd_init, "[DIR]",
     "Set up a project in DIR (default: the current directory): a commented mig.ini, a\n"
     "migrations/ folder and mig.mk, a Makefile snippet with build, check and --sql targets.\n"
     "Existing files are kept.\n"},
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
