/* test_yql_create.c - the YQL renderer (runtime/yql.c): CREATE TABLE, its options and refusals. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "yql_check.h"

/* ---------------------------------------------------------------- create_table */

Test(yql, create_table_minimal)
{
    mig_p_column cols[] = {COL("id", T(MIG_PT_UINT64), 1), COL("name", T(MIG_PT_UTF8), 0)};
    const char *key[] = {"id"};
    mig_p_table t = th_table("users", cols, 2, key, 1);
    mig_p_step st = STEP(MIG_S_CREATE_TABLE, "users");
    st.def = &t;
    step_is(&st, "CREATE TABLE `users` (\n"
                 "    `id` Uint64 NOT NULL,\n"
                 "    `name` Utf8,\n"
                 "    PRIMARY KEY (`id`)\n"
                 ");\n");
    st.cond = MIG_PCOND_IF_NOT_EXISTS;
    step_is(&st, "CREATE TABLE IF NOT EXISTS `users` (\n"
                 "    `id` Uint64 NOT NULL,\n"
                 "    `name` Utf8,\n"
                 "    PRIMARY KEY (`id`)\n"
                 ");\n");
    describe_is(&st, "create_table users if_not_exists");
    /* without st->table the definition's path names it */
    st.table = NULL;
    st.cond = MIG_PCOND_NONE;
    describe_is(&st, "create_table users");
    step_is(&st, "CREATE TABLE `users` (\n"
                 "    `id` Uint64 NOT NULL,\n"
                 "    `name` Utf8,\n"
                 "    PRIMARY KEY (`id`)\n"
                 ");\n");
}

Test(yql, create_table_full)
{
    mig_p_column cols[] = {
        COL("id", T(MIG_PT_UINT64), 1),
        COL("region", T(MIG_PT_UTF8), 0), /* a nullable key column, as the data says */
        COL("user_id", T(MIG_PT_UINT64), 0),
        COLD("status", T(MIG_PT_UTF8), 1, "new"),
        COL("total", DEC(22, 9), 0),
        COLD("note", T(MIG_PT_STRING), 0, NULL),
        COL("payload", T(MIG_PT_JSON_DOCUMENT), 0),
        COL("created", T(MIG_PT_TIMESTAMP), 1),
        COLD("flag", T(MIG_PT_BOOL), 1, "false"),
        COLD("min", T(MIG_PT_INT64), 0, "-9223372036854775808"),
    };
    cols[6].family = "cold";
    cols[5].family = "cold";
    const char *key[] = {"id", "region"};
    const char *ix1c[] = {"user_id"}, *ix1v[] = {"status", "total"};
    const char *ix2c[] = {"status", "created"};
    mig_p_index ixs[2];
    memset(ixs, 0, sizeof ixs);
    ixs[0].name = "orders_user";
    ixs[0].columns = ix1c;
    ixs[0].ncolumns = 1;
    ixs[0].cover = ix1v;
    ixs[0].ncover = 2;
    ixs[1].name = "by_status";
    ixs[1].columns = ix2c;
    ixs[1].ncolumns = 2;
    ixs[1].unique = 1;
    ixs[1].async = 1;
    mig_p_family fams[] = {{"default", "ssd", "off"}, {"cold", "rot", "lz4"}, {"warm", NULL, "lz4"}};
    mig_p_kv set[] = {{"AUTO_PARTITIONING_BY_SIZE", "ENABLED", MIG_V_WORD, 0},
                      {"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "4", MIG_V_INT, 0},
                      {"READ_REPLICAS_SETTINGS", "PER_AZ:1", MIG_V_STRING, 0}};
    mig_p_table t = th_table("shop/orders", cols, sizeof cols / sizeof cols[0], key, 2);
    t.indexes = ixs;
    t.nindexes = 2;
    t.families = fams;
    t.nfamilies = 3;
    t.settings = set;
    t.nsettings = 3;
    t.ttl.column = "created";
    t.ttl.after_seconds = 90 * 86400;
    mig_p_step st = STEP(MIG_S_CREATE_TABLE, "shop/orders");
    st.def = &t;
    step_is(&st,
            "CREATE TABLE `shop/orders` (\n"
            "    `id` Uint64 NOT NULL,\n"
            "    `region` Utf8,\n"
            "    `user_id` Uint64,\n"
            "    `status` Utf8 NOT NULL DEFAULT 'new'u,\n"
            "    `total` Decimal(22,9),\n"
            "    `note` String FAMILY `cold` DEFAULT NULL,\n"
            "    `payload` JsonDocument FAMILY `cold`,\n"
            "    `created` Timestamp NOT NULL,\n"
            "    `flag` Bool NOT NULL DEFAULT false,\n"
            "    `min` Int64 DEFAULT Int64(\"-9223372036854775808\"),\n"
            "    INDEX `orders_user` GLOBAL SYNC ON (`user_id`) COVER (`status`, `total`),\n"
            "    INDEX `by_status` GLOBAL UNIQUE ASYNC ON (`status`, `created`),\n"
            "    PRIMARY KEY (`id`, `region`),\n"
            "    FAMILY `default` (DATA = \"ssd\", COMPRESSION = \"off\"),\n"
            "    FAMILY `cold` (DATA = \"rot\", COMPRESSION = \"lz4\"),\n"
            "    FAMILY `warm` (COMPRESSION = \"lz4\")\n"
            ")\n"
            "WITH (AUTO_PARTITIONING_BY_SIZE = ENABLED, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4, "
            "READ_REPLICAS_SETTINGS = \"PER_AZ:1\", TTL = Interval(\"P90D\") ON `created`);\n");
}

Test(yql, create_table_serial_ttl_unit_quotes)
{
    mig_p_column cols[] = {
        COL("id", SER(MIG_PT_INT64, 8), 1),
        COL("n", SER(MIG_PT_INT32, 4), 1),
        COL("s", SER(MIG_PT_INT16, 2), 1),
        COL("exp`ires", T(MIG_PT_UINT32), 0),
    };
    const char *key[] = {"id"};
    mig_p_table t = th_table("a`b\\c", cols, 4, key, 1);
    t.ttl.column = "exp`ires";
    t.ttl.after_seconds = 5400;
    t.ttl.unit = "SECONDS";
    mig_p_step st = STEP(MIG_S_CREATE_TABLE, "a`b\\c");
    st.def = &t;
    step_is(&st, "CREATE TABLE `a\\`b\\\\c` (\n"
                 "    `id` BigSerial,\n"
                 "    `n` Serial,\n"
                 "    `s` SmallSerial,\n"
                 "    `exp\\`ires` Uint32,\n"
                 "    PRIMARY KEY (`id`)\n"
                 ")\n"
                 "WITH (TTL = Interval(\"PT1H30M\") ON `exp\\`ires` AS SECONDS);\n");
    t.ttl.after_seconds = 0;
    t.ttl.unit = "MILLISECONDS";
    step_is(&st, "CREATE TABLE `a\\`b\\\\c` (\n"
                 "    `id` BigSerial,\n"
                 "    `n` Serial,\n"
                 "    `s` SmallSerial,\n"
                 "    `exp\\`ires` Uint32,\n"
                 "    PRIMARY KEY (`id`)\n"
                 ")\n"
                 "WITH (TTL = Interval(\"PT0S\") ON `exp\\`ires` AS MILLISECONDS);\n");
}

Test(yql, create_table_refusals)
{
    mig_p_column cols[] = {COL("id", T(MIG_PT_UINT64), 1)};
    const char *key[] = {"id"};
    mig_p_table t = th_table("t", cols, 1, key, 1);
    mig_p_step st = STEP(MIG_S_CREATE_TABLE, "t");
    step_fails(&st, "no table definition");
    st.def = &t;
    t.nkey = 0;
    step_fails(&st, "no primary key");
    t.nkey = 1;
    cols[0].type.id = 0x9999;
    step_fails(&st, "type this migrun does not know");
    cols[0].type = SER(MIG_PT_UINT64, 8);
    step_fails(&st, "type this migrun does not know");
    cols[0].type = T(MIG_PT_UINT64);
    t.ttl.column = "id";
    t.ttl.unit = "WEEKS";
    step_fails(&st, "unknown unit");
    t.ttl.column = NULL;
    mig_p_kv bad[] = {{"X = 1, Y", "2", MIG_V_INT, 0}};
    t.settings = bad;
    t.nsettings = 1;
    step_fails(&st, "not a word");
    /* a value that is not of its kind cannot reach the statement */
    mig_p_kv notkind[][1] = {{{"AUTO_PARTITIONING_BY_LOAD", "ENABLED); DROP TABLE x; --", MIG_V_WORD, 0}},
                             {{"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "4)", MIG_V_INT, 0}},
                             {{"KEY_BLOOM_FILTER", "TRUE", MIG_V_BOOL, 0}},
                             {{"PARTITION_AT_KEYS", "(1), 2) --", MIG_V_TUPLE, 0}}};
    for (size_t i = 0; i < sizeof notkind / sizeof notkind[0]; i++) {
        t.settings = notkind[i];
        step_fails(&st, "not of its kind");
    }
    mig_p_kv newer[] = {{"AUTO_PARTITIONING_BY_LOAD", "ENABLED", 99, 0}};
    t.settings = newer;
    step_fails(&st, "kind this migrun does not know");
}
