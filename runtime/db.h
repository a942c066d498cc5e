/* db.h - migrun's way to a database: connection options, credentials, the driver module.
 *
 * The YDB driver (runtime/ydb) is a separate module, migrun-ydb.so, that links gRPC; this
 * file dlopens it only when a command needs a database, so offline commands never load
 * gRPC. Where the module is looked for, in order:
 *   1. $MIGRUN_DRIVER (a path to the .so; for tests and unusual installs),
 *   2. DIR/.libs/migrun-ydb.so where DIR holds the running migrun (a build tree),
 *   3. $(pkglibdir)/migrun-ydb.so (as installed: PREFIX/lib/migrun/migrun-ydb.so).
 *
 * The URL: --url, else $YDB_CONNECTION_STRING, else `url` in mig.ini's [migrun].
 * Credentials never come from the command line or mig.ini. In order:
 *   1. --credentials-file FILE: lines `key = value`, `#` comments; keys `token`, or `user`
 *      and `password` (a missing password is prompted for on a terminal), or
 *      `anonymous = 1`. The file should be readable by its owner only.
 *   2. $YDB_ACCESS_TOKEN_CREDENTIALS (a token),
 *   3. $YDB_STATIC_CREDENTIALS_USER + _PASSWORD, or $YDB_USER + $YDB_PASSWORD,
 *   4. $YDB_ANONYMOUS_CREDENTIALS=1, or nothing: anonymous.
 * A user without a password is asked for one when stdin is a terminal (echo off), and is
 * an error otherwise. No credential is ever printed: errors name the variable, not the value.
 */
#ifndef MIG_RT_DB_H
#define MIG_RT_DB_H

#include <stdbool.h>
#include <stdio.h>

#include "../common/arena.h"
#include "rterr.h"
#include "ydb/module.h"

typedef struct mig_db_opts {
    const char *url;              /* --url, or NULL */
    const char *credentials_file; /* --credentials-file, or NULL */
    const char *ca_file;          /* --ca-file, or NULL */
    const char *config_url;       /* mig.ini's url, or NULL */
    int timeout_ms;               /* connect timeout; 0: the driver's default */
    int retry_budget_ms;          /* how long a run of failures is retried (--retry-budget);
                                     0: the driver's default, and no retries of migrun's own */
    FILE *log;                    /* where the driver's lines go (retries; at log_level debug,
                                     its call traces and gRPC's own records), or NULL: nowhere */
    int log_min;                  /* the lowest level shown (0 debug, 1 info, ...) */
} mig_db_opts;

typedef struct mig_db {
    void *handle;                        /* the module, dlopen'ed */
    const struct ydb_driver_api *api;
    ydb_conn *conn;
    const char *url;                     /* for messages: never holds a credential */
    ydb_options opts;                    /* how conn was made (a second connection is made alike) */
    FILE *log;                           /* opts.log_ud points here: */
    int log_min;                         /* the driver's lines at or above this level go to log */
} mig_db;

/* Resolve the URL and credentials, load the module and connect. 0, or -1 with *err
 * (MIG_RT_CONFIG, MIG_RT_DRIVER, MIG_RT_DATABASE). Strings in a. */
int mig_db_open(mig_arena *a, const mig_db_opts *o, mig_db *db, mig_rt_error *err);
/* Refuse a URL that carries credentials (user:password@, token=, password=): the
 * message never repeats the URL. 0, or -1 with *err (MIG_RT_CONFIG). */
int mig_db_check_url(mig_arena *a, const char *url, mig_rt_error *err);
/* Close the connection, then the module. Safe on a zeroed or failed db. */
void mig_db_close(mig_db *db);

/* Running an operation again whose rerun is safe (it reads what it decides on, or writes
 * absolute values) after a failure that may be transient or whose outcome is unknown: the
 * attempts share the retry budget (db->opts.retry_budget_ms, from the operation's start),
 * and each wait is said on stderr ("retrying: ..."), as the driver's own retries are.
 * docs/decisions/0015-undetermined-writes-and-retry-budget.md. */
typedef struct mig_retry {
    mig_db *db;
    long long start_ms;
    int attempt;
} mig_retry;
void mig_retry_begin(mig_retry *r, mig_db *db);
/* After a failed attempt: true when it is worth another (ye undetermined or retryable, and
 * the budget allows the wait); then it says so and waits. what names the operation. */
bool mig_retry_again(mig_retry *r, const ydb_error *ye, const char *what);

/* A driver error as a runtime error: "what" is the primary message ("cannot read the
 * version table"); the driver's status and issues become the detail. */
void mig_db_error(mig_arena *a, const ydb_error *ye, const char *what, const char *hint, mig_rt_error *err);

#endif
