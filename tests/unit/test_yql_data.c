/* test_yql_data.c - the YQL renderer (runtime/yql.c): yql bodies and the backfill and rebuild
 * statements, page by page. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "yql_check.h"

static void yql_is(const char *body, const char *want)
{
    mig_p_step st = STEP(MIG_S_YQL, NULL);
    st.body = body;
    st.body_len = (uint32_t)strlen(body);
    step_is(&st, want);
}

Test(yql, yql_bodies)
{
    yql_is("UPDATE users SET status = \"active\"u WHERE status IS NULL;",
           "UPDATE users SET status = \"active\"u WHERE status IS NULL;\n");
    yql_is("UPDATE users SET status = \"active\"u WHERE status IS NULL",
           "UPDATE users SET status = \"active\"u WHERE status IS NULL;\n");
    yql_is("\n    DELETE FROM t;\n    ", "\n    DELETE FROM t;\n");
    yql_is("SELECT 1;\n", "SELECT 1;\n");
    yql_is("SELECT 1\n\n", "SELECT 1;\n");
    yql_is("$x = 1;\nSELECT $x", "$x = 1;\nSELECT $x;\n");
    /* a last line with a comment: the ';' goes on a line of its own */
    yql_is("SELECT 1 -- one", "SELECT 1 -- one\n;\n");

    /* body_len rules over a longer buffer; 0 means "up to the NUL" */
    mig_p_step st = STEP(MIG_S_YQL, NULL);
    st.body = "SELECT 1;SELECT 2";
    st.body_len = 8;
    step_is(&st, "SELECT 1;\n");
    st.body_len = 0;
    step_is(&st, "SELECT 1;SELECT 2;\n");
    st.line = 12;
    describe_is(&st, "yql");
    st.line = 0;
    describe_is(&st, "yql");
    st.body = "  \n";
    step_fails(&st, "no text");
    st.body = NULL;
    step_fails(&st, "no text");
}

/* A statement of mig_yql_backfill's, or (rebuild) of mig_yql_rebuild's, DECLAREs first. */
static const char *stmt_text(const mig_p_step *st, bool rebuild, int which, bool from_start)
{
    static char text[2048];
    mig_buf b = MIG_BUF_INIT;
    if (rebuild) mig_yql_rebuild(&b, &b, st, (mig_rb_stmt)which, from_start);
    else mig_yql_backfill(&b, &b, st, (mig_bf_stmt)which, from_start);
    snprintf(text, sizeof text, "%s", mig_buf_str(&b));
    mig_buf_free(&b);
    return text;
}

Test(yql, backfill_pages)
{
    const mig_p_type u64 = {MIG_PT_UINT64, 0, 0, 0, 0}, i32 = {MIG_PT_INT32, 0, 0, 0, 0};
    mig_p_column cols[] = {COL("id", u64, 1), COL("n", i32, 0)};
    const char *key[] = {"id"};
    mig_p_table t = th_table("t", cols, 2, key, 1);
    const char *names[] = {"n"}, *exprs[] = {"n + 1"};
    mig_p_step st = STEP(MIG_S_BACKFILL, "t");
    st.names = names;
    st.exprs = exprs;
    st.nnames = 1;
    st.batch = 10;
    st.pre = st.post = &t;
    describe_is(&st, "backfill t (n)");
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_END, true), "SELECT `id` FROM `t`\nORDER BY `id` DESC\nLIMIT 1;\n");
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_PAGE, true),
                     "DECLARE $e0 AS Uint64;\nSELECT `id` FROM `t`\nWHERE ((`id` <= $e0))\nORDER BY `id`\nLIMIT 10;\n");
    st.body = "n IS NOT NULL";
    st.body_len = 13;
    /* the commit selects the next page's keys (after $l) before it updates this page's rows */
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_UPDATE, false),
                     "DECLARE $c0 AS Uint64;\nDECLARE $e0 AS Uint64;\nDECLARE $l0 AS Uint64;\n"
                     "SELECT `id` FROM `t`\nWHERE ((`id` > $l0))\n  AND ((`id` <= $e0))\n  AND (n IS NOT NULL)\n"
                     "ORDER BY `id`\nLIMIT 10;\n"
                     "UPDATE `t` SET `n` = (n + 1)\n"
                     "WHERE ((`id` > $c0))\n  AND ((`id` <= $l0))\n  AND (n IS NOT NULL);\n");
    st.pre = NULL;
    step_fails(&st, "primary key");
    st.pre = &t;
    st.batch = 0;
    step_fails(&st, "batch");
}

Test(yql, rebuild_pages)
{
    const mig_p_type u64 = {MIG_PT_UINT64, 0, 0, 0, 0}, i32 = {MIG_PT_INT32, 0, 0, 0, 0},
                     i64 = {MIG_PT_INT64, 0, 0, 0, 0};
    mig_p_column old_cols[] = {COL("id", u64, 1), COL("n", i32, 0), COL("x", i32, 0)};
    /* x: nullable before, not null now, copied by name */
    mig_p_column new_cols[] = {COL("n", i64, 1), COL("id", u64, 1), COL("y", i32, 0), COL("x", i32, 1)};
    const char *old_key[] = {"id"}, *new_key[] = {"n", "id"};
    mig_p_table t = th_table("t", old_cols, 3, old_key, 1), d = th_table("t", new_cols, 4, new_key, 2);
    const char *names[] = {"n", "id", "y", "x"}, *exprs[] = {"n * 10l", "`id`", NULL, "`x`"};
    mig_p_step st = STEP(MIG_S_REBUILD_TABLE, "t");
    st.def = st.post = &d;
    st.pre = &t;
    st.name = "t__rebuild_r";
    st.to = "t__before_r";
    st.names = names;
    st.exprs = exprs;
    st.nnames = 4;
    st.batch = 10;
    describe_is(&st, "rebuild_table t");
    /* the end key and the page's range are backfill's, over T's key */
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_END, true), "SELECT `id` FROM `t`\nORDER BY `id` DESC\nLIMIT 1;\n");
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_PAGE, false),
                     "DECLARE $c0 AS Uint64;\nDECLARE $e0 AS Uint64;\n"
                     "SELECT `id`, (n * 10l) AS `new key 0`, (`id`) AS `new key 1`, "
                     "(FALSE OR (n * 10l) IS NULL OR (`x`) IS NULL) AS `null in a not null column`\nFROM `t`\n"
                     "WHERE ((`id` > $c0))\n  AND ((`id` <= $e0))\nORDER BY `id`\nLIMIT 10;\n");
    /* (the page's NULL test leaves out id, copied by name from a not null column) */
    /* a column with no source is left out: NULL, or its default; x is unwrapped, as YDB
     * takes no optional value for a not null column */
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_UPDATE, true),
                     "DECLARE $e0 AS Uint64;\nDECLARE $l0 AS Uint64;\n"
                     "SELECT `id`, (n * 10l) AS `new key 0`, (`id`) AS `new key 1`, "
                     "(FALSE OR (n * 10l) IS NULL OR (`x`) IS NULL) AS `null in a not null column`\nFROM `t`\n"
                     "WHERE ((`id` > $l0))\n  AND ((`id` <= $e0))\nORDER BY `id`\nLIMIT 10;\n"
                     "UPSERT INTO `t__rebuild_r`\nSELECT (n * 10l) AS `n`, (`id`) AS `id`, Unwrap(`x`) AS `x`\n"
                     "FROM `t`\nWHERE ((`id` <= $l0));\n");
    cr_assert_str_eq(stmt_text(&st, true, MIG_RB_DROP, true), "DROP TABLE IF EXISTS `t__rebuild_r`;\n");
    cr_assert(strncmp(stmt_text(&st, true, MIG_RB_CREATE, true), "CREATE TABLE `t__rebuild_r` (\n    `n` Int64 NOT NULL,", 49) == 0);
    cr_assert_str_eq(stmt_text(&st, true, MIG_RB_COUNT, false),
                     "DECLARE $e0 AS Uint64;\nSELECT COUNT(*) AS n FROM `t` WHERE ((`id` <= $e0));\n"
                     "SELECT COUNT(*) AS n FROM `t` WHERE ((`id` > $e0));\nSELECT COUNT(*) AS n FROM `t__rebuild_r`;\n");
    cr_assert_str_eq(stmt_text(&st, true, MIG_RB_COUNT, true),
                     "SELECT COUNT(*) AS n FROM `t`;\nSELECT COUNT(*) AS n FROM `t__rebuild_r`;\n");
    /* --sql: the swap is a comment, YQL cannot write it */
    mig_buf b = MIG_BUF_INIT;
    cr_assert_eq(mig_yql_step(&b, &st, NULL), 0);
    cr_assert(strstr(mig_buf_str(&b), "-- TableService.RenameTables (one transaction): t -> t__before_r, t__rebuild_r -> t\n"));
    mig_buf_free(&b);
    st.nnames = 2;
    step_fails(&st, "sources");
    st.nnames = 3;
    st.to = NULL;
    step_fails(&st, "kept");
}
