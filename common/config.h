/* config.h - the project configuration, mig.ini, shared by migc and migrun.
 *
 * Precedence: a command-line flag beats an environment variable, which beats the file,
 * which beats the built-in default. The file is the one named by --config or MIG_CONFIG,
 * else ./mig.ini when it exists; no file is fine (defaults). Format: INI with [migc] and
 * [migrun] sections, `key = value`, `#`/`;` comments; see docs/configuration.md.
 */
#ifndef MIG_CONFIG_H
#define MIG_CONFIG_H

#include <stdbool.h>

#include "arena.h"

typedef struct mig_config {
    const char *path;            /* the file read, or NULL */
    /* [migc] */
    const char *source_dir;      /* source      MIG_SOURCE_DIR     "migrations" */
    const char *plugin_dir;      /* plugins     MIG_PLUGIN_DIR     "plugins" */
    const char *target_ydb;      /* target_ydb  MIGC_TARGET_YDB    NULL: the newest */
    const char *cc;              /* cc          CC                 "cc" */
    const char *cflags;          /* cflags      CFLAGS             "-O2" */
    int jobs;                    /* jobs        MIGC_JOBS          0: number of CPUs */
    int max_errors;              /* max_errors  MIGC_MAX_ERRORS    20 (0: no limit) */
    const char *schema_path;     /* schema      MIG_SCHEMA         "schema.mig" (migc diff) */
    /* [migrun] */
    const char *url;             /* url         YDB_CONNECTION_STRING  NULL */
    const char *version_table;   /* version_table  MIG_VERSION_TABLE  "mig_version" */
    const char *log_level;       /* log_level   MIG_LOG_LEVEL      "info" */
    const char *log_format;      /* log_format  MIG_LOG_FORMAT     "text" (or "json") */
    const char *statement_timeout; /* statement_timeout  MIG_STATEMENT_TIMEOUT  "3600" (seconds) */
    const char *ca_file;         /* ca_file     YDB_SSL_ROOT_CERTIFICATES_FILE  NULL: the system roots */
    const char *ignore_tables;   /* ignore_tables  MIG_IGNORE_TABLES  NULL: none (patterns, check and baseline) */
    const char *retry_budget;    /* retry_budget  MIG_RETRY_BUDGET  "60" (seconds) */
} mig_config;

/* Load the configuration. explicit_path: --config's value or NULL. Returns 0, or -1 with
 * *err (arena): the named file cannot be read, a line is not `key = value`, an unknown
 * section or key, a key in the wrong section, a bad number. Flags are applied by the caller after. */
int mig_config_load(mig_arena *a, const char *explicit_path, mig_config *c, const char **err);

/* The commented mig.ini that `migc init` writes. */
const char *mig_config_template(void);

#endif
