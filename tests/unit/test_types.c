/* test_types.c - the type table (types.c) and YDB releases (ydbver.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "../../compiler/types.h"
#include "../../compiler/ydbver.h"

/* Resolve `text` as a column type; returns whether it resolved. */
static bool res(th_ctx *t, const char *text, mig_ydbver target, bool serial, mig_coltype *out)
{
    const mig_source *src;
    mig_type *ty = th_parse_type(t, text, &src);
    cr_assert_not_null(ty, "snippet %s did not parse", text);
    mig_coltype ct;
    bool ok = mig_type_resolve(&t->diags, src, ty, target, serial, &ct);
    if (out) *out = ct;
    return ok;
}

#define SETUP th_ctx t; th_init(&t); mig_coltype ct
#define DONE th_fini(&t)

Test(types, canonical_names_any_case)
{
    SETUP;
    cr_assert(res(&t, "uint64", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_UINT64);
    cr_assert(res(&t, "UTF8", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_UTF8);
    cr_assert(res(&t, "JsonDocument", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_JSON_DOCUMENT);
    cr_assert(res(&t, "dynumber", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_DYNUMBER);
    cr_assert_eq(t.diags.n, 0);
    cr_assert_str_eq(mig_type_name(MIG_PT_UINT64), "Uint64");
    DONE;
}

Test(types, aliases)
{
    SETUP;
    static const struct { const char *w; mig_type_id id; } cases[] = {
        {"tinyint", MIG_PT_INT8}, {"SMALLINT", MIG_PT_INT16}, {"int", MIG_PT_INT32},
        {"Integer", MIG_PT_INT32}, {"bigint", MIG_PT_INT64}, {"text", MIG_PT_UTF8},
        {"bytes", MIG_PT_STRING}, {"json_document", MIG_PT_JSON_DOCUMENT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert(res(&t, cases[i].w, MIG_YDB_NEWEST, false, &ct), "%s", cases[i].w);
        cr_assert_eq(ct.id, cases[i].id, "%s", cases[i].w);
    }
    cr_assert_eq(t.diags.n, 0);
    DONE;
}

Test(types, varchar_is_bytes_with_a_warning)
{
    SETUP;
    cr_assert(res(&t, "varchar", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_STRING);
    cr_assert_eq(th_count_sev(&t, MIG_SEV_WARNING), 1);
    cr_assert_eq(th_count_sev(&t, MIG_SEV_ERROR), 0);
    cr_assert(th_has(&t, "type \"varchar\" is String, which holds bytes"));
    cr_assert(th_hint_has(&t, "Utf8"));
    DONE;
}

Test(types, serial_spellings)
{
    SETUP;
    cr_assert(res(&t, "SmallSerial", MIG_YDB_NEWEST, true, &ct));
    cr_assert_eq(ct.id, MIG_PT_INT16);
    cr_assert_eq(ct.serial, 2);
    cr_assert(res(&t, "serial4", MIG_YDB_NEWEST, true, &ct));
    cr_assert_eq(ct.id, MIG_PT_INT32);
    cr_assert_eq(ct.serial, 4);
    cr_assert(res(&t, "BIGSERIAL", MIG_YDB_NEWEST, true, &ct));
    cr_assert_eq(ct.id, MIG_PT_INT64);
    cr_assert_eq(ct.serial, 8);
    char buf[32];
    cr_assert_str_eq(mig_coltype_str(&ct, true, buf), "BigSerial");
    cr_assert_str_eq(mig_coltype_str(&ct, false, buf), "Int64");
    DONE;
}

Test(types, serial_outside_create_table)
{
    SETUP;
    cr_assert_not(res(&t, "Serial8", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "a Serial column can only be created with its table"));
    cr_assert(th_hint_has(&t, "Int64"));
    DONE;
}

Test(types, unknown_with_suggestion)
{
    SETUP;
    cr_assert_not(res(&t, "Strng", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "unrecognized type \"Strng\""));
    cr_assert(th_hint_has(&t, "Did you mean \"String\"?"));
    DONE;
}

Test(types, unknown_without_suggestion_and_sql_names)
{
    SETUP;
    cr_assert_not(res(&t, "Quaternion", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "unrecognized type \"Quaternion\""));
    cr_assert_not(th_hint_has(&t, "Did you mean"));
    cr_assert_not(res(&t, "boolean", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_hint_has(&t, "write Bool"));
    DONE;
}

Test(types, containers)
{
    SETUP;
    cr_assert_not(res(&t, "List<Utf8>", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "container type \"List<...>\""));
    cr_assert(th_hint_has(&t, "YDB table columns hold primitive types only"));
    DONE;
}

Test(types, optional_of_a_primitive_is_that_type)
{
    SETUP;
    cr_assert(res(&t, "Optional<Int32>", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_INT32);
    cr_assert_eq(t.diags.n, 0);
    cr_assert(res(&t, "optional<Decimal(10,2)>", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_DECIMAL);
    cr_assert_eq(ct.precision, 10);
    DONE;
}

Test(types, optional_of_an_optional_is_refused)
{
    SETUP;
    cr_assert_not(res(&t, "Int32??", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "an Optional of an Optional cannot be a table column"));
    cr_assert(th_hint_has(&t, "Write \"Int32?\""));
    DONE;
}

Test(types, optional_of_a_container_is_refused)
{
    SETUP;
    cr_assert_not(res(&t, "Optional<List<Int32>>", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "container type \"List<...>\" cannot be a table column"));
    DONE;
}

Test(types, nullable_mark_is_accepted)
{
    SETUP;
    cr_assert(res(&t, "Int32?", MIG_YDB_NEWEST, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_INT32);
    cr_assert_eq(t.diags.n, 0);
    DONE;
}

Test(types, tz_types)
{
    SETUP;
    cr_assert_not(res(&t, "TzTimestamp", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "type \"TzTimestamp\" is not supported by storage"));
    DONE;
}

Test(types, pg_types)
{
    SETUP;
    cr_assert_not(res(&t, "pgint4", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "\"pgint4\""));
    cr_assert(th_hint_has(&t, "EnableTablePgTypes"));
    cr_assert(th_hint_has(&t, "Int32"));
    DONE;
}

Test(types, string_length)
{
    SETUP;
    cr_assert_not(res(&t, "Utf8(50)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "\"Utf8(50)\""));
    cr_assert(th_hint_has(&t, "YDB does not enforce a length; write Utf8."));
    cr_assert_not(res(&t, "String(10)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_hint_has(&t, "write String."));
    DONE;
}

Test(types, parameters_on_plain_types)
{
    SETUP;
    cr_assert_not(res(&t, "Int32(4)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "type \"Int32(4)\" takes no parameters"));
    DONE;
}

Test(types, decimal_needs_parameters)
{
    SETUP;
    cr_assert_not(res(&t, "Decimal", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_hint_has(&t, "Decimal(22,9)"));
    cr_assert_not(res(&t, "Decimal(10)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "\"Decimal(10)\" needs a precision and a scale"));
    DONE;
}

Test(types, decimal_ranges)
{
    SETUP;
    cr_assert_not(res(&t, "Decimal(36,2)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "precision 36"));
    cr_assert_not(res(&t, "Decimal(10,11)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(th_has(&t, "scale 11"));
    cr_assert(res(&t, "Decimal(35,35)", MIG_YDB_NEWEST, false, &ct));
    cr_assert(res(&t, "Decimal(1,0)", MIG_YDB_NEWEST, false, &ct));
    DONE;
}

Test(types, decimal_by_release)
{
    SETUP;
    cr_assert(res(&t, "Decimal(22,9)", 2401, false, &ct));
    cr_assert_eq(ct.precision, 22);
    cr_assert_eq(ct.scale, 9);
    cr_assert_not(res(&t, "decimal(10,2)", 2501, false, &ct));
    cr_assert(th_has(&t, "type \"decimal(10,2)\" needs YDB 25.2 or later; the target is 25.1"));
    cr_assert(th_hint_has(&t, "YDB stores Decimal(22,9) only before 25.2; the target is 25.1."));
    cr_assert(res(&t, "Decimal(10,2)", 2502, false, &ct));
    char buf[32];
    cr_assert_str_eq(mig_coltype_str(&ct, false, buf), "Decimal(10,2)");
    DONE;
}

Test(types, date64_by_release)
{
    SETUP;
    cr_assert_not(res(&t, "Timestamp64", 2501, false, &ct));
    cr_assert(th_has(&t, "type \"Timestamp64\" needs YDB 25.2 or later; the target is 25.1"));
    cr_assert(res(&t, "timestamp64", 2502, false, &ct));
    cr_assert_eq(ct.id, MIG_PT_TIMESTAMP64);
    DONE;
}

Test(types, predicates)
{
    cr_assert(mig_type_keyable(MIG_PT_UTF8));
    cr_assert(mig_type_keyable(MIG_PT_DECIMAL));
    cr_assert(mig_type_keyable(MIG_PT_INTERVAL));
    cr_assert_not(mig_type_keyable(MIG_PT_FLOAT));
    cr_assert_not(mig_type_keyable(MIG_PT_DOUBLE));
    cr_assert_not(mig_type_keyable(MIG_PT_JSON));
    cr_assert_not(mig_type_keyable(MIG_PT_JSON_DOCUMENT));
    cr_assert_not(mig_type_keyable(MIG_PT_YSON));
    cr_assert(mig_type_ttl_ok(MIG_PT_TIMESTAMP));
    cr_assert(mig_type_ttl_ok(MIG_PT_DATE32));
    cr_assert(mig_type_ttl_ok(MIG_PT_UINT32));
    cr_assert_not(mig_type_ttl_ok(MIG_PT_INT64));
    cr_assert_not(mig_type_ttl_ok(MIG_PT_INTERVAL));
    cr_assert(mig_type_ttl_numeric(MIG_PT_UINT64));
    cr_assert(mig_type_ttl_numeric(MIG_PT_DYNUMBER));
    cr_assert_not(mig_type_ttl_numeric(MIG_PT_DATETIME));
    cr_assert(mig_type_is_integer(MIG_PT_UINT8));
    cr_assert_not(mig_type_is_integer(MIG_PT_FLOAT));
    cr_assert(mig_type_is_signed(MIG_PT_INT8));
    cr_assert_not(mig_type_is_signed(MIG_PT_UINT64));
}

Test(types, default_ok_gaps)
{
    mig_ydbver since = -1;
    cr_assert_not(mig_type_default_ok(MIG_PT_INT16, 2501, &since));
    cr_assert_eq(since, 2502);
    cr_assert(mig_type_default_ok(MIG_PT_UINT16, 2502, &since));
    cr_assert(mig_type_default_ok(MIG_PT_INT16, 2403, &since));
    cr_assert_not(mig_type_default_ok(MIG_PT_JSON_DOCUMENT, 2502, &since));
    cr_assert_eq(since, 2503);
    cr_assert_not(mig_type_default_ok(MIG_PT_DYNUMBER, 2401, &since));
    cr_assert(mig_type_default_ok(MIG_PT_DYNUMBER, 2503, &since));
    cr_assert(mig_type_default_ok(MIG_PT_UTF8, 2501, &since));
}

Test(ydbver, parse_and_format)
{
    mig_ydbver v;
    const char *why = NULL;
    char buf[16];
    cr_assert_eq(mig_ydbver_parse("25.1", &v, &why), 0);
    cr_assert_eq(v, 2501);
    cr_assert_eq(mig_ydbver_parse("v25.1.4.7", &v, &why), 0);
    cr_assert_eq(v, 2501);
    cr_assert_eq(mig_ydbver_parse("27.3", &v, &why), 0);
    cr_assert_eq(v, 2703);
    cr_assert_str_eq(mig_ydbver_str(2602, buf), "26.2");
    cr_assert_eq(mig_ydbver_parse("23.4", &v, &why), -1);
    cr_assert_not_null(why);
    cr_assert_eq(mig_ydbver_parse("abc", &v, &why), -1);
    cr_assert_eq(mig_ydbver_parse("25", &v, &why), -1);
    cr_assert_eq(mig_ydbver_parse("25.1x", &v, &why), -1);
    cr_assert_eq(mig_ydbver_parse("", &v, &why), -1);
}

Test(ydbver, features)
{
    cr_assert_not(mig_ydb_has(2401, MIG_FEAT_DEFAULT_IN_CREATE));
    cr_assert(mig_ydb_has(2403, MIG_FEAT_DEFAULT_IN_CREATE));
    cr_assert(mig_ydb_has(2403, MIG_FEAT_SERIAL_PK));
    cr_assert_not(mig_ydb_has(2404, MIG_FEAT_DROP_NOT_NULL));
    cr_assert(mig_ydb_has(2501, MIG_FEAT_DROP_NOT_NULL));
    cr_assert(mig_ydb_has(2501, MIG_FEAT_PK_30));
    cr_assert_not(mig_ydb_has(2501, MIG_FEAT_PARAM_DECIMAL));
    cr_assert(mig_ydb_has(2502, MIG_FEAT_DATETIME64));
    cr_assert_not(mig_ydb_has(2504, MIG_FEAT_ADD_COLUMN_DEFAULT));
    cr_assert(mig_ydb_has(2601, MIG_FEAT_ADD_COLUMN_DEFAULT));
    cr_assert_not(mig_ydb_has(2601, MIG_FEAT_SET_DROP_DEFAULT));
    cr_assert(mig_ydb_has(2602, MIG_FEAT_SET_DROP_DEFAULT));
    cr_assert(mig_ydb_has(2403, MIG_FEAT_DEFAULT_INT16));
    cr_assert_not(mig_ydb_has(2501, MIG_FEAT_DEFAULT_INT16));
    cr_assert(mig_ydb_has(2502, MIG_FEAT_DEFAULT_INT16));
    cr_assert_not(mig_ydb_has(2502, MIG_FEAT_DEFAULT_JSONDOC_DYNUM));
    cr_assert(mig_ydb_has(2503, MIG_FEAT_DEFAULT_JSONDOC_DYNUM));
    cr_assert_not(mig_ydb_has(9999, MIG_FEAT_ADD_UNIQUE_INDEX));
    cr_assert_not(mig_ydb_has(9999, MIG_FEAT_SET_NOT_NULL));
    cr_assert_eq(mig_ydb_since(MIG_FEAT_SET_NOT_NULL), 0);
    cr_assert_eq(mig_ydb_since(MIG_FEAT_ADD_UNIQUE_INDEX), 0);
    cr_assert_eq(mig_ydb_since(MIG_FEAT_ADD_COLUMN_DEFAULT), 2601);
    cr_assert_str_eq(mig_feature_name(MIG_FEAT_ADD_COLUMN_DEFAULT), "ADD COLUMN with DEFAULT");
}
