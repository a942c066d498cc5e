/* online.c - the commands that connect: their options (by hand, since a target may be
 * -N), and a session with the database: the configuration, the connection, the version
 * table read, the lock taken and released. */
#include "cli.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../common/config.h"
#include "../../common/exitcodes.h"
#include "../../common/sha256.h"
#include "../heartbeat.h"
#include "../revjson.h"

/* An option with a value: --name VALUE or --name=VALUE. 1 matched (value in *v), 0 not
 * this option, -1 a usage error already reported. */
int cli_valued(run *r, int argc, char **argv, int *i, const char *name, const char **v, int *rc)
{
    const char *o = argv[*i];
    size_t n = strlen(name);
    if (strncmp(o, name, n) != 0 || (o[n] != '=' && o[n] != '\0')) return 0;
    if (o[n] == '=') *v = o + n + 1;
    else if (*i + 1 < argc) *v = argv[++*i];
    else {
        *rc = cli_usage_error(r, "option \"%s\" needs an argument", name);
        return -1;
    }
    return 1;
}

/* Options by hand: a target may be -N, which getopt would take for an option. Positional
 * arguments into pos (up to maxpos). 0, or an exit status (help shown: *done). */
int cli_db_args(run *r, int argc, char **argv, unsigned flags, const char **pos, int maxpos, int *npos, bool *sql,
                   bool *done)
{
    *npos = 0;
    *done = false;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = NULL;
        bool negative = o[0] == '-' && o[1] >= '0' && o[1] <= '9';
        int rc = 0, m;
        if (o[0] != '-' || negative || strcmp(o, "-") == 0) {
            if (*npos >= maxpos) return cli_usage_error(r, "unexpected argument \"%s\"", o);
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
            return cli_help_of(r, r->cmd);
        } else if ((m = cli_valued(r, argc, argv, &i, "--plugins", &r->plugins, &rc)) ||
                   (m = cli_valued(r, argc, argv, &i, "--config", &r->config, &rc)) ||
                   (m = cli_valued(r, argc, argv, &i, "--url", &r->url, &rc)) ||
                   (m = cli_valued(r, argc, argv, &i, "--credentials-file", &r->cred_file, &rc)) ||
                   (m = cli_valued(r, argc, argv, &i, "--ca-file", &r->ca_file, &rc)) ||
                   (m = cli_valued(r, argc, argv, &i, "--retry-budget", &r->retry_budget, &rc))) {
            if (m < 0) return rc;
        } else if ((flags & F_LOCKWAIT) && (m = cli_valued(r, argc, argv, &i, "--lock-wait", &v, &rc))) {
            if (m < 0) return rc;
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 0 || w > 86400) return cli_usage_error(r, "--lock-wait takes seconds (0 to 86400), not \"%s\"", v);
            r->lock_wait = (int)w;
        } else if ((flags & F_LOCKWAIT) && (m = cli_valued(r, argc, argv, &i, "--lock-lease", &v, &rc))) {
            if (m < 0) return rc;
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 1 || w > 86400) return cli_usage_error(r, "--lock-lease takes seconds (1 to 86400), not \"%s\"", v);
            r->lock_lease = (int)w;
        } else if ((flags & F_LOCKWAIT) &&
                   (m = cli_valued(r, argc, argv, &i, "--statement-timeout", &r->stmt_timeout, &rc))) {
            if (m < 0) return rc;
        } else if ((flags & F_IGNORE) && (m = cli_valued(r, argc, argv, &i, "--ignore-tables", &r->ignore_tables, &rc))) {
            if (m < 0) return rc;
        } else if (strncmp(o, "--password", 10) == 0 || strncmp(o, "--token", 7) == 0) {
            return cli_usage_error(r, "credentials are not taken on the command line (see `man migrun`: environment "
                                  "variables or --credentials-file)");
        } else {
            return cli_usage_error(r, "unrecognized option \"%s\"", o);
        }
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
    if ((*rc = cli_db_args(r, argc, argv, flags, NULL, 0, &npos, NULL, &done)) || done) return true;
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
