/* test_literal.c - DEFAULT values, their YQL and .mig forms, durations.
 *
 * The YQL forms are written by the runtime's renderer (runtime/yql.c) from the canonical
 * text checked here, the way a compiled plugin hands it over: these tests check that the
 * two agree. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "../../common/buf.h"
#include "../../common/migtext.h"
#include "../../compiler/literal.h"
#include "../../compiler/ptable.h"
#include "yql_bridge.h"

/* The YQL of a checked value: NULL, or its canonical text rendered for the column type. */
static void value_yql(mig_buf *b, const mig_value *v, const mig_coltype *c)
{
    cr_assert_eq(th_yql_value(b, mig_type_name(c->id), c->precision, c->scale,
                              v->is_null ? NULL : v->text), 0, "no ABI type for %s", mig_type_name(c->id));
}

static mig_coltype ty(mig_type_id id)
{
    mig_coltype c = {id, 0, 0, 0};
    if (id == MIG_PT_DECIMAL) {
        c.precision = 22;
        c.scale = 9;
    }
    return c;
}

static mig_coltype dec(int p, int s)
{
    mig_coltype c = {MIG_PT_DECIMAL, (unsigned char)p, (unsigned char)s, 0};
    return c;
}

/* Check `text` as a default for c. */
static bool chk(th_ctx *t, const char *text, mig_coltype c, mig_value *v)
{
    const mig_source *src;
    mig_lit *l = th_parse_lit(t, text, &src);
    cr_assert_not_null(l, "snippet %s did not parse", text);
    mig_value tmp;
    bool ok = mig_literal_check(t->arena, &t->diags, src, l, &c, &tmp);
    if (ok && v) *v = tmp;
    return ok;
}

/* Accept text for c and compare the canonical text and the YQL form. */
static void accepts(const char *text, mig_coltype c, const char *canon, const char *yql)
{
    th_ctx t;
    th_init(&t);
    mig_value v;
    bool ok = chk(&t, text, c, &v);
    char *r = th_render(&t);
    cr_assert(ok, "%s refused: %s", text, r);
    free(r);
    if (canon) cr_assert_str_eq(v.text, canon, "%s", text);
    if (yql) {
        mig_buf b = MIG_BUF_INIT;
        value_yql(&b, &v, &c);
        cr_assert_str_eq(mig_buf_str(&b), yql, "%s", text);
        mig_buf_free(&b);
    }
    th_fini(&t);
}

/* Refuse text for c with a primary message containing msg (and a hint with hint). */
static void refuses(const char *text, mig_coltype c, const char *msg, const char *hint)
{
    th_ctx t;
    th_init(&t);
    bool ok = chk(&t, text, c, NULL);
    char *r = th_render(&t);
    cr_assert_not(ok, "%s accepted", text);
    if (msg) cr_assert(th_has(&t, msg), "%s: wanted \"%s\", got: %s", text, msg, r);
    if (hint) cr_assert(th_hint_has(&t, hint), "%s: wanted hint \"%s\", got: %s", text, hint, r);
    free(r);
    th_fini(&t);
}

Test(literal, integers_render_typed)
{
    accepts("42", ty(MIG_PT_INT32), "42", "42");
    accepts("42", ty(MIG_PT_UINT32), "42", "42u");
    accepts("42", ty(MIG_PT_INT64), "42", "42l");
    accepts("42", ty(MIG_PT_UINT64), "42", "42ul");
    accepts("42", ty(MIG_PT_INT8), "42", "42t");
    accepts("42", ty(MIG_PT_UINT8), "42", "42ut");
    accepts("42", ty(MIG_PT_INT16), "42", "42s");
    accepts("42", ty(MIG_PT_UINT16), "42", "42us");
    accepts("-7", ty(MIG_PT_INT64), "-7", "-7l");
    accepts("-0", ty(MIG_PT_UINT8), "0", "0ut");
    accepts("007", ty(MIG_PT_INT32), "7", "7");
}

Test(literal, integer_ranges)
{
    accepts("127", ty(MIG_PT_INT8), "127", NULL);
    accepts("-128", ty(MIG_PT_INT8), "-128", "Int8(\"-128\")");
    refuses("128", ty(MIG_PT_INT8), "value 128 is out of range for Int8", "from -128 to 127");
    refuses("-1", ty(MIG_PT_UINT32), "value -1 is out of range for Uint32", "from 0 to 4294967295");
    accepts("18446744073709551615", ty(MIG_PT_UINT64), NULL, "18446744073709551615ul");
    refuses("18446744073709551616", ty(MIG_PT_UINT64), "out of range", NULL);
    accepts("-9223372036854775808", ty(MIG_PT_INT64), NULL, "Int64(\"-9223372036854775808\")");
    refuses("9223372036854775808", ty(MIG_PT_INT64), "out of range", NULL);
    refuses("65536", ty(MIG_PT_UINT16), "out of range", NULL);
}

Test(literal, integers_refuse_other_kinds)
{
    refuses("1.5", ty(MIG_PT_INT32), "default 1.5 is not a whole number", NULL);
    refuses("\"5\"", ty(MIG_PT_INT32), "default \"5\" is a string", NULL);
    refuses("true", ty(MIG_PT_INT32), "does not fit column type \"Int32\"", NULL);
}

Test(literal, suffixes)
{
    accepts("0ul", ty(MIG_PT_UINT64), "0", "0ul");
    accepts("5t", ty(MIG_PT_INT8), "5", "5t");
    accepts("5US", ty(MIG_PT_UINT16), "5", "5us");
    accepts("1.5f", ty(MIG_PT_FLOAT), "1.5", "1.5f");
    refuses("0ul", ty(MIG_PT_INT32), "suffix \"ul\" makes 0ul a Uint64", "Write the plain number (0)");
    refuses("30d", ty(MIG_PT_INT32), "unrecognized number \"30d\"", "Write the plain number (30)");
}

Test(literal, floats)
{
    accepts("1.5", ty(MIG_PT_FLOAT), "1.5", "1.5f");
    accepts("2", ty(MIG_PT_FLOAT), "2.0", "2.0f");
    accepts("-2.25", ty(MIG_PT_DOUBLE), "-2.25", "-2.25");
    accepts("1e3", ty(MIG_PT_DOUBLE), "1.0e3", "1.0e3");
    refuses("1e39", ty(MIG_PT_FLOAT), "out of range for Float", NULL);
    refuses("\"1.5\"", ty(MIG_PT_DOUBLE), "is a string", NULL);
}

Test(literal, bools)
{
    accepts("true", ty(MIG_PT_BOOL), "true", "true");
    accepts("false", ty(MIG_PT_BOOL), "false", "false");
    refuses("1", ty(MIG_PT_BOOL), "does not fit column type \"Bool\"", "true or false");
    refuses("\"true\"", ty(MIG_PT_BOOL), "is a string", NULL);
}

Test(literal, strings)
{
    accepts("\"new\"", ty(MIG_PT_UTF8), "new", "'new'u");
    accepts("\"it's\"", ty(MIG_PT_UTF8), "it's", "'it\\'s'u");
    accepts("'a\"b\\\\c'", ty(MIG_PT_STRING), "a\"b\\c", "\"a\\\"b\\\\c\"");
    accepts("\"line\\nnext\"", ty(MIG_PT_STRING), "line\nnext", "\"line\\nnext\"");
    accepts("\"\\u00e9t\\u00e9\"", ty(MIG_PT_UTF8), "\xc3\xa9t\xc3\xa9", "'\xc3\xa9t\xc3\xa9'u");
    refuses("5", ty(MIG_PT_UTF8), "does not fit column type \"Utf8\"", "strings in quotes");
    accepts("\"x\"", ty(MIG_PT_YSON), "x", NULL);
}

Test(literal, json)
{
    accepts("'{\"a\": [1, 2.5e3, true, null, \"x\\\\u0041\"]}'", ty(MIG_PT_JSON), NULL,
            "Json(@@{\"a\": [1, 2.5e3, true, null, \"x\\u0041\"]}@@)");
    accepts("'\"text\"'", ty(MIG_PT_JSON_DOCUMENT), "\"text\"", "JsonDocument(@@\"text\"@@)");
    accepts("' [] '", ty(MIG_PT_JSON), NULL, NULL);
    accepts("'\"@@\"'", ty(MIG_PT_JSON), NULL, "Json('\"@@\"')");
    refuses("'{a: 1}'", ty(MIG_PT_JSON), "not valid JSON", NULL);
    refuses("'[1,]'", ty(MIG_PT_JSON), "not valid JSON", NULL);
    refuses("'01'", ty(MIG_PT_JSON), "not valid JSON", NULL);
    refuses("'{} x'", ty(MIG_PT_JSON_DOCUMENT), "not valid JSON", NULL);
    refuses("'tru'", ty(MIG_PT_JSON), "not valid JSON", NULL);
    refuses("''", ty(MIG_PT_JSON), "not valid JSON", NULL);
    refuses("'\"\\\\x\"'", ty(MIG_PT_JSON), "not valid JSON", NULL);
}

Test(literal, uuid)
{
    accepts("\"01234567-89AB-cdef-0123-456789abcdef\"", ty(MIG_PT_UUID),
            "01234567-89ab-cdef-0123-456789abcdef", "Uuid(\"01234567-89ab-cdef-0123-456789abcdef\")");
    accepts("Uuid(\"01234567-89ab-cdef-0123-456789abcdef\")", ty(MIG_PT_UUID), NULL, NULL);
    refuses("\"0123456789abcdef0123456789abcdef\"", ty(MIG_PT_UUID), "is not a Uuid", "8-4-4-4-12");
    refuses("\"01234567-89ab-cdef-0123-456789abcdeg\"", ty(MIG_PT_UUID), "is not a Uuid", NULL);
}

Test(literal, decimal)
{
    accepts("1.5", ty(MIG_PT_DECIMAL), "1.5", "Decimal(\"1.5\", 22, 9)");
    accepts("\"-0.50\"", dec(5, 2), "-0.5", "Decimal(\"-0.5\", 5, 2)");
    accepts("1e2", dec(5, 2), "100", NULL);
    accepts("-0", dec(5, 2), "0", NULL);
    accepts("Decimal(\"12.25\")", dec(5, 2), "12.25", NULL);
    refuses("123.456", dec(5, 2), "value 123.456 does not fit Decimal(5,2)", NULL);
    refuses("1234.5", dec(5, 2), "does not fit Decimal(5,2)", NULL);
    refuses("\"abc\"", dec(5, 2), "does not fit Decimal(5,2)", NULL);
}

Test(literal, dynumber)
{
    accepts("1.5", ty(MIG_PT_DYNUMBER), "1.5", "DyNumber(\"1.5\")");
    accepts("-3", ty(MIG_PT_DYNUMBER), "-3", NULL);
    refuses("true", ty(MIG_PT_DYNUMBER), "does not fit", NULL);
}

Test(literal, dates)
{
    accepts("\"2026-01-01\"", ty(MIG_PT_DATE), "2026-01-01", "Date(\"2026-01-01\")");
    accepts("Date(\"2024-02-29\")", ty(MIG_PT_DATE), "2024-02-29", NULL);
    accepts("\"1970-01-01\"", ty(MIG_PT_DATE), NULL, NULL);
    accepts("\"2105-12-31\"", ty(MIG_PT_DATE), NULL, NULL);
    refuses("\"2026-02-29\"", ty(MIG_PT_DATE), "is not a valid Date", NULL);
    refuses("\"2026-13-01\"", ty(MIG_PT_DATE), "is not a valid Date", NULL);
    refuses("\"1969-12-31\"", ty(MIG_PT_DATE), "is not a valid Date", NULL);
    refuses("\"2106-01-01\"", ty(MIG_PT_DATE), "is not a valid Date", NULL);
    refuses("\"2026-1-1\"", ty(MIG_PT_DATE), "is not a valid Date", NULL);
    refuses("20260101", ty(MIG_PT_DATE), "does not fit column type \"Date\"", "\"2026-01-01\"");
    accepts("\"1900-01-01\"", ty(MIG_PT_DATE32), "1900-01-01", "Date32(\"1900-01-01\")");
    accepts("\"-0100-03-01\"", ty(MIG_PT_DATE32), "-0100-03-01", NULL);
}

Test(literal, datetimes)
{
    accepts("\"2026-01-01T00:00:00Z\"", ty(MIG_PT_DATETIME), "2026-01-01T00:00:00Z",
            "Datetime(\"2026-01-01T00:00:00Z\")");
    refuses("\"2026-01-01T00:00:00\"", ty(MIG_PT_DATETIME), "is not a valid Datetime", "\"2026-01-01T00:00:00Z\"");
    refuses("\"2026-01-01T00:00:00.5Z\"", ty(MIG_PT_DATETIME), "is not a valid Datetime", NULL);
    refuses("\"2026-01-01T24:00:00Z\"", ty(MIG_PT_DATETIME), "is not a valid Datetime", NULL);
    refuses("\"2026-01-01T00:00:00+03:00\"", ty(MIG_PT_TIMESTAMP), "is not a valid Timestamp", NULL);
    accepts("\"2026-01-01T10:20:30.123456Z\"", ty(MIG_PT_TIMESTAMP), "2026-01-01T10:20:30.123456Z", NULL);
    accepts("Timestamp(\"2026-01-01T00:00:00.500000Z\")", ty(MIG_PT_TIMESTAMP),
            "2026-01-01T00:00:00.5Z", "Timestamp(\"2026-01-01T00:00:00.5Z\")");
    refuses("\"2026-01-01T00:00:00.1234567Z\"", ty(MIG_PT_TIMESTAMP), "is not a valid Timestamp", NULL);
    accepts("\"1960-01-01T00:00:00Z\"", ty(MIG_PT_TIMESTAMP64), NULL, NULL);
}

Test(literal, intervals)
{
    accepts("\"P1D\"", ty(MIG_PT_INTERVAL), "P1D", "Interval(\"P1D\")");
    accepts("1d12h", ty(MIG_PT_INTERVAL), "P1DT12H", NULL);
    accepts("Interval(\"PT0.5S\")", ty(MIG_PT_INTERVAL), "PT0.5S", NULL);
    accepts("-1d", ty(MIG_PT_INTERVAL), "-P1D", NULL);
    accepts("500ms", ty(MIG_PT_INTERVAL), "PT0.5S", NULL);
    refuses("\"P1M\"", ty(MIG_PT_INTERVAL), "has years or months", "no fixed length");
    refuses("5", ty(MIG_PT_INTERVAL), "has no unit", NULL);
    refuses("\"P50000D\"", ty(MIG_PT_INTERVAL), "too long", NULL);
    accepts("\"P50000D\"", ty(MIG_PT_INTERVAL64), "P50000D", "Interval64(\"P50000D\")");
}

Test(literal, constructors_must_match)
{
    refuses("Timestamp(\"2026-01-01T00:00:00Z\")", ty(MIG_PT_DATE),
            "constructor \"Timestamp\" does not match column type \"Date\"", NULL);
    refuses("Json(\"{}\")", ty(MIG_PT_UTF8), "constructor \"Json\" does not match column type \"Utf8\"",
            NULL);
    accepts("Json(\"{}\")", ty(MIG_PT_JSON), "{}", NULL);
    accepts("Uint64(\"5\")", ty(MIG_PT_UINT64), "5", "5ul");
}

Test(literal, functions_and_names)
{
    refuses("CurrentUtcTimestamp()", ty(MIG_PT_TIMESTAMP), "DEFAULT takes a literal",
            "YDB evaluates no functions in DEFAULT");
    refuses("RandomUuid(\"x\")", ty(MIG_PT_UUID), "DEFAULT takes a literal", NULL);
    refuses("Date()", ty(MIG_PT_DATE), "DEFAULT takes a literal", NULL);
    refuses("foo", ty(MIG_PT_UTF8), "DEFAULT takes a literal, not the name \"foo\"", NULL);
    refuses("(1, 2)", ty(MIG_PT_INT32), "not a list", NULL);
}

Test(literal, null)
{
    th_ctx t;
    th_init(&t);
    mig_value v;
    mig_coltype c = ty(MIG_PT_UTF8);
    cr_assert(chk(&t, "null", c, &v));
    cr_assert(v.is_null);
    mig_buf b = MIG_BUF_INIT;
    value_yql(&b, &v, &c);
    cr_assert_str_eq(mig_buf_str(&b), "NULL");
    mig_buf_reset(&b);
    mig_p_type pt = mig_ptype_of(&c);
    mig_text_value(&b, &pt, v.is_null ? NULL : v.text);
    cr_assert_str_eq(mig_buf_str(&b), "null");
    mig_buf_free(&b);
    th_fini(&t);
}

/* Printing a value in .mig and checking it again gives the same value. */
Test(literal, mig_round_trip)
{
    static const struct { const char *text; mig_type_id id; } cases[] = {
        {"42", MIG_PT_INT32}, {"-1", MIG_PT_INT64}, {"0ul", MIG_PT_UINT64}, {"1.5", MIG_PT_FLOAT},
        {"2", MIG_PT_DOUBLE}, {"1e3", MIG_PT_DOUBLE}, {"-0.5", MIG_PT_DECIMAL}, {"true", MIG_PT_BOOL},
        {"\"new\"", MIG_PT_UTF8}, {"'a\"b\\\\c\\n\\t'", MIG_PT_STRING}, {"'{\"a\": 1}'", MIG_PT_JSON},
        {"'[1]'", MIG_PT_JSON_DOCUMENT}, {"\"x\"", MIG_PT_YSON},
        {"\"01234567-89AB-cdef-0123-456789abcdef\"", MIG_PT_UUID},
        {"\"2026-01-01\"", MIG_PT_DATE}, {"\"2026-01-01T00:00:00Z\"", MIG_PT_DATETIME},
        {"\"2026-01-01T00:00:00.25Z\"", MIG_PT_TIMESTAMP}, {"1d12h", MIG_PT_INTERVAL},
        {"-500ms", MIG_PT_INTERVAL64}, {"\"-0100-03-01\"", MIG_PT_DATE32}, {"1.25", MIG_PT_DYNUMBER},
        {"null", MIG_PT_UTF8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_ctx t;
        th_init(&t);
        mig_coltype c = ty(cases[i].id);
        mig_value v1, v2;
        cr_assert(chk(&t, cases[i].text, c, &v1), "%s", cases[i].text);
        mig_buf b = MIG_BUF_INIT;
        mig_p_type pt = mig_ptype_of(&c);
        mig_text_value(&b, &pt, v1.is_null ? NULL : v1.text);
        char *again = mig_strdup(t.arena, mig_buf_str(&b));
        mig_buf_free(&b);
        cr_assert(chk(&t, again, c, &v2), "%s printed as %s", cases[i].text, again);
        cr_assert_eq(v1.is_null, v2.is_null);
        cr_assert_str_eq(v1.text, v2.text, "%s printed as %s", cases[i].text, again);
        th_fini(&t);
    }
}

/* ---- durations */

static bool dur(th_ctx *t, const char *text, int64_t *secs)
{
    const mig_source *src;
    mig_lit *l = th_parse_lit(t, text, &src);
    cr_assert_not_null(l, "snippet %s did not parse", text);
    return mig_duration_parse(&t->diags, src, l, secs);
}

Test(duration, accepted_forms)
{
    static const struct { const char *text; int64_t secs; } cases[] = {
        {"30d", 2592000}, {"12h", 43200}, {"90m", 5400}, {"45s", 45}, {"1d12h", 129600},
        {"2w", 1209600}, {"1000ms", 1}, {"0s", 0}, {"0", 0}, {"\"P30D\"", 2592000},
        {"\"PT1H30M\"", 5400}, {"\"P1DT1S\"", 86401}, {"Interval(\"P1D\")", 86400},
        {"\"PT0S\"", 0}, {"1D", 86400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_ctx t;
        th_init(&t);
        int64_t s = -1;
        cr_assert(dur(&t, cases[i].text, &s), "%s refused", cases[i].text);
        cr_assert_eq(s, cases[i].secs, "%s", cases[i].text);
        th_fini(&t);
    }
}

static void dur_refuses(const char *text, const char *msg, const char *hint)
{
    th_ctx t;
    th_init(&t);
    int64_t s;
    cr_assert_not(dur(&t, text, &s), "%s accepted", text);
    char *r = th_render(&t);
    if (msg) cr_assert(th_has(&t, msg), "%s: wanted \"%s\", got %s", text, msg, r);
    if (hint) cr_assert(th_hint_has(&t, hint), "%s: wanted hint \"%s\", got %s", text, hint, r);
    free(r);
    th_fini(&t);
}

Test(duration, refused_forms)
{
    dur_refuses("500ms", "not a whole number of seconds", NULL);
    dur_refuses("-1d", "is negative", NULL);
    dur_refuses("\"-P1D\"", "is negative", NULL);
    dur_refuses("\"P1Y\"", "has years or months", "no fixed length");
    dur_refuses("\"P1M\"", "has years or months", NULL);
    dur_refuses("30", "has no unit", "30d");
    dur_refuses("30x", "unrecognized duration \"30x\"", "30d");
    dur_refuses("1s1d", "unrecognized duration", NULL);
    dur_refuses("99999999999999999999d", "unrecognized duration", NULL);
    dur_refuses("50000d", "too long", NULL);
    dur_refuses("\"P\"", "unrecognized duration", NULL);
    dur_refuses("\"PT\"", "unrecognized duration", NULL);
    dur_refuses("\"1D\"", "unrecognized duration", NULL);
    dur_refuses("Date(\"P1D\")", "is not a duration", NULL);
    dur_refuses("true", "is not a duration", NULL);
}

Test(duration, iso_and_mig_forms)
{
    char buf[48];
    cr_assert_str_eq(mig_duration_iso(0, buf), "PT0S");
    cr_assert_str_eq(mig_duration_iso(86400 * 30, buf), "P30D");
    cr_assert_str_eq(mig_duration_iso(3600, buf), "PT1H");
    cr_assert_str_eq(mig_duration_iso(5400, buf), "PT1H30M");
    cr_assert_str_eq(mig_duration_iso(90061, buf), "P1DT1H1M1S");
    static const struct { int64_t s; const char *mig; } forms[] = {
        {0, "0s"}, {129600, "1d12h"}, {45, "45s"}, {90061, "1d1h1m1s"}, {14 * 86400, "14d"}, {-5, "-5s"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        mig_buf b = MIG_BUF_INIT;
        mig_text_duration(&b, forms[i].s);
        cr_assert_str_eq(mig_buf_str(&b), forms[i].mig);
        mig_buf_free(&b);
    }
}

Test(duration, round_trips)
{
    static const int64_t vals[] = {0, 1, 59, 60, 61, 3599, 3600, 86399, 86400, 86401, 129600,
                                   2592000, 31536000, 123456789};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char m[48], iso[48], q[64];
        int64_t s;
        th_ctx t;
        th_init(&t);
        mig_buf mb = MIG_BUF_INIT;
        mig_text_duration(&mb, vals[i]);
        snprintf(m, sizeof m, "%s", mig_buf_str(&mb));
        mig_buf_free(&mb);
        cr_assert(dur(&t, m, &s), "%s", m);
        cr_assert_eq(s, vals[i], "%s", m);
        snprintf(q, sizeof q, "\"%s\"", mig_duration_iso(vals[i], iso));
        cr_assert(dur(&t, q, &s), "%s", q);
        cr_assert_eq(s, vals[i], "%s", q);
        th_fini(&t);
    }
}
