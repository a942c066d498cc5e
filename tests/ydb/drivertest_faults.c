/* drivertest_faults.c - the driver against failures: retries, lost sessions, dropped and unreachable servers. */
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "drivertest.h"

void t_transient(void)
{
    fixture f;
    if (with_sim(&f, "--fail", "1:ExecuteQuery:UNAVAILABLE", "--fail", "2:ExecuteQuery:OVERLOADED", "--fail",
                 "3:ExecuteQuery:GRPC_UNAVAILABLE", "--fail", "5:ExecuteQuery:UNDETERMINED", NULL))
        return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    ydb_result r;
    ydb_error err;
    /* calls 1-3 fail, the 4th answers */
    int rc = ydb_exec_notx(c, "SELECT 42;", NULL, 0, true, a, &r, &err);
    CHECK(rc == 0, "idempotent read retried: %s", rc ? err.message : "");
    CHECK(rc || strcmp(cell(&r, 0, 0, 0), "42") == 0, "42");
    CHECK(count_in(f.lb.text, "retrying") == 3, "3 retries logged:\n%s", f.lb.text);
    CHECK(strstr(f.lb.text, "1 ") != NULL, "retries at INFO");
    /* call 5: UNDETERMINED on a non-idempotent statement: not retried, said so */
    rc = ydb_exec_notx(c, "SELECT 1;", NULL, 0, false, a, NULL, &err);
    CHECK(rc != 0 && err.ydb_status == 400170 && err.undetermined && !err.retryable, "undetermined: %s",
          rc ? err.status_name : "ok");
    fixture_stop(&f);
}

/* ABORTED is retried, except when an issue carries code 200509 (the query is too large for
 * the datashard): the Go SDK's rule, decision 0017. */
void t_final_abort(void)
{
    fixture f;
    if (with_sim(&f, "--fail", "1:ExecuteQuery:ABORTED", "--fail", "3:ExecuteQuery:ABORTED/200509", NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    ydb_error err;
    int rc = ydb_exec_notx(c, "SELECT 1;", NULL, 0, true, a, NULL, &err);
    CHECK(rc == 0, "a plain ABORTED is retried: %s", rc ? err.message : "");
    CHECK(count_in(f.lb.text, "retrying") == 1, "one retry logged:\n%s", f.lb.text);
    rc = ydb_exec_notx(c, "SELECT 2;", NULL, 0, true, a, NULL, &err);
    CHECK(rc != 0 && err.ydb_status == 400040 && !err.retryable, "ABORTED with issue 200509 is final: %s",
          rc ? err.status_name : "ok");
    CHECK(count_in(f.lb.text, "retrying") == 1, "and not retried:\n%s", f.lb.text);
    fixture_stop(&f);
}

void t_bad_session(void)
{
    fixture f;
    if (with_sim(&f, "--fail", "1:ExecuteQuery:BAD_SESSION", "--fail", "3:ExecuteQuery:SESSION_BUSY", NULL)) return;
    ydb_conn *c = f.c;
    ydb_error err;
    int rc = ydb_exec_notx(c, "CREATE TABLE x (k Uint64 NOT NULL, PRIMARY KEY (k));", NULL, 0, false, NULL, NULL, &err);
    CHECK(rc == 0, "BAD_SESSION: a new session, the statement runs: %s", rc ? err.message : "");
    CHECK(count_in(f.lb.text, "QueryService/CreateSession") == 2, "two sessions created:\n%s", f.lb.text);
    rc = ydb_exec_notx(c, "UPSERT INTO x (k) VALUES (1);", NULL, 0, false, NULL, NULL, &err);
    CHECK(rc == 0, "SESSION_BUSY: %s", rc ? err.message : "");
    CHECK(count_in(f.lb.text, "QueryService/CreateSession") == 3, "three sessions created");
    fixture_stop(&f);
}

void t_dropped(void)
{
    fixture f;
    if (with_sim(&f, "--drop", "1:ExecuteQuery", NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    ydb_error err;
    int rc = ydb_exec_notx(c, "CREATE TABLE y (k Uint64 NOT NULL, PRIMARY KEY (k));", NULL, 0, false, NULL, NULL, &err);
    CHECK(rc != 0 && err.undetermined && !err.retryable && err.grpc_status != 0, "dropped: undetermined (%s: %s)",
          rc ? err.status_name : "ok", rc ? err.message : "");
    /* the connection comes back; a new session is opened */
    ydb_result r;
    rc = ydb_exec_notx(c, "SELECT 1;", NULL, 0, true, a, &r, &err);
    CHECK(rc == 0, "after the drop: %s", rc ? err.message : "");
    fixture_stop(&f);
}

void t_unreachable(void)
{
    /* a port nobody listens on: bind, read it, close */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    close(fd);
    sim s = {0, ntohs(sa.sin_port)};
    mig_arena *a = mig_arena_new();
    logbook lb = {{0}, 0};
    ydb_options o = opts(url_of("grpc", &s, "/local"), &lb);
    o.connect_timeout_ms = 3000;
    ydb_conn *c = NULL;
    ydb_error err;
    time_t t0 = time(NULL);
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "closed port");
    CHECK(time(NULL) - t0 <= 5, "within the timeout (%lds)", (long)(time(NULL) - t0));
    if (!c) {
        printf("#   closed port: %s: %s\n", err.status_name, err.message);
        CHECK(strstr(err.message, "cannot reach") && strstr(err.message, url_buf), "says where: %s", err.message);
    }
    ydb_close(c);
    /* URLs that say too little */
    const char *bad[] = {"http://127.0.0.1:1/local", "grpc://127.0.0.1/local", "grpc://127.0.0.1:2136", "grpc://:2136/x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        o.url = bad[i];
        c = NULL;
        CHECK(ydb_connect(a, &o, &c, &err) != 0 && strcmp(err.status_name, "BAD_URL") == 0, "%s refused", bad[i]);
        ydb_close(c);
    }
    mig_arena_free(a);
}
