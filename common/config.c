/* config.c - reading mig.ini and the environment. */
#include "config.h"
#include "ini.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define DEFAULT_FILE "mig.ini"
#define MAX_FILE (1 << 20)

typedef struct key {
    const char *section, *name, *env;
    size_t off;   /* offset of the field in mig_config */
    int max;      /* 0: a string field; else an int field taking 0..max */
} key;

#define OFF(f) offsetof(mig_config, f)

static const key KEYS[] = {
    {"migc", "source", "MIG_SOURCE_DIR", OFF(source_dir), 0},
    {"migc", "plugins", "MIG_PLUGIN_DIR", OFF(plugin_dir), 0},
    {"migc", "target_ydb", "MIGC_TARGET_YDB", OFF(target_ydb), 0},
    {"migc", "cc", "CC", OFF(cc), 0},
    {"migc", "cflags", "CFLAGS", OFF(cflags), 0},
    {"migc", "jobs", "MIGC_JOBS", OFF(jobs), 1024},
    {"migc", "max_errors", "MIGC_MAX_ERRORS", OFF(max_errors), 1000000},
    {"migc", "schema", "MIG_SCHEMA", OFF(schema_path), 0},
    {"migrun", "url", "YDB_CONNECTION_STRING", OFF(url), 0},
    {"migrun", "version_table", "MIG_VERSION_TABLE", OFF(version_table), 0},
    {"migrun", "log_level", "MIG_LOG_LEVEL", OFF(log_level), 0},
    {"migrun", "log_format", "MIG_LOG_FORMAT", OFF(log_format), 0},
    {"migrun", "statement_timeout", "MIG_STATEMENT_TIMEOUT", OFF(statement_timeout), 0},
    {"migrun", "ca_file", "YDB_SSL_ROOT_CERTIFICATES_FILE", OFF(ca_file), 0},
    {"migrun", "ignore_tables", "MIG_IGNORE_TABLES", OFF(ignore_tables), 0},
    {"migrun", "retry_budget", "MIG_RETRY_BUDGET", OFF(retry_budget), 0},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static void defaults(mig_config *c)
{
    memset(c, 0, sizeof *c);
    c->source_dir = "migrations";
    c->schema_path = "schema.mig";
    c->plugin_dir = "plugins";
    c->cc = "cc";
    c->cflags = "-O2";
    c->version_table = "mig_version";
    c->log_level = "info";
    c->log_format = "text";
    c->statement_timeout = "3600";
    c->max_errors = 20;
    c->retry_budget = "60";
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int set_key(mig_arena *a, mig_config *c, const key *k, const char *v, const char *where, const char **err)
{
    if (k->max == 0) {
        *(const char **)((char *)c + k->off) = mig_strdup(a, v);
        return 0;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || n < 0 || n > k->max) {
        *err = mig_printf(a, "%s: %s must be a number from 0 to %d, not \"%s\"", where, k->name, k->max, v);
        return -1;
    }
    *(int *)((char *)c + k->off) = (int)n;
    return 0;
}

static const key *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0 && strcmp(KEYS[i].name, name) == 0) return &KEYS[i];
    return NULL;
}

/* The whole file, NUL-terminated, in a (at most MAX_FILE bytes). 0, or -1 with *err. */
static int read_all(mig_arena *a, const char *path, char **text, size_t *len, const char **err)
{
    *text = mig_read_file(a, path, MAX_FILE, len);
    if (*text) return 0;
    if (errno == EFBIG)
        *err = mig_printf(a, "%s: the file is larger than %d bytes; a configuration file is a few lines of settings",
                          path, MAX_FILE);
    else
        *err = mig_printf(a, "could not read configuration file \"%s\": %s", path, strerror(errno));
    return -1;
}

typedef struct file_ctx {
    mig_arena *a;
    const char *path;
    mig_config *c;
    char section[64];
} file_ctx;

static int file_line(void *ud, const mig_ini_line *l, const char **err)
{
    file_ctx *fc = ud;
    mig_arena *a = fc->a;
    const char *path = fc->path;
    unsigned lineno = l->lineno;
    if (l->section) {
        if (strcmp(l->section, "migc") != 0 && strcmp(l->section, "migrun") != 0) {
            *err = mig_printf(a, "%s:%u: unrecognized section [%s]; the sections are [migc] and [migrun]", path,
                              lineno, l->section);
            return -1;
        }
        snprintf(fc->section, sizeof fc->section, "%s", l->section);
        return 0;
    }
    const char *section = fc->section, *k = l->key;
    char *v = l->value;
    if (!*section) {
        *err = mig_printf(a, "%s:%u: \"%s\" comes before any [section]", path, lineno, k);
        return -1;
    }
    const key *kk = find_key(section, k);
    if (!kk) {
        const char *other = NULL;
        for (size_t i = 0; i < NKEYS; i++)
            if (strcmp(KEYS[i].name, k) == 0) other = KEYS[i].section;
        if (other)
            *err = mig_printf(a, "%s:%u: \"%s\" belongs in [%s], not [%s]", path, lineno, k, other, section);
        else
            *err = mig_printf(a, "%s:%u: unrecognized key \"%s\" in [%s]", path, lineno, k, section);
        return -1;
    }
    /* A comment may end the line after a blank: `jobs = 4   # two per core`. */
    if (*v != '"' && *v != '\'') {
        for (char *q = v; *q; q++)
            if ((*q == '#' || *q == ';') && q > v && isspace((unsigned char)q[-1])) {
                *q = '\0';
                v = trim(v);
                break;
            }
    }
    /* Strip one pair of surrounding quotes, for values with # or ; in them. */
    size_t vl = strlen(v);
    if (vl >= 2 && ((v[0] == '"' && v[vl - 1] == '"') || (v[0] == '\'' && v[vl - 1] == '\''))) {
        v[vl - 1] = '\0';
        v++;
    }
    if (strcmp(k, "url") == 0 && strstr(v, "password=")) {
        *err = mig_printf(a, "%s:%u: the url must not carry a password", path, lineno);
        return -1;
    }
    return set_key(a, fc->c, kk, v, mig_printf(a, "%s:%u", path, lineno), err);
}

static int parse_file(mig_arena *a, const char *path, mig_config *c, const char **err)
{
    char *text;
    size_t len;
    if (read_all(a, path, &text, &len, err)) return -1;
    file_ctx fc = {a, path, c, ""};
    return mig_ini_parse(a, path, text, len, true, file_line, &fc, err);
}

int mig_config_load(mig_arena *a, const char *explicit_path, mig_config *c, const char **err)
{
    defaults(c);
    *err = NULL;
    const char *path = explicit_path;
    if (!path || !*path) {
        const char *env = getenv("MIG_CONFIG");
        if (env && *env) path = env;
    }
    if (path) {
        if (parse_file(a, path, c, err) != 0) return -1;
        c->path = mig_strdup(a, path);
    } else {
        struct stat st;
        if (stat(DEFAULT_FILE, &st) == 0) {
            if (parse_file(a, DEFAULT_FILE, c, err) != 0) return -1;
            c->path = DEFAULT_FILE;
        }
    }
    for (size_t i = 0; i < NKEYS; i++) {
        const char *v = getenv(KEYS[i].env);
        if (!v || !*v) continue;
        if (set_key(a, c, &KEYS[i], v, KEYS[i].env, err) != 0) return -1;
    }
    return 0;
}

const char *mig_config_template(void)
{
    return "# mig.ini - the project's migc and migrun settings.\n"
           "# Precedence: command-line flags, then environment variables, then this file.\n"
           "\n"
           "[migc]\n"
           "# Where the .mig revisions are (env MIG_SOURCE_DIR).\n"
           "source = migrations\n"
           "# Where `migc build` puts the compiled revisions and their manifest (env MIG_PLUGIN_DIR).\n"
           "plugins = plugins\n"
           "# The YDB release the revisions must work on (env MIGC_TARGET_YDB); the compiler accepts\n"
           "# exactly what that release accepts. Default: the newest release migc knows.\n"
           "# target_ydb = 25.1\n"
           "# The C compiler and flags for plugins (env CC, CFLAGS).\n"
           "# cc = cc\n"
           "# cflags = -O2\n"
           "# Parallel compiler jobs; 0 means one per CPU (env MIGC_JOBS).\n"
           "# jobs = 0\n"
           "# Errors shown before migc stops listing them; 0 shows all (env MIGC_MAX_ERRORS,\n"
           "# flag --max-errors).\n"
           "# max_errors = 20\n"
           "# The declared schema `migc diff` compares with the revisions: a file, or a directory\n"
           "# of *.mig files (env MIG_SCHEMA, flag --schema).\n"
           "# schema = schema.mig\n"
           "\n"
           "[migrun]\n"
           "# The database (env YDB_CONNECTION_STRING). Credentials never go here: migrun takes them\n"
           "# from --credentials-file FILE or YDB's standard environment variables\n"
           "# (YDB_ACCESS_TOKEN_CREDENTIALS, YDB_STATIC_CREDENTIALS_USER, ...).\n"
           "# url = grpc://localhost:2136/local\n"
           "# The table that records applied revisions (env MIG_VERSION_TABLE).\n"
           "# version_table = mig_version\n"
           "# debug, info, warn or error (env MIG_LOG_LEVEL); text or json (env MIG_LOG_FORMAT).\n"
           "# log_level = info\n"
           "# log_format = text\n"
           "# Seconds one statement of a step may take, such as a DDL that builds an index\n"
           "# (env MIG_STATEMENT_TIMEOUT, flag --statement-timeout).\n"
           "# statement_timeout = 3600\n"
           "# PEM root certificates for a grpcs:// server with a private CA\n"
           "# (env YDB_SSL_ROOT_CERTIFICATES_FILE, flag --ca-file).\n"
           "# ca_file = /etc/ydb/ca.pem\n"
           "# Tables `migrun check` and `migrun baseline` leave out: shell patterns on the path\n"
           "# (env MIG_IGNORE_TABLES, flag --ignore-tables).\n"
           "# ignore_tables = tmp_*, archive/*\n"
           "# Seconds migrun keeps retrying after a transient failure or a lost answer before it\n"
           "# gives up (env MIG_RETRY_BUDGET, flag --retry-budget).\n"
           "# retry_budget = 60\n";
}
