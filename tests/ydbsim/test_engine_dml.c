/* test_engine_dml.c - ydbsim engine: DML, literal types, parameters and their rules. */
#include "engine.h"
#include "engine_fx.h"
#include "test_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- DML ---- */

Test(engine, select_literal_types)
{
    sim_result r = q("SELECT 1;");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.nsets, 1);
    cr_assert_str_eq(r.sets[0].columns[0].name, "column0");
    cr_assert_eq(r.sets[0].columns[0].type->prim, SIM_INT32);
    cr_assert_eq(r.sets[0].rows[0].items[0].i64, 1);
    sim_result_free(&r);
    r = q("SELECT 1u AS a, 1ul AS b, 1l AS c, 1s AS d, 1us AS e, 1t AS f, 1ut AS g, 1.5 AS h, 1.5f AS i, "
          "\"x\" AS j, 'x'u AS k, true AS l, NULL AS m, Date(\"2026-01-02\") AS n, "
          "Datetime(\"2026-01-02T03:04:05Z\") AS o, Timestamp(\"1970-01-01T00:00:01.5Z\") AS p, Interval(\"P1DT1S\") AS q, "
          "Uuid(\"00112233-4455-6677-8899-aabbccddeeff\") AS r, Json(@@{\"a\":1}@@) AS s, Decimal(\"1.5\", 22, 9) AS t, "
          "CAST(\"12\" AS Int64) AS u, 1 + 2 * 3 AS v, 'a' || 'b' AS w");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_set *s = &r.sets[0];
    sim_prim want[] = {SIM_UINT32, SIM_UINT64, SIM_INT64, SIM_INT16, SIM_UINT16, SIM_INT8, SIM_UINT8, SIM_DOUBLE,
                       SIM_FLOAT, SIM_STRING, SIM_UTF8, SIM_BOOL};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) cr_assert_eq(s->columns[i].type->prim, want[i], "column %zu", i);
    cr_assert_eq(s->columns[12].type->kind, SIM_T_NULL);
    cr_assert_eq(s->rows[0].items[13].u64, 20455);
    cr_assert_eq(s->rows[0].items[15].u64, 1500000);
    cr_assert_eq(s->rows[0].items[16].i64, 86401000000LL);
    cr_assert_eq(s->rows[0].items[17].lo, 0x6677445500112233ULL);
    cr_assert_eq(s->rows[0].items[17].hi, 0xffeeddccbbaa9988ULL);
    cr_assert_eq(s->columns[19].type->kind, SIM_T_DECIMAL);
    cr_assert_eq(s->rows[0].items[19].lo, 1500000000ULL);
    cr_assert_eq(s->columns[20].type->kind, SIM_T_OPTIONAL);
    cr_assert_eq(s->rows[0].items[20].i64, 12);
    cr_assert_eq(s->rows[0].items[21].i64, 7);
    cr_assert_eq(s->rows[0].items[22].len, 2);
    sim_result_free(&r);
}

Test(engine, version_function)
{
    sim_result r = q("SELECT Version();");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].columns[0].type->prim, SIM_UTF8);
    cr_assert_str_eq(r.sets[0].rows[0].items[0].bytes, SIM_DEFAULT_VERSION);
    sim_result_free(&r);
    sim_engine_set_version(E, "25.1.4");
    r = q("SELECT Version();");
    cr_assert_str_eq(r.sets[0].rows[0].items[0].bytes, "25.1.4");
    sim_result_free(&r);
    sim_engine_set_version(E, NULL); /* a release before Version() */
    r = q("SELECT Version();");
    cr_assert_eq(r.status, SIM_GENERIC_ERROR);
    cr_assert(issue_has(r.issues, r.nissues, "Unknown builtin: Version"));
    sim_result_free(&r);
}

static sim_type T_U64 = {.kind = SIM_T_PRIMITIVE, .prim = SIM_UINT64};
static sim_type T_UTF8 = {.kind = SIM_T_PRIMITIVE, .prim = SIM_UTF8};
static sim_type T_OPT_UTF8 = {.kind = SIM_T_OPTIONAL, .item = &T_UTF8};

Test(engine, dml_params)
{
    ok(T_CREATE);
    sim_value id = {.kind = SIM_V_U64, .u64 = 5};
    sim_value nm = {.kind = SIM_V_BYTES, .bytes = "five", .len = 4};
    sim_param p[] = {{"$id", &T_U64, &id}, {"$name", &T_UTF8, &nm}};
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false,
                               "DECLARE $id AS Uint64; DECLARE $name AS Utf8;\n"
                               "UPSERT INTO t (id, name) VALUES ($id, $name), (6, $`name` || '!'u);", p, 2);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false,
                    "SELECT id, name, n FROM t WHERE id >= $id ORDER BY id DESC; SELECT COUNT(*) AS c FROM t;", p, 2);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.nsets, 2);
    sim_result_set *s = &r.sets[0];
    cr_assert_eq(s->nrows, 2);
    cr_assert_eq(s->rows[0].items[0].u64, 6);
    cr_assert_str_eq(s->rows[0].items[1].bytes, "five!");
    cr_assert_eq(s->rows[1].items[2].i64, 7); /* the DEFAULT */
    cr_assert_eq(s->columns[0].type->kind, SIM_T_PRIMITIVE);
    cr_assert_eq(s->columns[1].type->kind, SIM_T_OPTIONAL);
    cr_assert_eq(s->columns[1].type->item->prim, SIM_UTF8);
    cr_assert_eq(r.sets[1].rows[0].items[0].u64, 2);
    cr_assert_eq(r.sets[1].columns[0].type->prim, SIM_UINT64);
    sim_result_free(&r);
    /* a declared type that does not match */
    sim_param bad[] = {{"$id", &T_UTF8, &nm}};
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "DECLARE $id AS Uint64; SELECT $id;", bad, 1);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "DECLARE $id AS Uint64; SELECT $id;", NULL, 0);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    cr_assert(issue_has(r.issues, r.nissues, "Missing value for parameter: $id"));
    sim_result_free(&r);
    /* optional into NOT NULL */
    sim_value nv = {.kind = SIM_V_NULL};
    sim_param po[] = {{"$v", &T_OPT_UTF8, &nv}};
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "UPSERT INTO t (id, n) VALUES (9, NULL)", po, 1);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    cr_assert(issue_has(r.issues, r.nissues, "Can't set NULL or optional value to not null column: n"));
    sim_result_free(&r);
}

/* INSERT ... SELECT opens the target table, then the source: the transaction's table list
 * grows while the target's entry is in use. The copied rows must be committed, and the
 * DDL after it (where the server used to crash) must see them. */
Test(engine, insert_select_into_a_second_table)
{
    ok("CREATE TABLE users (id Uint64 NOT NULL, n Uint32, PRIMARY KEY (id));");
    ok("UPSERT INTO users (id, n) VALUES (1ul, 2u), (2ul, 3u);");
    ok("CREATE TABLE users_new (id Uint64 NOT NULL, n Uint64, PRIMARY KEY (id));");
    ok("INSERT INTO users_new (id, n) SELECT id, n FROM users;");
    ok("ALTER TABLE users_new ADD COLUMN m Utf8;");
    sim_result r = q("SELECT id, n FROM users_new ORDER BY id;");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].nrows, 2);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1);
    cr_assert_eq(r.sets[0].rows[1].items[1].u64, 3);
    sim_result_free(&r);
}

/* Unwrap: a value without its Optional, which an optional column needs to fill a not null
 * one (a rebuild's copy); an empty one fails the query. */
Test(engine, unwrap_fills_a_not_null_column)
{
    ok("CREATE TABLE src (id Uint64 NOT NULL, name Utf8, PRIMARY KEY (id));");
    ok("UPSERT INTO src (id, name) VALUES (1ul, 'a'u), (2ul, NULL);");
    ok("CREATE TABLE dst (id Uint64 NOT NULL, name Utf8 NOT NULL, PRIMARY KEY (id));");
    fails("UPSERT INTO dst (id, name) SELECT id, name FROM src WHERE id = 1ul;", SIM_BAD_REQUEST,
          "Can't set NULL or optional value to not null column: name");
    ok("UPSERT INTO dst (id, name) SELECT id, Unwrap(name) AS name FROM src WHERE id = 1ul;");
    fails("UPSERT INTO dst (id, name) SELECT id, Unwrap(name, 'no name'u) AS name FROM src WHERE id = 2ul;",
          SIM_GENERIC_ERROR, "Failed to unwrap empty optional");
    sim_result r = q("SELECT name FROM dst;");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 1, "only the row with a name was copied");
    sim_result_free(&r);
}

Test(engine, dml_rules)
{
    ok(T_CREATE);
    ok("INSERT INTO t (id, name) VALUES (1, 'a'u)");
    fails("INSERT INTO t (id, name) VALUES (1, 'b'u)", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    fails("UPDATE t SET id = 2", SIM_GENERIC_ERROR, "Cannot update primary key column: id");
    fails("UPSERT INTO t (id, nope) VALUES (1, 1)", SIM_GENERIC_ERROR, "nope");
    fails("SELECT nope FROM t", SIM_GENERIC_ERROR, "nope");
    fails("SELECT * FROM missing", SIM_SCHEME_ERROR, "Cannot find table 'db.[/local/missing]'");
    fails("UPSERT INTO t (name) VALUES ('x'u)", SIM_BAD_REQUEST, "Missing key column in input: id");
    fails("UPSERT INTO t (id, name) VALUES (2, 'x\xff')", SIM_GENERIC_ERROR, "Failed to convert");
    ok("UPSERT INTO t (id, name) VALUES (2, 'b'u), (3, NULL)");
    ok("UPDATE t SET n = n + 10 WHERE id IN (1, 2) AND name IS NOT NULL");
    ok("REPLACE INTO t (id) VALUES (3)");
    ok("DELETE FROM t WHERE id = 2 OR NOT (id < 100)");
    ok("UPDATE t ON SELECT 1ul AS id, 'z'u AS name");
    sim_result r = q("SELECT id, name, n FROM t ORDER BY id");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].nrows, 2);
    cr_assert_str_eq(r.sets[0].rows[0].items[1].bytes, "z");
    cr_assert_eq(r.sets[0].rows[0].items[2].i64, 17);
    cr_assert_eq(r.sets[0].rows[1].items[2].i64, 7);
    sim_result_free(&r);
    ok("BATCH UPDATE t SET n = 0 WHERE id > 0");
    ok("BATCH DELETE FROM t WHERE id = 3");
    r = sim_execute(E, SIM_API_QUERY, NULL, SIM_TX_SERIALIZABLE_RW, true, "BATCH DELETE FROM t WHERE id = 1", NULL, 0);
    cr_assert_neq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = q("SELECT n FROM t LIMIT 5 OFFSET 0");
    cr_assert_eq(r.sets[0].nrows, 1);
    cr_assert_eq(r.sets[0].rows[0].items[0].i64, 0);
    sim_result_free(&r);
    /* unsupported constructs name themselves */
    fails("SELECT a.id FROM t AS a JOIN t AS b ON a.id = b.id", SIM_GENERIC_ERROR, "ydbsim does not support JOIN");
    fails("SELECT id FROM t GROUP BY id", SIM_GENERIC_ERROR, "ydbsim does not support GROUP BY");
    fails("$x = SELECT 1; SELECT * FROM $x", SIM_GENERIC_ERROR, "ydbsim does not support");
    fails("SELECT Unicode::ToUpper(name) FROM t", SIM_GENERIC_ERROR, "ydbsim does not support");
    fails("CREATE VIEW v WITH (security_invoker = TRUE) AS SELECT 1", SIM_GENERIC_ERROR, "ydbsim does not support CREATE VIEW");
}

Test(engine, unique_index)
{
    ok("CREATE TABLE u (id Uint64, e Utf8, INDEX ue GLOBAL UNIQUE SYNC ON (e), PRIMARY KEY (id))");
    ok("UPSERT INTO u (id, e) VALUES (1, 'a'u), (2, NULL), (3, NULL)");
    fails("UPSERT INTO u (id, e) VALUES (4, 'a'u)", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    /* an UPDATE that keeps a row's indexed value clashes with nothing; one that takes
     * another row's value does, in a key range as over the whole table */
    ok("ALTER TABLE u ADD COLUMN n Int32");
    ok("UPDATE u SET n = 1 WHERE id = 1");
    ok("UPDATE u SET n = 2, e = 'a'u WHERE id >= 1 AND id <= 1");
    fails("UPDATE u SET e = 'a'u WHERE id > 1 AND id <= 2", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    fails("UPDATE u SET e = 'a'u WHERE id = 3", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    sim_result r = q("SELECT id FROM u WHERE n = 2 AND id >= 1 AND id < 3");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 1, "the ranged UPDATE reached row 1 only");
    sim_result_free(&r);
}
