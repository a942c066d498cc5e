/* state.c - see state.h. All YQL of the version and lock tables is here, as fixed text
 * with the table names quoted by mig_yql_name and every value a DECLAREd parameter. */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "../common/buf.h"
#include "yql.h"

#define LOCK_ID "1u"

static const mig_p_type T_UTF8 = {MIG_PT_UTF8, 0, 0, 0, 0};
static const mig_p_type T_U32 = {MIG_PT_UINT32, 0, 0, 0, 0};
static const mig_p_type T_TS = {MIG_PT_TIMESTAMP, 0, 0, 0, 0};

const char *mig_state_sql(mig_state *s, const char *fmt)
{
    mig_buf b = MIG_BUF_INIT;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && (p[1] == 'V' || p[1] == 'L' || p[1] == 'C')) {
            mig_yql_name(&b, p[1] == 'V' ? s->vt : p[1] == 'L' ? s->lt : mig_cursor_table(s));
            p++;
        } else {
            mig_buf_putc(&b, *p);
        }
    }
    const char *r = mig_strdup(s->a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

const char *mig_ts_format(mig_arena *a, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return mig_strdup(a, buf);
}

time_t mig_ts_parse(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                     &tm.tm_sec) != 6)
        return (time_t)-1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

void mig_state_init(mig_state *s, mig_arena *a, mig_db *db, const char *version_table)
{
    memset(s, 0, sizeof *s);
    s->a = a;
    s->db = db;
    s->vt = version_table && *version_table ? version_table : "mig_version";
    s->lt = mig_printf(a, "%s_lock", s->vt);
    const char *u = getenv("USER");
    if (!u || !*u) u = getenv("LOGNAME");
    struct passwd pwbuf, *pw = NULL;
    char pwtext[1024];
    if ((!u || !*u) && getpwuid_r(getuid(), &pwbuf, pwtext, sizeof pwtext, &pw) == 0 && pw && pw->pw_name)
        u = pw->pw_name;
    s->user = u && *u ? mig_strdup(a, u) : "unknown";
    char host[256];
    s->host = gethostname(host, sizeof host) == 0 ? (host[sizeof host - 1] = '\0', mig_strdup(a, host)) : "unknown";
    s->pid = (uint32_t)getpid();
    s->lease_s = 120;
    unsigned char rnd[16];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(rnd, 1, sizeof rnd, f) : 0;
    if (f) fclose(f);
    if (got != sizeof rnd) { /* no /dev/urandom: pid and time still tell holders apart */
        unsigned long long x = (unsigned long long)time(NULL) * 1000003ull ^ (unsigned long long)s->pid;
        for (size_t i = 0; i < sizeof rnd; i++) rnd[i] = (unsigned char)(x >> ((i % 8) * 8)) ^ (unsigned char)i;
    }
    for (size_t i = 0; i < sizeof rnd; i++) snprintf(s->token + 2 * i, 3, "%02x", rnd[i]);
}

const char *mig_state_who(const mig_state *s)
{
    return mig_printf(s->a, "%s@%s pid %u", s->user, s->host, (unsigned)s->pid);
}

static int db_fail(mig_state *s, const ydb_error *ye, const char *what, mig_rt_error *err)
{
    mig_db_error(s->a, ye, what, NULL, err);
    return -1;
}

static const char *cell(const ydb_result_set *rs, size_t row, const char *name)
{
    for (size_t c = 0; c < rs->ncolumns; c++)
        if (strcmp(rs->names[c], name) == 0) return rs->cells[row * rs->ncolumns + c];
    return NULL;
}

/* ---- the tables ---- */

/* The two tables' columns (all NOT NULL; the first is the key): the DDL below is made from
 * them, and mig_state_is_state_table recognises another project's tables by them. */
static const char *const VERSION_COLS[][2] = {
    {"revision", "Utf8"},      {"state", "Utf8"},         {"steps_done", "Uint32"},
    {"steps_total", "Uint32"}, {"source_sha256", "Utf8"}, {"plugin_sha256", "Utf8"},
    {"applied_by", "Utf8"},    {"applied_at", "Timestamp"}, {"migrun_version", "Utf8"},
};
static const char *const LOCK_COLS[][2] = {
    {"id", "Uint32"},        {"holder_user", "Utf8"}, {"holder_host", "Utf8"}, {"holder_pid", "Uint32"},
    {"since", "Timestamp"},  {"expires", "Timestamp"}, {"token", "Utf8"},
};
/* The backfill cursors (decision 0027): a row per backfill step under way, keyed by
 * mig_cursor_id; cursor and end_key hold keys as mig_cursor_encode writes them. */
static const char *const CURSOR_COLS[][2] = {
    {"id", "Utf8"},       {"revision", "Utf8"}, {"cursor", "String"},
    {"end_key", "String"}, {"rows_done", "Uint64"}, {"started_at", "Timestamp"},
};
#define NCOLS(v) (sizeof v / sizeof v[0])

static const char *create_ddl(mig_state *s, const char *table, const char *const (*cols)[2], size_t n)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "CREATE TABLE IF NOT EXISTS ");
    mig_yql_name(&b, table);
    mig_buf_puts(&b, " (\n");
    for (size_t i = 0; i < n; i++) mig_buf_printf(&b, "    %s %s NOT NULL,\n", cols[i][0], cols[i][1]);
    mig_buf_printf(&b, "    PRIMARY KEY (%s)\n);\n", cols[0][0]);
    const char *r = mig_strdup(s->a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

static bool has_cols(const mig_p_table *t, const char *const (*cols)[2], size_t n)
{
    if (t->nkey != 1 || strcmp(t->key[0], cols[0][0]) != 0) return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (uint32_t j = 0; j < t->ncolumns && !found; j++) found = strcmp(t->columns[j].name, cols[i][0]) == 0;
        if (!found) return false;
    }
    return true;
}

bool mig_state_is_state_table(const mig_p_table *t)
{
    size_t n = t->path ? strlen(t->path) : 0;
    if (has_cols(t, VERSION_COLS, NCOLS(VERSION_COLS))) return true;
    if (n > 9 && strcmp(t->path + n - 9, "_backfill") == 0 && has_cols(t, CURSOR_COLS, NCOLS(CURSOR_COLS)))
        return true;
    return n > 5 && strcmp(t->path + n - 5, "_lock") == 0 && has_cols(t, LOCK_COLS, NCOLS(LOCK_COLS));
}

int mig_cursor_ensure(mig_state *s, mig_rt_error *err)
{
    const char *ct = mig_cursor_table(s);
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    if (s->db->api->exec_notx(s->db->conn, create_ddl(s, ct, CURSOR_COLS, NCOLS(CURSOR_COLS)), NULL, 0, true, s->a,
                              NULL, &ye))
        return db_fail(s, &ye, mig_printf(s->a, "cannot create the table \"%s\"", ct), err);
    return 0;
}

/* A version-table row is written by UPSERT: the key column is never updated. */
#define VROW_DELETE "DELETE FROM %V WHERE revision = "
#define VROW_UPSERT "UPSERT INTO %V (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, " \
                    "applied_by, applied_at, migrun_version)\nVALUES ("

int mig_state_ensure(mig_state *s, mig_rt_error *err)
{
    const char *ddl[2] = {create_ddl(s, s->vt, VERSION_COLS, NCOLS(VERSION_COLS)),
                          create_ddl(s, s->lt, LOCK_COLS, NCOLS(LOCK_COLS))};
    for (size_t i = 0; i < 2; i++) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (s->db->api->exec_notx(s->db->conn, ddl[i], NULL, 0, true, s->a, NULL, &ye))
            return db_fail(s, &ye, mig_printf(s->a, "cannot create the table \"%s\"", i ? s->lt : s->vt), err);
    }
    return 0;
}

int mig_state_exists(mig_state *s, mig_rt_error *err)
{
    mig_p_table t;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = s->db->api->describe_table(s->db->conn, s->vt, s->a, &t, &ye);
    if (rc < 0) return db_fail(s, &ye, mig_printf(s->a, "cannot describe the version table \"%s\"", s->vt), err);
    return rc == 0;
}

int mig_state_read(mig_state *s, mig_vrow **rows, size_t *n, mig_rt_error *err)
{
    *rows = NULL;
    *n = 0;
    int ex = mig_state_exists(s, err);
    if (ex <= 0) return ex;
    ydb_result r;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    if (s->db->api->exec_notx(s->db->conn,
                              mig_state_sql(s, "SELECT revision, state, steps_done, steps_total, source_sha256, plugin_sha256, "
                                   "applied_by, applied_at, migrun_version FROM %V ORDER BY revision;"),
                              NULL, 0, true, s->a, &r, &ye))
        return db_fail(s, &ye, mig_printf(s->a, "cannot read the version table \"%s\"", s->vt), err);
    if (r.nsets == 0) return 0;
    const ydb_result_set *rs = &r.sets[0];
    *rows = mig_alloc(s->a, (rs->nrows ? rs->nrows : 1) * sizeof **rows);
    for (size_t i = 0; i < rs->nrows; i++) {
        mig_vrow *v = &(*rows)[i];
        v->revision = cell(rs, i, "revision");
        v->state = cell(rs, i, "state");
        const char *d = cell(rs, i, "steps_done"), *t = cell(rs, i, "steps_total");
        v->steps_done = d ? (uint32_t)strtoul(d, NULL, 10) : 0;
        v->steps_total = t ? (uint32_t)strtoul(t, NULL, 10) : 0;
        v->source_sha256 = cell(rs, i, "source_sha256");
        v->plugin_sha256 = cell(rs, i, "plugin_sha256");
        v->applied_by = cell(rs, i, "applied_by");
        v->applied_at = cell(rs, i, "applied_at");
        v->migrun_version = cell(rs, i, "migrun_version");
        if (!v->revision || !v->state)
            return mig_rt_fail(err, MIG_RT_STATE, mig_printf(s->a, "the version table \"%s\" has a malformed row", s->vt),
                               "A row lacks its revision or state.", "Inspect the table; `migrun stamp --purge` clears it.");
    }
    *n = rs->nrows;
    return 0;
}

/* ---- writes, each in a transaction of its own ---- */

typedef struct put_ctx {
    mig_state *s;
    const mig_vrow *row;       /* put */
    const char *revision;      /* delete */
    int op;                    /* 0 put, 1 delete, 2 purge */
} put_ctx;

static int put_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    put_ctx *c = ud;
    mig_state *s = c->s;
    if (c->op == 2) return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DELETE FROM %V;"), NULL, 0, s->a, NULL, ye);
    if (c->op == 1) {
        mig_param p = {"$revision", T_UTF8, c->revision};
        return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DECLARE $revision AS Utf8;\n" VROW_DELETE "$revision;"), &p, 1,
                                          s->a, NULL, ye);
    }
    const mig_vrow *v = c->row;
    char done[16], total[16];
    snprintf(done, sizeof done, "%u", (unsigned)v->steps_done);
    snprintf(total, sizeof total, "%u", (unsigned)v->steps_total);
    mig_param p[] = {
        {"$revision", T_UTF8, v->revision},
        {"$state", T_UTF8, v->state},
        {"$steps_done", T_U32, done},
        {"$steps_total", T_U32, total},
        {"$source_sha256", T_UTF8, v->source_sha256},
        {"$plugin_sha256", T_UTF8, v->plugin_sha256},
        {"$applied_by", T_UTF8, v->applied_by},
        {"$applied_at", T_TS, v->applied_at},
        {"$migrun_version", T_UTF8, v->migrun_version},
    };
    return s->db->api->tx_exec_commit(
        tx,
        mig_state_sql(s, "DECLARE $revision AS Utf8;\nDECLARE $state AS Utf8;\nDECLARE $steps_done AS Uint32;\n"
             "DECLARE $steps_total AS Uint32;\nDECLARE $source_sha256 AS Utf8;\nDECLARE $plugin_sha256 AS Utf8;\n"
             "DECLARE $applied_by AS Utf8;\nDECLARE $applied_at AS Timestamp;\nDECLARE $migrun_version AS Utf8;\n"
             VROW_UPSERT "$revision, $state, $steps_done, $steps_total, $source_sha256, "
             "$plugin_sha256, $applied_by, $applied_at, $migrun_version);"),
        p, sizeof p / sizeof p[0], s->a, NULL, ye);
}

/* Run one of this file's transactions until it succeeds, fails for good or the retry
 * budget is spent. Every one is safe to run again after an answer that was lost: a put
 * writes the whole row, a delete removes a row, and a lock transaction first reads the
 * lock row it decides on (our token there means an earlier attempt took effect). */
static int state_tx(mig_state *s, ydb_tx_fn fn, void *ud, const char *what, ydb_error *ye)
{
    mig_retry rt;
    mig_retry_begin(&rt, s->db);
    for (;;) {
        memset(ye, 0, sizeof *ye);
        if (s->db->api->retry_tx(s->db->conn, fn, ud, ye) == 0) return 0;
        if (!mig_retry_again(&rt, ye, what)) return -1;
    }
}

static int put_run(mig_state *s, put_ctx *c, const char *what, mig_rt_error *err)
{
    ydb_error ye;
    if (state_tx(s, put_fn, c, "the version table", &ye)) return db_fail(s, &ye, what, err);
    return 0;
}

int mig_state_put(mig_state *s, const mig_vrow *row, mig_rt_error *err)
{
    put_ctx c = {s, row, NULL, 0};
    return put_run(s, &c, mig_printf(s->a, "cannot record revision \"%s\" in \"%s\"", row->revision, s->vt), err);
}

int mig_state_delete(mig_state *s, const char *revision, mig_rt_error *err)
{
    put_ctx c = {s, NULL, revision, 1};
    return put_run(s, &c, mig_printf(s->a, "cannot delete revision \"%s\" from \"%s\"", revision, s->vt), err);
}

int mig_state_purge(mig_state *s, mig_rt_error *err)
{
    put_ctx c = {s, NULL, NULL, 2};
    return put_run(s, &c, mig_printf(s->a, "cannot clear the version table \"%s\"", s->vt), err);
}

int mig_state_tx_set_steps(mig_state *s, ydb_tx *tx, const char *revision, uint32_t steps, ydb_error *ye)
{
    char n[16];
    snprintf(n, sizeof n, "%u", (unsigned)steps);
    mig_param p[] = {{"$revision", T_UTF8, revision}, {"$steps_done", T_U32, n}};
    return s->db->api->tx_exec_commit(
        tx,
        mig_state_sql(s, "DECLARE $revision AS Utf8;\nDECLARE $steps_done AS Uint32;\n"
             "UPDATE %V SET steps_done = $steps_done WHERE revision = $revision;"),
        p, 2, s->a, NULL, ye);
}

int64_t mig_state_tx_claim(mig_state *s, ydb_tx *tx, const char *revision, uint32_t expected, uint32_t steps,
                           const mig_vrow *after, ydb_error *ye)
{
    char e[16], n[16];
    snprintf(e, sizeof e, "%u", (unsigned)expected);
    snprintf(n, sizeof n, "%u", (unsigned)steps);
    ydb_result r;
    int rc;
    if (!after) {
        mig_param p[] = {{"$revision", T_UTF8, revision}, {"$expected", T_U32, e}, {"$steps_done", T_U32, n}};
        rc = s->db->api->tx_exec(
            tx,
            mig_state_sql(s, "DECLARE $revision AS Utf8;\nDECLARE $expected AS Uint32;\nDECLARE $steps_done AS Uint32;\n"
                 "SELECT steps_done FROM %V WHERE revision = $revision;\n"
                 "UPDATE %V SET steps_done = $steps_done WHERE revision = $revision AND steps_done = $expected;"),
            p, sizeof p / sizeof p[0], s->a, &r, ye);
    } else {
        mig_param p[] = {
            {"$revision", T_UTF8, revision},          {"$expected", T_U32, e},
            {"$steps_done", T_U32, n},                {"$state", T_UTF8, after->state},
            {"$applied_by", T_UTF8, after->applied_by}, {"$applied_at", T_TS, after->applied_at},
            {"$migrun_version", T_UTF8, after->migrun_version},
        };
        rc = s->db->api->tx_exec(
            tx,
            mig_state_sql(s, "DECLARE $revision AS Utf8;\nDECLARE $expected AS Uint32;\nDECLARE $steps_done AS Uint32;\n"
                 "DECLARE $state AS Utf8;\nDECLARE $applied_by AS Utf8;\nDECLARE $applied_at AS Timestamp;\n"
                 "DECLARE $migrun_version AS Utf8;\n"
                 "SELECT steps_done FROM %V WHERE revision = $revision;\n"
                 "UPDATE %V SET steps_done = $steps_done, state = $state, applied_by = $applied_by, "
                 "applied_at = $applied_at, migrun_version = $migrun_version\n"
                 "WHERE revision = $revision AND steps_done = $expected;"),
            p, sizeof p / sizeof p[0], s->a, &r, ye);
    }
    if (rc) return -2;
    if (r.nsets == 0 || r.sets[0].nrows == 0 || !r.sets[0].cells[0]) return -1;
    return (int64_t)strtoull(r.sets[0].cells[0], NULL, 10);
}

/* ---- the lock ---- */

static int lock_select(mig_state *s, ydb_tx *tx, mig_lockinfo *info, const char **token, ydb_error *ye)
{
    memset(info, 0, sizeof *info);
    ydb_result r;
    const char *sql = "SELECT holder_user, holder_host, holder_pid, since, expires, token FROM %L WHERE id = " LOCK_ID ";";
    int rc = tx ? s->db->api->tx_exec(tx, mig_state_sql(s, sql), NULL, 0, s->a, &r, ye)
                : s->db->api->exec_notx(s->db->conn, mig_state_sql(s, sql), NULL, 0, true, s->a, &r, ye);
    if (rc) return -1;
    if (r.nsets == 0 || r.sets[0].nrows == 0) return 0;
    const ydb_result_set *rs = &r.sets[0];
    info->present = true;
    info->user = cell(rs, 0, "holder_user");
    info->host = cell(rs, 0, "holder_host");
    const char *pid = cell(rs, 0, "holder_pid");
    info->pid = pid ? (uint32_t)strtoul(pid, NULL, 10) : 0;
    info->since = cell(rs, 0, "since");
    info->expires = cell(rs, 0, "expires");
    time_t exp = mig_ts_parse(info->expires);
    info->expired = exp == (time_t)-1 || exp <= time(NULL);
    if (token) *token = cell(rs, 0, "token");
    return 0;
}

int mig_lock_read(mig_state *s, mig_lockinfo *info, mig_rt_error *err)
{
    memset(info, 0, sizeof *info);
    mig_p_table t;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = s->db->api->describe_table(s->db->conn, s->lt, s->a, &t, &ye);
    if (rc < 0) return db_fail(s, &ye, mig_printf(s->a, "cannot describe the lock table \"%s\"", s->lt), err);
    if (rc == 1) return 0;
    if (lock_select(s, NULL, info, NULL, &ye))
        return db_fail(s, &ye, mig_printf(s->a, "cannot read the lock table \"%s\"", s->lt), err);
    return 0;
}

typedef struct lock_ctx {
    mig_state *s;
    int op;              /* 0 take, 1 renew, 2 release, 3 break */
    mig_lockinfo holder; /* take: who has it */
    bool busy;           /* take: held by another; renew: no longer ours */
} lock_ctx;

static int lock_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    lock_ctx *c = ud;
    mig_state *s = c->s;
    c->busy = false;
    if (c->op == 3)
        return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DELETE FROM %L WHERE id = " LOCK_ID ";"), NULL, 0, s->a, NULL, ye);
    const char *token = NULL;
    if (lock_select(s, tx, &c->holder, &token, ye)) return -1;
    bool ours = c->holder.present && token && strcmp(token, s->token) == 0;
    if (c->op == 2) {
        if (!ours) return 0; /* gone or broken: nothing of ours to release */
        return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DELETE FROM %L WHERE id = " LOCK_ID ";"), NULL, 0, s->a, NULL, ye);
    }
    if (c->op == 0 && c->holder.present && !c->holder.expired && !ours) {
        c->busy = true;
        return 0; /* commit the read-only transaction */
    }
    if (c->op == 1 && !ours) {
        c->busy = true;
        return 0;
    }
    time_t now = time(NULL);
    char pid[16];
    snprintf(pid, sizeof pid, "%u", (unsigned)s->pid);
    const char *since = c->op == 1 && c->holder.since ? c->holder.since : mig_ts_format(s->a, now);
    mig_param p[] = {
        {"$user", T_UTF8, s->user},   {"$host", T_UTF8, s->host}, {"$pid", T_U32, pid},
        {"$since", T_TS, since},      {"$expires", T_TS, mig_ts_format(s->a, now + s->lease_s)},
        {"$token", T_UTF8, s->token},
    };
    return s->db->api->tx_exec_commit(
        tx,
        mig_state_sql(s, "DECLARE $user AS Utf8;\nDECLARE $host AS Utf8;\nDECLARE $pid AS Uint32;\nDECLARE $since AS Timestamp;\n"
             "DECLARE $expires AS Timestamp;\nDECLARE $token AS Utf8;\n"
             "UPSERT INTO %L (id, holder_user, holder_host, holder_pid, since, expires, token)\n"
             "VALUES (" LOCK_ID ", $user, $host, $pid, $since, $expires, $token);"),
        p, sizeof p / sizeof p[0], s->a, NULL, ye);
}

static int lock_run(mig_state *s, lock_ctx *c, mig_rt_error *err)
{
    ydb_error ye;
    const char *what = mig_printf(s->a, "cannot update the migration lock in \"%s\"", s->lt);
    if (state_tx(s, lock_fn, c, "the migration lock", &ye)) return db_fail(s, &ye, what, err);
    return 0;
}

static const char *holder_text(mig_state *s, const mig_lockinfo *h)
{
    return mig_printf(s->a, "%s@%s pid %u since %s (lease until %s)", h->user ? h->user : "?", h->host ? h->host : "?",
                      (unsigned)h->pid, h->since ? h->since : "?", h->expires ? h->expires : "?");
}

int mig_lock_take(mig_state *s, int wait_s, mig_lockinfo *holder, mig_rt_error *err)
{
    time_t until = time(NULL) + (wait_s > 0 ? wait_s : 0);
    lock_ctx c;
    for (unsigned attempt = 0;; attempt++) {
        memset(&c, 0, sizeof c);
        c.s = s;
        c.op = 0;
        if (lock_run(s, &c, err)) {
            /* the take may have committed after all (an answer lost): remove ours, if it is */
            lock_ctx undo;
            memset(&undo, 0, sizeof undo);
            undo.s = s;
            undo.op = 2;
            mig_rt_error ignored;
            lock_run(s, &undo, &ignored);
            return -1;
        }
        if (!c.busy) break;
        if (holder) *holder = c.holder;
        if (time(NULL) >= until)
            return mig_rt_fail(err, MIG_RT_LOCKED,
                               mig_printf(s->a, "another migrun holds the migration lock: %s", holder_text(s, &c.holder)),
                               wait_s > 0 ? mig_printf(s->a, "Waited %d seconds for it.", wait_s) : NULL,
                               "Wait for it to finish (--lock-wait SECONDS waits). If that process is gone, the lock "
                               "expires with its lease, or `migrun unlock --force` breaks it now.");
        usleep(200000u + (unsigned)(s->pid % 7) * 50000u);
    }
    s->held = true;
    s->renewed = time(NULL);
    return 0;
}

int mig_lock_renew(mig_state *s, mig_rt_error *err)
{
    if (s->keep) return s->keep(s->keeper, s->a, err);
    if (!s->held || time(NULL) - s->renewed < s->lease_s / 3) return 0;
    lock_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.op = 1;
    if (lock_run(s, &c, err)) return -1;
    if (c.busy) {
        s->held = false;
        return mig_rt_fail(err, MIG_RT_LOCKED, "the migration lock is no longer this migrun's",
                           c.holder.present ? mig_printf(s->a, "It is held by %s.", holder_text(s, &c.holder))
                                            : "It was broken (migrun unlock --force).",
                           "Nothing more was run. Check who migrates this database, then run migrun again.");
    }
    s->renewed = time(NULL);
    return 0;
}

int mig_lock_release(mig_state *s, mig_rt_error *err)
{
    if (!s->held) return 0;
    lock_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.op = 2;
    s->held = false;
    return lock_run(s, &c, err);
}

int mig_lock_break(mig_state *s, mig_rt_error *err)
{
    lock_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.op = 3;
    return lock_run(s, &c, err);
}

bool mig_lock_holder_gone(const mig_state *s, const mig_lockinfo *h)
{
    if (!h->present || !h->host || strcmp(h->host, s->host) != 0 || h->pid == 0) return false;
    return kill((pid_t)h->pid, 0) != 0 && errno == ESRCH;
}

/* ---- the same statements for a script (upgrade|downgrade --sql) ---- */

void mig_state_script_ensure(mig_state *s, mig_buf *out)
{
    mig_buf_puts(out, create_ddl(s, s->vt, VERSION_COLS, NCOLS(VERSION_COLS)));
    mig_buf_puts(out, create_ddl(s, s->lt, LOCK_COLS, NCOLS(LOCK_COLS)));
}

void mig_state_script_put(mig_state *s, mig_buf *out, const mig_vrow *v)
{
    char done[16], total[16];
    snprintf(done, sizeof done, "%u", (unsigned)v->steps_done);
    snprintf(total, sizeof total, "%u", (unsigned)v->steps_total);
    mig_buf_puts(out, mig_state_sql(s, VROW_UPSERT));
    const char *text[] = {v->revision, v->state, done, total, v->source_sha256, v->plugin_sha256, v->applied_by};
    const mig_p_type *type[] = {&T_UTF8, &T_UTF8, &T_U32, &T_U32, &T_UTF8, &T_UTF8, &T_UTF8};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        mig_yql_value(out, type[i], text[i]);
        mig_buf_puts(out, ", ");
    }
    /* applied_at: when the script runs; a literal when one is given */
    if (v->applied_at) mig_yql_value(out, &T_TS, v->applied_at);
    else mig_buf_puts(out, "CurrentUtcTimestamp()");
    mig_buf_puts(out, ", ");
    mig_yql_value(out, &T_UTF8, v->migrun_version);
    mig_buf_puts(out, ");\n");
}

void mig_state_script_delete(mig_state *s, mig_buf *out, const char *revision)
{
    mig_buf_puts(out, mig_state_sql(s, VROW_DELETE));
    mig_yql_value(out, &T_UTF8, revision);
    mig_buf_puts(out, ";\n");
}
