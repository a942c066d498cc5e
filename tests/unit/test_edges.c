/* test_edges.c - conditional steps decided on the live table, the server's release, and the
 * recogniser of migrun's version and lock tables (docs/decisions/0016-edges.md). */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/arena.h"
#include "../../common/buf.h"
#include "../../common/ydbrelease.h"
#include "../../runtime/condstep.h"
#include "../../runtime/state.h"
#include "tables.h"

static const char *key_id[] = {"id"};
static mig_p_column cols_two[] = {
    {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
    {"name", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
};
static mig_p_column cols_extra[] = {
    {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
    {"name", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
    {"extra", {MIG_PT_UINT32, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
};

/* a table keyed by id */
static mig_p_table table(const char *path, mig_p_column *cols, uint32_t n) { return th_table(path, cols, n, key_id, 1); }

Test(condstep, drop_table_if_exists_acts_on_a_table_no_revision_made)
{
    mig_arena *a = mig_arena_new();
    mig_p_step st, run;
    memset(&st, 0, sizeof st);
    st.kind = MIG_S_DROP_TABLE;
    st.cond = MIG_PCOND_IF_EXISTS;
    st.table = "legacy"; /* pre and post NULL: the compiler never knew it */
    mig_p_table live = table("legacy", cols_two, 2);
    mig_buf w = MIG_BUF_INIT;
    cr_assert_not(mig_cond_decide(a, &st, &live, &run, &w), "a live table is dropped");
    cr_assert(mig_cond_decide(a, &st, NULL, &run, &w), "an absent one is skipped");
    cr_assert_eq(w.len, 0);
    mig_buf_free(&w);
    mig_arena_free(a);
}

Test(condstep, create_table_if_not_exists_skips_another_shape_with_a_warning)
{
    mig_arena *a = mig_arena_new();
    mig_p_table want = table("shared", cols_two, 2), live = table("shared", cols_extra, 3);
    mig_p_step st, run;
    memset(&st, 0, sizeof st);
    st.kind = MIG_S_CREATE_TABLE;
    st.cond = MIG_PCOND_IF_NOT_EXISTS;
    st.table = "shared";
    st.def = &want;
    st.post = &want;
    mig_buf w = MIG_BUF_INIT;
    cr_assert(mig_cond_decide(a, &st, &live, &run, &w));
    cr_assert(strstr(mig_buf_str(&w), "the database has a column \"extra\""), "got: %s", mig_buf_str(&w));
    mig_buf_reset(&w);
    cr_assert_not(mig_cond_decide(a, &st, NULL, &run, &w), "absent: created");
    mig_buf_free(&w);
    mig_arena_free(a);
}

Test(condstep, add_column_if_not_exists_adds_only_the_missing)
{
    mig_arena *a = mig_arena_new();
    mig_p_column add[] = {
        {"name", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
        {"more", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
    };
    mig_p_table live = table("t", cols_two, 2);
    mig_p_step st, run;
    memset(&st, 0, sizeof st);
    st.kind = MIG_S_ADD_COLUMN;
    st.cond = MIG_PCOND_IF_NOT_EXISTS;
    st.table = "t";
    st.columns = add;
    st.ncolumns = 2;
    mig_buf w = MIG_BUF_INIT;
    cr_assert_not(mig_cond_decide(a, &st, &live, &run, &w));
    cr_assert_eq(run.ncolumns, 1);
    cr_assert_str_eq(run.columns[0].name, "more");
    live = table("t", add, 2);
    cr_assert(mig_cond_decide(a, &st, &live, &run, &w), "both there: skipped");
    mig_buf_free(&w);
    mig_arena_free(a);
}

Test(ydbrelease, what_servers_say)
{
    mig_ydbver v = 0;
    cr_assert(mig_ydbver_of_server("24.3.15", &v));
    cr_assert_eq(v, 2403);
    cr_assert(mig_ydbver_of_server("stable-25-1-4-7", &v));
    cr_assert_eq(v, 2501);
    cr_assert(mig_ydbver_of_server("23.3.17", &v));
    cr_assert_eq(v, 2303);
    cr_assert_not(mig_ydbver_of_server("main", &v));
    cr_assert_not(mig_ydbver_of_server("24", &v));
    cr_assert_not(mig_ydbver_of_server(NULL, &v));
}

Test(state, another_projects_tables_are_recognised_by_shape)
{
    static mig_p_column vcols[] = {
        {"revision", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"state", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"steps_done", {MIG_PT_UINT32, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"steps_total", {MIG_PT_UINT32, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"source_sha256", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"plugin_sha256", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"applied_by", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"applied_at", {MIG_PT_TIMESTAMP, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"migrun_version", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
    };
    static const char *vkey[] = {"revision"};
    mig_p_table t = table("billing_versions", vcols, 9);
    t.key = vkey;
    cr_assert(mig_state_is_state_table(&t));
    t.ncolumns = 8; /* no migrun_version: somebody else's table */
    cr_assert_not(mig_state_is_state_table(&t));
    mig_p_table u = table("users", cols_two, 2);
    cr_assert_not(mig_state_is_state_table(&u));
}
