/* cli.c - the migrun command line's core: the command table with each command's help,
 * the messages every command says the same way (usage errors, runtime errors), the
 * options every command takes, the plugin directory, and mig_run_main (global options,
 * then dispatch). The commands are in the other files of this directory (cli.h).
 */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

#include "../../common/config.h"
#include "../../common/exitcodes.h"
#include "../migrun.h"

/* ---- the commands and their help ---- */

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
    {{"history", "[-v] [-r FROM:TO] [options]",
     "List the revisions, newest first: PARENT -> REV (marks), message. Marks are branch labels,\n"
     "(head), (branchpoint) and (mergepoint). Reads the manifest only.\n\n"
     "Options:\n"
     "  -v, --verbose      every field: parents, depends_on, labels, source, checksums, downgrade\n"
     "  -r, --rev-range FROM:TO  only revisions from FROM to TO (either may be left out)\n" JSON_HELP COMMON_HELP, NULL}, cmd_history},
    {{"heads", "[-v] [options]",
     "List the head revisions (those no revision revises).\n\nOptions:\n"
     "  -v, --verbose      every field of each head\n" JSON_HELP COMMON_HELP, NULL}, cmd_heads},
    {{"branches", "[-v] [options]",
     "List the branch points (revisions with several children) and their children.\n\nOptions:\n"
     "  -v, --verbose      every field of each branch point\n" JSON_HELP COMMON_HELP, NULL}, cmd_branches},
    {{"show", "REV [options]",
     "Show a revision: its header, then each upgrade and downgrade step with its YQL.\n"
     "REV is an id, a unique prefix (4 characters or more), a label, LABEL@head, head or heads.\n\n"
     "Options:\n" JSON_HELP COMMON_HELP, NULL}, cmd_show},
    {{"upgrade", "[--sql | --dry-run] TARGET [options]",
     "Upgrade the database to TARGET: head, heads, an id or prefix, a label, LABEL@head, +N, REV+N,\n"
     "LABEL@+N (N up along LABEL's branch).\n"
     "Takes the migration lock, runs each pending revision's steps in order and records each\n"
     "step in the version table, so an interrupted run resumes where it stopped. With --sql,\n"
     "print the YQL instead (offline), from base or from FROM with a range FROM:TARGET.\n\n"
     "Options:\n"
     "  --sql              print the YQL an upgrade runs (offline; no database needed), with the\n"
     "                     version-table statements migrun runs, so the script records each revision\n"
     "  --no-version-table with --sql: the steps only\n"
     "  --dry-run          connect, print the plan, and stop\n" LOCK_HELP DB_HELP, NULL}, cmd_upgrade},
    {{"downgrade", "[--sql | --dry-run] TARGET [options]",
     "Downgrade to TARGET: -N, REV-N, LABEL@-N (N down along LABEL's branch), an id or prefix, a\n"
     "label, base, or LABEL@base (LABEL's branch from its root, other branches stay). TARGET stays\n"
     "applied, and so does what only depends on it. A revision that another applied revision\n"
     "depends on is downgraded after it; an irreversible revision stops the plan.\n"
     "With --sql, TARGET is a range FROM:TO (what is applied, and the target), e.g. head:-1.\n\n"
     "Options:\n"
     "  --sql              print the YQL a downgrade runs (offline; no database needed), with the\n"
     "                     version-table statements that remove each revision's row\n"
     "  --no-version-table with --sql: the steps only\n"
     "  --dry-run          connect, print the plan, and stop\n" LOCK_HELP DB_HELP, NULL}, cmd_downgrade},
    {{"current", "[options]",
     "Show the revisions applied to the database (the heads of the applied set), and any\n"
     "revision whose upgrade or downgrade stopped half way.\n\nOptions:\n" DB_HELP, NULL}, cmd_current},
    {{"status", "[options]",
     "Every revision of the plugin directory: applied (when, by whom), pending, or partially\n"
     "applied (which step), and revisions the database has that the directory does not.\n\nOptions:\n" DB_HELP, NULL}, cmd_status},
    {{"stamp", "REV | --purge [REV] [options]",
     "Record REV (and all it needs) as applied, and nothing else, without running any step.\n"
     "--purge clears the version table first (then REV, if given, is recorded).\n\n"
     "Options:\n  --purge            clear the version table\n" LOCK_HELP DB_HELP, NULL}, cmd_stamp},
    {{"check", "[options]",
     "Compare the database with the plugins: each applied revision's recorded checksums, and\n"
     "each table (DescribeTable) with the schema expected at the applied revisions. Exit 1 on\n"
     "any difference, listing each; pending revisions are counted, not an error. A table no\n"
     "applied revision makes is a difference (other projects' migrun tables are not).\n\nOptions:\n" IGNORE_HELP DB_HELP, NULL}, cmd_check},
    {{"baseline", "[-m MESSAGE] [--rev-id ID] [-o FILE] [options]",
     "Write a first revision that creates every table of an existing database, to adopt migc on it:\n"
     "folders are walked (names starting with '.' and migrun's own tables are left out), each\n"
     "table described, and one create_table written per table, sorted by path, with changefeeds\n"
     "as add_changefeed steps. Then `migc build` and `migrun stamp ID`: the database is marked as\n"
     "being at the revision without running it. No plugins are needed.\n\n"
     "Options:\n"
     "  -m, --message MESSAGE  the revision's message (default: baseline of the existing schema)\n"
     "  --rev-id ID        the revision id (default: 0001_baseline)\n"
     "  -o, --output FILE  write FILE (never overwriting one) instead of stdout\n" IGNORE_HELP DB_HELP, NULL}, cmd_baseline},
    {{"lock", "[options]", "Show the migration lock: who holds it, since when, until when, and whether a holder\n"
     "on this host is still running.\n\nOptions:\n" DB_HELP, NULL}, cmd_lock},
    {{"unlock", "[--force] [options]",
     "Remove the migration lock when its lease has expired; --force removes it even when not\n"
     "(only when its holder is known to be gone).\n\nOptions:\n"
     "  --force            break a lock that is still within its lease\n" DB_HELP, NULL}, cmd_unlock},
    {{"complete", "targets [options]",
     "Print, one a line, the words a TARGET or REV argument takes: head, heads, base, every\n"
     "revision id and label, and LABEL@head, LABEL@base. Read from the manifest alone, for\n"
     "the shell completion scripts.\n\nOptions:\n"
     "  --plugins DIR      the plugin directory (default: plugins, or `plugins` in mig.ini)\n"
     "  --config FILE      read FILE instead of ./mig.ini (env MIG_CONFIG)\n", NULL}, cmd_complete},
    {{"help", "[COMMAND]", "Show help for migrun or one of its commands.\n", NULL}, cmd_help},
};


static const mig_cli MIGRUN = {"migrun", commands, sizeof commands / sizeof commands[0], sizeof commands[0], 9};

/* ---- messages ---- */

int cli_usage_error(run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = mig_cli_vusage_error(&MIGRUN, r->err, r->cmd, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_report(run *r, const mig_rt_error *e)
{
    mig_buf b = MIG_BUF_INIT;
    mig_rt_error_format(&b, "migrun", e);
    fputs(mig_buf_str(&b), r->err);
    mig_buf_free(&b);
    return mig_rt_exit_code(e->code);
}

int cli_bad_option(run *r, int c, char **argv) { return mig_cli_bad_option(&MIGRUN, r->err, r->cmd, c, argv); }

int cli_help_of(run *r, const char *name) { return mig_cli_help_of(&MIGRUN, r->out, name); }

/* ---- options every command takes ---- */

/* 1 handled, 0 not one of them. */
int cli_common_opt(run *r, int c)
{
    if (c == OPT_PLUGINS) r->plugins = optarg;
    else if (c == OPT_CONFIG) r->config = optarg;
    else return 0;
    return 1;
}

/* mig.ini and the environment (--config). 0, or MIG_EXIT_USAGE having said why. */
int cli_config(run *r, mig_config *c)
{
    const char *why = NULL;
    if (mig_config_load(r->a, r->config, c, &why) == 0) return 0;
    fprintf(r->err, "migrun: error: %s\n", why ? why : "could not read the configuration");
    return MIG_EXIT_USAGE;
}

/* The plugin directory: --plugins, else the configuration (file, MIG_PLUGIN_DIR), else
 * "plugins". Returns NULL after reporting a configuration error. */
const char *cli_plugin_dir(run *r, int *rc)
{
    if (r->plugins) return r->plugins;
    mig_config c;
    if ((*rc = cli_config(r, &c))) return NULL;
    return c.plugin_dir;
}

/* Open the plugin directory and build the graph. 0, or an exit status after reporting. */
int cli_open_dir(run *r, mig_plugins **p, mig_revgraph *g)
{
    int rc = MIG_EXIT_IO;
    const char *dir = cli_plugin_dir(r, &rc);
    if (!dir) return rc;
    mig_rt_error e;
    if (mig_plugins_open(r->a, dir, p, &e) != 0) return cli_report(r, &e);
    if (mig_revgraph_build(r->a, mig_plugins_manifest(*p), g, &e) != 0) {
        mig_plugins_close(*p);
        *p = NULL;
        return cli_report(r, &e);
    }
    return 0;
}

static void main_usage(FILE *f)
{
    static const mig_cli_exit exits[] = {{MIG_EXIT_OK, "ok"}, {MIG_EXIT_FAILURE, NULL}, {MIG_EXIT_USAGE, NULL},
                                         {MIG_EXIT_PLUGIN, NULL}, {MIG_EXIT_DATABASE, NULL},
                                         {MIG_EXIT_IO, "the plugin directory cannot be read"}, MIG_CLI_EXITS_END};
    mig_cli_usage(&MIGRUN, f, "[--version] [--help] [--plugins DIR] [--config FILE] [--json]",
                  "migrun applies YDB schema migrations compiled by `migc build`.", exits);
}

static int cmd_help(run *r, int argc, char **argv) { return mig_cli_help(&MIGRUN, r->out, r->err, argc, argv, main_usage); }

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
        if (!slot) return cli_usage_error(&r, "unrecognized option \"%s\"", o);
        const char *eq = strchr(o, '=');
        if (eq) *slot = eq + 1;
        else if (i + 1 < argc) *slot = argv[++i];
        else return cli_usage_error(&r, "option \"%s\" needs an argument", name);
    }
    if (i >= argc) {
        main_usage(err);
        return MIG_EXIT_USAGE;
    }
    const cmd *k = (const cmd *)mig_cli_find(&MIGRUN, argv[i]);
    if (!k) return cli_usage_error(&r, "unrecognized command \"%s\"", argv[i]);
    r.cmd = k->d.name;
    if (r.json && (k->fn == cmd_complete || k->fn == cmd_help))
        return cli_usage_error(&r, "\"%s\" has no JSON output; leave out --json", k->d.name);
    r.a = mig_arena_new();
    optind = 0; /* a full reset (glibc, musl): mig_run_main may run more than once */
    opterr = 0;
    int rc = k->fn(&r, argc - i, argv + i);
    mig_arena_free(r.a);
    return rc;
}

