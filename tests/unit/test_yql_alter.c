/* test_yql_alter.c - the YQL renderer (runtime/yql.c): the steps that change a table (drop,
 * rename, columns, indexes, TTL, settings, changefeeds). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "yql_check.h"

/* ---------------------------------------------------------------- the other steps */

Test(yql, drop_and_rename_table)
{
    mig_p_step st = STEP(MIG_S_DROP_TABLE, "shop/orders");
    step_is(&st, "DROP TABLE `shop/orders`;\n");
    describe_is(&st, "drop_table shop/orders");
    st.cond = MIG_PCOND_IF_EXISTS;
    step_is(&st, "DROP TABLE IF EXISTS `shop/orders`;\n");
    describe_is(&st, "drop_table shop/orders if_exists");

    st = STEP(MIG_S_RENAME_TABLE, "old");
    st.to = "archive/new";
    step_is(&st, "ALTER TABLE `old` RENAME TO `archive/new`;\n");
    describe_is(&st, "rename_table old to archive/new");
    st.to = NULL;
    step_fails(&st, "no new name");
}

Test(yql, add_column)
{
    mig_p_column cols[] = {
        COL("status", T(MIG_PT_UTF8), 0),
        COLD("n", T(MIG_PT_UINT32), 1, "0"),
        COLD("at", T(MIG_PT_DATE), 0, "2026-01-01"),
    };
    cols[0].family = "cold";
    mig_p_step st = STEP(MIG_S_ADD_COLUMN, "users");
    st.columns = cols;
    st.ncolumns = 1;
    step_is(&st, "ALTER TABLE `users` ADD COLUMN `status` Utf8 FAMILY `cold`;\n");
    describe_is(&st, "add_column users (status)");
    st.ncolumns = 3;
    step_is(&st, "ALTER TABLE `users` ADD COLUMN `status` Utf8 FAMILY `cold`, "
                 "ADD COLUMN `n` Uint32 NOT NULL DEFAULT 0u, "
                 "ADD COLUMN `at` Date DEFAULT Date(\"2026-01-01\");\n");
    describe_is(&st, "add_column users (status, n, at)");
    /* if_not_exists is the runtime's business: the statement stays plain */
    st.cond = MIG_PCOND_IF_NOT_EXISTS;
    st.ncolumns = 1;
    step_is(&st, "ALTER TABLE `users` ADD COLUMN `status` Utf8 FAMILY `cold`;\n");
    describe_is(&st, "add_column users (status) if_not_exists");
    st.ncolumns = 0;
    step_fails(&st, "no columns");
}

Test(yql, drop_column)
{
    const char *names[] = {"a", "b`c"};
    mig_p_step st = STEP(MIG_S_DROP_COLUMN, "users");
    st.names = names;
    st.nnames = 2;
    step_is(&st, "ALTER TABLE `users` DROP COLUMN `a`, DROP COLUMN `b\\`c`;\n");
    describe_is(&st, "drop_column users (a, b`c)");
    st.cond = MIG_PCOND_IF_EXISTS;
    st.nnames = 1;
    step_is(&st, "ALTER TABLE `users` DROP COLUMN `a`;\n");
    st.nnames = 0;
    step_fails(&st, "no columns");
}

Test(yql, alter_column)
{
    mig_p_column post_cols[] = {COL("id", T(MIG_PT_UINT64), 1), COL("status", T(MIG_PT_UTF8), 0)};
    mig_p_table post = th_table("users", post_cols, 2, NULL, 0);
    mig_p_change ch[] = {
        {MIG_CH_DROP_NOT_NULL, 0, NULL, NULL},
        {MIG_CH_SET_FAMILY, 0, "cold", NULL},
        {MIG_CH_SET_DEFAULT, 0, NULL, "it's"},
        {MIG_CH_DROP_DEFAULT, 0, NULL, NULL},
        {MIG_CH_SET_FAMILY, 0, NULL, NULL},
        {MIG_CH_SET_DEFAULT, 0, NULL, NULL},
    };
    mig_p_step st = STEP(MIG_S_ALTER_COLUMN, "users");
    st.name = "status";
    st.changes = ch;
    st.nchanges = 1;
    st.post_path = "users";
    st.post = &post;
    step_is(&st, "ALTER TABLE `users` ALTER COLUMN `status` DROP NOT NULL;\n");
    describe_is(&st, "alter_column users status");
    st.nchanges = 6;
    step_is(&st, "ALTER TABLE `users` ALTER COLUMN `status` DROP NOT NULL, "
                 "ALTER COLUMN `status` SET FAMILY `cold`, "
                 "ALTER COLUMN `status` SET DEFAULT 'it\\'s'u, "
                 "ALTER COLUMN `status` DROP DEFAULT, "
                 "ALTER COLUMN `status` SET FAMILY `default`, "
                 "ALTER COLUMN `status` SET DEFAULT NULL;\n");
    /* a typed default needs the column's type, from the post state */
    st.post = NULL;
    step_fails(&st, "does not say the column's type");
    st.post = &post;
    st.name = "missing";
    step_fails(&st, "does not say the column's type");
    st.name = "status";
    mig_p_change unknown[] = {{99, 0, NULL, NULL}};
    st.changes = unknown;
    st.nchanges = 1;
    step_fails(&st, "change this migrun does not know");
    st.nchanges = 0;
    step_fails(&st, "no changes");
}

Test(yql, indexes)
{
    const char *cols[] = {"title", "year"}, *cover[] = {"rating"};
    mig_p_index ix;
    memset(&ix, 0, sizeof ix);
    ix.name = "title_idx";
    ix.columns = cols;
    ix.ncolumns = 2;
    mig_p_step st = STEP(MIG_S_CREATE_INDEX, "series");
    st.name = "title_idx";
    st.index = &ix;
    step_is(&st, "ALTER TABLE `series` ADD INDEX `title_idx` GLOBAL SYNC ON (`title`, `year`);\n");
    describe_is(&st, "create_index title_idx on series");
    ix.cover = cover;
    ix.ncover = 1;
    ix.async = 1;
    step_is(&st, "ALTER TABLE `series` ADD INDEX `title_idx` GLOBAL ASYNC ON (`title`, `year`) "
                 "COVER (`rating`);\n");
    ix.unique = 1;
    ix.async = 0;
    step_is(&st, "ALTER TABLE `series` ADD INDEX `title_idx` GLOBAL UNIQUE SYNC ON (`title`, `year`) "
                 "COVER (`rating`);\n");
    st.cond = MIG_PCOND_IF_NOT_EXISTS;
    step_is(&st, "ALTER TABLE `series` ADD INDEX `title_idx` GLOBAL UNIQUE SYNC ON (`title`, `year`) "
                 "COVER (`rating`);\n");
    ix.ncolumns = 0;
    step_fails(&st, "no columns");
    st.index = NULL;
    step_fails(&st, "no name");

    st = STEP(MIG_S_DROP_INDEX, "series");
    st.name = "title_idx";
    step_is(&st, "ALTER TABLE `series` DROP INDEX `title_idx`;\n");
    describe_is(&st, "drop_index title_idx on series");
    st.cond = MIG_PCOND_IF_EXISTS;
    step_is(&st, "ALTER TABLE `series` DROP INDEX `title_idx`;\n");
    describe_is(&st, "drop_index title_idx on series if_exists");

    st = STEP(MIG_S_RENAME_INDEX, "series");
    st.name = "title_idx";
    st.name2 = "title_idx_v2";
    step_is(&st, "ALTER TABLE `series` RENAME INDEX `title_idx` TO `title_idx_v2`;\n");
    describe_is(&st, "rename_index series title_idx to title_idx_v2");
    st.name2 = NULL;
    step_fails(&st, "lacks a name");
}

Test(yql, ttl)
{
    mig_p_step st = STEP(MIG_S_SET_TTL, "events");
    st.ttl.column = "created_at";
    st.ttl.after_seconds = 30 * 86400;
    step_is(&st, "ALTER TABLE `events` SET (TTL = Interval(\"P30D\") ON `created_at`);\n");
    describe_is(&st, "set_ttl events created_at");
    st.ttl.column = "created_unix";
    st.ttl.after_seconds = 86400 + 3600 + 60 + 1;
    st.ttl.unit = "NANOSECONDS";
    step_is(&st, "ALTER TABLE `events` SET (TTL = Interval(\"P1DT1H1M1S\") ON `created_unix` "
                 "AS NANOSECONDS);\n");
    st.ttl.after_seconds = 0;
    st.ttl.unit = "MICROSECONDS";
    step_is(&st, "ALTER TABLE `events` SET (TTL = Interval(\"PT0S\") ON `created_unix` "
                 "AS MICROSECONDS);\n");
    st.ttl.column = NULL;
    step_fails(&st, "no column");
    st.ttl.column = "c";
    st.ttl.after_seconds = -1;
    step_fails(&st, "negative");

    st = STEP(MIG_S_RESET_TTL, "events");
    step_is(&st, "ALTER TABLE `events` RESET (TTL);\n");
    describe_is(&st, "reset_ttl events");
}

Test(yql, set)
{
    mig_p_kv kv[] = {{"AUTO_PARTITIONING_BY_LOAD", "ENABLED", MIG_V_WORD, 0},
                     {"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "4", MIG_V_INT, 0}};
    mig_p_step st = STEP(MIG_S_SET, "t");
    st.settings = kv;
    st.nsettings = 2;
    step_is(&st, "ALTER TABLE `t` SET (AUTO_PARTITIONING_BY_LOAD = ENABLED, "
                 "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4);\n");
    describe_is(&st, "set t (AUTO_PARTITIONING_BY_LOAD, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT)");
    st.nsettings = 0;
    step_fails(&st, "no settings");
    mig_p_kv empty[] = {{"KEY_BLOOM_FILTER", "", MIG_V_WORD, 0}};
    st.settings = empty;
    st.nsettings = 1;
    step_fails(&st, "no value");
}

Test(yql, changefeeds)
{
    mig_p_kv opt[] = {{"MODE", "UPDATES", MIG_V_WORD, 0},
                      {"FORMAT", "JSON", MIG_V_WORD, 0},
                      {"RETENTION_PERIOD", "PT24H", MIG_V_INTERVAL, 0},
                      {"VIRTUAL_TIMESTAMPS", "true", MIG_V_BOOL, 0},
                      {"INITIAL_SCAN", "true", MIG_V_BOOL, 0}};
    mig_p_step st = STEP(MIG_S_ADD_CHANGEFEED, "orders");
    st.name = "updates";
    st.settings = opt;
    st.nsettings = 2;
    step_is(&st, "ALTER TABLE `orders` ADD CHANGEFEED `updates` WITH (MODE = 'UPDATES', "
                 "FORMAT = 'JSON');\n");
    describe_is(&st, "add_changefeed orders updates");
    st.nsettings = 5;
    step_is(&st, "ALTER TABLE `orders` ADD CHANGEFEED `updates` WITH (MODE = 'UPDATES', "
                 "FORMAT = 'JSON', RETENTION_PERIOD = Interval(\"PT24H\"), VIRTUAL_TIMESTAMPS = TRUE, "
                 "INITIAL_SCAN = TRUE);\n");
    st.nsettings = 0;
    step_fails(&st, "no options");

    st = STEP(MIG_S_DROP_CHANGEFEED, "orders");
    st.name = "updates";
    step_is(&st, "ALTER TABLE `orders` DROP CHANGEFEED `updates`;\n");
    describe_is(&st, "drop_changefeed orders updates");
    st.name = NULL;
    step_fails(&st, "names no changefeed");
}

Test(yql, rename_replace)
{
    mig_p_step st = STEP(MIG_S_RENAME_TABLE, "t__before_r");
    st.to = "t";
    st.flags = MIG_PSTEP_REPLACE;
    describe_is(&st, "rename_table t__before_r to t replace");
    mig_buf b = MIG_BUF_INIT;
    cr_assert_eq(mig_yql_step(&b, &st, NULL), 0);
    cr_assert_str_eq(mig_buf_str(&b), "-- TableService.RenameTables (one transaction): t__before_r -> t, replacing t\n");
    mig_buf_free(&b);
}
