/* test_yql.c - the YQL renderer (runtime/yql.c): names, types, every value type and the edges
 * every step shares, built from plugin data by hand the way a compiled revision holds it (the
 * steps' golden text is in test_yql_create.c, test_yql_alter.c, test_yql_data.c). Linked
 * against libmigrun alone. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "yql_check.h"

/* ---------------------------------------------------------------- helpers */

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
