/* migrun.c - the migrun command line: global options, the command table, and the
 * offline commands (history, heads, branches, show, upgrade/downgrade --sql).
 *
 * Listing commands read the manifest only; show and --sql open the plugins they need.
 * Commands that need a database are in the table and say that the YDB driver is not
 * built yet. Output is collected in a buffer and written only when the command
 * succeeds, so a refused plugin never leaves half a script on stdout.
 */
#include "migrun.h"

#include <dirent.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "../common/config.h"
#include "../common/exitcodes.h"
#include "../common/manifest.h"
#include "../common/sha256.h"
#include "baseline.h"
#include "db.h"
#include "exec.h"
#include "heartbeat.h"
#include "loader.h"
#include "schemacmp.h"
#include "servercheck.h"
#include "state.h"
#include "tables.h"
#include "plan.h"
#include "rterr.h"
#include "revjson.h"
#include "yql.h"

typedef struct run {
    FILE *out, *err;
    mig_arena *a;
    const char *plugins;   /* --plugins */
    const char *config;    /* --config */
    const char *cmd;       /* the command's name, for messages */
    /* commands that connect */
    const char *url;       /* --url */
    const char *cred_file; /* --credentials-file */
    const char *ca_file;   /* --ca-file */
    bool json;             /* --json */
    bool dry_run;          /* --dry-run */
    bool purge;            /* stamp --purge */
    bool force;            /* unlock --force */
    int lock_wait;         /* --lock-wait SECONDS */
    bool no_version_table; /* --sql --no-version-table: the steps only */
    int lock_lease;        /* --lock-lease SECONDS, 0: the default */
    const char *stmt_timeout; /* --statement-timeout SECONDS, or NULL: the configuration's */
    const char *ignore_tables; /* --ignore-tables LIST, or NULL: the configuration's */
    const char *retry_budget; /* --retry-budget SECONDS, or NULL: the configuration's */
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

enum { OPT_PLUGINS = 1000, OPT_CONFIG, OPT_JSON };

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
                   mig_plugins_path(p, v->index), m->plugin_sha256, mig_downgrade_word(m->downgrade));
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

static int render_failed(run *r, const mig_rev *v, uint32_t k, const char *why, mig_rt_error *e)
{
    e->code = MIG_RT_RENDER;
    e->message = mig_printf(r->a, "cannot render step %u of revision \"%s\": %s", (unsigned)k + 1, v->m->id,
                            why ? why : "unrecognized step");
    e->detail = NULL;
    e->hint = "The plugin may come from a newer migc than this migrun; use a migrun of the same release.";
    return -1;
}

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
        if (mig_yql_step(b, st, &why) < 0) return render_failed(r, v, k, why, e);
        mig_buf_putc(b, '\n');
    }
    return 0;
}

/* One revision of a listing: its object, or its text line (verbose: every field). */
static void put_listed(run *r, mig_buf *b, const mig_plugins *p, const mig_rev *v, bool verbose, bool first)
{
    if (r->json) {
        mig_json_rev_open(r->a, b, "revision", p, v);
        mig_buf_puts(b, "}\n");
    } else if (verbose) {
        if (!first) mig_buf_putc(b, '\n');
        put_verbose(b, p, v);
    } else {
        mig_buf_puts(b, v->m->id);
        put_marks(b, v);
        put_message_tail(b, v);
    }
}

/* ---- history, heads, branches ---- */

static const struct option list_opts[] = {
    COMMON_OPTS,           {"verbose", no_argument, NULL, 'v'}, {"rev-range", required_argument, NULL, 'r'},
    {"json", no_argument, NULL, OPT_JSON}, {NULL, 0, NULL, 0},
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
        case OPT_JSON: r->json = true; break;
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
        if (verbose || r->json) put_listed(r, &b, p, v[i], verbose, i == 0);
        else put_history_line(&b, v[i]);
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
    for (size_t i = 0; i < g.nheads; i++) put_listed(r, &b, p, g.heads[i], verbose, i == 0);
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
        put_listed(r, &b, p, v, verbose, first);
        first = false;
        for (size_t c = 0; c < v->nchildren && !r->json; c++) {
            mig_buf_printf(&b, "    -> %s", v->children[c]->m->id);
            put_marks(&b, v->children[c]);
            put_message_tail(&b, v->children[c]);
        }
    }
    return finish_listing(r, p, &b);
}

/* ---- show ---- */

static const struct option show_opts[] = {COMMON_OPTS, {"json", no_argument, NULL, OPT_JSON}, {NULL, 0, NULL, 0}};

static int show_json(run *r, mig_plugins *p, const mig_rev *v, mig_buf *b, mig_rt_error *e)
{
    const mig_revision_desc *d;
    if (mig_plugins_get(p, v->index, &d, e)) return -1;
    mig_json_rev_open(r->a, b, "revision_detail", p, v);
    mig_buf_printf(b, ",\"migc_version\":%s,\"target_ydb\":%s,\"upgrade_steps\":",
                   mig_json_str(r->a, d->migc_version), mig_json_str(r->a, d->target_ydb));
    uint32_t bad;
    const char *why = NULL;
    if (mig_json_steps(r->a, b, v, d->upgrade, d->nupgrade, &bad, &why)) return render_failed(r, v, bad, why, e);
    mig_buf_puts(b, ",\"downgrade_steps\":");
    if (mig_json_steps(r->a, b, v, d->downgrade, d->downgrade_kind == MIG_DOWN_IRREVERSIBLE ? 0 : d->ndowngrade, &bad,
                       &why))
        return render_failed(r, v, bad, why, e);
    mig_buf_puts(b, "}\n");
    return 0;
}

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
    mig_buf_printf(b, "\nDowngrade (%s): %u step%s\n", mig_downgrade_word((int)d->downgrade_kind), (unsigned)d->ndowngrade,
                   d->ndowngrade == 1 ? "" : "s");
    return put_steps(r, b, v, d->downgrade, d->ndowngrade, true, e);
}

static int cmd_show(run *r, int argc, char **argv)
{
    int c, rc;
    while ((c = getopt_long(argc, argv, ":h", show_opts, NULL)) != -1) {
        if (common_opt(r, c)) continue;
        if (c == OPT_JSON) r->json = true;
        else if (c == 'h') return help_of(r, "show");
        else return bad_option(r, c, argv);
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
    if (n == 0 && !r->json) {
        mig_buf_puts(&b, "base: nothing is applied; it has no steps.\n");
    }
    for (size_t i = 0; i < n; i++) {
        if (r->json) {
            if (show_json(r, p, v[i], &b, &e)) goto fail;
            continue;
        }
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

static int offline_script(run *r, bool up, const char *spec)
{
    const char *from = "", *to = spec;
    bool ranged = mig_range_split(r->a, spec, &from, &to);
    if (!up && !ranged)
        return usage_error(r, "downgrade --sql needs a range FROM:TO (what is applied, and the target), "
                              "for example head:-1");
    if (ranged && !*to) return usage_error(r, "the range \"%s\" has no target after the colon", spec);
    int rc;
    mig_config c;
    const char *why = NULL;
    if (mig_config_load(r->a, r->config, &c, &why) != 0) {
        fprintf(r->err, "migrun: error: %s\n", why ? why : "could not read the configuration");
        return MIG_EXIT_USAGE;
    }
    /* The version table's statements come from state.c, as online; no database is opened. */
    mig_state st;
    mig_state_init(&st, r->a, NULL, c.version_table);
    const char *who = mig_printf(r->a, "%s@%s (sql script)", st.user, st.host);
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = open_dir(r, &p, &g))) return rc;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    mig_revset applied;
    mig_plan plan;
    mig_buf b = MIG_BUF_INIT;
    if (mig_range_start(&g, from, &applied, &e)) goto fail;
    if ((up ? mig_plan_upgrade : mig_plan_downgrade)(&g, &applied, to, &plan, &e)) goto fail;
    mig_buf_printf(&b, "-- migrun %s %s --sql: %zu revision%s, from %s (offline: %s)\n",
                   up ? "upgrade" : "downgrade", spec, plan.n, plan.n == 1 ? "" : "s", *from ? from : "base",
                   r->no_version_table ? "the steps only" : "the steps and the version table");
    if (plan.n == 0) mig_buf_puts(&b, "-- nothing to do: the target is already reached\n");
    else mig_buf_putc(&b, '\n');
    if (plan.n && !r->no_version_table) {
        mig_buf_printf(&b, "-- the version table (and its lock table), as migrun creates them\n");
        mig_state_script_ensure(&st, &b);
        mig_buf_putc(&b, '\n');
    }
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
        uint32_t native = 0;
        for (uint32_t k = 0; k < n; k++)
            if (steps[k].kind == MIG_S_C) native = k + 1;
        if (!r->no_version_table && native) {
            mig_buf_printf(&b, "-- version table: %s is not recorded here: step %u is a c step, which only "
                               "`migrun %s` runs\n\n", v->m->id, (unsigned)native, up ? "upgrade" : "downgrade");
        } else if (!r->no_version_table) {
            mig_buf_printf(&b, "-- version table: %s %s\n", v->m->id, up ? "applied" : "no longer applied");
            if (up) {
                mig_vrow row = {v->m->id, "applied", n, n, v->m->source_sha256, v->m->plugin_sha256, who, NULL,
                                MIG_VERSION};
                mig_state_script_put(&st, &b, &row);
            } else {
                mig_state_script_delete(&st, &b, v->m->id);
            }
            mig_buf_putc(&b, '\n');
        }
        /* Done with it: a long history must not keep a thousand objects mapped. */
        mig_plugins_release(p, v->index);
    }
    return finish_listing(r, p, &b);
fail:
    mig_buf_free(&b);
    mig_plugins_close(p);
    return report(r, &e);
}

/* ---- options of the commands that connect ---- */

enum { F_SQL = 1, F_DRY = 2, F_PURGE = 4, F_FORCE = 8, F_LOCKWAIT = 16, F_IGNORE = 32 };

/* An option with a value: --name VALUE or --name=VALUE. 1 matched (value in *v), 0 not
 * this option, -1 a usage error already reported. */
static int valued(run *r, int argc, char **argv, int *i, const char *name, const char **v, int *rc)
{
    const char *o = argv[*i];
    size_t n = strlen(name);
    if (strncmp(o, name, n) != 0 || (o[n] != '=' && o[n] != '\0')) return 0;
    if (o[n] == '=') *v = o + n + 1;
    else if (*i + 1 < argc) *v = argv[++*i];
    else {
        *rc = usage_error(r, "option \"%s\" needs an argument", name);
        return -1;
    }
    return 1;
}

/* Options by hand: a target may be -N, which getopt would take for an option. Positional
 * arguments into pos (up to maxpos). 0, or an exit status (help shown: *done). */
static int db_args(run *r, int argc, char **argv, unsigned flags, const char **pos, int maxpos, int *npos, bool *sql,
                   bool *done)
{
    *npos = 0;
    *done = false;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = NULL;
        bool negative = o[0] == '-' && o[1] >= '0' && o[1] <= '9';
        int rc = 0, m;
        if (o[0] != '-' || negative || strcmp(o, "-") == 0) {
            if (*npos >= maxpos) return usage_error(r, "unexpected argument \"%s\"", o);
            pos[(*npos)++] = o;
        } else if ((flags & F_SQL) && strcmp(o, "--sql") == 0) {
            *sql = true;
        } else if ((flags & F_SQL) && strcmp(o, "--no-version-table") == 0) {
            r->no_version_table = true;
        } else if ((flags & F_DRY) && strcmp(o, "--dry-run") == 0) {
            r->dry_run = true;
        } else if ((flags & F_PURGE) && strcmp(o, "--purge") == 0) {
            r->purge = true;
        } else if ((flags & F_FORCE) && strcmp(o, "--force") == 0) {
            r->force = true;
        } else if (strcmp(o, "--json") == 0) {
            r->json = true;
        } else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            *done = true;
            return help_of(r, r->cmd);
        } else if ((m = valued(r, argc, argv, &i, "--plugins", &r->plugins, &rc)) ||
                   (m = valued(r, argc, argv, &i, "--config", &r->config, &rc)) ||
                   (m = valued(r, argc, argv, &i, "--url", &r->url, &rc)) ||
                   (m = valued(r, argc, argv, &i, "--credentials-file", &r->cred_file, &rc)) ||
                   (m = valued(r, argc, argv, &i, "--ca-file", &r->ca_file, &rc)) ||
                   (m = valued(r, argc, argv, &i, "--retry-budget", &r->retry_budget, &rc))) {
            if (m < 0) return rc;
        } else if ((flags & F_LOCKWAIT) && (m = valued(r, argc, argv, &i, "--lock-wait", &v, &rc))) {
            if (m < 0) return rc;
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 0 || w > 86400) return usage_error(r, "--lock-wait takes seconds (0 to 86400), not \"%s\"", v);
            r->lock_wait = (int)w;
        } else if ((flags & F_LOCKWAIT) && (m = valued(r, argc, argv, &i, "--lock-lease", &v, &rc))) {
            if (m < 0) return rc;
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 1 || w > 86400) return usage_error(r, "--lock-lease takes seconds (1 to 86400), not \"%s\"", v);
            r->lock_lease = (int)w;
        } else if ((flags & F_LOCKWAIT) &&
                   (m = valued(r, argc, argv, &i, "--statement-timeout", &r->stmt_timeout, &rc))) {
            if (m < 0) return rc;
        } else if ((flags & F_IGNORE) && (m = valued(r, argc, argv, &i, "--ignore-tables", &r->ignore_tables, &rc))) {
            if (m < 0) return rc;
        } else if (strncmp(o, "--password", 10) == 0 || strncmp(o, "--token", 7) == 0) {
            return usage_error(r, "credentials are not taken on the command line (see `man migrun`: environment "
                                  "variables or --credentials-file)");
        } else {
            return usage_error(r, "unrecognized option \"%s\"", o);
        }
    }
    return 0;
}

/* ---- a session with the database ---- */

typedef struct online {
    mig_plugins *p;
    mig_revgraph g;
    mig_db db;
    mig_state st;
    mig_exec x;
    bool have_plugins;
    mig_tables_opts tables; /* what check and baseline leave out (ignore_tables) */
} online;

static int report_json(run *r, const mig_rt_error *e)
{
    if (r->json) {
        fprintf(r->out, "{\"event\":\"error\",\"code\":\"%s\",\"message\":%s,\"detail\":%s,\"hint\":%s}\n",
                mig_rt_code_name(e->code), mig_json_str(r->a, e->message), mig_json_str(r->a, e->detail),
                mig_json_str(r->a, e->hint));
        fflush(r->out);
    }
    return report(r, e);
}

/* Plugins older than the sources beside them: a revision whose .mig changed since `migc
 * build`, or a .mig file in the source folder that no plugin comes from. A deploy machine
 * often has no sources, so a missing file or folder says nothing; what is found is a
 * warning (the plugins are what runs), said before anything is done. */
static void warn_unbuilt(run *r, online *o, const char *source_dir)
{
    const mig_manifest *m = mig_plugins_manifest(o->p);
    mig_buf changed = MIG_BUF_INIT, unbuilt = MIG_BUF_INIT;
    size_t nchanged = 0, nunbuilt = 0;
    for (size_t i = 0; i < m->nrevs; i++) {
        char hex[65];
        if (!m->revs[i].source || mig_sha256_file(m->revs[i].source, hex) != 0) continue;
        if (strcmp(hex, m->revs[i].source_sha256) == 0) continue;
        if (nchanged++ < 5) mig_buf_printf(&changed, "%s%s", nchanged > 1 ? ", " : "", m->revs[i].source);
    }
    DIR *d = source_dir ? opendir(source_dir) : NULL;
    for (struct dirent *de; d && (de = readdir(d));) {
        size_t n = strlen(de->d_name);
        if (n < 5 || de->d_name[0] == '.' || strcmp(de->d_name + n - 4, ".mig") != 0) continue;
        const char *path = mig_printf(r->a, "%s/%s", source_dir, de->d_name);
        bool known = false;
        for (size_t i = 0; i < m->nrevs && !known; i++) {
            const char *src = m->revs[i].source;
            size_t ls = src ? strlen(src) : 0;
            known = src && (strcmp(src, path) == 0 || (ls >= n && strcmp(src + ls - n, de->d_name) == 0 &&
                                                        (ls == n || src[ls - n - 1] == '/')));
        }
        if (known) continue;
        if (nunbuilt++ < 5) mig_buf_printf(&unbuilt, "%s%s", nunbuilt > 1 ? ", " : "", path);
    }
    if (d) closedir(d);
    const char *what[2] = {nchanged ? mig_printf(r->a, "%zu source%s changed since the plugins were built: %s%s", nchanged,
                                                 nchanged == 1 ? "" : "s", mig_buf_str(&changed),
                                                 nchanged > 5 ? ", ..." : "")
                                    : NULL,
                           nunbuilt ? mig_printf(r->a, "%zu .mig file%s with no plugin: %s%s", nunbuilt,
                                                 nunbuilt == 1 ? "" : "s", mig_buf_str(&unbuilt),
                                                 nunbuilt > 5 ? ", ..." : "")
                                    : NULL};
    for (int k = 0; k < 2; k++) {
        if (!what[k]) continue;
        if (r->json)
            fprintf(r->out, "{\"event\":\"warning\",\"message\":%s,\"hint\":\"Run migc build first.\"}\n",
                    mig_json_str(r->a, what[k]));
        else
            fprintf(r->err, "migrun: warning: %s\nhint: Run `migc build` first: migrun runs the plugins, not the "
                            ".mig files.\n", what[k]);
    }
    mig_buf_free(&changed);
    mig_buf_free(&unbuilt);
}

/* A number of seconds from 1 to max: the flag's value, else mig.ini's (or its environment
 * variable's); in milliseconds into *ms. 0, or -1 having said which is wrong. */
static int seconds_opt(run *r, const char *flag_value, const char *flag, const char *config_value, const char *key,
                       long max, int *ms)
{
    const char *v = flag_value ? flag_value : config_value;
    char *end;
    long t = v && *v ? strtol(v, &end, 10) : -1;
    if (t < 1 || t > max || *end) {
        fprintf(r->err, "migrun: error: %s takes seconds (1 to %ld), not \"%s\"\n", flag_value ? flag : key, max,
                v ? v : "");
        return -1;
    }
    *ms = (int)(t * 1000 > INT_MAX ? INT_MAX : t * 1000);
    return 0;
}

/* Open the plugins (when need_plugins), connect, read the version table. 0, or an exit status. */
static int online_open(run *r, online *o, bool need_plugins, mig_rt_error *e)
{
    memset(o, 0, sizeof *o);
    int rc;
    mig_config c;
    const char *why = NULL;
    if (mig_config_load(r->a, r->config, &c, &why) != 0) {
        fprintf(r->err, "migrun: error: %s\n", why ? why : "could not read the configuration");
        return MIG_EXIT_USAGE;
    }
    /* log_format = json means --json; log_level filters progress lines and c steps' logs. */
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    int min_level = -1;
    for (int i = 0; i < 4; i++)
        if (c.log_level && strcmp(c.log_level, levels[i]) == 0) min_level = i;
    bool fmt_ok = c.log_format && (strcmp(c.log_format, "text") == 0 || strcmp(c.log_format, "json") == 0);
    if (min_level < 0 || !fmt_ok) {
        fprintf(r->err, "migrun: error: %s \"%s\" is not one of %s\n", min_level < 0 ? "log_level" : "log_format",
                min_level < 0 ? (c.log_level ? c.log_level : "") : (c.log_format ? c.log_format : ""),
                min_level < 0 ? "debug, info, warn, error" : "text, json");
        return MIG_EXIT_USAGE;
    }
    if (strcmp(c.log_format, "json") == 0) r->json = true;
    o->x.min_level = min_level;
    int retry_budget_ms;
    if (seconds_opt(r, r->stmt_timeout, "--statement-timeout", c.statement_timeout, "statement_timeout", 604800,
                    &o->x.step_timeout_ms) ||
        seconds_opt(r, r->retry_budget, "--retry-budget", c.retry_budget, "retry_budget", 86400, &retry_budget_ms))
        return MIG_EXIT_USAGE;
    const char *env_url = getenv("YDB_CONNECTION_STRING");
    if (!r->url && !(env_url && *env_url) && !(c.url && *c.url)) {
        e->code = MIG_RT_CONFIG;
        e->message = mig_printf(r->a, "\"%s\" needs a database, and none is given", r->cmd);
        e->detail = "No --url, no YDB_CONNECTION_STRING, and no `url` in mig.ini's [migrun] section.";
        e->hint = "Give one, for example --url grpc://localhost:2136/local. (Offline, `migrun upgrade TARGET "
                  "--sql` prints the YQL an upgrade would run.)";
        return report_json(r, e);
    }
    if (mig_db_check_url(r->a, r->url ? r->url : env_url && *env_url ? env_url : c.url, e)) return report_json(r, e);
    if (need_plugins) {
        if ((rc = open_dir(r, &o->p, &o->g))) return rc;
        o->have_plugins = true;
        warn_unbuilt(r, o, c.source_dir);
    }
    mig_db_opts dbo = {r->url, r->cred_file, r->ca_file ? r->ca_file : c.ca_file, c.url, 0, retry_budget_ms, r->err,
                       min_level};
    if (mig_db_open(r->a, &dbo, &o->db, e)) {
        if (o->p) mig_plugins_close(o->p);
        o->p = NULL;
        return report_json(r, e);
    }
    mig_tables_ignore_parse(r->a, r->ignore_tables ? r->ignore_tables : c.ignore_tables, &o->tables);
    o->tables.notes = r->err;
    mig_state_init(&o->st, r->a, &o->db, c.version_table);
    if (r->lock_lease > 0) o->st.lease_s = r->lock_lease;
    o->x.a = r->a;
    o->x.p = o->p;
    o->x.g = &o->g;
    o->x.st = &o->st;
    o->x.db = &o->db;
    o->x.out = r->out;
    o->x.json = r->json;
    if (mig_state_read(&o->st, &o->x.rows, &o->x.nrows, e)) return -1;
    return 0;
}

static int online_close(run *r, online *o, int rc, mig_rt_error *e)
{
    mig_heartbeat_stop(&o->st);
    /* Release the lock, trying a few times: a lock left behind blocks every other migrun
     * until its lease ends. Failing that, the work done stands; say so and keep its status. */
    for (int attempt = 0; o->st.held && attempt < 3; attempt++) {
        mig_rt_error e2;
        memset(&e2, 0, sizeof e2);
        if (mig_lock_release(&o->st, &e2) == 0) {
            mig_exec_event(&o->x, "lock_released", NULL);
            break;
        }
        if (attempt == 2) {
            mig_buf b = MIG_BUF_INIT;
            mig_rt_error_format(&b, "migrun", &e2);
            fprintf(r->err, "migrun: warning: the migration lock could not be released; it expires with its lease "
                            "(%d s), or `migrun unlock --force` removes it\n%s",
                    o->st.lease_s, mig_buf_str(&b));
            mig_buf_free(&b);
        } else {
            o->st.held = true; /* mig_lock_release clears it */
            struct timespec ts = {0, 200000000L};
            nanosleep(&ts, NULL);
        }
    }
    mig_db_close(&o->db);
    if (o->p) mig_plugins_close(o->p);
    o->p = NULL;
    if (rc == -1) return report_json(r, e);
    return rc;
}

static int take_lock(run *r, online *o, mig_rt_error *e)
{
    if (mig_state_ensure(&o->st, e)) return -1;
    mig_lockinfo h;
    memset(&h, 0, sizeof h);
    if (mig_lock_take(&o->st, r->lock_wait, &h, e)) return -1;
    mig_heartbeat_start(&o->st); /* without it, renewed between steps only */
    mig_exec_event(&o->x, "lock", "\"holder\":%s", mig_json_str(r->a, mig_state_who(&o->st)));
    /* what others did while we waited */
    if (mig_state_read(&o->st, &o->x.rows, &o->x.nrows, e)) return -1;
    return 0;
}

/* ---- upgrade, downgrade ---- */

/* --dry-run --json: a "planned" event per revision of the plan, with its steps. */
static int dry_run_json(run *r, online *o, bool up, const mig_plan *plan, mig_rt_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        const mig_rev *v = plan->revs[i];
        const mig_vrow *row = mig_exec_row(&o->x, v->m->id);
        const mig_revision_desc *d;
        if (mig_plugins_get(o->p, v->index, &d, e)) return -1;
        mig_buf b = MIG_BUF_INIT;
        uint32_t bad;
        const char *why = NULL;
        if (mig_json_steps(r->a, &b, v, up ? d->upgrade : d->downgrade, up ? d->nupgrade : d->ndowngrade, &bad, &why)) {
            mig_buf_free(&b);
            return render_failed(r, v, bad, why, e);
        }
        unsigned resume = row && strcmp(row->state, "applied") != 0 ? (unsigned)row->steps_done : 0u;
        mig_exec_event(&o->x, "planned", "\"revision\":%s,\"direction\":\"%s\",\"message\":%s,\"resume_at\":%u,\"steps\":%s",
                       mig_json_str(r->a, v->m->id), up ? "upgrade" : "downgrade", mig_json_str(r->a, v->m->message),
                       resume, mig_buf_str(&b));
        mig_buf_free(&b);
    }
    return 0;
}

static int online_move(run *r, bool up, const char *target)
{
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    int rc = online_open(r, &o, true, &e);
    if (rc > 0) return rc;
    if (rc == 0 && !r->dry_run) rc = take_lock(r, &o, &e);
    mig_revset applied;
    mig_plan plan;
    memset(&plan, 0, sizeof plan);
    if (rc == 0) rc = mig_exec_validate(&o.x, &e);
    if (rc == 0) rc = mig_exec_applied(&o.x, up ? MIG_UPGRADE : MIG_DOWNGRADE, &applied, &e);
    if (rc == 0) rc = (up ? mig_plan_upgrade : mig_plan_downgrade)(&o.g, &applied, target, &plan, &e);
    const char *warning = NULL;
    if (rc == 0) rc = mig_server_check(&o.x, &plan, &warning, &e);
    if (rc == 0 && warning) {
        if (r->json) mig_exec_event(&o.x, "warning", "\"message\":%s", mig_json_str(r->a, warning));
        else fprintf(r->err, "migrun: warning: %s\n", warning);
    }
    if (rc == 0) {
        if (r->json)
            mig_exec_event(&o.x, "plan", "\"direction\":\"%s\",\"target\":%s,\"revisions\":%zu,\"dry_run\":%s",
                           up ? "upgrade" : "downgrade", mig_json_str(r->a, target), plan.n,
                           r->dry_run ? "true" : "false");
        else if (plan.n == 0)
            fprintf(r->out, "Nothing to do: %s is already reached.\n", target);
        else
            fprintf(r->out, "%s %s: %zu revision%s on %s\n", r->dry_run ? "Would run" : up ? "Upgrading to" : "Downgrading to",
                    target, plan.n, plan.n == 1 ? "" : "s", o.db.url);
        if (r->dry_run && r->json) rc = dry_run_json(r, &o, up, &plan, &e);
        if (r->dry_run && !r->json)
            for (size_t i = 0; i < plan.n; i++) {
                const mig_vrow *v = mig_exec_row(&o.x, plan.revs[i]->m->id);
                fprintf(r->out, "  %s %s%s\n", up ? "upgrade" : "downgrade", plan.revs[i]->m->id,
                        v && strcmp(v->state, "applied") != 0
                            ? mig_printf(r->a, " (resume at step %u of %u)", (unsigned)v->steps_done + 1,
                                         (unsigned)v->steps_total)
                            : "");
            }
        if (!r->dry_run) rc = mig_exec_plan(&o.x, &plan, &e);
        if (rc == 0 && !r->dry_run && plan.n) {
            mig_exec_event(&o.x, "done", "\"revisions\":%zu", plan.n);
            if (!r->json) fprintf(r->out, "Done: %zu revision%s %s.\n", plan.n, plan.n == 1 ? "" : "s", up ? "applied" : "downgraded");
        }
    }
    return online_close(r, &o, rc, &e);
}

/* Options by hand: a target may be -N, which getopt would take for an option. */
static int move(run *r, int argc, char **argv, bool up)
{
    bool sql = false, done;
    const char *pos[1];
    int npos;
    r->lock_wait = 60;
    int rc = db_args(r, argc, argv, F_SQL | F_DRY | F_LOCKWAIT, pos, 1, &npos, &sql, &done);
    if (rc || done) return rc;
    if (!npos) return usage_error(r, "which target? (for example: migrun %s %s)", r->cmd, up ? "head" : "-1");
    if (r->no_version_table && !sql) return usage_error(r, "--no-version-table goes with --sql");
    if (sql && r->json) return usage_error(r, "--json does not go with --sql (its output is a YQL script)");
    if (!sql) return online_move(r, up, pos[0]);
    return offline_script(r, up, pos[0]);
}

static int cmd_upgrade(run *r, int argc, char **argv) { return move(r, argc, argv, true); }
static int cmd_downgrade(run *r, int argc, char **argv) { return move(r, argc, argv, false); }

/* ---- current, status ---- */

static int cmd_current(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = db_args(r, argc, argv, 0, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, true, &e)) > 0) return rc;
    if (rc == 0) {
        mig_revset applied = mig_revset_new(&o.g);
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_rev *v = mig_revgraph_find(&o.g, o.x.rows[i].revision);
            if (v && strcmp(o.x.rows[i].state, "applied") == 0) applied.in[v->index] = true;
        }
        mig_rev **heads;
        size_t nh = mig_revset_heads(&o.g, &applied, &heads);
        for (size_t i = 0; i < nh; i++) {
            if (r->json) {
                fprintf(r->out, "{\"revision\":%s,\"head\":%s}\n", mig_json_str(r->a, heads[i]->m->id),
                        heads[i]->nchildren ? "false" : "true");
                continue;
            }
            mig_buf b = MIG_BUF_INIT;
            mig_buf_puts(&b, heads[i]->m->id);
            put_marks(&b, heads[i]);
            put_message_tail(&b, heads[i]);
            fputs(mig_buf_str(&b), r->out);
            mig_buf_free(&b);
        }
        size_t nother = 0;
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *v = &o.x.rows[i];
            bool known = mig_revgraph_find(&o.g, v->revision) != NULL;
            if (known && strcmp(v->state, "applied") == 0) continue;
            nother++;
            if (r->json)
                fprintf(r->out, "{\"revision\":%s,\"state\":\"%s\",\"known\":%s,\"steps_done\":%u,\"steps_total\":%u}\n",
                        mig_json_str(r->a, v->revision), v->state, known ? "true" : "false", (unsigned)v->steps_done,
                        (unsigned)v->steps_total);
            else if (!known)
                fprintf(r->out, "%s (%s in the database; not in the plugin directory)\n", v->revision, v->state);
            else
                fprintf(r->out, "%s (%s: %u of %u steps recorded)\n", v->revision, v->state, (unsigned)v->steps_done,
                        (unsigned)v->steps_total);
        }
        if (!nh && !nother && !r->json) fputs("<base> (nothing applied)\n", r->out);
    }
    return online_close(r, &o, rc, &e);
}

static int cmd_status(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = db_args(r, argc, argv, 0, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, true, &e)) > 0) return rc;
    if (rc == 0) {
        size_t napplied = 0, npending = 0, npartial = 0;
        if (!r->json) fprintf(r->out, "Database: %s (version table %s)\n", o.db.url, o.st.vt);
        for (size_t i = 0; i < o.g.nrevs; i++) {
            const mig_rev *v = &o.g.revs[i];
            const mig_vrow *row = mig_exec_row(&o.x, v->m->id);
            const char *state = row ? row->state : "pending";
            if (!row) npending++;
            else if (strcmp(row->state, "applied") == 0) napplied++;
            else npartial++;
            if (r->json) {
                fprintf(r->out, "{\"revision\":%s,\"state\":\"%s\",\"steps_done\":%u,\"steps_total\":%u,\"applied_at\":%s}\n",
                        mig_json_str(r->a, v->m->id), state, row ? (unsigned)row->steps_done : 0u,
                        row ? (unsigned)row->steps_total : 0u, mig_json_str(r->a, row ? row->applied_at : ""));
                continue;
            }
            if (!row) fprintf(r->out, "  pending   %s\n", v->m->id);
            else if (strcmp(row->state, "applied") == 0)
                fprintf(r->out, "  applied   %s  (%s, by %s)\n", v->m->id, row->applied_at ? row->applied_at : "?",
                        row->applied_by ? row->applied_by : "?");
            else
                fprintf(r->out, "  PARTIAL   %s  (%s: %u of %u steps recorded; run migrun %s to finish)\n", v->m->id,
                        row->state, (unsigned)row->steps_done, (unsigned)row->steps_total,
                        strcmp(row->state, "applying") == 0 ? "upgrade" : "downgrade");
        }
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *row = &o.x.rows[i];
            if (mig_revgraph_find(&o.g, row->revision)) continue;
            if (r->json)
                fprintf(r->out,
                        "{\"revision\":%s,\"state\":\"unknown\",\"recorded_state\":\"%s\",\"steps_done\":%u,"
                        "\"steps_total\":%u,\"applied_at\":%s}\n",
                        mig_json_str(r->a, row->revision), row->state, (unsigned)row->steps_done,
                        (unsigned)row->steps_total, mig_json_str(r->a, row->applied_at ? row->applied_at : ""));
            else
                fprintf(r->out, "  UNKNOWN   %s  (%s in the database; not in the plugin directory)\n", row->revision,
                        row->state);
        }
        if (!r->json)
            fprintf(r->out, "%zu applied, %zu pending, %zu partially applied\n", napplied, npending, npartial);
    }
    return online_close(r, &o, rc, &e);
}

/* ---- stamp ---- */

static int cmd_stamp(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    const char *pos[1];
    r->lock_wait = 60;
    int rc = db_args(r, argc, argv, F_PURGE | F_LOCKWAIT, pos, 1, &npos, NULL, &done);
    if (rc || done) return rc;
    if (!npos && !r->purge) return usage_error(r, "which revision? (for example: migrun stamp head, or --purge)");
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, true, &e)) > 0) return rc;
    if (rc == 0) rc = take_lock(r, &o, &e);
    mig_rev **v = NULL;
    size_t n = 0;
    bool to_base = npos && strcmp(pos[0], "base") == 0;
    if (rc == 0 && npos) rc = mig_target_resolve(&o.g, pos[0], NULL, &v, &n, &e);
    /* Stamping fixes the version table, so only a row that names no revision we know
     * stops it (it cannot be placed in the graph); edited revisions are the usual reason
     * to stamp. */
    for (size_t i = 0; rc == 0 && !r->purge && i < o.x.nrows; i++)
        if (!mig_revgraph_find(&o.g, o.x.rows[i].revision)) {
            mig_exec one = o.x;
            one.rows = &o.x.rows[i];
            one.nrows = 1;
            rc = mig_exec_validate(&one, &e);
            if (rc) e.hint = "Build the plugins that include it, or clear the whole table with `migrun stamp --purge "
                             "TARGET`.";
        }
    if (rc == 0 && r->purge) rc = mig_state_purge(&o.st, &e);
    if (rc == 0) {
        /* As Alembic's stamp: the targets and what they need become applied; what comes
         * after a target (its descendants, through parents or depends_on) is forgotten;
         * revisions on other branches keep their rows. `base` forgets everything. */
        mig_revset want = mig_revset_new(&o.g);
        for (size_t i = 0; i < n; i++) mig_revset_add_closure(&want, v[i]);
        for (size_t i = 0; rc == 0 && !r->purge && i < o.x.nrows; i++) {
            const mig_rev *x = mig_revgraph_find(&o.g, o.x.rows[i].revision);
            if (want.in[x->index]) continue;
            bool after = to_base;
            if (!after) {
                mig_revset up = mig_revset_new(&o.g);
                mig_revset_add_closure(&up, x);
                for (size_t k = 0; k < n && !after; k++) after = up.in[v[k]->index];
            }
            if (after) rc = mig_state_delete(&o.st, o.x.rows[i].revision, &e);
        }
        for (size_t i = 0; rc == 0 && i < o.g.nrevs; i++) {
            if (!want.in[i]) continue;
            const mig_rev *x = &o.g.revs[i];
            const mig_vrow *row = r->purge ? NULL : mig_exec_row(&o.x, x->m->id);
            if (row && strcmp(row->state, "applied") == 0 && row->source_sha256 &&
                strcmp(row->source_sha256, x->m->source_sha256) == 0)
                continue;
            const mig_revision_desc *d;
            if ((rc = mig_plugins_get(o.p, x->index, &d, &e))) break;
            mig_vrow nv = {x->m->id, "applied", d->nupgrade, d->nupgrade, x->m->source_sha256, x->m->plugin_sha256,
                           mig_printf(r->a, "%s (stamp)", mig_state_who(&o.st)), mig_ts_format(r->a, time(NULL)),
                           MIG_VERSION};
            rc = mig_state_put(&o.st, &nv, &e);
        }
        if (rc == 0 && !r->json) {
            mig_buf b = MIG_BUF_INIT;
            for (size_t i = 0; i < n; i++) {
                if (i) mig_buf_puts(&b, ", ");
                mig_buf_puts(&b, v[i]->m->id);
            }
            fprintf(r->out, "Stamped: %s (nothing was run).\n",
                    n ? mig_buf_str(&b) : r->purge && !npos ? "base (version table cleared)" : "base");
            mig_buf_free(&b);
        }
    }
    return online_close(r, &o, rc, &e);
}

/* ---- check ---- */

typedef struct expect {
    const char *path;
    const mig_p_table *t; /* NULL: must be absent */
} expect;

static void expect_set(mig_arena *a, expect **v, size_t *n, size_t *cap, const char *path, const mig_p_table *t)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].path, path) == 0) {
            (*v)[i].t = t;
            return;
        }
    *v = mig_grow(a, *v, sizeof **v, cap, *n + 1);
    (*v)[*n].path = path;
    (*v)[*n].t = t;
    (*n)++;
}

typedef struct expect_list {
    const expect *v;
    size_t n;
    const char *vt, *lt; /* this project's version and lock tables */
} expect_list;

static bool expected_path(void *ud, const char *path)
{
    const expect_list *l = ud;
    if (strcmp(path, l->vt) == 0 || strcmp(path, l->lt) == 0) return true;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].path, path) == 0) return true;
    return false;
}

/* The differences of one table (expected or live may be NULL: absent), as check prints
 * them; returns how many. */
static size_t put_table_diff(run *r, const char *path, const mig_p_table *expected, const mig_p_table *live)
{
    mig_buf b = MIG_BUF_INIT;
    size_t nd = mig_table_diff(expected, live, &b, 50);
    if (nd) {
        if (r->json)
            fprintf(r->out, "{\"kind\":\"table\",\"problem\":true,\"table\":%s,\"differences\":[",
                    mig_json_str(r->a, path));
        else
            fprintf(r->out, "table %s:\n", path);
        const char *s = mig_buf_str(&b);
        bool first = true;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            if (r->json) {
                fprintf(r->out, "%s%s", first ? "" : ",", mig_json_str(r->a, mig_strndup(r->a, s, len)));
                first = false;
            } else {
                fprintf(r->out, "  %.*s\n", (int)len, s);
            }
            s += len + (nl ? 1 : 0);
        }
        if (r->json) fputs("]}\n", r->out);
    }
    mig_buf_free(&b);
    return nd;
}

static int cmd_check(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = db_args(r, argc, argv, F_IGNORE, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, true, &e)) > 0) return rc;
    size_t problems = 0, pending = 0;
    if (rc == 0) {
        /* the version table: unknown or edited revisions, half-applied ones (problems);
         * plugins rebuilt from the same source (a note) */
        for (size_t i = 0; i < o.x.nrows; i++) {
            const mig_vrow *row = &o.x.rows[i];
            const mig_rev *v = mig_revgraph_find(&o.g, row->revision);
            mig_exec one = o.x;
            one.rows = &o.x.rows[i];
            one.nrows = 1;
            mig_rt_error ce;
            memset(&ce, 0, sizeof ce);
            const char *what = NULL, *detail = NULL;
            bool problem = true;
            if (mig_exec_validate(&one, &ce)) {
                what = ce.message;
                detail = ce.detail;
            } else if (strcmp(row->state, "applied") != 0) {
                what = mig_printf(r->a, "revision \"%s\" is half %s", row->revision,
                                  strcmp(row->state, "applying") == 0 ? "applied" : "downgraded");
                detail = mig_printf(r->a, "%u of %u steps recorded; run migrun %s to finish it.", (unsigned)row->steps_done,
                                    (unsigned)row->steps_total, strcmp(row->state, "applying") == 0 ? "upgrade" : "downgrade");
            } else if (v && (!row->plugin_sha256 || strcmp(row->plugin_sha256, v->m->plugin_sha256) != 0)) {
                problem = false;
                what = mig_printf(r->a, "revision \"%s\" was applied with a plugin built differently from the same source",
                                  row->revision);
                detail = "Not a difference: the source is the revision's identity (another migc or other CFLAGS).";
            }
            if (!what) continue;
            if (problem) problems++;
            if (r->json)
                fprintf(r->out, "{\"kind\":\"revision\",\"problem\":%s,\"revision\":%s,\"message\":%s,\"detail\":%s}\n",
                        problem ? "true" : "false", mig_json_str(r->a, row->revision), mig_json_str(r->a, what),
                        mig_json_str(r->a, detail ? detail : ""));
            else
                fprintf(r->out, "%s: %s\n  %s\n", problem ? "revision" : "note", what, detail ? detail : "");
        }
        /* the expected schema: every applied step's `post`, in manifest order */
        expect *ex = NULL;
        size_t nex = 0, cap = 0;
        for (size_t i = 0; rc == 0 && i < o.g.nrevs; i++) {
            const mig_rev *v = &o.g.revs[i];
            const mig_vrow *row = mig_exec_row(&o.x, v->m->id);
            if (!row) {
                pending++;
                continue;
            }
            const mig_revision_desc *d;
            if ((rc = mig_plugins_get(o.p, v->index, &d, &e))) break;
            uint32_t upto = strcmp(row->state, "applying") == 0 ? row->steps_done : d->nupgrade;
            if (strcmp(row->state, "downgrading") == 0) upto = d->nupgrade; /* approximate: see status */
            for (uint32_t k = 0; k < upto && k < d->nupgrade; k++) {
                const mig_p_step *st = &d->upgrade[k];
                if (st->kind == MIG_S_YQL || st->kind == MIG_S_C || !st->table) continue;
                if (st->post_path && strcmp(st->post_path, st->table) != 0) expect_set(r->a, &ex, &nex, &cap, st->table, NULL);
                expect_set(r->a, &ex, &nex, &cap, st->post_path ? st->post_path : st->table, st->post);
            }
        }
        for (size_t i = 0; rc == 0 && i < nex; i++) {
            mig_p_table live;
            ydb_error ye;
            memset(&ye, 0, sizeof ye);
            int d = o.db.api->describe_table(o.db.conn, ex[i].path, r->a, &live, &ye);
            if (d < 0) {
                mig_db_error(r->a, &ye, mig_printf(r->a, "cannot describe table \"%s\"", ex[i].path), NULL, &e);
                rc = -1;
                break;
            }
            problems += put_table_diff(r, ex[i].path, ex[i].t, d == 1 ? NULL : &live);
        }
        /* tables no applied revision made (unmanaged): other projects' migrun tables, dot
         * paths and the ignore list left out (tables.h) */
        mig_p_table *extra = NULL;
        size_t nextra = 0;
        if (rc == 0) {
            expect_list el = {ex, nex, o.st.vt, o.st.lt};
            o.tables.known = expected_path;
            o.tables.known_ud = &el;
            rc = mig_tables_list(r->a, &o.db, &o.tables, &extra, &nextra, NULL, &e);
        }
        for (size_t i = 0; rc == 0 && i < nextra; i++) problems += put_table_diff(r, extra[i].path, NULL, &extra[i]);
        nex += nextra;
        if (rc == 0 && r->json)
            fprintf(r->out, "{\"kind\":\"summary\",\"ok\":%s,\"tables\":%zu,\"differences\":%zu,\"pending\":%zu}\n",
                    problems ? "false" : "true", nex, problems, pending);
        else if (rc == 0) {
            fprintf(r->out, "%s: %zu table%s checked, %zu difference%s; %zu revision%s pending\n",
                    problems ? "check failed" : "ok", nex, nex == 1 ? "" : "s", problems, problems == 1 ? "" : "s",
                    pending, pending == 1 ? "" : "s");
        }
    }
    rc = online_close(r, &o, rc, &e);
    return rc == 0 && problems ? MIG_EXIT_FAILURE : rc;
}

/* ---- baseline ---- */

static int table_cmp(const void *x, const void *y)
{
    return strcmp(((const mig_p_table *)x)->path, ((const mig_p_table *)y)->path);
}

static int cmd_baseline(run *r, int argc, char **argv)
{
    const char *message = "baseline of the existing schema", *id = "0001_baseline", *outfile = NULL;
    /* -m, --rev-id and -o first; the rest are the connection options (db_args) */
    char **rest = mig_alloc(r->a, ((size_t)argc + 1) * sizeof *rest);
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        int m = 0, rc = 0;
        if (i > 0 && (strcmp(argv[i], "-m") == 0 || strcmp(argv[i], "-o") == 0)) {
            if (i + 1 >= argc) return usage_error(r, "option \"%s\" needs an argument", argv[i]);
            if (argv[i][1] == 'm') message = argv[++i];
            else outfile = argv[++i];
            continue;
        }
        if (i > 0 && ((m = valued(r, argc, argv, &i, "--message", &v, &rc)) != 0)) {
            if (m < 0) return rc;
            message = v;
            continue;
        }
        if (i > 0 && ((m = valued(r, argc, argv, &i, "--rev-id", &v, &rc)) != 0)) {
            if (m < 0) return rc;
            id = v;
            continue;
        }
        if (i > 0 && ((m = valued(r, argc, argv, &i, "--output", &v, &rc)) != 0)) {
            if (m < 0) return rc;
            outfile = v;
            continue;
        }
        rest[nrest++] = argv[i];
    }
    rest[nrest] = NULL;
    bool done;
    int npos;
    int rc = db_args(r, nrest, rest, F_IGNORE, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    if (!*id || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(id))
        return usage_error(r, "--rev-id \"%s\" is no revision id (letters, digits and _ only)", id);
    if (strchr(message, '\n') || strchr(message, '\r')) return usage_error(r, "the message must be one line");
    if (outfile && access(outfile, F_OK) == 0) {
        fprintf(r->err, "migrun: error: %s exists; not overwriting it\nhint: Remove it, or give another file with -o.\n",
                outfile);
        return MIG_EXIT_IO;
    }
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, false, &e)) > 0) return rc;
    mig_p_table *tables = NULL;
    size_t ntables = 0, skipped = 0;
    mig_buf b = MIG_BUF_INIT, warnings = MIG_BUF_INIT; /* warnings: JSON strings, for --json */
    if (rc == 0) rc = mig_tables_list(r->a, &o.db, &o.tables, &tables, &ntables, &skipped, &e);
    if (rc == 0 && ntables == 0) {
        e.code = MIG_RT_STATE;
        e.message = "the database has no tables to baseline";
        e.detail = skipped ? "Only objects that are not row tables were found." : NULL;
        e.hint = "Start with `migc new` instead: there is nothing to adopt.";
        rc = -1;
    }
    if (rc == 0) {
        qsort(tables, ntables, sizeof *tables, table_cmp);
        const char *why = NULL;
        mig_buf notes = MIG_BUF_INIT;
        int brc = mig_baseline_render(r->a, &b, &notes, id, message, tables, ntables, &why);
        for (const char *s = mig_buf_str(&notes); *s;) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            fprintf(r->err, "migrun: warning: %.*s\n", (int)len, s);
            mig_buf_printf(&warnings, "%s%s", warnings.len ? "," : "", mig_json_str(r->a, mig_strndup(r->a, s, len)));
            s += len + (nl ? 1 : 0);
        }
        mig_buf_free(&notes);
        if (brc) {
            e.code = MIG_RT_STATE;
            e.message = why;
            e.hint = "Rename it in the database, or write this table's create_table by hand.";
            rc = -1;
        }
    }
    rc = online_close(r, &o, rc, &e);
    if (rc) {
        mig_buf_free(&b);
        mig_buf_free(&warnings);
        return rc;
    }
    FILE *next = r->err;
    if (outfile) {
        /* O_EXCL: a file that appeared meanwhile is not overwritten either */
        int fd = open(outfile, O_WRONLY | O_CREAT | O_EXCL, 0644);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        const char *s = mig_buf_str(&b);
        bool ok = f && fwrite(s, 1, strlen(s), f) == strlen(s);
        if (f && fclose(f) != 0) ok = false;
        else if (!f && fd >= 0) close(fd);
        if (!ok) {
            int err = errno;
            fprintf(r->err, "migrun: error: cannot write %s: %s\n", outfile, strerror(err));
            if (fd >= 0 && err != EEXIST) unlink(outfile);
            mig_buf_free(&b);
            mig_buf_free(&warnings);
            return MIG_EXIT_IO;
        }
        if (!r->json)
            fprintf(r->out, "Wrote %s: revision %s, %zu table%s.\n", outfile, id, ntables, ntables == 1 ? "" : "s");
        next = r->out;
    } else if (!r->json) {
        fputs(mig_buf_str(&b), r->out);
    }
    if (r->json) {
        /* one object: the revision (its text too, written to -o FILE or not), the tables it
         * creates and the warnings also said on stderr; the next steps are in the docs */
        fprintf(r->out, "{\"revision\":%s,\"file\":%s,\"tables\":%zu,\"text\":%s,\"warnings\":[%s]}\n",
                mig_json_str(r->a, id), mig_json_str(r->a, outfile ? outfile : ""), ntables,
                mig_json_str(r->a, mig_buf_str(&b)), mig_buf_str(&warnings));
        mig_buf_free(&b);
        mig_buf_free(&warnings);
        return MIG_EXIT_OK;
    }
    mig_buf_free(&b);
    mig_buf_free(&warnings);
    fprintf(next, "Next: `migc build` (in the project), then `migrun stamp %s` to mark the database as being at\n"
                  "this revision without running it.\n", id);
    return MIG_EXIT_OK;
}

/* ---- lock, unlock ---- */

static int cmd_lock(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = db_args(r, argc, argv, 0, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, false, &e)) > 0) return rc;
    mig_lockinfo li;
    if (rc == 0) rc = mig_lock_read(&o.st, &li, &e);
    if (rc == 0) {
        bool gone = mig_lock_holder_gone(&o.st, &li);
        if (r->json)
            fprintf(r->out,
                    "{\"held\":%s,\"expired\":%s,\"user\":%s,\"host\":%s,\"pid\":%u,\"since\":%s,\"expires\":%s,"
                    "\"holder_gone\":%s}\n",
                    li.present ? "true" : "false", li.expired ? "true" : "false", mig_json_str(r->a, li.user),
                    mig_json_str(r->a, li.host), (unsigned)li.pid, mig_json_str(r->a, li.since),
                    mig_json_str(r->a, li.expires), gone ? "true" : "false");
        else if (!li.present)
            fprintf(r->out, "No migration lock is held.\n");
        else
            fprintf(r->out, "Locked by %s@%s pid %u since %s; lease until %s%s.\n", li.user ? li.user : "?",
                    li.host ? li.host : "?", (unsigned)li.pid, li.since ? li.since : "?", li.expires ? li.expires : "?",
                    li.expired ? " (expired: the next migrun takes it over)" : "");
        if (!r->json && gone && !li.expired)
            fprintf(r->out,
                    "The holder, pid %u on this host, is not running; the lease ends at %s; `migrun unlock --force` "
                    "removes the lock now.\n",
                    (unsigned)li.pid, li.expires ? li.expires : "?");
    }
    return online_close(r, &o, rc, &e);
}

static int cmd_unlock(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = db_args(r, argc, argv, F_FORCE, NULL, 0, &npos, NULL, &done);
    if (rc || done) return rc;
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = online_open(r, &o, false, &e)) > 0) return rc;
    mig_lockinfo li;
    if (rc == 0) rc = mig_lock_read(&o.st, &li, &e);
    if (rc == 0 && !li.present) {
        if (r->json) fputs("{\"released\":false,\"user\":\"\",\"host\":\"\",\"pid\":0}\n", r->out);
        else fprintf(r->out, "No migration lock is held.\n");
    } else if (rc == 0 && !li.expired && !r->force) {
        e.code = MIG_RT_LOCKED;
        e.message = mig_printf(r->a, "the migration lock is held by %s@%s pid %u since %s", li.user ? li.user : "?",
                               li.host ? li.host : "?", (unsigned)li.pid, li.since ? li.since : "?");
        e.detail = mig_printf(r->a, "Its lease runs until %s.", li.expires ? li.expires : "?");
        e.hint = mig_lock_holder_gone(&o.st, &li)
                     ? mig_printf(r->a, "The holder, pid %u on this host, is not running: `migrun unlock --force` "
                                        "removes its lock.", (unsigned)li.pid)
                     : "Make sure that process is gone, then `migrun unlock --force`.";
        rc = -1;
    } else if (rc == 0) {
        rc = mig_lock_break(&o.st, &e);
        if (rc == 0 && r->json)
            fprintf(r->out, "{\"released\":true,\"user\":%s,\"host\":%s,\"pid\":%u}\n", mig_json_str(r->a, li.user),
                    mig_json_str(r->a, li.host), (unsigned)li.pid);
        else if (rc == 0)
            fprintf(r->out, "Released the lock of %s@%s pid %u.\n", li.user ? li.user : "?", li.host ? li.host : "?",
                    (unsigned)li.pid);
    }
    return online_close(r, &o, rc, &e);
}

/* ---- complete: words for shell completion, from the manifest alone (no dlopen, no stat) ---- */

static const struct option complete_opts[] = {COMMON_OPTS, {NULL, 0, NULL, 0}};

static int cmd_complete(run *r, int argc, char **argv)
{
    int c;
    while ((c = getopt_long(argc, argv, ":h", complete_opts, NULL)) != -1) {
        if (common_opt(r, c)) continue;
        if (c == 'h') return help_of(r, r->cmd);
        return bad_option(r, c, argv);
    }
    if (optind >= argc) return usage_error(r, "say what to complete: targets");
    if (strcmp(argv[optind], "targets") != 0) return usage_error(r, "cannot complete \"%s\"; only targets", argv[optind]);
    if (optind + 1 < argc) return usage_error(r, "unexpected argument \"%s\"", argv[optind + 1]);
    int rc = MIG_EXIT_IO;
    const char *dir = plugin_dir(r, &rc), *why = NULL;
    if (!dir) return rc;
    mig_manifest m;
    /* A directory without a manifest completes to the words that need none. */
    bool have = mig_manifest_read(r->a, mig_printf(r->a, "%s/%s", dir, MIG_MANIFEST_NAME), &m, &why) == 0;
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "head\nheads\nbase\n");
    for (size_t i = 0; have && i < m.nrevs; i++) {
        mig_buf_printf(&b, "%s\n", m.revs[i].id);
        for (size_t k = 0; k < m.revs[i].nlabels; k++)
            mig_buf_printf(&b, "%s\n%s@head\n%s@base\n", m.revs[i].labels[k], m.revs[i].labels[k], m.revs[i].labels[k]);
    }
    fputs(mig_buf_str(&b), r->out);
    mig_buf_free(&b);
    return MIG_EXIT_OK;
}

static int cmd_help(run *r, int argc, char **argv);

#define COMMON_HELP                                                                                                    \
    "  --plugins DIR      the plugin directory (default: plugins, or the configuration's)\n"                          \
    "  --config FILE      the configuration file (default: ./mig.ini when it exists)\n"                               \
    "  -h, --help         show this help\n"
#define JSON_HELP "  --json             one JSON object per line (docs/json.md; also before the command)\n"
#define DB_HELP                                                                                                        \
    "  --url URL          the database: grpc://HOST:PORT/DB or grpcs://... (else $YDB_CONNECTION_STRING,\n"         \
    "                     else `url` in mig.ini)\n"                                                                   \
    "  --credentials-file FILE  credentials (a file only its owner may read): `token = ...`, or\n"                \
    "                     `user = ...` and `password = ...`\n"                                                    \
    "                     (else YDB_ACCESS_TOKEN_CREDENTIALS, YDB_STATIC_CREDENTIALS_USER/_PASSWORD,\n"               \
    "                     YDB_USER/YDB_PASSWORD, YDB_ANONYMOUS_CREDENTIALS; never on the command line)\n"             \
    "  --ca-file FILE     PEM roots for grpcs:// (else YDB_SSL_ROOT_CERTIFICATES_FILE, else `ca_file` in\n"         \
    "                     mig.ini, else the system's)\n"                                                            \
    "  --retry-budget SECONDS  how long to keep retrying after a transient failure or a lost\n"          \
    "                     answer before giving up (default 60, or retry_budget in mig.ini)\n"              \
    JSON_HELP COMMON_HELP
#define IGNORE_HELP "  --ignore-tables LIST  tables to leave out: shell patterns on the path, such as\n" \
                    "                     'tmp_*,archive/*' (else `ignore_tables` in mig.ini)\n"
#define LOCK_HELP "  --lock-wait SECONDS  wait this long for another migrun's lock (default 60; 0: do not wait)\n" \
                  "  --lock-lease SECONDS how long the lock outlives a migrun that stops renewing it\n" \
                  "                     (default 120; renewed every third of it while migrun runs)\n" \
                  "  --statement-timeout SECONDS  how long one statement of a step may take, such as\n" \
                  "                     a DDL that builds an index (default 3600, or mig.ini's)\n"

static const cmd commands[] = {
    {"history", cmd_history, "[-v] [-r FROM:TO] [options]",
     "List the revisions, newest first: PARENT -> REV (marks), message. Marks are branch labels,\n"
     "(head), (branchpoint) and (mergepoint). Reads the manifest only.\n\n"
     "Options:\n"
     "  -v, --verbose      every field: parents, depends_on, labels, source, checksums, downgrade\n"
     "  -r, --rev-range FROM:TO  only revisions from FROM to TO (either may be left out)\n" JSON_HELP COMMON_HELP},
    {"heads", cmd_heads, "[-v] [options]",
     "List the head revisions (those no revision revises).\n\nOptions:\n"
     "  -v, --verbose      every field of each head\n" JSON_HELP COMMON_HELP},
    {"branches", cmd_branches, "[-v] [options]",
     "List the branch points (revisions with several children) and their children.\n\nOptions:\n"
     "  -v, --verbose      every field of each branch point\n" JSON_HELP COMMON_HELP},
    {"show", cmd_show, "REV [options]",
     "Show a revision: its header, then each upgrade and downgrade step with its YQL.\n"
     "REV is an id, a unique prefix (4 characters or more), a label, LABEL@head, head or heads.\n\n"
     "Options:\n" JSON_HELP COMMON_HELP},
    {"upgrade", cmd_upgrade, "[--sql | --dry-run] TARGET [options]",
     "Upgrade the database to TARGET: head, heads, an id or prefix, a label, LABEL@head, +N, REV+N,\n"
     "LABEL@+N (N up along LABEL's branch).\n"
     "Takes the migration lock, runs each pending revision's steps in order and records each\n"
     "step in the version table, so an interrupted run resumes where it stopped. With --sql,\n"
     "print the YQL instead (offline), from base or from FROM with a range FROM:TARGET.\n\n"
     "Options:\n"
     "  --sql              print the YQL an upgrade runs (offline; no database needed), with the\n"
     "                     version-table statements migrun runs, so the script records each revision\n"
     "  --no-version-table with --sql: the steps only\n"
     "  --dry-run          connect, print the plan, and stop\n" LOCK_HELP DB_HELP},
    {"downgrade", cmd_downgrade, "[--sql | --dry-run] TARGET [options]",
     "Downgrade to TARGET: -N, REV-N, LABEL@-N (N down along LABEL's branch), an id or prefix, a\n"
     "label, base, or LABEL@base (LABEL's branch from its root, other branches stay). TARGET stays\n"
     "applied, and so does what only depends on it. A revision that another applied revision\n"
     "depends on is downgraded after it; an irreversible revision stops the plan.\n"
     "With --sql, TARGET is a range FROM:TO (what is applied, and the target), e.g. head:-1.\n\n"
     "Options:\n"
     "  --sql              print the YQL a downgrade runs (offline; no database needed), with the\n"
     "                     version-table statements that remove each revision's row\n"
     "  --no-version-table with --sql: the steps only\n"
     "  --dry-run          connect, print the plan, and stop\n" LOCK_HELP DB_HELP},
    {"current", cmd_current, "[options]",
     "Show the revisions applied to the database (the heads of the applied set), and any\n"
     "revision whose upgrade or downgrade stopped half way.\n\nOptions:\n" DB_HELP},
    {"status", cmd_status, "[options]",
     "Every revision of the plugin directory: applied (when, by whom), pending, or partially\n"
     "applied (which step), and revisions the database has that the directory does not.\n\nOptions:\n" DB_HELP},
    {"stamp", cmd_stamp, "REV | --purge [REV] [options]",
     "Record REV (and all it needs) as applied, and nothing else, without running any step.\n"
     "--purge clears the version table first (then REV, if given, is recorded).\n\n"
     "Options:\n  --purge            clear the version table\n" LOCK_HELP DB_HELP},
    {"check", cmd_check, "[options]",
     "Compare the database with the plugins: each applied revision's recorded checksums, and\n"
     "each table (DescribeTable) with the schema expected at the applied revisions. Exit 1 on\n"
     "any difference, listing each; pending revisions are counted, not an error. A table no\n"
     "applied revision makes is a difference (other projects' migrun tables are not).\n\nOptions:\n" IGNORE_HELP DB_HELP},
    {"baseline", cmd_baseline, "[-m MESSAGE] [--rev-id ID] [-o FILE] [options]",
     "Write a first revision that creates every table of an existing database, to adopt migc on it:\n"
     "folders are walked (names starting with '.' and migrun's own tables are left out), each\n"
     "table described, and one create_table written per table, sorted by path, with changefeeds\n"
     "as add_changefeed steps. Then `migc build` and `migrun stamp ID`: the database is marked as\n"
     "being at the revision without running it. No plugins are needed.\n\n"
     "Options:\n"
     "  -m, --message MESSAGE  the revision's message (default: baseline of the existing schema)\n"
     "  --rev-id ID        the revision id (default: 0001_baseline)\n"
     "  -o, --output FILE  write FILE (never overwriting one) instead of stdout\n" IGNORE_HELP DB_HELP},
    {"lock", cmd_lock, "[options]", "Show the migration lock: who holds it, since when, until when, and whether a holder\n"
     "on this host is still running.\n\nOptions:\n" DB_HELP},
    {"unlock", cmd_unlock, "[--force] [options]",
     "Remove the migration lock when its lease has expired; --force removes it even when not\n"
     "(only when its holder is known to be gone).\n\nOptions:\n"
     "  --force            break a lock that is still within its lease\n" DB_HELP},
    {"complete", cmd_complete, "targets [options]",
     "Print, one a line, the words a TARGET or REV argument takes: head, heads, base, every\n"
     "revision id and label, and LABEL@head, LABEL@base. Read from the manifest alone, for\n"
     "the shell completion scripts.\n\nOptions:\n"
     "  --plugins DIR      the plugin directory (default: plugins, or `plugins` in mig.ini)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n"},
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
    fprintf(f, "Usage: migrun [--version] [--help] [--plugins DIR] [--config FILE] [--json] COMMAND [ARGS]\n\n"
               "migrun applies YDB schema migrations compiled by `migc build`.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\nRun 'migrun COMMAND --help' for a command's options; 'man migrun' for the whole story.\n"
               "Exit status: 0 ok, 1 failure, 2 usage error, 4 a plugin was refused, 5 the database\n"
               "could not be reached or refused a request, 6 the plugin directory cannot be read.\n");
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
        if (strcmp(o, "--json") == 0) { /* as after the command */
            r.json = true;
            continue;
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
    if (r.json && (k->fn == cmd_complete || k->fn == cmd_help))
        return usage_error(&r, "\"%s\" has no JSON output; leave out --json", k->name);
    r.a = mig_arena_new();
    optind = 0; /* a full reset (glibc, musl): mig_run_main may run more than once */
    opterr = 0;
    int rc = k->fn(&r, argc - i, argv + i);
    mig_arena_free(r.a);
    return rc;
}
