/* drivertest.c - the YDB driver (runtime/ydb) against tests/ydbsim, one fresh server per
 * test (started on 127.0.0.1:0, stopped with SIGTERM; none is left behind). TAP output.
 *
 * Usage: drivertest [NAME...]   (YDBSIM names the server program)
 */
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/ydb/driver.h"
#include "runtime/ydb/module.h"

/* ---------------------------------------------------------------- harness */

static int failures;
static int checks_failed_in_test;

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

static pid_t live_sims[16];

static void kill_all(void)
{
    for (size_t i = 0; i < 16; i++)
        if (live_sims[i] > 0) {
            kill(live_sims[i], SIGKILL);
            waitpid(live_sims[i], NULL, 0);
            live_sims[i] = 0;
        }
}

static void on_signal(int sig)
{
    kill_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Start ydbsim with extra arguments (the list ends with NULL); wait for "listening on". */
static int sim_startv(sim *s, va_list ap)
{
    const char *prog = getenv("YDBSIM");
    if (!prog) prog = "tests/ydbsim/ydbsim";
    const char *argv[32];
    int n = 0;
    argv[n++] = prog;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 30) argv[n++] = a;
    argv[n] = NULL;
    int pfd[2];
    if (pipe(pfd) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    close(pfd[1]);
    for (size_t i = 0; i < 16; i++)
        if (!live_sims[i]) {
            live_sims[i] = pid;
            break;
        }
    s->pid = pid;
    s->port = 0;
    FILE *f = fdopen(pfd[0], "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "listening on ");
        if (p) {
            const char *colon = strrchr(p, ':');
            if (colon) s->port = atoi(colon + 1);
            break;
        }
    }
    if (f) fclose(f);
    else close(pfd[0]);
    if (!s->port) {
        printf("#   ydbsim did not start\n");
        return -1;
    }
    return 0;
}

static void sim_stop(sim *s)
{
    if (s->pid <= 0) return;
    kill(s->pid, SIGTERM);
    int st;
    waitpid(s->pid, &st, 0);
    for (size_t i = 0; i < 16; i++)
        if (live_sims[i] == s->pid) live_sims[i] = 0;
    s->pid = 0;
}

/* the driver's log lines, kept for checks */
typedef struct logbook {
    char text[16384];
    size_t len;
} logbook;

static void log_cb(void *ud, int level, const char *msg)
{
    logbook *b = ud;
    int k = snprintf(b->text + b->len, sizeof b->text - b->len, "%d %s\n", level, msg);
    if (k > 0 && b->len + (size_t)k < sizeof b->text) b->len += (size_t)k;
    if (getenv("DRIVERTEST_VERBOSE")) printf("#     log: %s\n", msg);
}

static int count_in(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static char url_buf[256];

static const char *url_of(const char *scheme, const sim *s, const char *db)
{
    snprintf(url_buf, sizeof url_buf, "%s://127.0.0.1:%d%s", scheme, s->port, db);
    return url_buf;
}

static ydb_options opts(const char *url, logbook *lb)
{
    ydb_options o;
    memset(&o, 0, sizeof o);
    o.url = url;
    /* valgrind makes a TLS handshake take seconds (driver.sh sets DRIVERTEST_SLOW) */
    int slow = getenv("DRIVERTEST_SLOW") ? 6 : 1;
    o.connect_timeout_ms = 5000 * slow;
    o.call_timeout_ms = 10000 * slow;
    o.retry_budget_ms = 20000 * slow;
    o.log = log_cb;
    o.log_ud = lb;
    return o;
}

static ydb_conn *connect_ok(mig_arena *a, const ydb_options *o)
{
    ydb_conn *c = NULL;
    ydb_error err;
    if (ydb_connect(a, o, &c, &err) != 0) {
        CHECK(0, "connect to %s: %s: %s", o->url, err.status_name, err.message);
        return NULL;
    }
    return c;
}

/* What most tests start with: a fresh ydbsim, an arena, the driver's log and the options for
 * grpc://127.0.0.1:PORT/local; with_sim also connects. */
typedef struct fixture {
    sim s;
    mig_arena *a;
    logbook lb;
    ydb_options o;
    ydb_conn *c; /* NULL unless connected */
} fixture;

/* Start the server (extra ydbsim arguments, ending with NULL) and the rest without connecting;
 * a server that does not start fails the test and leaves nothing to stop. */
static int fixture_startv(fixture *f, va_list ap)
{
    if (sim_startv(&f->s, ap)) {
        CHECK(0, "ydbsim");
        return -1;
    }
    f->a = mig_arena_new();
    f->lb.len = 0;
    f->lb.text[0] = 0;
    f->o = opts(url_of("grpc", &f->s, "/local"), &f->lb);
    f->c = NULL;
    return 0;
}

static int fixture_start(fixture *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int rc = fixture_startv(f, ap);
    va_end(ap);
    return rc;
}

/* Close the connection (if any), free the arena, stop the server. */
static void fixture_stop(fixture *f)
{
    ydb_close(f->c);
    f->c = NULL;
    mig_arena_free(f->a);
    sim_stop(&f->s);
}

/* fixture_start, then connect; on failure the test has failed and everything is stopped. */
static int with_sim(fixture *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int rc = fixture_startv(f, ap);
    va_end(ap);
    if (rc) return -1;
    f->c = connect_ok(f->a, &f->o);
    if (!f->c) {
        fixture_stop(f);
        return -1;
    }
    return 0;
}

static int exec_ok(ydb_conn *c, const char *yql, const mig_param *p, size_t np, mig_arena *a, ydb_result *res)
{
    ydb_error err;
    if (ydb_exec_notx(c, yql, p, np, true, a, res, &err) != 0) {
        CHECK(0, "%s: %s: %s", yql, err.status_name, err.message);
        return -1;
    }
    return 0;
}

static const char *cell(const ydb_result *r, size_t set, size_t row, size_t col)
{
    if (set >= r->nsets || row >= r->sets[set].nrows || col >= r->sets[set].ncolumns) return "<missing>";
    return r->sets[set].cells[row * r->sets[set].ncolumns + col];
}

/* ---------------------------------------------------------------- tests */

static void t_ddl_describe(void)
{
    fixture f;
    if (with_sim(&f, NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    CHECK(strcmp(ydb_database(c), "/local") == 0, "database %s", ydb_database(c));
    exec_ok(c,
            "CREATE TABLE `shop/orders` (id Uint64 NOT NULL, customer Utf8, total Decimal(22,9), "
            "status Utf8 NOT NULL DEFAULT 'new'u, created Timestamp, "
            "PRIMARY KEY (id), INDEX ix_customer GLOBAL ON (customer) COVER (total), "
            "INDEX ix_status GLOBAL UNIQUE SYNC ON (status, id)) "
            "WITH (TTL = Interval(\"P30D\") ON created);",
            NULL, 0, NULL, NULL);
    mig_p_table t;
    ydb_error err;
    int rc = ydb_describe_table(c, "shop/orders", a, &t, &err);
    CHECK(rc == 0, "describe: %d %s %s", rc, rc < 0 ? err.status_name : "", rc < 0 ? err.message : "");
    if (rc == 0) {
        CHECK(strcmp(t.path, "shop/orders") == 0, "path %s", t.path);
        CHECK(t.ncolumns == 5, "%u columns", t.ncolumns);
        if (t.ncolumns == 5) {
            CHECK(strcmp(t.columns[0].name, "id") == 0 && t.columns[0].type.id == MIG_PT_UINT64 && t.columns[0].not_null,
                  "column 0: %s %#x nn=%d", t.columns[0].name, t.columns[0].type.id, t.columns[0].not_null);
            CHECK(strcmp(t.columns[1].name, "customer") == 0 && t.columns[1].type.id == MIG_PT_UTF8 && !t.columns[1].not_null,
                  "column 1: %s", t.columns[1].name);
            CHECK(t.columns[2].type.id == MIG_PT_DECIMAL && t.columns[2].type.precision == 22 && t.columns[2].type.scale == 9,
                  "column 2 type %#x(%u,%u)", t.columns[2].type.id, t.columns[2].type.precision, t.columns[2].type.scale);
            CHECK(t.columns[3].not_null && t.columns[3].has_default && t.columns[3].default_value &&
                      strcmp(t.columns[3].default_value, "new") == 0,
                  "column 3 default %s", t.columns[3].default_value ? t.columns[3].default_value : "(null)");
            CHECK(t.columns[4].type.id == MIG_PT_TIMESTAMP, "column 4 type %#x", t.columns[4].type.id);
        }
        CHECK(t.nkey == 1 && strcmp(t.key[0], "id") == 0, "key");
        CHECK(t.nindexes == 2, "%u indexes", t.nindexes);
        for (uint32_t i = 0; i < t.nindexes; i++) {
            const mig_p_index *ix = &t.indexes[i];
            if (strcmp(ix->name, "ix_customer") == 0) {
                CHECK(!ix->unique && !ix->async && ix->ncolumns == 1 && ix->ncover == 1 && strcmp(ix->cover[0], "total") == 0,
                      "ix_customer");
            } else {
                CHECK(strcmp(ix->name, "ix_status") == 0 && ix->unique && ix->ncolumns == 2, "index %s", ix->name);
            }
        }
        CHECK(t.ttl.column && strcmp(t.ttl.column, "created") == 0 && t.ttl.after_seconds == 30 * 86400,
              "ttl %s %lld", t.ttl.column ? t.ttl.column : "(none)", (long long)t.ttl.after_seconds);
        for (uint32_t i = 1; i < t.nsettings; i++)
            CHECK(strcmp(t.settings[i - 1].key, t.settings[i].key) < 0, "settings sorted");
    }
    rc = ydb_describe_table(c, "shop/nothing", a, &t, &err);
    CHECK(rc == 1, "a missing table gives 1, got %d (%s)", rc, rc < 0 ? err.message : "");
    /* a missing folder on the way: YDB words it "path hasn't been resolved"; still absent */
    rc = ydb_describe_table(c, "no/such/folder/t", a, &t, &err);
    CHECK(rc == 1, "a table in a missing folder gives 1, got %d (%s)", rc, rc < 0 ? err.message : "");
    /* YDB's rows estimate (DescribeTable with include_table_stats; ydbsim's is exact): 0 for
     * an empty table, 1 for a missing one */
    uint64_t rows = 99;
    rc = ydb_table_rows_estimate(c, "shop/orders", &rows, &err);
    CHECK(rc == 0 && rows == 0, "estimate, empty: rc %d rows %llu", rc, (unsigned long long)rows);
    exec_ok(c, "UPSERT INTO `shop/orders` (id, status) VALUES (1, 'a'u), (2, 'b'u), (3, 'c'u);", NULL, 0, NULL, NULL);
    rc = ydb_table_rows_estimate(c, "/local/shop/orders", &rows, &err);
    CHECK(rc == 0 && rows == 3, "estimate, three rows: rc %d rows %llu", rc, (unsigned long long)rows);
    rc = ydb_table_rows_estimate(c, "shop/nothing", &rows, &err);
    CHECK(rc == 1 && rows == 0, "estimate, a missing table: rc %d", rc);
    /* folders */
    CHECK(ydb_make_directory(c, "tools/sub", &err) == 0, "mkdir: %s", err.message);
    const char **names;
    size_t n;
    rc = ydb_list_directory(c, "", a, &names, &n, &err);
    CHECK(rc == 0, "ls: %s", rc ? err.message : "");
    bool shop = false, tools = false;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(names[i], "shop") == 0) shop = true;
        if (strcmp(names[i], "tools") == 0) tools = true;
    }
    CHECK(shop && tools, "ls / lists shop and tools");
    /* a bad statement: the issues, flattened */
    rc = ydb_exec_notx(c, "SELECT * FROM `no_such_table`;", NULL, 0, true, a, NULL, &err);
    CHECK(rc != 0 && err.ydb_status == 400070 && strcmp(err.status_name, "SCHEME_ERROR") == 0 && !err.retryable,
          "missing table: %s %s", rc ? err.status_name : "ok", rc ? err.message : "");
    CHECK(rc == 0 || strstr(err.message, "no_such_table"), "the message names the table: %s", err.message);
    fixture_stop(&f);
}

static void t_params(void)
{
    fixture f;
    if (with_sim(&f, NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    struct { const char *col, *yql; mig_p_type t; const char *v; } cases[] = {
        {"i8", "Int8", {MIG_PT_INT8, 0, 0, 0, 0}, "-128"},
        {"u8", "Uint8", {MIG_PT_UINT8, 0, 0, 0, 0}, "255"},
        {"i32", "Int32", {MIG_PT_INT32, 0, 0, 0, 0}, "-2147483648"},
        {"u32", "Uint32", {MIG_PT_UINT32, 0, 0, 0, 0}, "4294967295"},
        {"i64", "Int64", {MIG_PT_INT64, 0, 0, 0, 0}, "-9223372036854775808"},
        {"u64", "Uint64", {MIG_PT_UINT64, 0, 0, 0, 0}, "18446744073709551615"},
        {"b", "Bool", {MIG_PT_BOOL, 0, 0, 0, 0}, "true"},
        {"f", "Float", {MIG_PT_FLOAT, 0, 0, 0, 0}, "1.5"},
        {"d", "Double", {MIG_PT_DOUBLE, 0, 0, 0, 0}, "0.1"},
        {"s", "String", {MIG_PT_STRING, 0, 0, 0, 0}, "bytes \x01 here"},
        {"u", "Utf8", {MIG_PT_UTF8, 0, 0, 0, 0}, "h\xc3\xa9llo 'q'"},
        {"dt", "Date", {MIG_PT_DATE, 0, 0, 0, 0}, "2026-01-31"},
        {"dtm", "Datetime", {MIG_PT_DATETIME, 0, 0, 0, 0}, "2026-01-31T10:20:30Z"},
        {"ts", "Timestamp", {MIG_PT_TIMESTAMP, 0, 0, 0, 0}, "2026-01-31T10:20:30.123456Z"},
        {"iv", "Interval", {MIG_PT_INTERVAL, 0, 0, 0, 0}, "P1DT2H3M4.5S"},
        {"d32", "Date32", {MIG_PT_DATE32, 0, 0, 0, 0}, "1900-02-28"},
        {"uu", "Uuid", {MIG_PT_UUID, 0, 0, 0, 0}, "0123abcd-4567-89ef-0123-456789abcdef"},
        {"dec", "Decimal(22,9)", {MIG_PT_DECIMAL, 22, 9, 0, 0}, "-12.5"},
        {"js", "Json", {MIG_PT_JSON, 0, 0, 0, 0}, "{\"a\":[1,2]}"},
        {"nul", "Utf8", {MIG_PT_UTF8, 0, 0, 0, 0}, NULL},
    };
    size_t nc = sizeof cases / sizeof cases[0];
    char ddl[2048] = "CREATE TABLE p (k Uint64 NOT NULL";
    char ups[2048] = "", sel[2048] = "SELECT ";
    char decl[2048] = "";
    for (size_t i = 0; i < nc; i++) {
        snprintf(ddl + strlen(ddl), sizeof ddl - strlen(ddl), ", %s %s", cases[i].col, cases[i].yql);
        snprintf(decl + strlen(decl), sizeof decl - strlen(decl), "DECLARE $%s AS %s%s; ", cases[i].col, cases[i].yql,
                 cases[i].v ? "" : "?");
        snprintf(sel + strlen(sel), sizeof sel - strlen(sel), "%s%s", i ? ", " : "", cases[i].col);
    }
    strcat(ddl, ", PRIMARY KEY (k));");
    exec_ok(c, ddl, NULL, 0, NULL, NULL);
    snprintf(ups, sizeof ups, "%sUPSERT INTO p (k", decl);
    for (size_t i = 0; i < nc; i++) snprintf(ups + strlen(ups), sizeof ups - strlen(ups), ", %s", cases[i].col);
    strcat(ups, ") VALUES (1");
    for (size_t i = 0; i < nc; i++) snprintf(ups + strlen(ups), sizeof ups - strlen(ups), ", $%s", cases[i].col);
    strcat(ups, ");");
    strcat(sel, " FROM p WHERE k = 1;");
    mig_param ps[32];
    for (size_t i = 0; i < nc; i++) {
        ps[i].name = mig_printf(a, "$%s", cases[i].col);
        ps[i].type = cases[i].t;
        ps[i].value = cases[i].v;
    }
    ydb_error err;
    int rc = ydb_exec_notx(c, ups, ps, nc, false, a, NULL, &err);
    CHECK(rc == 0, "upsert: %s: %s", rc ? err.status_name : "", rc ? err.message : "");
    ydb_result r;
    if (exec_ok(c, sel, NULL, 0, a, &r) == 0) {
        CHECK(r.nsets == 1 && r.sets[0].nrows == 1 && r.sets[0].ncolumns == nc, "one row of %zu", nc);
        for (size_t i = 0; r.nsets == 1 && i < nc && i < r.sets[0].ncolumns; i++) {
            const char *got = cell(&r, 0, 0, i);
            CHECK(cases[i].v ? got && strcmp(got, cases[i].v) == 0 : got == NULL, "%s: sent %s, got %s", cases[i].col,
                  cases[i].v ? cases[i].v : "NULL", got ? got : "NULL");
            CHECK(strcmp(r.sets[0].names[i], cases[i].col) == 0, "column name %s", r.sets[0].names[i]);
            CHECK(r.sets[0].types[i].id == cases[i].t.id, "%s type %#x", cases[i].col, r.sets[0].types[i].id);
        }
    }
    /* literals the server computes, read back as canonical text */
    if (exec_ok(c, "SELECT 1 + 2 AS three, 'x'u AS s, Date('2026-02-01') AS d, CAST(NULL AS Int32?) AS n;", NULL, 0, a, &r) == 0) {
        CHECK(strcmp(cell(&r, 0, 0, 0) ? cell(&r, 0, 0, 0) : "", "3") == 0, "1 + 2");
        CHECK(cell(&r, 0, 0, 2) && strcmp(cell(&r, 0, 0, 2), "2026-02-01") == 0, "date %s", cell(&r, 0, 0, 2));
        CHECK(cell(&r, 0, 0, 3) == NULL, "NULL");
    }
    /* a value that does not fit its type: said plainly, nothing sent */
    mig_param bad = {"$x", {MIG_PT_INT8, 0, 0, 0, 0}, "300"};
    rc = ydb_exec_notx(c, "DECLARE $x AS Int8; SELECT $x;", &bad, 1, true, a, NULL, &err);
    CHECK(rc != 0 && strcmp(err.status_name, "BAD_PARAMETER") == 0 && strstr(err.message, "$x"), "bad param: %s",
          rc ? err.message : "ok");
    fixture_stop(&f);
}

typedef struct tx_ud {
    ydb_conn *other;   /* interferes on the first run when set */
    int runs;
    mig_arena *a;
} tx_ud;

static int tx_body(ydb_tx *tx, void *p, ydb_error *err)
{
    tx_ud *u = p;
    u->runs++;
    ydb_result r;
    if (ydb_tx_exec(tx, "SELECT v FROM kv WHERE k = 1;", NULL, 0, u->a, &r, err)) return -1;
    const char *v = cell(&r, 0, 0, 0);
    long n = v ? atol(v) : 0;
    if (u->other && u->runs == 1) {
        ydb_error e2;
        /* another client changes the row this transaction has read */
        if (ydb_exec_notx(u->other, "UPSERT INTO kv (k, v) VALUES (1, 100);", NULL, 0, false, NULL, NULL, &e2))
            printf("#   interfering write failed: %s\n", e2.message);
    }
    char *q = mig_printf(u->a, "UPSERT INTO kv (k, v) VALUES (1, %ld);", n + 1);
    if (ydb_tx_exec(tx, q, NULL, 0, NULL, NULL, err)) return -1;
    return 0;
}

static void t_transactions(void)
{
    fixture f;
    if (with_sim(&f, NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    /* a second client on the same server */
    logbook lb2 = {{0}, 0};
    ydb_options o2 = opts(url_of("grpc", &f.s, "/local"), &lb2);
    ydb_conn *c2 = connect_ok(a, &o2);
    if (c2) {
        exec_ok(c, "CREATE TABLE kv (k Uint64 NOT NULL, v Int64, PRIMARY KEY (k));", NULL, 0, NULL, NULL);
        exec_ok(c, "UPSERT INTO kv (k, v) VALUES (1, 1);", NULL, 0, NULL, NULL);
        /* explicit: begin, statements, commit */
        ydb_tx *tx;
        ydb_error err;
        CHECK(ydb_tx_begin(c, &tx, &err) == 0, "begin: %s", err.message);
        CHECK(ydb_tx_exec(tx, "UPSERT INTO kv (k, v) VALUES (2, 20);", NULL, 0, NULL, NULL, &err) == 0, "exec: %s", err.message);
        CHECK(ydb_tx_commit(tx, &err) == 0, "commit: %s", err.message);
        /* rollback leaves nothing */
        CHECK(ydb_tx_begin(c, &tx, &err) == 0, "begin: %s", err.message);
        CHECK(ydb_tx_exec(tx, "UPSERT INTO kv (k, v) VALUES (3, 30);", NULL, 0, NULL, NULL, &err) == 0, "exec: %s", err.message);
        ydb_tx_rollback(tx);
        ydb_result r;
        if (exec_ok(c, "SELECT k, v FROM kv ORDER BY k;", NULL, 0, a, &r) == 0)
            CHECK(r.nsets == 1 && r.sets[0].nrows == 2 && strcmp(cell(&r, 0, 1, 1), "20") == 0, "rows after commit+rollback");
        /* a failed statement ends the transaction */
        CHECK(ydb_tx_begin(c, &tx, &err) == 0, "begin: %s", err.message);
        CHECK(ydb_tx_exec(tx, "SELECT * FROM nowhere;", NULL, 0, NULL, NULL, &err) != 0, "bad statement fails");
        CHECK(ydb_tx_exec(tx, "SELECT 1;", NULL, 0, NULL, NULL, &err) != 0, "the tx is over");
        CHECK(ydb_tx_commit(tx, &err) != 0 && !err.retryable, "commit of a failed tx: %s", err.message);
        /* ydb_retry_tx, no conflict */
        tx_ud u = {NULL, 0, a};
        CHECK(ydb_retry_tx(c, tx_body, &u, &err) == 0, "retry_tx: %s", err.message);
        CHECK(u.runs == 1, "ran %d times", u.runs);
        /* a write conflict: ABORTED at commit, run again, succeeds */
        tx_ud w = {c2, 0, a};
        int rc = ydb_retry_tx(c, tx_body, &w, &err);
        CHECK(rc == 0, "retry_tx with a conflict: %s %s", rc ? err.status_name : "", rc ? err.message : "");
        CHECK(w.runs == 2, "ran %d times (expected 2)", w.runs);
        CHECK(strstr(f.lb.text, "ABORTED") != NULL, "the log tells of the ABORTED run");
        if (exec_ok(c, "SELECT v FROM kv WHERE k = 1;", NULL, 0, a, &r) == 0)
            CHECK(strcmp(cell(&r, 0, 0, 0), "101") == 0, "v = %s (expected 101)", cell(&r, 0, 0, 0));
        /* without retries: the conflict is reported as ABORTED, retryable */
        CHECK(ydb_tx_begin(c, &tx, &err) == 0, "begin");
        CHECK(ydb_tx_exec(tx, "SELECT v FROM kv WHERE k = 1;", NULL, 0, a, &r, &err) == 0, "read");
        exec_ok(c2, "UPSERT INTO kv (k, v) VALUES (1, 7);", NULL, 0, NULL, NULL);
        CHECK(ydb_tx_exec(tx, "UPSERT INTO kv (k, v) VALUES (1, 8);", NULL, 0, NULL, NULL, &err) == 0, "write: %s", err.message);
        rc = ydb_tx_commit(tx, &err);
        CHECK(rc != 0 && err.ydb_status == 400040 && err.retryable && !err.undetermined, "commit: %s %s",
              rc ? err.status_name : "ok", rc ? err.message : "");
    }
    ydb_close(c2);
    fixture_stop(&f);
}

static void t_transient(void)
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
static void t_final_abort(void)
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

static void t_bad_session(void)
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

static void t_dropped(void)
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

static void t_static_auth(void)
{
    fixture f;
    if (fixture_start(&f, "--auth", "static:alice:s3cret", NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = f.o;
    o.auth = YDB_AUTH_STATIC;
    o.user = "alice";
    o.password = "wrongpass";
    ydb_conn *c = NULL;
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "wrong password refused");
    if (!c) {
        printf("#   wrong password: %s: %s\n", err.status_name, err.message);
        CHECK(strstr(err.message, "alice") && !strstr(err.message, "wrongpass"), "names the user, not the password");
    }
    ydb_close(c);
    c = NULL;
    o.password = "s3cret";
    c = connect_ok(a, &o);
    if (c) {
        ydb_result r;
        CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query with a login token");
        ydb_close(c);
    }
    /* anonymous against a server that wants credentials */
    o.auth = YDB_AUTH_ANONYMOUS;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "anonymous refused");
    if (!c) printf("#   anonymous: %s: %s\n", err.status_name, err.message);
    ydb_close(c);
    fixture_stop(&f);
}

static void t_token_auth(void)
{
    fixture f;
    if (fixture_start(&f, "--auth", "token:T0KEN-abc", NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = f.o;
    o.auth = YDB_AUTH_TOKEN;
    o.token = "T0KEN-abc";
    ydb_conn *c = connect_ok(a, &o);
    if (c) {
        ydb_result r;
        CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query with a token");
        ydb_close(c);
        c = NULL;
    }
    o.token = "not-the-token";
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "a wrong token is refused");
    if (!c) {
        printf("#   wrong token: %s: %s\n", err.status_name, err.message);
        CHECK(!strstr(err.message, "not-the-token"), "the message holds no token");
    }
    ydb_close(c);
    fixture_stop(&f);
}

static int sh(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void t_tls(void)
{
    char dir[] = "/tmp/drivertest-tls.XXXXXX";
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp"); return; }
    char cmd[1024], cert[128], key[128];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 -subj /CN=localhost "
             "-addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1", key, cert);
    CHECK(sh(cmd) == 0, "openssl made a certificate (scripts/setup.sh installs openssl)");
    fixture f;
    if (fixture_start(&f, "--tls-cert", cert, "--tls-key", key, NULL) == 0) {
        mig_arena *a = f.a;
        ydb_options o = opts(url_of("grpcs", &f.s, "/local"), &f.lb);
        o.ca_file = cert;
        ydb_conn *c = connect_ok(a, &o);
        if (c) {
            ydb_result r;
            CHECK(exec_ok(c, "SELECT 1;", NULL, 0, a, &r) == 0, "query over TLS");
            ydb_close(c);
            c = NULL;
        }
        o.ca_file = NULL;
        ydb_error err;
        CHECK(ydb_connect(a, &o, &c, &err) != 0, "without the CA file the certificate is not trusted");
        if (!c) {
            printf("#   no CA file: %s: %s\n", err.status_name, err.message);
            CHECK(strstr(err.message, "TLS") != NULL, "the message says TLS");
        }
        ydb_close(c);
        c = NULL;
        /* plain gRPC to a TLS port */
        ydb_options p = opts(url_of("grpc", &f.s, "/local"), &f.lb);
        p.connect_timeout_ms = getenv("DRIVERTEST_SLOW") ? 20000 : 3000;
        CHECK(ydb_connect(a, &p, &c, &err) != 0, "plain to a TLS port fails");
        ydb_close(c);
        fixture_stop(&f);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    sh(cmd);
}

static void t_unreachable(void)
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

static void t_database(void)
{
    fixture f;
    if (fixture_start(&f, NULL)) return;
    mig_arena *a = f.a;
    ydb_options o = opts(url_of("grpc", &f.s, "/nope"), &f.lb);
    ydb_conn *c = NULL;
    ydb_error err;
    CHECK(ydb_connect(a, &o, &c, &err) != 0, "a missing database");
    if (!c) {
        printf("#   missing database: %s: %s\n", err.status_name, err.message);
        CHECK(strstr(err.message, "/nope") != NULL, "names the database");
    }
    ydb_close(c);
    c = NULL;
    /* the other URL forms */
    char u[256];
    snprintf(u, sizeof u, "grpc://127.0.0.1:%d/?database=/local", f.s.port);
    o.url = u;
    c = connect_ok(a, &o);
    if (c) CHECK(strcmp(ydb_database(c), "/local") == 0, "?database=");
    ydb_close(c);
    snprintf(u, sizeof u, "yql+ydb://127.0.0.1:%d/local", f.s.port);
    o.discovery = true;
    c = connect_ok(a, &o);
    if (c) CHECK(strcmp(ydb_database(c), "/local") == 0, "yql+ydb://");
    ydb_close(c);
    fixture_stop(&f);
}

/* RenameTables: a two-item swap in one call (retried after OVERLOADED, which proves it did not
 * run), the swap back with replace, the failures with YDB's statuses, and no retry once the
 * outcome is unknown (a rename is not idempotent). */
static const char *first_cell(ydb_conn *c, const char *yql, mig_arena *a)
{
    ydb_result r;
    if (exec_ok(c, yql, NULL, 0, a, &r) != 0) return "<failed>";
    return cell(&r, 0, 0, 0) ? cell(&r, 0, 0, 0) : "<null>";
}

static void t_rename(void)
{
    fixture f;
    if (with_sim(&f, "--fail", "1:RenameTables:OVERLOADED", "--fail", "7:RenameTables:UNDETERMINED:after", NULL)) return;
    mig_arena *a = f.a;
    ydb_conn *c = f.c;
    exec_ok(c, "CREATE TABLE `app/t` (id Uint64 NOT NULL, v Utf8, INDEX by_v GLOBAL ON (v), PRIMARY KEY (id));",
            NULL, 0, NULL, NULL);
    exec_ok(c, "CREATE TABLE `app/s` (id Uint64 NOT NULL, w Int32, PRIMARY KEY (id));", NULL, 0, NULL, NULL);
    exec_ok(c, "UPSERT INTO `app/t` (id, v) VALUES (1, 'old'u); UPSERT INTO `app/s` (id, w) VALUES (2, 20);",
            NULL, 0, NULL, NULL);
    ydb_error err;
    ydb_rename_item swap[] = {{"app/t", "app/k", false}, {"app/s", "app/t", false}};
    int rc = ydb_rename_tables(c, swap, 2, &err);
    CHECK(rc == 0, "swap: %s %s", rc ? err.status_name : "", rc ? err.message : "");
    CHECK(count_in(f.lb.text, "retrying") == 1, "OVERLOADED retried once:\n%s", f.lb.text);
    mig_p_table t;
    CHECK(ydb_describe_table(c, "app/s", a, &t, &err) == 1, "s is gone");
    rc = ydb_describe_table(c, "app/k", a, &t, &err);
    CHECK(rc == 0 && t.ncolumns == 2 && strcmp(t.columns[1].name, "v") == 0 && t.nindexes == 1,
          "k is the old t, with its index");
    rc = ydb_describe_table(c, "app/t", a, &t, &err);
    CHECK(rc == 0 && t.ncolumns == 2 && strcmp(t.columns[1].name, "w") == 0 && t.nindexes == 0, "t is the old s");
    CHECK(strcmp(first_cell(c, "SELECT v FROM `app/k`;", a), "old") == 0, "k's rows");
    CHECK(strcmp(first_cell(c, "SELECT w FROM `app/t`;", a), "20") == 0, "t's rows");
    /* the swap back: k replaces t, whose rows go with it */
    ydb_rename_item back[] = {{"app/k", "app/t", true}};
    rc = ydb_rename_tables(c, back, 1, &err);
    CHECK(rc == 0, "replace: %s %s", rc ? err.status_name : "", rc ? err.message : "");
    CHECK(ydb_describe_table(c, "app/k", a, &t, &err) == 1, "k is gone");
    CHECK(strcmp(first_cell(c, "SELECT v FROM `app/t`;", a), "old") == 0, "t is the old t again");
    CHECK(strcmp(first_cell(c, "SELECT COUNT(*) FROM `app/t`;", a), "1") == 0, "with its one row");
    /* failures: YDB's statuses, not retried, nothing changed */
    exec_ok(c, "CREATE TABLE `app/u` (id Uint64 NOT NULL, PRIMARY KEY (id));", NULL, 0, NULL, NULL);
    ydb_rename_item missing[] = {{"app/t", "app/x", false}, {"app/nope", "app/y", false}};
    rc = ydb_rename_tables(c, missing, 2, &err);
    CHECK(rc != 0 && strcmp(err.status_name, "SCHEME_ERROR") == 0 && !err.retryable && !err.undetermined,
          "a missing source: %s", rc ? err.status_name : "ok");
    CHECK(ydb_describe_table(c, "app/x", a, &t, &err) == 1, "all or nothing: t did not move");
    ydb_rename_item taken[] = {{"app/u", "app/t", false}};
    rc = ydb_rename_tables(c, taken, 1, &err);
    CHECK(rc != 0 && strcmp(err.status_name, "SCHEME_ERROR") == 0 && strstr(err.message, "path exist"),
          "an existing destination: %s %s", rc ? err.status_name : "ok", rc ? err.message : "");
    ydb_rename_item itself[] = {{"app/u", "app/u", true}};
    rc = ydb_rename_tables(c, itself, 1, &err);
    CHECK(rc != 0 && strcmp(err.status_name, "BAD_REQUEST") == 0, "replace onto itself: %s",
          rc ? err.status_name : "ok");
    rc = ydb_rename_tables(c, NULL, 0, &err);
    CHECK(rc != 0 && !err.retryable, "no items: refused before any call");
    ydb_rename_item blank[] = {{"app/u", "", false}};
    rc = ydb_rename_tables(c, blank, 1, &err);
    CHECK(rc != 0 && strcmp(err.status_name, "BAD_CALL") == 0, "no destination: refused before any call");
    CHECK(count_in(f.lb.text, "retrying") == 1, "no failure retried:\n%s", f.lb.text);
    /* call 7: applied, then UNDETERMINED: not run again (it would fail: u is gone), said so */
    ydb_rename_item lost[] = {{"app/u", "app/u2", false}};
    rc = ydb_rename_tables(c, lost, 1, &err);
    CHECK(rc != 0 && err.undetermined && !err.retryable && strcmp(err.status_name, "UNDETERMINED") == 0,
          "an unknown outcome: %s", rc ? err.status_name : "ok");
    CHECK(count_in(f.lb.text, "retrying") == 1, "not retried:\n%s", f.lb.text);
    CHECK(ydb_describe_table(c, "app/u2", a, &t, &err) == 0, "it had run");
    fixture_stop(&f);
}

static void t_module(void)
{
    void *h = dlopen(YDB_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", YDB_MODULE_PATH, dlerror());
    if (!h) return;
    migrun_ydb_driver_fn f;
    *(void **)&f = dlsym(h, MIGRUN_YDB_DRIVER_SYMBOL);
    CHECK(f != NULL, "the entry point");
    if (f) {
        const struct ydb_driver_api *api = f();
        CHECK(api->version == YDB_DRIVER_API_VERSION && api->size == sizeof *api && api->connect && api->list_directory &&
                  api->rename_tables && api->table_rows_estimate,
              "the table");
        CHECK(dlsym(h, "ydb_connect") == NULL, "nothing else exported");
        /* a round trip through the module */
        fixture fx;
        if (fixture_start(&fx, NULL) == 0) {
            ydb_conn *c = NULL;
            ydb_error err;
            CHECK(api->connect(fx.a, &fx.o, &c, &err) == 0, "connect through the module");
            if (c) {
                ydb_result r;
                CHECK(api->exec_notx(c, "SELECT 7;", NULL, 0, true, fx.a, &r, &err) == 0, "query through the module");
                api->close(c);
            }
            fixture_stop(&fx);
        }
    }
    dlclose(h);
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
    {"ddl_describe", t_ddl_describe}, {"params", t_params}, {"transactions", t_transactions},
    {"transient", t_transient}, {"final_abort", t_final_abort}, {"bad_session", t_bad_session}, {"dropped", t_dropped},
    {"static_auth", t_static_auth}, {"token_auth", t_token_auth}, {"tls", t_tls},
    {"unreachable", t_unreachable}, {"database", t_database}, {"module", t_module}, {"rename", t_rename},
};

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    atexit(kill_all);
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t n = sizeof tests / sizeof tests[0];
    printf("1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        bool want = argc < 2;
        for (int j = 1; j < argc; j++)
            if (strcmp(argv[j], tests[i].name) == 0) want = true;
        if (!want) {
            printf("ok %zu - %s # SKIP not selected\n", i + 1, tests[i].name);
            continue;
        }
        checks_failed_in_test = 0;
        tests[i].fn();
        if (checks_failed_in_test) failures++;
        printf("%sok %zu - %s\n", checks_failed_in_test ? "not " : "", i + 1, tests[i].name);
    }
    kill_all();
    size_t ran = 0;
    for (size_t i = 0; i < n; i++) {
        bool want = argc < 2;
        for (int j = 1; j < argc; j++)
            if (strcmp(argv[j], tests[i].name) == 0) want = true;
        ran += want;
    }
    printf("%zu passed, %d failed\n", ran - (size_t)failures, failures);
    return failures ? 1 : 0;
}
