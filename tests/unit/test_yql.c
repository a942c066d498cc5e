/* test_yql.c - the YQL renderer (runtime/yql.c): golden text for every step kind, every
 * value type and the edges, built from plugin data by hand the way a compiled revision
 * holds it. Linked against libmigrun alone. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/ydbtype.h"
#include "../../runtime/yql.h"
#include "tables.h"

/* ---------------------------------------------------------------- helpers */

static mig_p_type T(uint32_t id)
{
    mig_p_type t = {id, 0, 0, 0, 0};
    return t;
}

static mig_p_type DEC(uint8_t p, uint8_t s)
{
    mig_p_type t = {MIG_PT_DECIMAL, p, s, 0, 0};
    return t;
}

static mig_p_type SER(uint32_t id, uint8_t size)
{
    mig_p_type t = {id, 0, 0, size, 0};
    return t;
}

static void value_is(mig_p_type t, mig_p_value v, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_yql_value(&b, &t, v);
    cr_assert_str_eq(mig_buf_str(&b), want, "type 0x%x value %s", (unsigned)t.id, v ? v : "NULL");
    mig_buf_free(&b);
}

static void type_is(mig_p_type t, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_ptype_write(&b, &t);
    cr_assert_str_eq(mig_buf_str(&b), want);
    mig_buf_free(&b);
}

/* Render st (after some text already in the buffer, to check it only appends) and
 * compare. */
static void step_is(const mig_p_step *st, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "--\n");
    const char *err = NULL;
    int rc = mig_yql_step(&b, st, &err);
    cr_assert_eq(rc, 0, "kind %u: %s", (unsigned)st->kind, err ? err : "?");
    cr_assert_str_eq(mig_buf_str(&b) + 3, want);
    cr_assert_eq(strncmp(mig_buf_str(&b), "--\n", 3), 0);
    mig_buf_free(&b);
}

static void step_fails(const mig_p_step *st, const char *msg)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "kept");
    const char *err = NULL;
    int rc = mig_yql_step(&b, st, &err);
    cr_assert_eq(rc, -1, "kind %u rendered: %s", (unsigned)st->kind, mig_buf_str(&b));
    cr_assert_not_null(err);
    cr_assert(strstr(err, msg), "wanted \"%s\", got \"%s\"", msg, err);
    cr_assert_str_eq(mig_buf_str(&b), "kept", "a failed step leaves nothing behind");
    mig_buf_free(&b);
}

static void describe_is(const mig_p_step *st, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_step_describe(&b, st);
    cr_assert_str_eq(mig_buf_str(&b), want);
    mig_buf_free(&b);
}

static mig_p_column COL(const char *name, mig_p_type t, int not_null)
{
    mig_p_column c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.type = t;
    c.not_null = (uint8_t)not_null;
    return c;
}

static mig_p_column COLD(const char *name, mig_p_type t, int not_null, mig_p_value def)
{
    mig_p_column c = COL(name, t, not_null);
    c.has_default = 1;
    c.default_value = def;
    return c;
}

static mig_p_step STEP(uint32_t kind, const char *table)
{
    mig_p_step s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.table = table;
    return s;
}

/* ---------------------------------------------------------------- names and types */

Test(yql, names)
{
    mig_buf b = MIG_BUF_INIT;
    mig_yql_name(&b, "users");
    cr_assert_str_eq(mig_buf_str(&b), "`users`");
    mig_buf_reset(&b);
    mig_yql_name(&b, "shop/orders");
    cr_assert_str_eq(mig_buf_str(&b), "`shop/orders`");
    mig_buf_reset(&b);
    mig_yql_name(&b, "we`ird\\name");
    cr_assert_str_eq(mig_buf_str(&b), "`we\\`ird\\\\name`");
    mig_buf_reset(&b);
    mig_yql_name(&b, "a\nb\x01");
    cr_assert_str_eq(mig_buf_str(&b), "`a\\nb\\x01`");
    mig_buf_free(&b);
}

Test(yql, types)
{
    type_is(T(MIG_PT_BOOL), "Bool");
    type_is(T(MIG_PT_INT8), "Int8");
    type_is(T(MIG_PT_UINT8), "Uint8");
    type_is(T(MIG_PT_INT16), "Int16");
    type_is(T(MIG_PT_UINT16), "Uint16");
    type_is(T(MIG_PT_INT32), "Int32");
    type_is(T(MIG_PT_UINT32), "Uint32");
    type_is(T(MIG_PT_INT64), "Int64");
    type_is(T(MIG_PT_UINT64), "Uint64");
    type_is(T(MIG_PT_FLOAT), "Float");
    type_is(T(MIG_PT_DOUBLE), "Double");
    type_is(DEC(22, 9), "Decimal(22,9)");
    type_is(DEC(35, 0), "Decimal(35,0)");
    type_is(T(MIG_PT_DYNUMBER), "DyNumber");
    type_is(T(MIG_PT_STRING), "String");
    type_is(T(MIG_PT_UTF8), "Utf8");
    type_is(T(MIG_PT_JSON), "Json");
    type_is(T(MIG_PT_JSON_DOCUMENT), "JsonDocument");
    type_is(T(MIG_PT_YSON), "Yson");
    type_is(T(MIG_PT_UUID), "Uuid");
    type_is(T(MIG_PT_DATE), "Date");
    type_is(T(MIG_PT_DATETIME), "Datetime");
    type_is(T(MIG_PT_TIMESTAMP), "Timestamp");
    type_is(T(MIG_PT_INTERVAL), "Interval");
    type_is(T(MIG_PT_DATE32), "Date32");
    type_is(T(MIG_PT_DATETIME64), "Datetime64");
    type_is(T(MIG_PT_TIMESTAMP64), "Timestamp64");
    type_is(T(MIG_PT_INTERVAL64), "Interval64");
    /* the stored type of a Serial column */
    type_is(SER(MIG_PT_INT32, 4), "Int32");
    type_is(SER(MIG_PT_INT64, 8), "Int64");
}

/* ---------------------------------------------------------------- values */

Test(yql, integers)
{
    value_is(T(MIG_PT_INT8), "42", "42t");
    value_is(T(MIG_PT_UINT8), "42", "42ut");
    value_is(T(MIG_PT_INT16), "42", "42s");
    value_is(T(MIG_PT_UINT16), "42", "42us");
    value_is(T(MIG_PT_INT32), "42", "42");
    value_is(T(MIG_PT_UINT32), "42", "42u");
    value_is(T(MIG_PT_INT64), "42", "42l");
    value_is(T(MIG_PT_UINT64), "42", "42ul");
    value_is(T(MIG_PT_INT64), "-7", "-7l");
    value_is(T(MIG_PT_INT32), "0", "0");
    value_is(T(MIG_PT_UINT64), "18446744073709551615", "18446744073709551615ul");
    value_is(T(MIG_PT_INT64), "9223372036854775807", "9223372036854775807l");
}

Test(yql, integer_minimums)
{
    /* -128t is -(128t): 128 does not fit Int8, so each type's smallest value needs its
     * constructor */
    value_is(T(MIG_PT_INT8), "-128", "Int8(\"-128\")");
    value_is(T(MIG_PT_INT16), "-32768", "Int16(\"-32768\")");
    value_is(T(MIG_PT_INT32), "-2147483648", "Int32(\"-2147483648\")");
    value_is(T(MIG_PT_INT64), "-9223372036854775808", "Int64(\"-9223372036854775808\")");
    /* one above the minimum keeps the suffix */
    value_is(T(MIG_PT_INT8), "-127", "-127t");
    value_is(T(MIG_PT_INT32), "-2147483647", "-2147483647");
    value_is(T(MIG_PT_INT64), "-9223372036854775807", "-9223372036854775807l");
}

Test(yql, malformed_values_stay_inside_a_literal)
{
    value_is(T(MIG_PT_INT32), "1; DROP TABLE x", "Int32(\"1; DROP TABLE x\")");
    value_is(T(MIG_PT_UINT32), "-1", "Uint32(\"-1\")");
    value_is(T(MIG_PT_INT64), "", "Int64(\"\")");
    value_is(T(MIG_PT_BOOL), "yes\"", "Bool(\"yes\\\"\")");
    value_is(T(MIG_PT_DOUBLE), "nan", "Double(\"nan\")");
    value_is(T(MIG_PT_FLOAT), "inf", "Float(\"inf\")");
    value_is(T(MIG_PT_DATE), "2026\")", "Date(\"2026\\\")\")");
    value_is(T(MIG_PT_DECIMAL), "1\"", "Decimal(\"1\\\"\", 0, 0)");
}

Test(yql, reals_and_bool)
{
    value_is(T(MIG_PT_FLOAT), "1.5", "1.5f");
    value_is(T(MIG_PT_FLOAT), "2.0", "2.0f");
    value_is(T(MIG_PT_FLOAT), "2", "2.0f");
    value_is(T(MIG_PT_FLOAT), "-0.25", "-0.25f");
    value_is(T(MIG_PT_DOUBLE), "1.5", "1.5");
    value_is(T(MIG_PT_DOUBLE), "-2.25", "-2.25");
    value_is(T(MIG_PT_DOUBLE), "1e3", "1.0e3");
    value_is(T(MIG_PT_DOUBLE), "1.0e-3", "1.0e-3");
    value_is(T(MIG_PT_BOOL), "true", "true");
    value_is(T(MIG_PT_BOOL), "false", "false");
}

Test(yql, strings)
{
    value_is(T(MIG_PT_STRING), "bytes", "\"bytes\"");
    value_is(T(MIG_PT_STRING), "", "\"\"");
    value_is(T(MIG_PT_STRING), "a\"b\\c", "\"a\\\"b\\\\c\"");
    value_is(T(MIG_PT_STRING), "it's", "\"it's\"");
    value_is(T(MIG_PT_STRING), "line\nnext\ttab\rcr", "\"line\\nnext\\ttab\\rcr\"");
    value_is(T(MIG_PT_STRING), "\x01\x7f", "\"\\x01\\x7F\"");
    /* not UTF-8: every high byte escaped, the statement stays UTF-8 */
    value_is(T(MIG_PT_STRING), "\xff\xc3\xa9", "\"\\xFF\\xC3\\xA9\"");
    value_is(T(MIG_PT_UTF8), "new", "'new'u");
    value_is(T(MIG_PT_UTF8), "it's", "'it\\'s'u");
    value_is(T(MIG_PT_UTF8), "say \"hi\" \\o/", "'say \"hi\" \\\\o/'u");
    value_is(T(MIG_PT_UTF8), "\xc3\xa9t\xc3\xa9", "'\xc3\xa9t\xc3\xa9'u");
    value_is(T(MIG_PT_UTF8), "", "''u");
}

Test(yql, json_yson)
{
    value_is(T(MIG_PT_JSON), "{\"a\": [1, \"x\"]}", "Json(@@{\"a\": [1, \"x\"]}@@)");
    value_is(T(MIG_PT_JSON_DOCUMENT), "\"text\"", "JsonDocument(@@\"text\"@@)");
    value_is(T(MIG_PT_YSON), "{a=1}", "Yson(@@{a=1}@@)");
    /* where @@ cannot hold it: an escaped string */
    value_is(T(MIG_PT_JSON), "\"@@\"", "Json('\"@@\"')");
    value_is(T(MIG_PT_JSON), "\"a@", "Json('\"a@')");
    value_is(T(MIG_PT_JSON), "\"it's\\n\"", "Json(@@\"it's\\n\"@@)");
    value_is(T(MIG_PT_JSON), "\"@@ it's\\n\"", "Json('\"@@ it\\'s\\\\n\"')");
    value_is(T(MIG_PT_YSON), "\xff", "Yson('\\xFF')");
}

Test(yql, typed_constructors)
{
    value_is(T(MIG_PT_UUID), "01234567-89ab-cdef-0123-456789abcdef",
             "Uuid(\"01234567-89ab-cdef-0123-456789abcdef\")");
    value_is(T(MIG_PT_DATE), "2026-01-01", "Date(\"2026-01-01\")");
    value_is(T(MIG_PT_DATETIME), "2026-01-01T00:00:00Z", "Datetime(\"2026-01-01T00:00:00Z\")");
    value_is(T(MIG_PT_TIMESTAMP), "2026-01-01T00:00:00.5Z", "Timestamp(\"2026-01-01T00:00:00.5Z\")");
    value_is(T(MIG_PT_INTERVAL), "P1DT12H", "Interval(\"P1DT12H\")");
    value_is(T(MIG_PT_INTERVAL), "-PT0.5S", "Interval(\"-PT0.5S\")");
    value_is(T(MIG_PT_DATE32), "-0100-03-01", "Date32(\"-0100-03-01\")");
    value_is(T(MIG_PT_DATETIME64), "1900-01-01T00:00:00Z", "Datetime64(\"1900-01-01T00:00:00Z\")");
    value_is(T(MIG_PT_TIMESTAMP64), "1900-01-01T00:00:00Z", "Timestamp64(\"1900-01-01T00:00:00Z\")");
    value_is(T(MIG_PT_INTERVAL64), "P50000D", "Interval64(\"P50000D\")");
    value_is(DEC(22, 9), "1.5", "Decimal(\"1.5\", 22, 9)");
    value_is(DEC(5, 2), "-0.5", "Decimal(\"-0.5\", 5, 2)");
    value_is(T(MIG_PT_DYNUMBER), "1.25", "DyNumber(\"1.25\")");
}

Test(yql, null_for_every_type)
{
    static const uint32_t ids[] = {
        MIG_PT_BOOL, MIG_PT_INT8, MIG_PT_UINT64, MIG_PT_FLOAT, MIG_PT_DOUBLE, MIG_PT_STRING,
        MIG_PT_UTF8, MIG_PT_JSON, MIG_PT_UUID, MIG_PT_DATE, MIG_PT_TIMESTAMP64, MIG_PT_DECIMAL,
        MIG_PT_DYNUMBER,
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) value_is(T(ids[i]), NULL, "NULL");
}

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
    cr_assert_str_eq(stmt_text(&st, false, MIG_BF_UPDATE, false),
                     "DECLARE $c0 AS Uint64;\nDECLARE $l0 AS Uint64;\nUPDATE `t` SET `n` = (n + 1)\n"
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
                     "DECLARE $l0 AS Uint64;\nUPSERT INTO `t__rebuild_r`\nSELECT (n * 10l) AS `n`, (`id`) AS `id`, Unwrap(`x`) AS `x`\n"
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

static int native_step(mig_ctx *ctx, const mig_host_api *api) { return 0; }

Test(yql, c_steps_have_no_yql)
{
    mig_p_step st = STEP(MIG_S_C, NULL);
    st.body = "return 0;";
    st.body_len = 9;
    st.native = native_step;
    st.line = 7;
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "x");
    const char *err = NULL;
    cr_assert_eq(mig_yql_step(&b, &st, &err), 1);
    cr_assert_str_eq(mig_buf_str(&b), "x");
    cr_assert_null(err);
    mig_buf_free(&b);
    describe_is(&st, "c");
}

Test(yql, unknown_kinds)
{
    mig_p_step st = STEP(99, "t");
    step_fails(&st, "kind this migrun does not know");
    describe_is(&st, "step of unknown kind 99");
    st.line = 3;
    describe_is(&st, "step of unknown kind 99");
    st = STEP(0, "t");
    step_fails(&st, "kind this migrun does not know");
}

Test(yql, steps_need_a_table)
{
    static const uint32_t kinds[] = {MIG_S_DROP_TABLE, MIG_S_RENAME_TABLE, MIG_S_RESET_TTL,
                                     MIG_S_DROP_INDEX, MIG_S_SET};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        mig_p_step st = STEP(kinds[i], NULL);
        step_fails(&st, "names no table");
        st.table = "";
        step_fails(&st, "names no table");
    }
}

/* Several steps into one buffer: each appends exactly one statement. */
Test(yql, appends)
{
    mig_buf b = MIG_BUF_INIT;
    mig_p_step a = STEP(MIG_S_RESET_TTL, "t");
    mig_p_step d = STEP(MIG_S_DROP_TABLE, "t");
    const char *err;
    cr_assert_eq(mig_yql_step(&b, &a, &err), 0);
    cr_assert_eq(mig_yql_step(&b, &d, &err), 0);
    cr_assert_str_eq(mig_buf_str(&b), "ALTER TABLE `t` RESET (TTL);\nDROP TABLE `t`;\n");
    mig_buf_free(&b);
}
