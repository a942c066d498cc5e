/* drivertest.h - the harness shared by the driver's test program: checks, ydbsim, fixtures. */
#ifndef DRIVERTEST_H
#define DRIVERTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "runtime/ydb/driver.h"

extern int checks_failed_in_test;

#define CHECK(cond, ...)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            checks_failed_in_test++;                                                         \
            printf("#   %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);              \
            printf(__VA_ARGS__);                                                             \
            printf("\n");                                                                    \
        }                                                                                    \
    } while (0)

typedef struct sim {
    pid_t pid;
    int port;
} sim;

/* the driver's log lines, kept for checks */
typedef struct logbook {
    char text[16384];
    size_t len;
} logbook;

/* What most tests start with: a fresh ydbsim, an arena, the driver's log and the options for
 * grpc://127.0.0.1:PORT/local; with_sim also connects. */
typedef struct fixture {
    sim s;
    mig_arena *a;
    logbook lb;
    ydb_options o;
    ydb_conn *c; /* NULL unless connected */
} fixture;

/* the last URL url_of made */
extern char url_buf[256];

int count_in(const char *hay, const char *needle);
const char *url_of(const char *scheme, const sim *s, const char *db);
ydb_options opts(const char *url, logbook *lb);
ydb_conn *connect_ok(mig_arena *a, const ydb_options *o);
/* Start the server (extra ydbsim arguments, ending with NULL) and the rest without connecting;
 * a server that does not start fails the test and leaves nothing to stop. */
int fixture_start(fixture *f, ...);
/* Close the connection (if any), free the arena, stop the server. */
void fixture_stop(fixture *f);
/* fixture_start, then connect; on failure the test has failed and everything is stopped. */
int with_sim(fixture *f, ...);
int exec_ok(ydb_conn *c, const char *yql, const mig_param *p, size_t np, mig_arena *a, ydb_result *res);
const char *cell(const ydb_result *r, size_t set, size_t row, size_t col);

/* the tests (drivertest_query.c, drivertest_faults.c, drivertest_connect.c) */
void t_ddl_describe(void);
void t_params(void);
void t_transactions(void);
void t_rename(void);
void t_transient(void);
void t_final_abort(void);
void t_bad_session(void);
void t_dropped(void);
void t_unreachable(void);
void t_static_auth(void);
void t_token_auth(void);
void t_tls(void);
void t_database(void);
void t_module(void);

#endif
