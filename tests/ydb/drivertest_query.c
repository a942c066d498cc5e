/* drivertest_query.c - the driver against ydbsim: DDL and describe, parameters, transactions, renames. */
#include "drivertest.h"

void t_ddl_describe(void)
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

void t_params(void)
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

void t_transactions(void)
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

/* RenameTables: a two-item swap in one call (retried after OVERLOADED, which proves it did not
 * run), the swap back with replace, the failures with YDB's statuses, and no retry once the
 * outcome is unknown (a rename is not idempotent). */
static const char *first_cell(ydb_conn *c, const char *yql, mig_arena *a)
{
    ydb_result r;
    if (exec_ok(c, yql, NULL, 0, a, &r) != 0) return "<failed>";
    return cell(&r, 0, 0, 0) ? cell(&r, 0, 0, 0) : "<null>";
}

void t_rename(void)
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
