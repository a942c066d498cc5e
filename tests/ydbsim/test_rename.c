/* test_rename.c - ydbsim's RenameTables (rename.c): the items in order and all or none, the
 * statuses YDB answers (see rename.c for where they were read), a moved table keeping its
 * rows and indexes, replace dropping the destination's rows, and --state following. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "test_util.h"

static sim_engine *E;

static void setup(void)
{
    E = sim_engine_new("/local");
    const char *ddl[] = {
        "CREATE TABLE t (id Uint64 NOT NULL, v Utf8, INDEX by_v GLOBAL ON (v), PRIMARY KEY (id));",
        "CREATE TABLE s (id Uint64 NOT NULL, w Int32, PRIMARY KEY (id));",
        "UPSERT INTO t (id, v) VALUES (1, 'one'u), (2, 'two'u);",
        "UPSERT INTO s (id, w) VALUES (10, 100);",
    };
    for (size_t i = 0; i < sizeof ddl / sizeof *ddl; i++) {
        sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, ddl[i], NULL, 0);
        cr_assert_eq(r.status, SIM_SUCCESS, "%s", ddl[i]);
        sim_result_free(&r);
    }
}
static void teardown(void) { sim_engine_free(E); }

TestSuite(rename, .init = setup, .fini = teardown);

static sim_status ren(const sim_rename *items, size_t n, const char *text)
{
    sim_result r = sim_rename_tables(E, items, n);
    sim_status st = r.status;
    if (text)
        cr_assert(issue_has(r.issues, r.nissues, text), "no issue containing '%s' (first: %s)", text,
                  r.nissues ? r.issues[0].message : "none");
    sim_result_free(&r);
    return st;
}

static bool exists(const char *path)
{
    sim_table_desc d;
    sim_result r = sim_describe_table(E, path, &d);
    bool ok = r.status == SIM_SUCCESS;
    if (ok) sim_table_desc_free(&d);
    sim_result_free(&r);
    return ok;
}

/* the number of rows of a table, and the first column of the first row (ORDER BY id) */
static size_t rows(const char *table, uint64_t *first)
{
    char q[256];
    snprintf(q, sizeof q, "SELECT * FROM `%s` ORDER BY id;", table);
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, q, NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s: %s", table, r.nissues ? r.issues[0].message : "");
    size_t n = r.sets[0].nrows;
    if (first && n) *first = r.sets[0].rows[0].items[0].u64;
    sim_result_free(&r);
    return n;
}

Test(rename, swap_in_one_step_keeps_rows_and_indexes)
{
    sim_rename items[] = {{"t", "k", false}, {"/local/s", "t", false}};
    cr_assert_eq(ren(items, 2, NULL), SIM_SUCCESS);
    cr_assert(!exists("s"));
    uint64_t first = 0;
    cr_assert_eq(rows("k", &first), 2);
    cr_assert_eq(first, 1);
    cr_assert_eq(rows("t", &first), 1);
    cr_assert_eq(first, 10);
    sim_table_desc d;
    sim_result r = sim_describe_table(E, "k", &d);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(d.nindexes, 1);
    cr_assert_str_eq(d.indexes[0].name, "by_v");
    cr_assert_str_eq(d.indexes[0].cols[0], "v");
    sim_table_desc_free(&d);
    sim_result_free(&r);
}

Test(rename, replace_drops_the_destination_with_its_rows)
{
    sim_rename items[] = {{"s", "t", true}};
    cr_assert_eq(ren(items, 1, NULL), SIM_SUCCESS);
    cr_assert(!exists("s"));
    uint64_t first = 0;
    cr_assert_eq(rows("t", &first), 1);
    cr_assert_eq(first, 10);
    sim_table_desc d;
    sim_result r = sim_describe_table(E, "t", &d);
    cr_assert_eq(d.nindexes, 0, "t is s now, without t's index");
    sim_table_desc_free(&d);
    sim_result_free(&r);
}

Test(rename, into_a_folder_that_exists)
{
    sim_result r = sim_make_directory(E, "archive");
    sim_result_free(&r);
    sim_rename items[] = {{"t", "archive/t", false}};
    cr_assert_eq(ren(items, 1, NULL), SIM_SUCCESS);
    cr_assert_eq(rows("archive/t", NULL), 2);
}

/* each failure leaves every table where it was, rows included */
static void unchanged(void)
{
    cr_assert_eq(rows("t", NULL), 2);
    cr_assert_eq(rows("s", NULL), 1);
    cr_assert(!exists("k"));
}

Test(rename, failures_change_nothing)
{
    /* the second item fails: the first, already checked, is not applied */
    sim_rename missing[] = {{"t", "k", false}, {"nope", "x", false}};
    cr_assert_eq(ren(missing, 2, "path hasn't been resolved"), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename taken[] = {{"t", "k", false}, {"s", "k2", false}, {"k2", "x", false}};
    cr_assert_eq(ren(taken, 3, NULL), SIM_BAD_REQUEST); /* k2 is a destination, then a source */
    unchanged();
    sim_rename exists_[] = {{"s", "t", false}};
    cr_assert_eq(ren(exists_, 1, "path exist, request doesn't accept it"), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename itself[] = {{"t", "t", false}};
    cr_assert_eq(ren(itself, 1, "path exist"), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename itself_replace[] = {{"t", "t", true}};
    cr_assert_eq(ren(itself_replace, 1, NULL), SIM_BAD_REQUEST);
    unchanged();
    /* replace needs a destination: YDB drops it first, and a missing one fails the drop */
    sim_rename replace_missing[] = {{"t", "k", true}};
    cr_assert_eq(ren(replace_missing, 1, "path hasn't been resolved"), SIM_SCHEME_ERROR);
    unchanged();
    /* a cycle: t's destination s still exists when t moves (YDB's "Reject" case) */
    sim_rename cycle[] = {{"t", "s", false}, {"s", "t", false}};
    cr_assert_eq(ren(cycle, 2, "path exist"), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename twice[] = {{"t", "k", false}, {"t", "k2", false}};
    cr_assert_eq(ren(twice, 2, NULL), SIM_BAD_REQUEST);
    unchanged();
    sim_rename same_dst[] = {{"t", "k", false}, {"s", "k", false}};
    cr_assert_eq(ren(same_dst, 2, NULL), SIM_BAD_REQUEST);
    unchanged();
    sim_rename no_folder[] = {{"t", "no/such/k", false}};
    cr_assert_eq(ren(no_folder, 1, "path hasn't been resolved"), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename under_table[] = {{"t", "s/k", false}};
    cr_assert_eq(ren(under_table, 1, NULL), SIM_SCHEME_ERROR);
    unchanged();
    sim_rename outside[] = {{"t", "/other/k", false}};
    cr_assert_neq(ren(outside, 1, NULL), SIM_SUCCESS);
    unchanged();
    cr_assert_eq(ren(NULL, 0, "Emply move list"), SIM_BAD_REQUEST);
    unchanged();
}

Test(rename, a_table_with_changefeeds_does_not_move)
{
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false,
                               "ALTER TABLE s ADD CHANGEFEED f WITH (MODE = 'KEYS_ONLY', FORMAT = 'JSON');", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
    sim_rename items[] = {{"s", "k", false}};
    cr_assert_eq(ren(items, 1, "Cannot move table with cdc streams"), SIM_PRECONDITION_FAILED);
    unchanged();
}

/* a transaction that read the table before the swap cannot commit a write after it */
Test(rename, open_transactions_see_the_schema_change)
{
    sim_tx *tx = sim_tx_begin(E, SIM_TX_SERIALIZABLE_RW);
    sim_result r = sim_execute(E, SIM_API_QUERY, tx, -1, false, "SELECT * FROM t; UPSERT INTO s (id, w) VALUES (11, 1);",
                               NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
    sim_rename items[] = {{"t", "k", false}};
    cr_assert_eq(ren(items, 1, NULL), SIM_SUCCESS);
    r = sim_tx_commit(E, tx);
    cr_assert_neq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    cr_assert_eq(rows("s", NULL), 1);
}

Test(rename, state_follows)
{
    sim_rename items[] = {{"t", "k", false}, {"s", "t", false}};
    cr_assert_eq(ren(items, 2, NULL), SIM_SUCCESS);
    char path[] = "/tmp/ydbsim-rename-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert_eq(sim_engine_save(E, path), 0);
    sim_engine_free(E);
    E = sim_engine_load(path, "/local");
    remove(path);
    cr_assert_not_null(E);
    uint64_t first = 0;
    cr_assert_eq(rows("k", &first), 2);
    cr_assert_eq(first, 1);
    cr_assert_eq(rows("t", &first), 1);
    cr_assert_eq(first, 10);
    cr_assert(!exists("s"));
}
