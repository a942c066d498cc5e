/* online.c - the commands that connect: their options (a table, parsed by hand since a
 * target may be -N), and a session with the database: the configuration, the connection, the version
 * table read, the lock taken and released. */
#include "cli.h"

#include <dirent.h>
#include <stddef.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../common/config.h"
#include "../../common/exitcodes.h"
#include "../../common/sha256.h"
#include "../heartbeat.h"
#include "../revjson.h"

/* The options of the commands that connect, as data. Parsed by hand, not by getopt: a
 * target may be -N, which getopt would take for an option. A row is offered to the commands
 * whose flags include its `only` (0: to all of them). */
typedef enum { O_FLAG, O_VALUE, O_SECONDS } optkind;

typedef struct dbopt {
    const char *name;  /* "--sql" */
    const char *alias; /* a short spelling, or NULL */
    unsigned only;     /* F_*, or 0 */
    optkind kind;
    size_t field;      /* in run: bool (O_FLAG), const char * (O_VALUE), int (O_SECONDS) */
    int min, max;      /* O_SECONDS */
} dbopt;

#define FIELD(f) offsetof(run, f)
static const dbopt db_opts[] = {
    {"--sql", NULL, F_SQL, O_FLAG, FIELD(sql), 0, 0},
    {"--no-version-table", NULL, F_SQL, O_FLAG, FIELD(no_version_table), 0, 0},
    {"--dry-run", NULL, F_DRY, O_FLAG, FIELD(dry_run), 0, 0},
    {"--purge", NULL, F_PURGE, O_FLAG, FIELD(purge), 0, 0},
    {"--force", NULL, F_FORCE, O_FLAG, FIELD(force), 0, 0},
    {"--json", NULL, 0, O_FLAG, FIELD(json), 0, 0},
    {"--plugins", NULL, 0, O_VALUE, FIELD(plugins), 0, 0},
    {"--config", NULL, 0, O_VALUE, FIELD(config), 0, 0},
    {"--url", NULL, 0, O_VALUE, FIELD(url), 0, 0},
    {"--credentials-file", NULL, 0, O_VALUE, FIELD(cred_file), 0, 0},
    {"--ca-file", NULL, 0, O_VALUE, FIELD(ca_file), 0, 0},
    {"--retry-budget", NULL, 0, O_VALUE, FIELD(retry_budget), 0, 0},
    {"--lock-wait", NULL, F_LOCKWAIT, O_SECONDS, FIELD(lock_wait), 0, 86400},
    {"--lock-lease", NULL, F_LOCKWAIT, O_SECONDS, FIELD(lock_lease), 1, 86400},
    {"--statement-timeout", NULL, F_LOCKWAIT, O_VALUE, FIELD(stmt_timeout), 0, 0},
    {"--ignore-tables", NULL, F_IGNORE, O_VALUE, FIELD(ignore_tables), 0, 0},
    {"--message", "-m", F_BASELINE, O_VALUE, FIELD(message), 0, 0},
    {"--rev-id", NULL, F_BASELINE, O_VALUE, FIELD(rev_id), 0, 0},
    {"--output", "-o", F_BASELINE, O_VALUE, FIELD(output), 0, 0},
};
#undef FIELD

/* Does argv[*i] spell option d? 1 yes (its value, if it takes one, in *v, past it in
 * argv), 0 no, -1 a usage error already reported (in *rc). */
static int spelled(run *r, int argc, char **argv, int *i, const dbopt *d, const char **v, int *rc)
{
    const char *o = argv[*i];
    if (d->alias && strcmp(o, d->alias) == 0) {
        if (d->kind == O_FLAG) return 1;
        if (*i + 1 >= argc) {
            *rc = cli_usage_error(r, "option \"%s\" needs an argument", d->alias);
            return -1;
        }
        *v = argv[++*i];
        return 1;
    }
    size_t n = strlen(d->name);
    if (strncmp(o, d->name, n) != 0) return 0;
    if (d->kind == O_FLAG) return o[n] == '\0';
    if (o[n] == '=') *v = o + n + 1;
    else if (o[n] != '\0') return 0;
    else if (*i + 1 < argc) *v = argv[++*i];
    else {
        *rc = cli_usage_error(r, "option \"%s\" needs an argument", d->name);
        return -1;
    }
    return 1;
}

/* Set d's field from v. 0, or the usage error's status. */
static int set_opt(run *r, const dbopt *d, const char *v)
{
    char *at = (char *)r + d->field;
    switch (d->kind) {
    case O_FLAG: *(bool *)at = true; return 0;
    case O_VALUE: *(const char **)at = v; return 0;
    case O_SECONDS: {
        char *end;
        long w = strtol(v, &end, 10);
        if (!*v || *end || w < d->min || w > d->max)
            return cli_usage_error(r, "%s takes seconds (%d to %d), not \"%s\"", d->name, d->min, d->max, v);
        *(int *)at = (int)w;
        return 0;
    }
    }
    return 0;
}

int cli_db_args(run *r, int argc, char **argv, unsigned flags, const char **pos, int maxpos, int *npos, bool *done)
{
    *npos = 0;
    *done = false;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        bool negative = o[0] == '-' && o[1] >= '0' && o[1] <= '9';
        if (o[0] != '-' || negative || strcmp(o, "-") == 0) {
            if (*npos >= maxpos) return cli_usage_error(r, "unexpected argument \"%s\"", o);
            pos[(*npos)++] = o;
            continue;
        }
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            *done = true;
            return cli_help_of(r, r->cmd);
        }
        if (strncmp(o, "--password", 10) == 0 || strncmp(o, "--token", 7) == 0)
            return cli_usage_error(r, "credentials are not taken on the command line (see `man migrun`: environment "
                                      "variables or --credentials-file)");
        int m = 0, rc = 0;
        const dbopt *d = db_opts;
        for (const char *v = NULL; d < db_opts + sizeof db_opts / sizeof *db_opts; d++) {
            if (d->only && !(flags & d->only)) continue;
            if ((m = spelled(r, argc, argv, &i, d, &v, &rc)) < 0) return rc;
            if (m) {
                if ((rc = set_opt(r, d, v))) return rc;
                break;
            }
        }
        if (!m) return cli_usage_error(r, "unrecognized option \"%s\"", o);
    }
    return 0;
}

/* ---- a session with the database ---- */

static int report_json(run *r, const mig_rt_error *e)
{
    if (r->json) {
        fprintf(r->out, "{\"event\":\"error\",\"code\":\"%s\",\"message\":%s,\"detail\":%s,\"hint\":%s}\n",
                mig_rt_code_name(e->code), mig_json_str(r->a, e->message), mig_json_str(r->a, e->detail),
                mig_json_str(r->a, e->hint));
        fflush(r->out);
    }
    return cli_report(r, e);
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
int cli_online_open(run *r, online *o, bool need_plugins, mig_rt_error *e)
{
    memset(o, 0, sizeof *o);
    int rc;
    mig_config c;
    if (cli_config(r, &c)) return MIG_EXIT_USAGE;
    /* log_format = json means --json; log_level filters progress lines and c steps' logs. */
    int min_level = cli_level_parse(c.log_level);
    bool fmt_ok = c.log_format && (strcmp(c.log_format, "text") == 0 || strcmp(c.log_format, "json") == 0);
    if (min_level < 0 || !fmt_ok) {
        fprintf(r->err, "migrun: error: %s \"%s\" is not one of %s\n", min_level < 0 ? "log_level" : "log_format",
                min_level < 0 ? (c.log_level ? c.log_level : "") : (c.log_format ? c.log_format : ""),
                min_level < 0 ? "debug, info, warn, error" : "text, json");
        return MIG_EXIT_USAGE;
    }
    if (strcmp(c.log_format, "json") == 0) r->json = true;
    o->prog = (cli_progress){.r = r, .min_level = min_level};
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
        if ((rc = cli_open_dir(r, &o->p, &o->g))) return rc;
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
    o->x.report = cli_progress_report;
    o->x.report_ud = &o->prog;
    if (mig_state_read(&o->st, &o->x.rows, &o->x.nrows, e)) return -1;
    return 0;
}

/* What current, status, check, lock and unlock begin with: their options (no operand),
 * then the session. true: the command is over, with *rc (help shown, a usage error, or no
 * session); false: go on, *rc 0, or -1 with e saying why (cli_online_close reports it). */
bool cli_online_start(run *r, int argc, char **argv, unsigned flags, bool need_plugins, online *o, mig_rt_error *e,
                      int *rc)
{
    bool done;
    int npos;
    if ((*rc = cli_db_args(r, argc, argv, flags, NULL, 0, &npos, &done)) || done) return true;
    memset(e, 0, sizeof *e);
    return (*rc = cli_online_open(r, o, need_plugins, e)) > 0;
}

int cli_online_close(run *r, online *o, int rc, mig_rt_error *e)
{
    mig_heartbeat_stop(&o->st);
    /* Release the lock, trying a few times: a lock left behind blocks every other migrun
     * until its lease ends. Failing that, the work done stands; say so and keep its status. */
    for (int attempt = 0; o->st.held && attempt < 3; attempt++) {
        mig_rt_error e2;
        memset(&e2, 0, sizeof e2);
        if (mig_lock_release(&o->st, &e2) == 0) {
            cli_event(r, "lock_released", NULL);
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

int cli_take_lock(run *r, online *o, mig_rt_error *e)
{
    if (mig_state_ensure(&o->st, e)) return -1;
    mig_lockinfo h;
    memset(&h, 0, sizeof h);
    if (mig_lock_take(&o->st, r->lock_wait, &h, e)) return -1;
    mig_heartbeat_start(&o->st); /* without it, renewed between steps only */
    cli_event(r, "lock", "\"holder\":%s", mig_json_str(r->a, mig_state_who(&o->st)));
    /* what others did while we waited */
    if (mig_state_read(&o->st, &o->x.rows, &o->x.nrows, e)) return -1;
    return 0;
}
