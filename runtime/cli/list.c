/* list.c - the commands that read the plugin directory only: history, heads, branches
 * (the manifest), show (the plugins), complete (words for shell completion). */
#include "cli.h"

#include <string.h>

#include "../../common/exitcodes.h"
#include "../../common/manifest.h"
#include "../revjson.h"

/* One revision of a listing: its object, or its text line (verbose: every field). */
static void put_listed(run *r, mig_buf *b, const mig_plugins *p, const mig_rev *v, bool verbose, bool first)
{
    if (r->json) {
        mig_json_rev_open(r->a, b, "revision", p, v);
        mig_buf_puts(b, "}\n");
    } else if (verbose) {
        if (!first) mig_buf_putc(b, '\n');
        cli_put_verbose(b, p, v);
    } else {
        mig_buf_puts(b, v->m->id);
        cli_put_marks(b, v);
        cli_put_message_tail(b, v);
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
        if (cli_common_opt(r, c)) continue;
        switch (c) {
        case 'h': *done = true; return cli_help_of(r, r->cmd);
        case 'v': *verbose = true; break;
        case OPT_JSON: r->json = true; break;
        case 'r':
            if (allow_range) {
                *range = optarg;
                break;
            }
            return cli_bad_option(r, c, argv);
        default: return cli_bad_option(r, c, argv);
        }
    }
    if (optind < argc) return cli_usage_error(r, "unexpected argument \"%s\"", argv[optind]);
    return 0;
}

/* What a listing has: its options and the plugin directory's graph. */
typedef struct listing {
    bool verbose;
    const char *range; /* -r FROM:TO, or NULL */
    mig_plugins *p;
    mig_revgraph g;
} listing;

/* The options, then the plugin directory. true: the command is over, with *rc (help
 * shown, a usage error, or no directory); false: go on. */
static bool list_start(run *r, int argc, char **argv, bool allow_range, listing *l, int *rc)
{
    bool done;
    l->verbose = false;
    l->range = NULL;
    if ((*rc = list_args(r, argc, argv, allow_range, &l->verbose, &l->range, &done)) || done) return true;
    return (*rc = cli_open_dir(r, &l->p, &l->g)) != 0;
}

int cmd_history(run *r, int argc, char **argv)
{
    listing l;
    int rc;
    if (list_start(r, argc, argv, true, &l, &rc)) return rc;
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    if (mig_history_range(&l.g, l.range, &v, &n, &e)) {
        mig_plugins_close(l.p);
        return cli_report(r, &e);
    }
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (l.verbose || r->json) put_listed(r, &b, l.p, v[i], l.verbose, i == 0);
        else cli_put_history_line(&b, v[i]);
    }
    return cli_finish_listing(r, l.p, &b);
}

int cmd_heads(run *r, int argc, char **argv)
{
    listing l;
    int rc;
    if (list_start(r, argc, argv, false, &l, &rc)) return rc;
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < l.g.nheads; i++) put_listed(r, &b, l.p, l.g.heads[i], l.verbose, i == 0);
    return cli_finish_listing(r, l.p, &b);
}

int cmd_branches(run *r, int argc, char **argv)
{
    listing l;
    int rc;
    if (list_start(r, argc, argv, false, &l, &rc)) return rc;
    mig_buf b = MIG_BUF_INIT;
    bool first = true;
    for (size_t i = 0; i < l.g.nrevs; i++) {
        const mig_rev *v = &l.g.revs[i];
        if (v->nchildren < 2) continue;
        put_listed(r, &b, l.p, v, l.verbose, first);
        first = false;
        for (size_t c = 0; c < v->nchildren && !r->json; c++) {
            mig_buf_printf(&b, "    -> %s", v->children[c]->m->id);
            cli_put_marks(&b, v->children[c]);
            cli_put_message_tail(&b, v->children[c]);
        }
    }
    return cli_finish_listing(r, l.p, &b);
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
    if (mig_json_steps(r->a, b, v, d->upgrade, d->nupgrade, &bad, &why)) return cli_render_failed(r, v, bad, why, e);
    mig_buf_puts(b, ",\"downgrade_steps\":");
    if (mig_json_steps(r->a, b, v, d->downgrade, d->downgrade_kind == MIG_DOWN_IRREVERSIBLE ? 0 : d->ndowngrade, &bad,
                       &why))
        return cli_render_failed(r, v, bad, why, e);
    mig_buf_puts(b, "}\n");
    return 0;
}

static int show_one(run *r, mig_plugins *p, const mig_rev *v, mig_buf *b, mig_rt_error *e)
{
    const mig_revision_desc *d;
    if (mig_plugins_get(p, v->index, &d, e)) return -1;
    cli_put_verbose(b, p, v);
    mig_buf_printf(b, "\nBuilt by: migc %s for YDB %s\n", d->migc_version ? d->migc_version : "?",
                   d->target_ydb ? d->target_ydb : "?");
    mig_buf_printf(b, "\nUpgrade: %u step%s\n", (unsigned)d->nupgrade, d->nupgrade == 1 ? "" : "s");
    if (cli_put_steps(r, b, v, d->upgrade, d->nupgrade, true, e)) return -1;
    if (d->downgrade_kind == MIG_DOWN_IRREVERSIBLE) {
        mig_buf_puts(b, "\nDowngrade: irreversible (no steps: migrun refuses to downgrade through it)\n");
        return 0;
    }
    mig_buf_printf(b, "\nDowngrade (%s): %u step%s\n", mig_downgrade_word((int)d->downgrade_kind), (unsigned)d->ndowngrade,
                   d->ndowngrade == 1 ? "" : "s");
    return cli_put_steps(r, b, v, d->downgrade, d->ndowngrade, true, e);
}

int cmd_show(run *r, int argc, char **argv)
{
    int c, rc;
    while ((c = getopt_long(argc, argv, ":h", show_opts, NULL)) != -1) {
        if (cli_common_opt(r, c)) continue;
        if (c == OPT_JSON) r->json = true;
        else if (c == 'h') return cli_help_of(r, "show");
        else return cli_bad_option(r, c, argv);
    }
    if (optind >= argc) return cli_usage_error(r, "which revision? (for example: migrun show head)");
    if (optind + 1 < argc) return cli_usage_error(r, "unexpected argument \"%s\"", argv[optind + 1]);
    const char *spec = argv[optind];
    mig_plugins *p;
    mig_revgraph g;
    if ((rc = cli_open_dir(r, &p, &g))) return rc;
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
    return cli_finish_listing(r, p, &b);
fail:
    mig_buf_free(&b);
    mig_plugins_close(p);
    return cli_report(r, &e);
}

/* ---- complete: words for shell completion, from the manifest alone (no dlopen, no stat) ---- */

static const struct option complete_opts[] = {COMMON_OPTS, {NULL, 0, NULL, 0}};

int cmd_complete(run *r, int argc, char **argv)
{
    int c;
    while ((c = getopt_long(argc, argv, ":h", complete_opts, NULL)) != -1) {
        if (cli_common_opt(r, c)) continue;
        if (c == 'h') return cli_help_of(r, r->cmd);
        return cli_bad_option(r, c, argv);
    }
    if (optind >= argc) return cli_usage_error(r, "say what to complete: targets");
    if (strcmp(argv[optind], "targets") != 0) return cli_usage_error(r, "cannot complete \"%s\"; only targets", argv[optind]);
    if (optind + 1 < argc) return cli_usage_error(r, "unexpected argument \"%s\"", argv[optind + 1]);
    int rc = MIG_EXIT_IO;
    const char *dir = cli_plugin_dir(r, &rc), *why = NULL;
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
