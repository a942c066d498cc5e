/* config.c - reading mig.ini and the environment. */
#include "config.h"

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
    size_t off;   /* offset of the string field in mig_config, or (size_t)-1 for jobs */
} key;

#define OFF(f) offsetof(mig_config, f)

static const key KEYS[] = {
    {"migc", "source", "MIG_SOURCE_DIR", OFF(source_dir)},
    {"migc", "plugins", "MIG_PLUGIN_DIR", OFF(plugin_dir)},
    {"migc", "target_ydb", "MIGC_TARGET_YDB", OFF(target_ydb)},
    {"migc", "cc", "CC", OFF(cc)},
    {"migc", "cflags", "CFLAGS", OFF(cflags)},
    {"migc", "jobs", "MIGC_JOBS", (size_t)-1},
    {"migrun", "url", "YDB_CONNECTION_STRING", OFF(url)},
    {"migrun", "version_table", "MIG_VERSION_TABLE", OFF(version_table)},
    {"migrun", "log_level", "MIG_LOG_LEVEL", OFF(log_level)},
    {"migrun", "log_format", "MIG_LOG_FORMAT", OFF(log_format)},
    {"migrun", "statement_timeout", "MIG_STATEMENT_TIMEOUT", OFF(statement_timeout)},
    {"migrun", "retry_budget", "MIG_RETRY_BUDGET", OFF(retry_budget)},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static void defaults(mig_config *c)
{
    memset(c, 0, sizeof *c);
    c->source_dir = "migrations";
    c->plugin_dir = "plugins";
    c->cc = "cc";
    c->cflags = "-O2";
    c->version_table = "mig_version";
    c->log_level = "info";
    c->log_format = "text";
    c->statement_timeout = "3600";
    c->retry_budget = "60";
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int set_jobs(mig_arena *a, mig_config *c, const char *v, const char *where, const char **err)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || n < 0 || n > 1024) {
        *err = mig_printf(a, "%s: jobs must be a number from 0 to 1024, not \"%s\"", where, v);
        return -1;
    }
    c->jobs = (int)n;
    return 0;
}

static int set_key(mig_arena *a, mig_config *c, const key *k, const char *v, const char *where, const char **err)
{
    if (k->off == (size_t)-1) return set_jobs(a, c, v, where, err);
    *(const char **)((char *)c + k->off) = mig_strdup(a, v);
    return 0;
}

static const key *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0 && strcmp(KEYS[i].name, name) == 0) return &KEYS[i];
    return NULL;
}

static int parse_file(mig_arena *a, const char *path, mig_config *c, const char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *err = mig_printf(a, "could not read configuration file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    char section[64] = "";
    unsigned lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            *err = mig_printf(a, "%s:%u: the line is too long", path, lineno);
            rc = -1;
            break;
        }
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';') continue;
        if (*s == '[') {
            char *e = strchr(s, ']');
            if (!e || e[1]) {
                *err = mig_printf(a, "%s:%u: a section header is written [name]", path, lineno);
                rc = -1;
                break;
            }
            *e = '\0';
            char *name = trim(s + 1);
            if (strcmp(name, "migc") != 0 && strcmp(name, "migrun") != 0) {
                *err = mig_printf(a, "%s:%u: unrecognized section [%s]; the sections are [migc] and [migrun]", path,
                                  lineno, name);
                rc = -1;
                break;
            }
            snprintf(section, sizeof section, "%s", name);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            *err = mig_printf(a, "%s:%u: expected `key = value`", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        if (!*section) {
            *err = mig_printf(a, "%s:%u: \"%s\" comes before any [section]", path, lineno, k);
            rc = -1;
            break;
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
            rc = -1;
            break;
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
            rc = -1;
            break;
        }
        char *where = mig_printf(a, "%s:%u", path, lineno);
        if (set_key(a, c, kk, v, where, err) != 0) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        *err = mig_printf(a, "could not read configuration file \"%s\": %s", path, strerror(errno));
        rc = -1;
    }
    fclose(f);
    return rc;
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
           "# Seconds migrun keeps retrying after a transient failure or a lost answer before it\n"
           "# gives up (env MIG_RETRY_BUDGET, flag --retry-budget).\n"
           "# retry_budget = 60\n";
}
