/* test_literals.c - ydbsim converts literals and checks types as YDB does, as data: each
 * statement with the status it gets and, for a SELECT, its first cell.
 *
 * Where YDB's behaviour was read: yql/essentials/core/yql_expr_type_annotation.cpp in
 * ydb-platform/ydb, TryConvertToImpl: Utf8 -> String always; a String literal that is valid
 * UTF-8 -> Utf8 ("node->IsCallable("String") && to == EDataSlot::Utf8 ... IsUtf8(atom)");
 * numeric -> numeric when GetNumericDataTypeLevel(to) >= GetNumericDataTypeLevel(from);
 * an integer literal (with its sign) -> any integral type it fits (AllowIntegralConversion);
 * Date/Datetime -> the wider time types. These run while the query is type-annotated, so a
 * mismatch fails the query before any row is read; the failure of a write nests under
 * "Type annotation" with GENERIC_ERROR (issues without a KIKIMR code map to GENERIC_ERROR:
 * KQP's GetYdbStatus, see ../../../shared reference yql-ddl.md section 6).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "test_util.h"

typedef struct lit_case {
    const char *yql;
    sim_status status;
    const char *want;   /* SUCCESS: the first cell of the first row (NULL: no check);
                         * else a text one of the issues contains */
} lit_case;

static const char *const SETUP =
    "CREATE TABLE lt (id Uint64 NOT NULL, u Utf8, s String, i8 Int8, i32 Int32, u32 Uint32, i64 Int64, "
    "d Double, ts Timestamp, PRIMARY KEY (id));";

static const lit_case cases[] = {
    /* a String literal into a Utf8 column, and compared with one */
    {"UPSERT INTO lt (id, u) VALUES (1, 'abc')", SIM_SUCCESS, NULL},
    {"SELECT u FROM lt WHERE u = 'abc'", SIM_SUCCESS, "abc"},
    {"UPSERT INTO lt (id, u) VALUES (2, 'caf\xc3\xa9'), (3, 'x')", SIM_SUCCESS, NULL},
    {"SELECT u FROM lt WHERE id = 2", SIM_SUCCESS, "caf\xc3\xa9"},
    /* ... but not one that is not UTF-8, nor a String column */
    {"UPSERT INTO lt (id, u) VALUES (4, 'a\xff')", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPDATE lt SET u = s WHERE id = 999", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPDATE lt SET u = 'fine' WHERE id = 999", SIM_SUCCESS, NULL},
    /* Utf8 into String */
    {"UPSERT INTO lt (id, s) VALUES (5, 'x'u)", SIM_SUCCESS, NULL},
    /* integer literals fit where their value fits; widenings of any integer */
    {"UPSERT INTO lt (id, i8) VALUES (6, 100)", SIM_SUCCESS, NULL},
    {"UPSERT INTO lt (id, i8) VALUES (7, -5)", SIM_SUCCESS, NULL},
    {"SELECT i8 FROM lt WHERE id = 7", SIM_SUCCESS, "-5"},
    {"UPSERT INTO lt (id, i8) VALUES (8, 300)", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPSERT INTO lt (id, u32) VALUES (9, -1)", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPSERT INTO lt (id, i64, d) VALUES (10, 5, 5)", SIM_SUCCESS, NULL},
    {"UPSERT INTO lt (id, ts) VALUES (11, Date('2026-01-02'))", SIM_SUCCESS, NULL},
    {"UPDATE lt SET i64 = i32 WHERE id = 999", SIM_SUCCESS, NULL},
    /* type errors when the query is compiled, rows or no rows */
    {"UPDATE lt SET i32 = i64 WHERE id = 999", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPDATE lt SET i8 = 1000 WHERE id = 999", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    {"UPDATE lt SET i32 = i64 WHERE id = 10", SIM_GENERIC_ERROR, "Failed to convert input columns types to scheme types"},
    /* typed constructors over a string literal: the value, or where and why not; over
     * anything else (and CAST): converted when the statement runs */
    {"SELECT Decimal('1.5', 22, 9)", SIM_SUCCESS, NULL},
    {"SELECT Decimal('x', 22, 9)", SIM_GENERIC_ERROR, "Invalid value \"x\" for type Decimal(22,9)"},
    {"SELECT Decimal('1', 40, 2)", SIM_GENERIC_ERROR, "Invalid decimal parameters: Decimal(40,2)"},
    {"SELECT CAST(1 AS Decimal(2,3))", SIM_GENERIC_ERROR, "Invalid decimal parameters: Decimal(2,3)"},
    {"SELECT Date('2026-01-02')", SIM_SUCCESS, "20455"}, /* days since 1970 */
    {"SELECT Date('nope')", SIM_GENERIC_ERROR, "Invalid value \"nope\" for type Date"},
    {"SELECT Timestamp('nope')", SIM_GENERIC_ERROR, "Invalid value \"nope\" for type Timestamp"},
    {"SELECT Timestamp64('2026-01-02T03:04:05.5Z')", SIM_SUCCESS, "1767323045500000"},
    {"SELECT Uint32('7' || '')", SIM_SUCCESS, "7"},
    {"SELECT CAST('7' AS Uint32)", SIM_SUCCESS, "7"},
};

static void cell_text(const sim_value *v, char *buf, size_t n)
{
    switch (v->kind) {
    case SIM_V_BYTES: snprintf(buf, n, "%.*s", (int)v->len, v->bytes); break;
    case SIM_V_I64: snprintf(buf, n, "%lld", (long long)v->i64); break;
    case SIM_V_U64: snprintf(buf, n, "%llu", (unsigned long long)v->u64); break;
    case SIM_V_NULL: snprintf(buf, n, "NULL"); break;
    default: snprintf(buf, n, "<kind %d>", (int)v->kind); break;
    }
}

Test(literals, as_ydb_converts_them)
{
    sim_engine *e = sim_engine_new("/local");
    sim_result r = sim_execute(e, SIM_API_QUERY, NULL, -1, false, SETUP, NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lit_case *c = &cases[i];
        r = sim_execute(e, SIM_API_QUERY, NULL, -1, false, c->yql, NULL, 0);
        const char *first = r.nissues ? (r.issues[0].nissues ? r.issues[0].issues[0].message : r.issues[0].message) : "";
        cr_expect_eq(r.status, c->status, "%s -> status %d, want %d (%s)", c->yql, r.status, c->status, first);
        if (r.status == c->status && c->status != SIM_SUCCESS)
            cr_expect(issue_has(r.issues, r.nissues, c->want), "%s: no issue has '%s' (%s)", c->yql, c->want, first);
        if (r.status == SIM_SUCCESS && c->status == SIM_SUCCESS && c->want) {
            char got[256] = "<no row>";
            if (r.nsets && r.sets[0].nrows && r.sets[0].rows[0].nitems) cell_text(&r.sets[0].rows[0].items[0], got, sizeof got);
            cr_expect_str_eq(got, c->want, "%s -> %s, want %s", c->yql, got, c->want);
        }
        sim_result_free(&r);
    }
    sim_engine_free(e);
}
