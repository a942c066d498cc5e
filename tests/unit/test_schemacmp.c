/* test_schemacmp.c - comparing the live table with the expected one. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../runtime/schemacmp.h"
#include "tables.h"

static const char *key_id[] = {"id"};
static const char *ix_cols[] = {"email"};
static const char *ix_cover[] = {"name"};

static mig_p_column cols_v1[] = {
    {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
    {"email", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
    {"name", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
};
static mig_p_index idx_v1[] = {{"ix_email", ix_cols, 1, 1, ix_cover, 0, 0, 0, {0}}};

static mig_p_table table(mig_p_column *cols, uint32_t ncols, mig_p_index *ix, uint32_t nix)
{
    mig_p_table t = th_table("users", cols, ncols, key_id, 1);
    t.indexes = ix;
    t.nindexes = nix;
    return t;
}

Test(schemacmp, equal_tables_match)
{
    mig_p_table a = table(cols_v1, 3, idx_v1, 1), b = table(cols_v1, 3, idx_v1, 1);
    cr_assert_eq(mig_table_diff(&a, &b, NULL, 0), 0);
    cr_assert_eq(mig_table_diff(NULL, NULL, NULL, 0), 0);
}

Test(schemacmp, every_difference_is_said)
{
    mig_p_column live_cols[] = {
        {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"email", {MIG_PT_INT32, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
        {"extra", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0}, NULL, NULL},
    };
    mig_p_index live_ix[] = {{"ix_email", ix_cols, 1, 0, NULL, 1, 1, 0, {0}}, {"ix_other", ix_cols, 1, 0, NULL, 0, 0, 0, {0}}};
    mig_p_table e = table(cols_v1, 3, idx_v1, 1), l = table(live_cols, 3, live_ix, 2);
    l.ttl.column = "id";
    l.ttl.after_seconds = 60;
    mig_buf b = MIG_BUF_INIT;
    size_t n = mig_table_diff(&e, &l, &b, 100);
    const char *s = mig_buf_str(&b);
    cr_assert(strstr(s, "column \"email\" is expected as Utf8, but is Int32 in the database"), "%s", s);
    cr_assert(strstr(s, "column \"email\" is expected NOT NULL, but is nullable in the database"), "%s", s);
    cr_assert(strstr(s, "column \"name\" is expected, but the database has none"), "%s", s);
    cr_assert(strstr(s, "the database has a column \"extra\" that is not expected"), "%s", s);
    cr_assert(strstr(s, "index \"ix_email\" covers other columns in the database"), "%s", s);
    cr_assert(strstr(s, "index \"ix_email\" is expected not unique, but is unique in the database"), "%s", s);
    cr_assert(strstr(s, "index \"ix_email\" is expected sync, but is async in the database"), "%s", s);
    cr_assert(strstr(s, "the database has an index \"ix_other\" that is not expected"), "%s", s);
    cr_assert(strstr(s, "TTL is expected off, but is on in the database"), "%s", s);
    cr_assert_eq(n, 9);
    mig_buf_free(&b);
}

Test(schemacmp, output_is_capped)
{
    mig_p_table e = table(cols_v1, 3, idx_v1, 1), l = table(cols_v1, 1, NULL, 0);
    mig_buf b = MIG_BUF_INIT;
    cr_assert_eq(mig_table_diff(&e, &l, &b, 1), 3);
    cr_assert(strstr(mig_buf_str(&b), "and 2 more"), "%s", mig_buf_str(&b));
    mig_buf_free(&b);
}

Test(schemacmp, serial_is_compared_as_its_integer_type)
{
    mig_p_column s[] = {{"id", {MIG_PT_INT32, 0, 0, 4, 0}, 1, 0, {0}, NULL, NULL}};
    mig_p_column i[] = {{"id", {MIG_PT_INT32, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL}};
    mig_p_table e = table(s, 1, NULL, 0), l = table(i, 1, NULL, 0);
    cr_assert_eq(mig_table_diff(&e, &l, NULL, 0), 0);
}

Test(schemacmp, step_state)
{
    mig_p_table before = table(cols_v1, 2, NULL, 0), after = table(cols_v1, 3, NULL, 0);
    mig_p_table other = table(cols_v1, 1, NULL, 0);
    cr_assert_eq(mig_step_state_of(&before, &after, &before), MIG_STEP_NOT_DONE);
    cr_assert_eq(mig_step_state_of(&before, &after, &after), MIG_STEP_DONE);
    cr_assert_eq(mig_step_state_of(&before, &after, &other), MIG_STEP_NEITHER);
    /* create_table: absent before; drop_table: absent after */
    cr_assert_eq(mig_step_state_of(NULL, &after, NULL), MIG_STEP_NOT_DONE);
    cr_assert_eq(mig_step_state_of(NULL, &after, &after), MIG_STEP_DONE);
    cr_assert_eq(mig_step_state_of(&before, NULL, NULL), MIG_STEP_DONE);
}

Test(schemacmp, an_index_being_built_is_not_done_yet)
{
    mig_p_index building[] = {{"ix_email", ix_cols, 1, 1, ix_cover, 0, 0, 1, {0}}};
    mig_p_table before = table(cols_v1, 3, NULL, 0), after = table(cols_v1, 3, idx_v1, 1);
    mig_p_table live = table(cols_v1, 3, building, 1);
    cr_assert_eq(mig_step_state_of(&before, &after, &live), MIG_STEP_BUILDING);
    mig_buf b = MIG_BUF_INIT;
    cr_assert_eq(mig_table_diff(&after, &live, &b, 10), 1);
    cr_assert(strstr(mig_buf_str(&b), "index \"ix_email\" is still being built (BUILDING) in the database"), "%s",
              mig_buf_str(&b));
    mig_buf_free(&b);
    building[0].building = 0;
    cr_assert_eq(mig_step_state_of(&before, &after, &live), MIG_STEP_DONE);
}

/* Values are compared, not only shapes: a setting, a default and a family that drifted. */
Test(schemacmp, drift_in_a_setting_a_default_and_a_family_is_reported)
{
    mig_p_column ecols[] = {
        {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, NULL},
        {"status", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 1, {0}, "new", "cold"},
    };
    mig_p_column lcols[] = {
        {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0}, NULL, "default"},
        {"status", {MIG_PT_UTF8, 0, 0, 0, 0}, 1, 1, {0}, "old", "cold"},
    };
    mig_p_family efam[] = {{"cold", "rot", "lz4"}};
    mig_p_family lfam[] = {{"default", NULL, "off"}, {"cold", "rot", "off"}};
    mig_p_kv eset[] = {{"AUTO_PARTITIONING_BY_LOAD", "ENABLED", MIG_V_WORD, 0}};
    /* YDB reports its defaults as well: those agree with an expected table that sets nothing */
    mig_p_kv lset[] = {{"AUTO_PARTITIONING_BY_LOAD", "DISABLED", MIG_V_WORD, 0},
                       {"AUTO_PARTITIONING_BY_SIZE", "ENABLED", MIG_V_WORD, 0},
                       {"AUTO_PARTITIONING_PARTITION_SIZE_MB", "2048", MIG_V_INT, 0}};
    mig_p_table e = table(ecols, 2, NULL, 0), l = table(lcols, 2, NULL, 0);
    e.families = efam;
    e.nfamilies = 1;
    e.settings = eset;
    e.nsettings = 1;
    l.families = lfam;
    l.nfamilies = 2;
    l.settings = lset;
    l.nsettings = 3;
    mig_buf b = MIG_BUF_INIT;
    size_t n = mig_table_diff(&e, &l, &b, 100);
    const char *s = mig_buf_str(&b);
    cr_assert(strstr(s, "table \"users\": column \"status\" is expected with DEFAULT new, but has DEFAULT old in the database"),
              "%s", s);
    cr_assert(strstr(s, "table \"users\": column family \"cold\" is expected with COMPRESSION lz4, but has off in the database"),
              "%s", s);
    cr_assert(strstr(s, "table \"users\": setting AUTO_PARTITIONING_BY_LOAD is expected ENABLED, but is DISABLED in the database"),
              "%s", s);
    cr_assert_eq(n, 3, "%s", s);
    mig_buf_free(&b);

    /* the same values on both sides: no difference, YDB's reported defaults included */
    lcols[1].default_value = "new";
    lfam[1].compression = "lz4";
    lset[0].value = "ENABLED";
    cr_assert_eq(mig_table_diff(&e, &l, NULL, 0), 0);
    /* a default dropped in the database */
    lcols[1].has_default = 0;
    cr_assert_eq(mig_table_diff(&e, &l, NULL, 0), 1);
}
