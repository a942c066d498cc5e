/* db.c - see db.h. */
#include "db.h"

#include "../common/ini.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef MIG_PKGLIBDIR
#define MIG_PKGLIBDIR "/usr/local/lib/migrun"
#endif
#define MODULE_NAME "migrun-ydb.so"

void mig_db_error(mig_arena *a, const ydb_error *ye, const char *what, const char *hint, mig_rt_error *err)
{
    const char *name = ye->status_name ? ye->status_name : "error";
    const char *msg = ye->message && *ye->message ? ye->message : "no detail";
    mig_rt_fail(err, MIG_RT_DATABASE, what,
                mig_printf(a, "The database answered %s: %s.%s", name, msg,
                           ye->undetermined ? "\nThe outcome is undetermined: the request may or may not have taken effect."
                                            : ""),
                hint);
    if (ye->retryable || ye->undetermined)
        err->detail = mig_printf(a, "%s\nmigrun retried it until its retry budget was spent (--retry-budget SECONDS, "
                                    "or retry_budget in mig.ini).", err->detail);
}

/* ---- retries ---- */

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The driver's log callback: its retry lines (level INFO) and, at log_level debug, its call
 * traces and gRPC's own records (grpclog.h), one line each. */
static void driver_log(void *ud, int level, const char *msg)
{
    const mig_db *db = ud;
    if (level < db->log_min) return;
    if (level > 0) fprintf(db->log, "migrun: %s\n", msg);
    else fprintf(db->log, "migrun: debug: %s\n", msg);
    fflush(db->log);
}

void mig_retry_begin(mig_retry *r, mig_db *db)
{
    r->db = db;
    r->start_ms = mono_ms();
    r->attempt = 0;
}

bool mig_retry_again(mig_retry *r, const ydb_error *ye, const char *what)
{
    if (!ye->undetermined && !ye->retryable) return false;
    int budget = r->db->opts.retry_budget_ms; /* 0: none of migrun's own */
    int delay = 100 << (r->attempt < 5 ? r->attempt : 5); /* 0.1 s doubling to 3.2 s */
    if (mono_ms() - r->start_ms + delay >= budget) return false;
    r->attempt++;
    if (r->db->opts.log) {
        char line[1024];
        snprintf(line, sizeof line, "retrying: %s, attempt %d, next in %d ms (%s: %s%s)",
                 ye->status_name ? ye->status_name : "error", r->attempt + 1, delay, what,
                 ye->message && *ye->message ? ye->message : "no detail",
                 ye->undetermined ? "; the outcome is read back" : "");
        r->db->opts.log(r->db->opts.log_ud, 1, line);
    }
    struct timespec ts = {delay / 1000, (long)(delay % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return true;
}

/* ---- credentials ---- */

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* PATH as one word for a shell: as it is, or in single quotes. */
static const char *shell_word(mig_arena *a, const char *path)
{
    if (*path && strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./+,:=@%-") ==
                     strlen(path))
        return path;
    char *q = mig_strdup(a, "'");
    for (const char *c = path; *c; c++) q = *c == '\'' ? mig_printf(a, "%s'\\''", q) : mig_printf(a, "%s%c", q, *c);
    return mig_printf(a, "%s'", q);
}

#define CRED_KEYS_HINT "The keys are token, user, password and anonymous (see `man migrun`)."

typedef struct cred_ctx {
    mig_arena *a;
    const char *path;
    ydb_options *yo;
    bool anonymous;
} cred_ctx;

static int cred_line(void *ud, const mig_ini_line *l, const char **err)
{
    cred_ctx *cc = ud;
    const char *k = l->key, *v = l->value;
    if (strcmp(k, "token") == 0) cc->yo->token = mig_strdup(cc->a, v);
    else if (strcmp(k, "user") == 0) cc->yo->user = mig_strdup(cc->a, v);
    else if (strcmp(k, "password") == 0) cc->yo->password = mig_strdup(cc->a, v);
    else if (strcmp(k, "anonymous") == 0) cc->anonymous = strcmp(v, "0") != 0;
    else {
        /* the key only: a mistyped line may hold a secret */
        *err = mig_printf(cc->a, "%s:%u: unknown key \"%s\"", cc->path, l->lineno, k);
        return -1;
    }
    return 0;
}

static int read_credentials_file(mig_arena *a, const char *path, ydb_options *yo, mig_rt_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return mig_rt_fail(err, MIG_RT_CONFIG, mig_printf(a, "cannot read the credentials file \"%s\"", path),
                           mig_printf(a, "%s.", strerror(errno)), "Check the path given to --credentials-file.");
    /* As ssh with a private key: a stored file that others may read or change is refused. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0066)) {
        fclose(f);
        mode_t m = st.st_mode;
        const char *how = (m & 0044) && (m & 0022) ? "readable and writable" : m & 0044 ? "readable" : "writable";
        const char *who = (m & 0060) && (m & 0006) ? "its group and others" : m & 0060 ? "its group" : "others";
        return mig_rt_fail(err, MIG_RT_CONFIG,
                           mig_printf(a, "the credentials file \"%s\" is %s by %s (mode %04o)", path, how, who,
                                      (unsigned)(m & 07777)),
                           "A credentials file must be readable and writable by its owner only.",
                           mig_printf(a, "Run `chmod 600 %s`.", shell_word(a, path)));
    }
    /* the whole file, then its lines through the one `key = value` reader (common/ini.h) */
    enum { MAX_CRED_FILE = 1 << 16 };
    char *text = mig_alloc(a, MAX_CRED_FILE + 2);
    size_t len = fread(text, 1, MAX_CRED_FILE + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || len > MAX_CRED_FILE)
        return mig_rt_fail(err, MIG_RT_CONFIG, mig_printf(a, "cannot read the credentials file \"%s\"", path),
                           bad ? "It could not be read to its end." : "It is larger than 64 KiB; it holds a few lines.",
                           "Check the path given to --credentials-file.");
    text[len] = '\0';
    cred_ctx cc = {a, path, yo, false};
    const char *why = NULL;
    if (mig_ini_parse(a, path, text, len, false, cred_line, &cc, &why))
        return mig_rt_fail(err, MIG_RT_CONFIG, why, NULL, CRED_KEYS_HINT);
    bool anonymous = cc.anonymous;
    if (yo->token) yo->auth = YDB_AUTH_TOKEN;
    else if (yo->user) yo->auth = YDB_AUTH_STATIC;
    else if (anonymous) yo->auth = YDB_AUTH_ANONYMOUS;
    else
        return mig_rt_fail(err, MIG_RT_CONFIG, mig_printf(a, "the credentials file \"%s\" names no credentials", path), NULL,
                           "Write `token = ...`, or `user = ...` and `password = ...`, or `anonymous = 1`.");
    return 0;
}

/* A password from the terminal, echo off. NULL when there is no terminal. */
static char *prompt_password(mig_arena *a, const char *user)
{
    if (!isatty(STDIN_FILENO)) return NULL;
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty) return NULL;
    fprintf(tty, "Password for YDB user %s: ", user);
    fflush(tty);
    struct termios old, quiet;
    int fd = fileno(tty);
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    char line[1024];
    char *got = fgets(line, sizeof line, tty);
    if (restore) tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    if (!got) return NULL;
    line[strcspn(line, "\r\n")] = '\0';
    char *pw = mig_strdup(a, line);
    explicit_bzero(line, sizeof line);
    return pw;
}

static int credentials(mig_arena *a, const mig_db_opts *o, ydb_options *yo, mig_rt_error *err)
{
    yo->auth = YDB_AUTH_ANONYMOUS;
    const char *from = NULL;
    if (o->credentials_file) {
        if (read_credentials_file(a, o->credentials_file, yo, err)) return -1;
        from = "the credentials file";
    } else if (env("YDB_ACCESS_TOKEN_CREDENTIALS")) {
        yo->auth = YDB_AUTH_TOKEN;
        yo->token = env("YDB_ACCESS_TOKEN_CREDENTIALS");
    } else if (env("YDB_STATIC_CREDENTIALS_USER")) {
        yo->auth = YDB_AUTH_STATIC;
        yo->user = env("YDB_STATIC_CREDENTIALS_USER");
        yo->password = env("YDB_STATIC_CREDENTIALS_PASSWORD");
        from = "YDB_STATIC_CREDENTIALS_PASSWORD";
    } else if (env("YDB_USER")) {
        yo->auth = YDB_AUTH_STATIC;
        yo->user = env("YDB_USER");
        yo->password = env("YDB_PASSWORD");
        from = "YDB_PASSWORD";
    }
    if (yo->auth == YDB_AUTH_STATIC && !yo->password) {
        yo->password = prompt_password(a, yo->user);
        if (!yo->password)
            return mig_rt_fail(err, MIG_RT_CONFIG, mig_printf(a, "a YDB user is given without a password"),
                               mig_printf(a, "The password is not in %s, and standard input is not a terminal to ask on.",
                                          from ? from : "the environment"),
                               "Set the password's environment variable, or use --credentials-file.");
    }
    return 0;
}

/* ---- the URL ---- */

int mig_db_check_url(mig_arena *a, const char *url, mig_rt_error *err)
{
    const char *hostpart = strstr(url, "://");
    hostpart = hostpart ? hostpart + 3 : url;
    size_t hostlen = strcspn(hostpart, "/?");
    if (memchr(hostpart, '@', hostlen) || strstr(url, "token=") || strstr(url, "password="))
        return mig_rt_fail(err, MIG_RT_CONFIG, "the connection URL carries credentials, which migrun does not accept",
                           "A URL is seen by every process on the machine and lands in logs and shell history.",
                           "Remove them from the URL; use YDB_USER/YDB_PASSWORD, YDB_ACCESS_TOKEN_CREDENTIALS or "
                           "--credentials-file.");
    return 0;
}

/* ---- the module ---- */

static const char *module_path(mig_arena *a, const char **tried)
{
    const char *p = env("MIGRUN_DRIVER");
    if (p) {
        *tried = mig_printf(a, "MIGRUN_DRIVER=%s", p);
        return p;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    struct stat st;
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) *slash = '\0';
        const char *cand = mig_printf(a, "%s/.libs/%s", self, MODULE_NAME);
        if (stat(cand, &st) == 0) return cand;
        *tried = mig_printf(a, "%s, ", cand);
    }
    const char *inst = MIG_PKGLIBDIR "/" MODULE_NAME;
    *tried = mig_printf(a, "%s%s", *tried ? *tried : "", inst);
    return inst;
}

static int load_module(mig_arena *a, mig_db *db, mig_rt_error *err)
{
    const char *tried = NULL;
    const char *path = module_path(a, &tried);
    db->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!db->handle)
        return mig_rt_fail(err, MIG_RT_DRIVER, "cannot load the YDB driver module",
                           mig_printf(a, "Looked at: %s.\ndlopen: %s.", tried ? tried : path, dlerror()),
                           "Install migrun with its driver (" MODULE_NAME "), or name the module with MIGRUN_DRIVER.");
    migrun_ydb_driver_fn fn;
    *(void **)&fn = dlsym(db->handle, MIGRUN_YDB_DRIVER_SYMBOL);
    const struct ydb_driver_api *api = fn ? fn() : NULL;
    if (!api || api->version != YDB_DRIVER_API_VERSION || api->size < sizeof *api) {
        dlclose(db->handle);
        db->handle = NULL;
        return mig_rt_fail(err, MIG_RT_DRIVER, mig_printf(a, "the YDB driver module \"%s\" does not fit this migrun", path),
                           api ? mig_printf(a, "It offers driver API %u; migrun needs %u.", (unsigned)api->version,
                                            (unsigned)YDB_DRIVER_API_VERSION)
                               : "It has no " MIGRUN_YDB_DRIVER_SYMBOL " entry point.",
                           "Install the module from the same release as migrun.");
    }
    db->api = api;
    return 0;
}


/* The driver refuses some options before it contacts anything (status names BAD_URL,
 * BAD_CA_FILE, BAD_CREDENTIALS and no status of a server): a configuration error. */
static bool local_refusal(const ydb_error *ye)
{
    return ye->grpc_status == 0 && ye->ydb_status == 0 && ye->status_name &&
           strncmp(ye->status_name, "BAD_", 4) == 0;
}

int mig_db_open(mig_arena *a, const mig_db_opts *o, mig_db *db, mig_rt_error *err)
{
    memset(db, 0, sizeof *db);
    const char *url = o->url ? o->url : env("YDB_CONNECTION_STRING") ? env("YDB_CONNECTION_STRING") : o->config_url;
    if (!url || !*url)
        return mig_rt_fail(err, MIG_RT_CONFIG, "no database to connect to",
                           "No --url, no YDB_CONNECTION_STRING, and no `url` in mig.ini's [migrun] section.",
                           "Give one, for example --url grpc://localhost:2136/local.");
    if (mig_db_check_url(a, url, err)) return -1;
    ydb_options yo;
    memset(&yo, 0, sizeof yo);
    yo.url = url;
    yo.ca_file = o->ca_file ? o->ca_file : env("YDB_SSL_ROOT_CERTIFICATES_FILE");
    yo.connect_timeout_ms = o->timeout_ms;
    yo.app_name = "migrun";
    yo.retry_budget_ms = o->retry_budget_ms;
    db->log = o->log;
    db->log_min = o->log_min;
    if (o->log) {
        yo.log = driver_log;
        yo.log_ud = db;
    }
    if (credentials(a, o, &yo, err)) return -1;
    if (load_module(a, db, err)) return -1;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    if (db->api->connect(a, &yo, &db->conn, &ye) != 0) {
        if (local_refusal(&ye)) {
            bool bad_url = strcmp(ye.status_name, "BAD_URL") == 0 && !strstr(ye.message, "CA file");
            mig_rt_fail(err, MIG_RT_CONFIG, ye.message ? mig_strdup(a, ye.message) : "the connection options are not usable",
                 "No database was contacted.",
                 bad_url ? "Write it as grpc://HOST:PORT/DATABASE (grpcs:// for TLS), for example "
                           "grpc://localhost:2136/local: in --url, YDB_CONNECTION_STRING or `url` in mig.ini's [migrun]."
                 : strcmp(ye.status_name, "BAD_CREDENTIALS") == 0
                     ? "Check the credentials' environment variables or the --credentials-file."
                     : "Check --ca-file (or ca_file in mig.ini's [migrun], or YDB_SSL_ROOT_CERTIFICATES_FILE); a CA "
                       "file goes with a grpcs:// URL.");
            db->conn = NULL;
            mig_db_close(db);
            return -1;
        }
        mig_db_error(a, &ye, mig_printf(a, "cannot connect to %s", url),
                     "Check the URL (host, port and database), that YDB is running, and the credentials.", err);
        db->conn = NULL;
        mig_db_close(db);
        return -1;
    }
    db->url = url;
    db->opts = yo;
    return 0;
}

void mig_db_close(mig_db *db)
{
    if (db->conn && db->api) db->api->close(db->conn);
    db->conn = NULL;
    if (db->handle) dlclose(db->handle);
    db->handle = NULL;
    db->api = NULL;
}
