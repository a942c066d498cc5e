/* migrun.c - the migrun command line: global options, the command table, and the
 * offline commands (history, heads, branches, show, upgrade/downgrade --sql).
 *
 * Listing commands read the manifest only; show and --sql open the plugins they need.
 * Commands that need a database are in the table and say that the YDB driver is not
 * built yet. Output is collected in a buffer and written only when the command
 * succeeds, so a refused plugin never leaves half a script on stdout.
 */
#include "migrun.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "../common/config.h"
#include "../common/exitcodes.h"
#include "loader.h"
#include "plan.h"
#include "rterr.h"
#include "yql.h"

typedef struct run {
    FILE *out, *err;
    mig_arena *a;
    const char *plugins;   /* --plugins */
    const char *config;    /* --config */
    const char *cmd;       /* the command's name, for messages */
} run;

typedef struct cmd {
    const char *name;
    int (*fn)(run *r, int argc, char **argv);
    const char *synopsis;
    const char *help;
} cmd;

static const cmd *find_cmd(const char *name);

/* ---- messages ---- */

static int usage_error(run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("migrun: ", r->err);
    vfprintf(r->err, fmt, ap);
    fputc('\n', r->err);
    va_end(ap);
    if (r->cmd) fprintf(r->err, "Try 'migrun %s --help'.\n", r->cmd);
    else fputs("Try 'migrun --help'.\n", r->err);
    return MIG_EXIT_USAGE;
}

static int report(run *r, const mig_rt_error *e)
{
    mig_buf b = MIG_BUF_INIT;
    mig_rt_error_format(&b, "migrun", e);
    fputs(mig_buf_str(&b), r->err);
    mig_buf_free(&b);
    return mig_rt_exit_code(e->code);
}

static int bad_option(run *r, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    if (c == ':') return usage_error(r, "option \"%s\" needs an argument", arg);
    if (optopt && arg[0] == '-' && arg[1] != '-') return usage_error(r, "unrecognized option \"-%c\"", optopt);
    return usage_error(r, "unrecognized option \"%s\"", arg);
}

static int help_of(run *r, const char *name)
{
    const cmd *c = find_cmd(name);
    fprintf(r->out, "Usage: migrun %s %s\n\n%s", c->name, c->synopsis, c->help);
    return MIG_EXIT_OK;
}

/* ---- options every command takes ---- */

enum { OPT_PLUGINS = 1000, OPT_CONFIG };

#define COMMON_OPTS                                                                                                    \
    {"help", no_argument, NULL, 'h'}, {"plugins", required_argument, NULL, OPT_PLUGINS},                               \
        {"config", required_argument, NULL, OPT_CONFIG}

/* 1 handled, 0 not one of them. */
static int common_opt(run *r, int c)
{
    if (c == OPT_PLUGINS) r->plugins = optarg;
    else if (c == OPT_CONFIG) r->config = optarg;
    else return 0;
    return 1;
}

/* The plugin directory: --plugins, else the configuration (file, MIG_PLUGIN_DIR), else
 * "plugins". Returns NULL after reporting a configuration error. */
static const char *plugin_dir(run *r, int *rc)
{
    if (r->plugins) return r->plugins;
    mig_config c;
    const char *why = NULL;
    if (mig_config_load(r->a, r->config, &c, &why) != 0) {
        fprintf(r->err, "migrun: error: %s\n", why ? why : "could not read the configuration");
        *rc = MIG_EXIT_USAGE;
        return NULL;
    }
    return c.plugin_dir;
}

/* Open the plugin directory and build the graph. 0, or an exit status after reporting. */
static int open_dir(run *r, mig_plugins **p, mig_revgraph *g)
{
    int rc = MIG_EXIT_IO;
    const char *dir = plugin_dir(r, &rc);
    if (!dir) return rc;
    mig_rt_error e;
    if (mig_plugins_open(r->a, dir, p, &e) != 0) return report(r, &e);
    if (mig_revgraph_build(r->a, mig_plugins_manifest(*p), g, &e) != 0) {
        mig_plugins_close(*p);
        *p = NULL;
        return report(r, &e);
    }
    return 0;
}

/* ---- formatting revisions ---- */

/* Text on one line: newlines become spaces (messages in comments and list lines). */
static void put_line_text(mig_buf *b, const char *s)
{
    for (; s && *s; s++) mig_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void put_ids(mig_buf *b, mig_rev *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) mig_buf_printf(b, "%s%s", i ? ", " : "", v[i]->m->id);
}

/* " (label) (head) (branchpoint) (mergepoint)" */
static void put_marks(mig_buf *b, const mig_rev *v)
{
    for (size_t i = 0; i < v->m->nlabels; i++) mig_buf_printf(b, " (%s)", v->m->labels[i]);
    if (!v->nchildren) mig_buf_puts(b, " (head)");
    if (v->nchildren > 1) mig_buf_puts(b, " (branchpoint)");
    if (v->nparents > 1) mig_buf_puts(b, " (mergepoint)");
}

static void put_message_tail(mig_buf *b, const mig_rev *v)
{
    if (v->m->message && *v->m->message) {
        mig_buf_puts(b, ", ");
        put_line_text(b, v->m->message);
    }
    mig_buf_putc(b, '\n');
}

/* Alembic's history line: "PARENTS -> ID (marks), message". */
static void put_history_line(mig_buf *b, const mig_rev *v)
{
    if (!v->nparents) mig_buf_puts(b, "<base>");
    else if (v->nparents == 1) mig_buf_puts(b, v->parents[0]->m->id);
    else {
        mig_buf_putc(b, '(');
        put_ids(b, v->parents, v->nparents);
        mig_buf_putc(b, ')');
    }
    mig_buf_printf(b, " -> %s", v->m->id);
    put_marks(b, v);
    put_message_tail(b, v);
}

static const char *downgrade_word(int k)
{
    return k == MIG_DOWN_WRITTEN ? "written" : k == MIG_DOWN_DERIVED ? "derived" : "irreversible";
}

static void put_verbose(mig_buf *b, const mig_plugins *p, const mig_rev *v)
{
    const mig_manifest_rev *m = v->m;
    mig_buf_printf(b, "Rev: %s", m->id);
    put_marks(b, v);
    mig_buf_putc(b, '\n');
    if (v->nparents > 1) {
        mig_buf_puts(b, "Merges: ");
        put_ids(b, v->parents, v->nparents);
        mig_buf_putc(b, '\n');
    } else {
        mig_buf_printf(b, "Parent: %s\n", v->nparents ? v->parents[0]->m->id : "<base>");
    }
    if (v->nchildren > 1) {
        mig_buf_puts(b, "Branches into: ");
        put_ids(b, v->children, v->nchildren);
        mig_buf_putc(b, '\n');
    }
    if (v->ndepends) {
        mig_buf_puts(b, "Depends on: ");
        put_ids(b, v->depends, v->ndepends);
        mig_buf_putc(b, '\n');
    }
    if (m->nlabels) {
        mig_buf_puts(b, "Branch names: ");
        for (size_t i = 0; i < m->nlabels; i++) mig_buf_printf(b, "%s%s", i ? ", " : "", m->labels[i]);
        mig_buf_putc(b, '\n');
    }
    mig_buf_puts(b, "Source: ");
    put_line_text(b, m->source);
    mig_buf_printf(b, "\nSource SHA-256: %s\nPlugin: %s\nPlugin SHA-256: %s\nDowngrade: %s\n\n", m->source_sha256,
                   mig_plugins_path(p, v->index), m->plugin_sha256, downgrade_word(m->downgrade));
    const char *msg = m->message && *m->message ? m->message : "(no message)";
    while (*msg) {
        const char *nl = strchr(msg, '\n');
        size_t n = nl ? (size_t)(nl - msg) : strlen(msg);
        mig_buf_puts(b, "    ");
        mig_buf_add(b, msg, n);
        mig_buf_putc(b, '\n');
        msg += n + (nl ? 1 : 0);
    }
}

/* ---- steps ---- */


static void describe(mig_buf *b, const mig_p_step *st) { mig_step_describe(b, st); }

/* "-- step K/N: DESCRIPTION (SOURCE:LINE)" then the statement; a c step has only its
 * comment (and, with show_c, its source as comment lines). */
static int put_steps(run *r, mig_buf *b, const mig_rev *v, const mig_p_step *steps, uint32_t n, bool show_c,
                     mig_rt_error *e)
{
    for (uint32_t k = 0; k < n; k++) {
        const mig_p_step *st = &steps[k];
        mig_buf_printf(b, "-- step %u/%u: ", (unsigned)k + 1, (unsigned)n);
        mig_buf d = MIG_BUF_INIT;
        describe(&d, st);
        put_line_text(b, mig_buf_str(&d));
        mig_buf_free(&d);
        if (st->line) {
            mig_buf_puts(b, " (");
            put_line_text(b, v->m->source);
            mig_buf_printf(b, ":%u)\n", (unsigned)st->line);
        } else {
            mig_buf_puts(b, " (derived)\n");
        }
        if (st->kind == MIG_S_C) {
            mig_buf_puts(b, "-- a c step: it runs natively, there is no YQL to show\n");
            for (const char *s = show_c ? st->body : NULL; s && *s;) {
                const char *nl = strchr(s, '\n');
                size_t len = nl ? (size_t)(nl - s) : strlen(s);
                mig_buf_puts(b, "--   ");
                mig_buf_add(b, s, len);
                mig_buf_putc(b, '\n');
                s += len + (nl ? 1 : 0);
            }
            mig_buf_putc(b, '\n');
            continue;
        }
        const char *why = NULL;
        int rc = mig_yql_step(b, st, &why);
        if (rc < 0) {
            e->code = MIG_RT_RENDER;
            e->message = mig_printf(r->a, "cannot render step %u of revision \"%s\": %s", (unsigned)k + 1, v->m->id,
                                    why ? why : "unrecognized step");
            e->detail = NULL;
            e->hint = "The plugin may come from a newer migc than this migrun; use a migrun of the same release.";
            return -1;
        }
        mig_buf_putc(b, '\n');
    }
    return 0;
}

/* ---- history, heads, branches ---- */

static const struct option list_opts[] = {
    COMMON_OPTS, {"verbose", no_argument, NULL, 'v'}, {"rev-range", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0},
};

/* Parse -v (and -r when allow_range) with no positional argument. 0, or an exit status. */
static int list_args(run *r, int argc, char **argv, bool allow_range, bool *verbose, const char **range, bool *done)
{
    int c;
    *done = false;
    while ((c = getopt_long(argc, argv, allow_range ? ":hvr:" : ":hv", list_opts, NULL)) != -1) {
        if (common_opt(r, c)) continue;
        switch (c) {
        case 'h': *done = true; return help_of(r, r->cmd);
        case 'v': *verbose = true; break;
        case 'r':
            if (allow_range) {
                *range = optarg;
                break;
            }
            return bad_option(r, c, argv);
        default: return bad_option(r, c, argv);
        }
    }
    if (optind < argc) return usage_error(r, "unexpected argument \"%s\"", argv[optind]);
    return 0;
}

static int finish_listing(run *r, mig_plugins *p, mig_buf *b)
{
    fputs(mig_buf_str(b), r->out);
    mig_buf_free(b);
    mig_plugins_close(p);
    return MIG_EXIT_OK;
}

static int cmd_history(run *r, int argc, char **argv)
{
    bool verbose = false, done;
    const char *range = NULL;
    int rc = list_args(r, argc, argv, true, &verbose, &range, &done);
    if (rc || done) return rc;
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    if (mig_history_range(&g, range, &v, &n, &e)) {
        mig_plugins_close(p);
        return report(r, &e);
    }
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (verbose) {
            if (i) mig_buf_putc(&b, '\n');
            put_verbose(&b, p, v[i]);
        } else {
            put_history_line(&b, v[i]);
        }
    }
    return finish_listing(r, p, &b);
}

static int cmd_heads(run *r, int argc, char **argv)
{
    bool verbose = false, done;
    const char *range = NULL;
    int rc = list_args(r, argc, argv, false, &verbose, &range, &done);
    if (rc || done) return rc;
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < g.nheads; i++) {
        if (verbose) {
            if (i) mig_buf_putc(&b, '\n');
            put_verbose(&b, p, g.heads[i]);
        } else {
            mig_buf_puts(&b, g.heads[i]->m->id);
            put_marks(&b, g.heads[i]);
            put_message_tail(&b, g.heads[i]);
        }
    }
    return finish_listing(r, p, &b);
}

static int cmd_branches(run *r, int argc, char **argv)
{
    bool verbose = false, done;
    const char *range = NULL;
    int rc = list_args(r, argc, argv, false, &verbose, &range, &done);
    if (rc || done) return rc;
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_buf b = MIG_BUF_INIT;
    bool first = true;
    for (size_t i = 0; i < g.nrevs; i++) {
        const mig_rev *v = &g.revs[i];
        if (v->nchildren < 2) continue;
        if (verbose) {
            if (!first) mig_buf_putc(&b, '\n');
            put_verbose(&b, p, v);
        } else {
            mig_buf_puts(&b, v->m->id);
            put_marks(&b, v);
            put_message_tail(&b, v);
        }
        for (size_t c = 0; c < v->nchildren; c++) {
            mig_buf_printf(&b, "    -> %s", v->children[c]->m->id);
            put_marks(&b, v->children[c]);
            put_message_tail(&b, v->children[c]);
        }
        first = false;
    }
    return finish_listing(r, p, &b);
}

/* ---- show ---- */

static const struct option show_opts[] = {COMMON_OPTS, {NULL, 0, NULL, 0}};

static int show_one(run *r, mig_plugins *p, const mig_rev *v, mig_buf *b, mig_rt_error *e)
{
    const mig_revision_desc *d;
    if (mig_plugins_get(p, v->index, &d, e)) return -1;
    put_verbose(b, p, v);
    mig_buf_printf(b, "\nBuilt by: migc %s for YDB %s\n", d->migc_version ? d->migc_version : "?",
                   d->target_ydb ? d->target_ydb : "?");
    mig_buf_printf(b, "\nUpgrade: %u step%s\n", (unsigned)d->nupgrade, d->nupgrade == 1 ? "" : "s");
    if (put_steps(r, b, v, d->upgrade, d->nupgrade, true, e)) return -1;
    if (d->downgrade_kind == MIG_DOWN_IRREVERSIBLE) {
        mig_buf_puts(b, "\nDowngrade: irreversible (no steps: migrun refuses to downgrade through it)\n");
        return 0;
    }
    mig_buf_printf(b, "\nDowngrade (%s): %u step%s\n", downgrade_word((int)d->downgrade_kind), (unsigned)d->ndowngrade,
                   d->ndowngrade == 1 ? "" : "s");
    return put_steps(r, b, v, d->downgrade, d->ndowngrade, true, e);
}

static int cmd_show(run *r, int argc, char **argv)
{
    int c, rc;
    while ((c = getopt_long(argc, argv, ":h", show_opts, NULL)) != -1) {
        if (common_opt(r, c)) continue;
        if (c == 'h') return help_of(r, "show");
        return bad_option(r, c, argv);
    }
    if (optind >= argc) return usage_error(r, "which revision? (for example: migrun show head)");
    if (optind + 1 < argc) return usage_error(r, "unexpected argument \"%s\"", argv[optind + 1]);
    const char *spec = argv[optind];
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    mig_buf b = MIG_BUF_INIT;
    if (mig_target_resolve(&g, spec, NULL, &v, &n, &e)) goto fail;
    if (n == 0) {
        mig_buf_puts(&b, "base: nothing is applied; it has no steps.\n");
    }
    for (size_t i = 0; i < n; i++) {
        if (i) mig_buf_putc(&b, '\n');
        if (show_one(r, p, v[i], &b, &e)) goto fail;
    }
    return finish_listing(r, p, &b);
fail:
    mig_buf_free(&b);
    mig_plugins_close(p);
    return report(r, &e);
}

/* ---- upgrade, downgrade ---- */

static int no_database(run *r)
{
    fprintf(r->err,
            "migrun: error: \"%s\" needs a database, and this migrun has no YDB driver yet\n"
            "detail: The driver is a separate module that is not built in this release.\n"
            "hint: Offline, `migrun upgrade TARGET --sql` prints the YQL an upgrade would run.\n",
            r->cmd);
    return MIG_EXIT_FAILURE;
}

static int offline_script(run *r, bool up, const char *spec)
{
    const char *from = "", *to = spec;
    bool ranged = mig_range_split(r->a, spec, &from, &to);
    if (!up && !ranged)
        return usage_error(r, "downgrade --sql needs a range FROM:TO (what is applied, and the target), "
                              "for example head:-1");
    if (ranged && !*to) return usage_error(r, "the range \"%s\" has no target after the colon", spec);
    int rc;
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_plugins_verify(p, false); /* offline: see mig_plugins_verify */
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    mig_revset applied;
    mig_plan plan;
    mig_buf b = MIG_BUF_INIT;
    if (mig_range_start(&g, from, &applied, &e)) goto fail;
    if ((up ? mig_plan_upgrade : mig_plan_downgrade)(&g, &applied, to, &plan, &e)) goto fail;
    mig_buf_printf(&b, "-- migrun %s %s --sql: %zu revision%s, from %s (offline: the YQL only)\n",
                   up ? "upgrade" : "downgrade", spec, plan.n, plan.n == 1 ? "" : "s", *from ? from : "base");
    if (plan.n == 0) mig_buf_puts(&b, "-- nothing to do: the target is already reached\n");
    else mig_buf_putc(&b, '\n');
    for (size_t i = 0; i < plan.n; i++) {
        const mig_rev *v = plan.revs[i];
        const mig_revision_desc *d;
        if (mig_plugins_get(p, v->index, &d, &e)) goto fail;
        mig_buf_printf(&b, "-- revision %s", v->m->id);
        if (v->m->message && *v->m->message) {
            mig_buf_puts(&b, ": ");
            put_line_text(&b, v->m->message);
        }
        mig_buf_putc(&b, '\n');
        const mig_p_step *steps = up ? d->upgrade : d->downgrade;
        uint32_t n = up ? d->nupgrade : d->ndowngrade;
        if (n == 0) mig_buf_puts(&b, "-- no steps\n\n");
        if (put_steps(r, &b, v, steps, n, false, &e)) goto fail;
        /* Done with it: a long history must not keep a thousand objects mapped. */
        mig_plugins_release(p, v->index);
    }
    return finish_listing(r, p, &b);
fail:
    mig_buf_free(&b);
    mig_plugins_close(p);
    return report(r, &e);
}

/* Options by hand: a target may be -N, which getopt would take for an option. */
static int move(run *r, int argc, char **argv, bool up)
{
    bool sql = false;
    const char *target = NULL;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        bool negative = o[0] == '-' && o[1] >= '0' && o[1] <= '9';
        if (o[0] != '-' || negative || strcmp(o, "-") == 0) {
            if (target) return usage_error(r, "unexpected argument \"%s\"", o);
            target = o;
        } else if (strcmp(o, "--sql") == 0) {
            sql = true;
        } else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            return help_of(r, r->cmd);
        } else if (strncmp(o, "--plugins", 9) == 0 && (o[9] == '=' || o[9] == '\0')) {
            if (o[9] == '=') r->plugins = o + 10;
            else if (i + 1 < argc) r->plugins = argv[++i];
            else return usage_error(r, "option \"%s\" needs an argument", o);
        } else if (strncmp(o, "--config", 8) == 0 && (o[8] == '=' || o[8] == '\0')) {
            if (o[8] == '=') r->config = o + 9;
            else if (i + 1 < argc) r->config = argv[++i];
            else return usage_error(r, "option \"%s\" needs an argument", o);
        } else {
            return usage_error(r, "unrecognized option \"%s\"", o);
        }
    }
    if (!target) return usage_error(r, "which target? (for example: migrun %s %s)", r->cmd, up ? "head" : "-1");
    if (!sql) return no_database(r);
    return offline_script(r, up, target);
}

static int cmd_upgrade(run *r, int argc, char **argv) { return move(r, argc, argv, true); }
static int cmd_downgrade(run *r, int argc, char **argv) { return move(r, argc, argv, false); }

/* ---- commands that need a database ---- */

static int cmd_database(run *r, int argc, char **argv)
{
    int c;
    while ((c = getopt_long(argc, argv, "+:h", show_opts, NULL)) != -1) {
        if (common_opt(r, c)) continue;
        if (c == 'h') return help_of(r, r->cmd);
        return bad_option(r, c, argv);
    }
    return no_database(r);
}

static int cmd_help(run *r, int argc, char **argv);

#define COMMON_HELP                                                                                                    \
    "  --plugins DIR      the plugin directory (default: plugins, or the configuration's)\n"                          \
    "  --config FILE      the configuration file (default: ./mig.ini when it exists)\n"                               \
    "  -h, --help         show this help\n"
#define DB_HELP                                                                                                        \
    "\nThis command needs a database; the YDB driver is not built yet, so it exits with status 1.\n\nOptions:\n" COMMON_HELP

static const cmd commands[] = {
    {"history", cmd_history, "[-v] [-r FROM:TO] [options]",
     "List the revisions, newest first: PARENT -> REV (marks), message. Marks are branch labels,\n"
     "(head), (branchpoint) and (mergepoint). Reads the manifest only.\n\n"
     "Options:\n"
     "  -v, --verbose      every field: parents, depends_on, labels, source, checksums, downgrade\n"
     "  -r, --rev-range FROM:TO  only revisions from FROM to TO (either may be left out)\n" COMMON_HELP},
    {"heads", cmd_heads, "[-v] [options]",
     "List the head revisions (those no revision revises).\n\nOptions:\n"
     "  -v, --verbose      every field of each head\n" COMMON_HELP},
    {"branches", cmd_branches, "[-v] [options]",
     "List the branch points (revisions with several children) and their children.\n\nOptions:\n"
     "  -v, --verbose      every field of each branch point\n" COMMON_HELP},
    {"show", cmd_show, "REV [options]",
     "Show a revision: its header, then each upgrade and downgrade step with its YQL.\n"
     "REV is an id, a unique prefix (4 characters or more), a label, LABEL@head, head or heads.\n\n"
     "Options:\n" COMMON_HELP},
    {"upgrade", cmd_upgrade, "[--sql] TARGET [options]",
     "Upgrade to TARGET: head, heads, an id or prefix, a label, LABEL@head, +N, REV+N.\n"
     "With --sql, print the YQL instead of running it, starting from base, or from FROM\n"
     "with a range FROM:TARGET.\n\n"
     "Options:\n"
     "  --sql              print the YQL an upgrade runs (offline; no database needed)\n" COMMON_HELP
     "\nWithout --sql this needs a database; the YDB driver is not built yet (exit status 1).\n"},
    {"downgrade", cmd_downgrade, "[--sql] TARGET [options]",
     "Downgrade to TARGET: -N, REV-N, an id or prefix, a label, or base. A revision that another\n"
     "applied revision depends on is downgraded after it; an irreversible revision stops the plan.\n"
     "With --sql, TARGET is a range FROM:TO (what is applied, and the target), e.g. head:-1.\n\n"
     "Options:\n"
     "  --sql              print the YQL a downgrade runs (offline; no database needed)\n" COMMON_HELP
     "\nWithout --sql this needs a database; the YDB driver is not built yet (exit status 1).\n"},
    {"current", cmd_database, "[options]", "Show the revisions applied to the database.\n" DB_HELP},
    {"status", cmd_database, "[options]", "Show applied and pending revisions and any interrupted step.\n" DB_HELP},
    {"stamp", cmd_database, "REV [options]", "Record REV as applied without running anything.\n" DB_HELP},
    {"check", cmd_database, "[options]", "Exit 1 when revisions are pending.\n" DB_HELP},
    {"lock", cmd_database, "[options]", "Take the migration lock.\n" DB_HELP},
    {"unlock", cmd_database, "[options]", "Release a migration lock left by a crashed migrun.\n" DB_HELP},
    {"help", cmd_help, "[COMMAND]", "Show help for migrun or one of its commands.\n"},
};

static const cmd *find_cmd(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static void main_usage(FILE *f)
{
    fprintf(f, "Usage: migrun [--version] [--help] [--plugins DIR] [--config FILE] COMMAND [ARGS]\n\n"
               "migrun applies YDB schema migrations compiled by `migc build`.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\nRun 'migrun COMMAND --help' for a command's options; 'man migrun' for the whole story.\n"
               "Exit status: 0 ok, 1 failure (or no database driver yet), 2 usage error, 4 a plugin\n"
               "was refused, 6 the plugin directory cannot be read.\n");
}

static int cmd_help(run *r, int argc, char **argv)
{
    if (argc < 2) {
        main_usage(r->out);
        return MIG_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return help_of(r, "help");
    r->cmd = NULL;
    if (!find_cmd(argv[1])) return usage_error(r, "unrecognized command \"%s\"", argv[1]);
    return help_of(r, argv[1]);
}

int mig_run_main(int argc, char **argv, FILE *out, FILE *err)
{
    run r;
    memset(&r, 0, sizeof r);
    r.out = out;
    r.err = err;
    int i = 1;
    /* global options, before the command */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            main_usage(out);
            return MIG_EXIT_OK;
        }
        if (strcmp(o, "--version") == 0 || strcmp(o, "-V") == 0) {
            fprintf(out, "migrun %s (plugin ABI %u, host API %u, manifest %d)\n", MIG_VERSION, (unsigned)MIG_ABI_VERSION,
                    (unsigned)MIG_HOST_API_VERSION, MIG_MANIFEST_VERSION);
            return MIG_EXIT_OK;
        }
        const char **slot = NULL;
        const char *name = NULL;
        if (strncmp(o, "--plugins", 9) == 0 && (o[9] == '\0' || o[9] == '=')) slot = &r.plugins, name = "--plugins";
        else if (strncmp(o, "--config", 8) == 0 && (o[8] == '\0' || o[8] == '=')) slot = &r.config, name = "--config";
        if (!slot) return usage_error(&r, "unrecognized option \"%s\"", o);
        const char *eq = strchr(o, '=');
        if (eq) *slot = eq + 1;
        else if (i + 1 < argc) *slot = argv[++i];
        else return usage_error(&r, "option \"%s\" needs an argument", name);
    }
    if (i >= argc) {
        main_usage(err);
        return MIG_EXIT_USAGE;
    }
    const cmd *k = find_cmd(argv[i]);
    if (!k) return usage_error(&r, "unrecognized command \"%s\"", argv[i]);
    r.cmd = k->name;
    r.a = mig_arena_new();
    optind = 0; /* a full reset (glibc, musl): mig_run_main may run more than once */
    opterr = 0;
    int rc = k->fn(&r, argc - i, argv + i);
    mig_arena_free(r.a);
    return rc;
}
